package io.githydrate.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

/**
 * Names, version and input limits of archive format v1 (see docs/FORMAT.md). Shared by the writer
 * and the reader so the two cannot drift apart.
 */
public final class ArchiveFormat {
  public static final String NAME = "git-hydrate-archive";
  public static final int VERSION = 1;

  static final String FORMAT = "format";
  static final String VERSION_FIELD = "version";
  static final String DATABASE = "database";
  static final String PRAGMAS = "pragmas";
  static final String SCHEMA = "schema";
  static final String TABLES = "tables";
  static final String COLUMNS = "columns";
  static final String ROWID = "rowid";
  static final String ROWS = "rows";
  static final String ROW_COUNT = "row_count";
  static final String CONFLICTS = "conflicts";
  static final String BLOB = "blob";
  static final String REAL = "real";
  /** A value kept in a file of its own ({@link FileValue}): its fields, in this order. */
  static final String FILE = "file";
  static final String FILE_TYPE = "type";
  static final String FILE_SIZE = "size";
  static final String FILE_TEXT = "text";
  static final String FILE_BLOB = "blob";

  static final String APPLICATION_ID = "application_id";
  static final String AUTO_VACUUM = "auto_vacuum";
  static final String ENCODING = "encoding";
  static final String JOURNAL_MODE = "journal_mode";
  static final String PAGE_SIZE = "page_size";
  static final String USER_VERSION = "user_version";

  /**
   * The longest string value accepted, in characters. SQLite's own ceiling for a value is
   * 2,147,483,647 bytes in the driver's build (1,000,000,000 by default); a BLOB of that size is a
   * third longer in base64, so this admits anything SQLite's default build can hold.
   */
  public static final int MAX_STRING_LENGTH = 1_400_000_000;

  /** An archive nests five levels deep (root, tables, table, rows, value); anything deeper is wrong. */
  public static final int MAX_NESTING_DEPTH = 16;

  /** A 64-bit integer has 20 characters, a shortest-round-trip double about 25. */
  public static final int MAX_NUMBER_LENGTH = 64;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxStringLength(MAX_STRING_LENGTH)
          .maxNestingDepth(MAX_NESTING_DEPTH)
          .maxNumberLength(MAX_NUMBER_LENGTH)
          .build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      // Messages name the archive file themselves; Jackson's "[Source: …]" would only add noise.
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      // Characters beyond U+FFFF as UTF-8, like every other character, not as escaped surrogate pairs.
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      // Jackson's own shortest-round-trip double formatting, so the text of a REAL does not depend
      // on which JDK runs the tool (Double.toString changed in JDK 19).
      .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
      .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
      .build();

  private ArchiveFormat() {}

  static JsonFactory jsonFactory() {
    return FACTORY;
  }

  static long lineOf(JsonParser parser) {
    return parser.currentLocation().getLineNr();
  }
}
