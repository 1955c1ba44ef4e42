package io.githydrate.archive;

import io.githydrate.archive.ArchiveLines.Unsuitable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lines of an archive as {@link ArchiveWriter} lays them out ({@link ArchiveLayout}), as bytes:
 * the fixed lines around the tables, and each table's entry as a heading line, then one line per
 * row, then the line with its count. For readers that compare two archives line by line without
 * parsing them; anything else is {@link Unsuitable}, and such a reader falls back to a full read.
 */
public final class WrittenLines {
  public static final byte[] FIRST_LINE = bytes("{");
  public static final byte[] FORMAT_LINE = bytes(" \"format\": \"git-hydrate-archive\",");
  public static final byte[] TABLES_OPEN = bytes(" \"tables\": {");
  public static final byte[] NO_TABLES = bytes(" \"tables\": {}");
  public static final byte[] TABLES_CLOSE = bytes(" }");
  public static final byte[] ARCHIVE_CLOSE = bytes("}");
  public static final byte[] TABLE_INDENT = bytes("  \"");
  public static final byte[] ROW_INDENT = bytes("   [");
  public static final byte[] ROWS_OPEN = bytes("\"rows\": [");
  /** A table without rows: its entry ends with this, then its count (0) and brace. */
  public static final byte[] EMPTY_ROWS_START = bytes("\"rows\": [], \"row_count\": ");
  private static final byte[] EMPTY_ROWS = bytes("\"rows\": [], \"row_count\": 0}");
  public static final byte[] ROWS_CLOSE = bytes("  ], \"row_count\": ");

  private WrittenLines() {}

  /**
   * One table's entry in one archive: its heading line (up to its {@code "rows": [}), then its row
   * lines, trailing commas taken off, up to the line that closes the rows with their count. Checks
   * the commas as it goes: between rows, none after the last.
   */
  public static final class TableRows {
    private final byte[] heading;
    private final ArchiveLines lines;
    private boolean closed;
    private boolean lastHadComma;
    private long count;
    private long declared;
    private boolean separated;

    private TableRows(byte[] heading, ArchiveLines lines) {
      this.heading = heading;
      this.lines = lines;
    }

    public static TableRows of(byte[] line, ArchiveLines lines) throws Unsuitable {
      if (!startsWith(line, TABLE_INDENT)) {
        throw new Unsuitable("not in the layout git-hydrate writes");
      }
      if (endsWith(line, ROWS_OPEN)) {
        return new TableRows(line, lines);
      }
      boolean comma = line[line.length - 1] == ',';
      byte[] entry = comma ? Arrays.copyOf(line, line.length - 1) : line;
      if (!endsWith(entry, EMPTY_ROWS)) {
        throw new Unsuitable("not in the layout git-hydrate writes");
      }
      TableRows empty = new TableRows(Arrays.copyOf(entry, entry.length - EMPTY_ROWS.length + ROWS_OPEN.length), null);
      empty.closed = true;
      empty.separated = comma;
      return empty;
    }

    /** The heading line, up to its {@code "rows": [}. */
    public byte[] heading() {
      return heading;
    }

    /** The row count the entry declares, once its rows are read. */
    public long declared() {
      return declared;
    }

    /** Whether the table's entry ends with a comma (another table follows), once its rows are read. */
    public boolean separated() {
      return separated;
    }

    /** The next row's line, without its comma; null after the last row. */
    public byte[] next() throws IOException, Unsuitable {
      if (closed) {
        return null;
      }
      byte[] line = lines.next();
      if (line == null) {
        throw new Unsuitable("truncated");
      }
      if (startsWith(line, ROW_INDENT)) {
        if (count > 0 && !lastHadComma) {
          throw new Unsuitable("rows not separated by commas");
        }
        count++;
        lastHadComma = line[line.length - 1] == ',';
        return lastHadComma ? Arrays.copyOf(line, line.length - 1) : line;
      }
      if (!startsWith(line, ROWS_CLOSE) || count == 0 || lastHadComma) {
        throw new Unsuitable("not in the layout git-hydrate writes");
      }
      separated = line[line.length - 1] == ',';
      String rest = new String(line, ROWS_CLOSE.length, line.length - ROWS_CLOSE.length - (separated ? 1 : 0),
          StandardCharsets.US_ASCII);
      if (!rest.matches("[1-9][0-9]{0,17}}")) {
        throw new Unsuitable("not in the layout git-hydrate writes");
      }
      declared = Long.parseLong(rest.substring(0, rest.length() - 1));
      closed = true;
      return null;
    }

    public List<byte[]> all() throws IOException, Unsuitable {
      List<byte[]> rows = new ArrayList<>();
      for (byte[] row = next(); row != null; row = next()) {
        rows.add(row);
      }
      return rows;
    }

    /**
     * Read to the line that closes the rows, with as many rows as it declares. A count that
     * disagrees (left by a text merge made without git-hydrate) is not refused by a full read, only
     * reported: it is left to the full build, which reads every row and says so.
     */
    public void requireComplete() throws IOException, Unsuitable {
      if (!closed || count != declared) {
        throw new Unsuitable("a row count does not match its rows");
      }
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean startsWith(byte[] line, byte[] prefix) {
    return line.length >= prefix.length && Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static boolean endsWith(byte[] line, byte[] suffix) {
    return line.length >= suffix.length
        && Arrays.equals(line, line.length - suffix.length, line.length, suffix, 0, suffix.length);
  }
}
