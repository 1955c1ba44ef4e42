package io.githydrate.archive;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams an archive to an {@link ArchiveVisitor}: format v1, and the
 * {@code {"tables": {name: {"schema", "row_count", "rows": [{column: value}]}}}} shape of the
 * reference design, so that teams can move over. Rows are never held all at once.
 *
 * <p>Every problem is an {@link ArchiveFormatException} naming the line and what was expected,
 * except a {@code row_count} that disagrees with complete rows, which goes to
 * {@link ArchiveVisitor#warning} (see {@link #rowCountDiffers}). The stream is not closed.
 */
public final class ArchiveReader {
  private final JsonParser json;
  /** The same parser when it can tell its token's line without making a location object per row. */
  private final ParserBase lines;

  private ArchiveReader(JsonParser json) {
    this.json = json;
    this.lines = json instanceof ParserBase base ? base : null;
  }

  /** Which shape an archive had. */
  public enum Kind { V1, REFERENCE }

  /** Reads the whole archive from {@code in}, passing its content to {@code visitor}. */
  public static Kind read(InputStream in, ArchiveVisitor visitor) throws IOException {
    try (JsonParser parser = ArchiveFormat.jsonFactory().createParser(in)) {
      try {
        return new ArchiveReader(parser).readArchive(visitor);
      } catch (JsonParseException | StreamConstraintsException e) {
        // Limit errors carry no location of their own; the parser knows where it stopped.
        long line = e.getLocation() != null ? e.getLocation().getLineNr() : ArchiveFormat.lineOf(parser);
        String message = e.getOriginalMessage().replaceAll(JACKSON_LOCATION, "line $1");
        throw new ArchiveFormatException(line, "not valid JSON: " + message + conflictHint(message));
      }
    }
  }

  /**
   * Reads one row line of an archive in the layout {@link ArchiveWriter} writes: the row's JSON
   * array and nothing else (its trailing comma taken off), {@code width} values kept as
   * {@link ArchiveVisitor#row} gets them.
   */
  public static Object[] readRowLine(byte[] line, int width) throws IOException {
    try (JsonParser parser = ArchiveFormat.jsonFactory().createParser(line)) {
      ArchiveReader reader = new ArchiveReader(parser);
      reader.expect(parser.nextToken(), JsonToken.START_ARRAY, "a row array");
      Object[] values = new Object[width];
      int n = 0;
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (n == width) {
          throw reader.problem("row has more than " + width + " values");
        }
        values[n++] = reader.value(token);
      }
      if (n != width) {
        throw reader.problem("row has " + n + " values, expected " + width);
      }
      reader.expect(parser.nextToken(), null, "the end of the row's line");
      return values;
    } catch (JsonParseException | StreamConstraintsException e) {
      throw new ArchiveFormatException(0, "not valid JSON: " + e.getOriginalMessage());
    }
  }

  /**
   * Reads the line that opens a table's entry in the layout {@link ArchiveWriter} writes, up to and
   * including the {@code "rows": [} that its rows follow: {@code "name": {"columns": [...],
   * "rowid": false, "rows": [}, indentation included.
   */
  public static TableData readTableLine(byte[] heading) throws IOException {
    byte[] closed = new byte[heading.length + 5];
    closed[0] = '{';
    System.arraycopy(heading, 0, closed, 1, heading.length);
    System.arraycopy(new byte[] {']', '}', '}', '\n'}, 0, closed, heading.length + 1, 4);
    try (JsonParser parser = ArchiveFormat.jsonFactory().createParser(closed)) {
      ArchiveReader reader = new ArchiveReader(parser);
      reader.expect(parser.nextToken(), JsonToken.START_OBJECT, "a tables object");
      reader.expect(parser.nextToken(), JsonToken.FIELD_NAME, "a table name");
      String name = parser.currentName();
      reader.expect(parser.nextToken(), JsonToken.START_OBJECT, "an object for table \"" + name + "\"");
      reader.expectField(ArchiveFormat.COLUMNS);
      List<String> columns = reader.readNames(ArchiveFormat.COLUMNS);
      reader.expectField(ArchiveFormat.ROWID);
      boolean withRowid = reader.nextBoolean(ArchiveFormat.ROWID);
      reader.expectField(ArchiveFormat.ROWS);
      reader.expect(parser.nextToken(), JsonToken.START_ARRAY, "a rows array");
      reader.expect(parser.nextToken(), JsonToken.END_ARRAY, "the end of the line");
      reader.expect(parser.nextToken(), JsonToken.END_OBJECT, "the end of the line");
      reader.expect(parser.nextToken(), JsonToken.END_OBJECT, "the end of the line");
      reader.expect(parser.nextToken(), null, "the end of the line");
      return new TableData(name, columns, withRowid);
    } catch (JsonParseException | StreamConstraintsException e) {
      throw new ArchiveFormatException(0, "not valid JSON: " + e.getOriginalMessage());
    }
  }

  private void expectField(String field) throws IOException {
    JsonToken token = json.nextToken();
    if (token != JsonToken.FIELD_NAME || !field.equals(json.currentName())) {
      throw problem("expected field \"" + field + "\", got " + describe(token));
    }
  }

  /** Jackson's own "[Source: …; line: 16, column: 12]", shortened to the line. */
  private static final String JACKSON_LOCATION = "\\[Source: [^\\]]*?; line: (\\d+), column: \\d+\\]";

  private static String conflictHint(String message) {
    return message != null && (message.contains("'<'") || message.contains("'='") || message.contains("'>'"))
        ? " (a merge-conflict marker? resolve the conflict in the archive first)"
        : "";
  }

  private Kind readArchive(ArchiveVisitor visitor) throws IOException {
    expect(json.nextToken(), JsonToken.START_OBJECT, "an archive object");
    JsonToken token = json.nextToken();
    Kind kind;
    if (token == JsonToken.FIELD_NAME && ArchiveFormat.FORMAT.equals(json.currentName())) {
      readV1(visitor);
      kind = Kind.V1;
    } else {
      LegacyArchive.read(this, token, visitor);
      kind = Kind.REFERENCE;
    }
    if (json.nextToken() != null) {
      throw problem("unexpected content after the archive's closing brace");
    }
    return kind;
  }

  private void readV1(ArchiveVisitor visitor) throws IOException {
    String format = nextString(ArchiveFormat.FORMAT);
    if (!ArchiveFormat.NAME.equals(format)) {
      throw problem("expected format \"" + ArchiveFormat.NAME + "\", got \"" + format + "\"");
    }
    String database = null;
    Pragmas pragmas = null;
    boolean sawVersion = false;
    boolean sawSchema = false;
    boolean sawTables = false;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      switch (field) {
        case ArchiveFormat.VERSION_FIELD -> {
          long version = nextLong(field);
          if (version != ArchiveFormat.VERSION) {
            throw problem("unsupported archive version " + version + " (this git-hydrate reads version "
                + ArchiveFormat.VERSION + "; a newer git-hydrate wrote it?)");
          }
          sawVersion = true;
        }
        case ArchiveFormat.DATABASE -> database = nextString(field);
        case ArchiveFormat.PRAGMAS -> pragmas = readPragmas();
        case ArchiveFormat.SCHEMA -> {
          requireBefore(sawVersion, pragmas != null, field);
          visitor.header(database, pragmas);
          readSchema(visitor);
          sawSchema = true;
        }
        case ArchiveFormat.TABLES -> {
          if (!sawSchema) {
            throw problem("\"tables\" must come after \"schema\"");
          }
          readTables(visitor);
          sawTables = true;
        }
        case ArchiveFormat.CONFLICTS -> {
          // What a merge left unresolved: for people and for `git hydrate conflicts`; the rows
          // above already hold one side's values, so a conflicted archive still builds.
          if (!sawTables) {
            throw problem("\"conflicts\" must come after \"tables\"");
          }
          expect(json.nextToken(), JsonToken.START_ARRAY, "a conflicts array");
          json.skipChildren();
        }
        default -> throw problem("unknown field \"" + field + "\"");
      }
    }
    expect(json.currentToken(), JsonToken.END_OBJECT, "a field or the end of the archive");
    if (!sawSchema || !sawTables) {
      throw problem("archive is incomplete: missing \"" + (sawSchema ? "tables" : "schema") + "\"");
    }
    visitor.end();
  }

  private void requireBefore(boolean sawVersion, boolean sawPragmas, String field) {
    if (!sawVersion) {
      throw problem("\"version\" must come before \"" + field + "\"");
    }
    if (!sawPragmas) {
      throw problem("\"pragmas\" must come before \"" + field + "\"");
    }
  }

  private Pragmas readPragmas() throws IOException {
    expect(json.nextToken(), JsonToken.START_OBJECT, "a pragmas object");
    Integer applicationId = null;
    Integer autoVacuum = null;
    String encoding = null;
    String journalMode = null;
    Integer pageSize = null;
    Integer userVersion = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      switch (name) {
        case ArchiveFormat.APPLICATION_ID -> applicationId = nextInt(name);
        case ArchiveFormat.AUTO_VACUUM -> autoVacuum = nextInt(name);
        case ArchiveFormat.ENCODING -> encoding = nextString(name);
        case ArchiveFormat.JOURNAL_MODE -> {
          journalMode = nextString(name);
          if (!Pragmas.WAL.equals(journalMode)) {
            throw problem("journal_mode must be \"wal\" (a rollback journal is the default, left out)");
          }
        }
        case ArchiveFormat.PAGE_SIZE -> pageSize = nextInt(name);
        case ArchiveFormat.USER_VERSION -> userVersion = nextInt(name);
        default -> throw problem("unknown pragma \"" + name + "\"");
      }
    }
    return new Pragmas(applicationId, autoVacuum, encoding, journalMode, pageSize, userVersion);
  }

  private void readSchema(ArchiveVisitor visitor) throws IOException {
    expect(json.nextToken(), JsonToken.START_ARRAY, "a schema array");
    while (json.nextToken() == JsonToken.START_OBJECT) {
      int line = tokenLine();
      String type = null;
      String name = null;
      String table = null;
      String sql = null;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        switch (field) {
          case "type" -> type = nextString(field);
          case "name" -> name = nextString(field);
          case "table" -> table = nextString(field);
          case "sql" -> sql = nextString(field);
          default -> throw problem("unknown schema field \"" + field + "\"");
        }
      }
      if (type == null || name == null || table == null || sql == null) {
        throw problem("schema entry needs \"type\", \"name\", \"table\" and \"sql\"");
      }
      visitor.schemaObject(new SchemaObject(type, name, table, sql), line);
    }
    expect(json.currentToken(), JsonToken.END_ARRAY, "a schema entry object");
  }

  private void readTables(ArchiveVisitor visitor) throws IOException {
    expect(json.nextToken(), JsonToken.START_OBJECT, "a tables object");
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      expect(json.nextToken(), JsonToken.START_OBJECT, "an object for table \"" + name + "\"");
      readTable(name, visitor);
    }
    expect(json.currentToken(), JsonToken.END_OBJECT, "a table name");
  }

  private void readTable(String name, ArchiveVisitor visitor) throws IOException {
    List<String> columns = null;
    Boolean withRowid = null;
    TableData table = null;
    long rows = -1;
    Long declared = null;
    long declaredLine = 0;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      switch (field) {
        case ArchiveFormat.COLUMNS -> columns = readNames(field);
        case ArchiveFormat.ROWID -> withRowid = nextBoolean(field);
        case ArchiveFormat.ROWS -> {
          if (columns == null || withRowid == null) {
            throw problem("table \"" + name + "\": \"columns\" and \"rowid\" must come before \"rows\"");
          }
          table = new TableData(name, columns, withRowid);
          visitor.beginTable(table);
          rows = readRows(table, visitor);
        }
        case ArchiveFormat.ROW_COUNT -> {
          declaredLine = tokenLine();
          declared = nextLong(field);
        }
        default -> throw problem("table \"" + name + "\": unknown field \"" + field + "\"");
      }
    }
    if (table == null) {
      throw problem("table \"" + name + "\" has no \"rows\"");
    }
    if (declared == null) {
      throw problem("table \"" + name + "\" has " + rows + " rows but declares no row_count (truncated or edited archive?)");
    }
    if (declared != rows) {
      visitor.warning(declaredLine, rowCountDiffers(name, rows, declared));
    }
    visitor.endTable(table, rows);
  }

  /**
   * Why a {@code row_count} that disagrees with the rows is a warning, not a refusal: Git's text
   * merge of two sides that each added (or each deleted) a row far apart changes the same count line
   * the same way on both sides, and so merges cleanly into a count one off; {@code git revert} of an
   * older insert conflicts on it. The rows themselves are complete, since JSON's closing brackets
   * catch an archive cut short; refusing would strand every clone on such a merge.
   */
  static String rowCountDiffers(String table, long counted, long declared) {
    return "table \"" + table + "\" has " + counted + " rows but its row_count says " + declared
        + "; all " + counted + " rows are used (merged without git-hydrate? its next export writes the right count)";
  }

  private long readRows(TableData table, ArchiveVisitor visitor) throws IOException {
    expect(json.nextToken(), JsonToken.START_ARRAY, "a rows array for table \"" + table.name() + "\"");
    int width = table.width();
    long count = 0;
    JsonToken token;
    while ((token = json.nextToken()) == JsonToken.START_ARRAY) {
      int line = tokenLine();
      Object[] values = new Object[width];
      int n = 0;
      while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
        if (n == width) {
          throw problem("table \"" + table.name() + "\": row has more than " + width + " values");
        }
        values[n++] = value(token);
      }
      if (n != width) {
        throw problem("table \"" + table.name() + "\": row has " + n + " values, expected " + width);
      }
      visitor.row(values, line);
      count++;
    }
    expect(token, JsonToken.END_ARRAY, "a row array");
    return count;
  }

  /** Reads the value at {@code token}, keeping its storage class. */
  Object value(JsonToken token) throws IOException {
    switch (token) {
      case VALUE_NULL:
        return null;
      case VALUE_NUMBER_INT:
        if (json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw problem("integer " + json.getText() + " does not fit in 64 bits");
        }
        return json.getLongValue();
      case VALUE_NUMBER_FLOAT:
        double d = json.getDoubleValue();
        if (Double.isInfinite(d)) {
          throw problem("number " + json.getText() + " is out of range for a REAL");
        }
        return d;
      case VALUE_STRING:
        return json.getText();
      case START_OBJECT:
        return taggedValue();
      default:
        throw problem("expected a value, got " + describe(token));
    }
  }

  private Object taggedValue() throws IOException {
    if (json.nextToken() != JsonToken.FIELD_NAME) {
      throw problem("expected {\"blob\": …} or {\"real\": …}, got an empty object");
    }
    String tag = json.currentName();
    Object value;
    if (ArchiveFormat.BLOB.equals(tag)) {
      expect(json.nextToken(), JsonToken.VALUE_STRING, "a base64 string");
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try {
        json.readBinaryValue(bytes);
      } catch (JsonParseException e) {
        throw problem("blob is not valid base64: " + e.getOriginalMessage());
      } catch (IllegalArgumentException e) {
        throw problem("blob is not valid base64: " + e.getMessage());
      }
      value = bytes.toByteArray();
    } else if (ArchiveFormat.REAL.equals(tag)) {
      String text = nextString(tag);
      value = switch (text) {
        case "Infinity" -> Double.POSITIVE_INFINITY;
        case "-Infinity" -> Double.NEGATIVE_INFINITY;
        case "NaN" -> Double.NaN;
        default -> throw problem("expected \"Infinity\", \"-Infinity\" or \"NaN\", got \"" + text + "\"");
      };
    } else if (ArchiveFormat.FILE.equals(tag)) {
      value = fileValue();
    } else {
      throw problem("expected {\"blob\": …} or {\"real\": …}, got {\"" + tag + "\": …}");
    }
    expect(json.nextToken(), JsonToken.END_OBJECT, "the end of the {\"" + tag + "\": …} value");
    return value;
  }

  /** The rest of {@code {"file": "<sha256>", "type": "text"|"blob", "size": N}}, after its first name. */
  private FileValue fileValue() throws IOException {
    String sha256 = nextString(ArchiveFormat.FILE);
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw problem("expected a SHA-256 of 64 lowercase hex digits in \"file\", got \"" + sha256 + "\"");
    }
    expect(json.nextToken(), JsonToken.FIELD_NAME, "\"type\" after \"file\"");
    if (!ArchiveFormat.FILE_TYPE.equals(json.currentName())) {
      throw problem("expected \"type\" after \"file\", got \"" + json.currentName() + "\"");
    }
    String type = nextString(ArchiveFormat.FILE_TYPE);
    if (!type.equals(ArchiveFormat.FILE_TEXT) && !type.equals(ArchiveFormat.FILE_BLOB)) {
      throw problem("expected \"type\": \"text\" or \"blob\", got \"" + type + "\"");
    }
    expect(json.nextToken(), JsonToken.FIELD_NAME, "\"size\" after \"type\"");
    if (!ArchiveFormat.FILE_SIZE.equals(json.currentName())) {
      throw problem("expected \"size\" after \"type\", got \"" + json.currentName() + "\"");
    }
    if (json.nextToken() != JsonToken.VALUE_NUMBER_INT || json.getNumberType() == JsonParser.NumberType.BIG_INTEGER
        || json.getLongValue() < 0) {
      throw problem("expected the value's size in bytes in \"size\", got " + json.getText());
    }
    return new FileValue(sha256, type.equals(ArchiveFormat.FILE_TEXT), json.getLongValue());
  }

  List<String> readNames(String field) throws IOException {
    expect(json.nextToken(), JsonToken.START_ARRAY, "an array for \"" + field + "\"");
    List<String> names = new ArrayList<>();
    JsonToken token;
    while ((token = json.nextToken()) == JsonToken.VALUE_STRING) {
      names.add(json.getText());
    }
    expect(token, JsonToken.END_ARRAY, "a string in \"" + field + "\"");
    return names;
  }

  /** 1-based line where the current token starts. */
  int tokenLine() {
    return lines != null ? lines.getTokenLineNr() : json.currentTokenLocation().getLineNr();
  }

  JsonParser parser() {
    return json;
  }

  String nextString(String field) throws IOException {
    expect(json.nextToken(), JsonToken.VALUE_STRING, "a string for \"" + field + "\"");
    return json.getText();
  }

  long nextLong(String field) throws IOException {
    JsonToken token = json.nextToken();
    if (token != JsonToken.VALUE_NUMBER_INT || json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw problem("expected an integer for \"" + field + "\", got " + describe(token));
    }
    return json.getLongValue();
  }

  private int nextInt(String field) throws IOException {
    long value = nextLong(field);
    if (value != (int) value) {
      throw problem("\"" + field + "\" is out of range: " + value);
    }
    return (int) value;
  }

  private boolean nextBoolean(String field) throws IOException {
    JsonToken token = json.nextToken();
    if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
      throw problem("expected true or false for \"" + field + "\", got " + describe(token));
    }
    return token == JsonToken.VALUE_TRUE;
  }

  void expect(JsonToken got, JsonToken wanted, String what) throws IOException {
    if (got != wanted) {
      throw problem("expected " + what + ", got " + describe(got));
    }
  }

  String describe(JsonToken token) throws IOException {
    if (token == null) {
      return "the end of the file (truncated archive?)";
    }
    return switch (token) {
      case FIELD_NAME -> "field \"" + json.currentName() + "\"";
      case VALUE_STRING -> "a string";
      case START_OBJECT -> "\"{\"";
      case END_OBJECT -> "\"}\"";
      case START_ARRAY -> "\"[\"";
      case END_ARRAY -> "\"]\"";
      default -> json.getText();
    };
  }

  ArchiveFormatException problem(String message) {
    return new ArchiveFormatException(ArchiveFormat.lineOf(json), message);
  }
}
