package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.archive.ArchiveFormatException;
import io.githydrate.archive.ArchiveReader;
import io.githydrate.archive.RowLines;
import io.githydrate.archive.TableData;
import io.githydrate.archive.Utf8Text;
import io.githydrate.archive.ArchiveLines.Unsuitable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The row changes {@link ArchiveDelta} makes to one table. Rows are deleted at once, a run at a
 * time, found just before the next row that stays and checked against the previous archive's
 * {@link LineIndex}; rows to insert, given as their archive lines, wait until the table has been
 * compared to the end, so that a key or unique value that one row gives up is free when another row
 * takes it.
 * {@link #finish} then checks the table: its row count, and SQLite's quick check of it and its
 * indexes.
 */
final class TablePatch {
  /** Rows waiting to be inserted, in archive bytes; more goes the full rebuild's way. */
  private static final long MAX_PENDING_BYTES = 64L << 20;
  /** Tables up to this many rows get SQLite's quick check after a change. */
  static final long CHECKED_ROWS = 50_000;

  private final Connection connection;
  private final TableData table;
  private final List<byte[]> pending = new ArrayList<>();
  private long pendingBytes;
  private final LineDigest digest;
  private final ValueFiles.Source values;
  /** The table's redacted columns (null: none), and what fills them in. */
  private final TableRedaction redaction;
  private final PlaceholderFilling filling;
  private List<String> names;
  private Key key;
  private RowLines lines;
  private long deleted;
  private long inserted;

  /**
   * @param values where the new archive's out-of-line values are read from
   * @param filling what fills in the redacted columns of the rows inserted
   */
  TablePatch(Connection connection, TableData table, LineDigest digest, ValueFiles.Source values,
      PlaceholderFilling filling) {
    this.connection = connection;
    this.table = table;
    this.digest = digest;
    this.values = values;
    this.redaction = filling.of(table);
    this.filling = filling;
  }

  boolean changed() {
    return deleted > 0 || !pending.isEmpty() || inserted > 0;
  }

  long deleted() {
    return deleted;
  }

  long inserted() {
    return inserted;
  }

  /**
   * Deletes the rows of a run of the previous archive's lines that the new archive does not have:
   * entries {@code [from, to)} of {@code previous}, which lie just before the row of the line
   * {@code above}, one both archives have (null: the table's end). The database holds the previous
   * archive's rows, in the archive's order by key, so those rows are the last ones before that key;
   * each is written as the archive would write it and must have its entry's digest, else nothing is
   * deleted and the patch is refused.
   */
  void deleteRun(byte[] above, LineIndex previous, int from, int to) throws SQLException, IOException, Unsuitable {
    Key key = key();
    String table = "main." + Sql.quote(this.table.name());
    List<Object> upper = above == null ? List.of() : key.of(values(above));
    String before = upper.isEmpty() ? "" : " WHERE " + key.compared(" < ");
    String select = "SELECT " + String.join(", ", names()) + " FROM " + table + before + " ORDER BY "
        + key.descending() + " LIMIT " + (to - from);
    int entry = to;
    List<Object> lowest = null;
    try (RowCursor rows = new RowCursor(connection, select, this.table.width(), StandardCharsets.UTF_8)) {
      rows.bind(upper);
      List<Object[]> batch = new ArrayList<>();
      while (rows.next(batch, 64, RowBytes.BATCH_LIMIT) > 0) {
        for (Object[] values : batch) {
          byte[] line = lines().line(redaction == null ? values : redaction.redacted(values));
          entry--;
          if (previous.word(entry) != (LineIndex.ROW | digest.hash(line, 0, line.length))
              || previous.check(entry) != digest.check(line, 0, line.length)) {
            throw new Unsuitable("table \"" + this.table.name() + "\": the database's rows are not the previous archive's");
          }
          lowest = key.of(values);
        }
        batch.clear();
      }
    } catch (HydrateException e) {
      throw new Unsuitable("table \"" + this.table.name() + "\": " + e.getMessage());
    }
    if (entry != from) {
      throw new Unsuitable("table \"" + this.table.name() + "\": a row of the previous archive is not in the database");
    }
    List<Object> bounds = new ArrayList<>(lowest);
    bounds.addAll(upper);
    String range = " WHERE " + key.compared(" >= ") + (upper.isEmpty() ? "" : " AND " + key.compared(" < "));
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + range)) {
      for (int i = 0; i < bounds.size(); i++) {
        DatabaseBuilder.bind(delete, i + 1, bounds.get(i));
      }
      if (delete.executeUpdate() != to - from) {
        throw new Unsuitable("table \"" + this.table.name() + "\": other rows than the previous archive's were found");
      }
    }
    deleted += to - from;
  }

  /** How the archive orders a table's rows: by these expressions, which are these values of a row. */
  private record Key(List<String> expressions, int[] positions) {
    String descending() {
      return expressions.stream().map(e -> e + " DESC").collect(Collectors.joining(", "));
    }

    /** "key OP ?", as a row value when the key has several columns. */
    String compared(String op) {
      if (expressions.size() == 1) {
        return expressions.get(0) + op + "?";
      }
      return "(" + String.join(", ", expressions) + ")" + op + "(" + "?, ".repeat(expressions.size() - 1) + "?)";
    }

    /** A row's key values, bindable. */
    List<Object> of(Object[] values) {
      List<Object> key = new ArrayList<>();
      for (int position : positions) {
        Object value = values[position];
        key.add(value instanceof Utf8Text text ? new String(text.bytes(), StandardCharsets.UTF_8) : value);
      }
      return key;
    }
  }

  private Key key() throws SQLException, Unsuitable {
    if (key == null) {
      if (table.withRowid()) {
        key = new Key(List.of(names().get(0)), new int[] {0});
      } else {
        List<String> columns = SourceSchema.keyColumns(connection, table.name());
        int[] positions = new int[columns.size()];
        for (int i = 0; i < positions.length; i++) {
          positions[i] = table.columns().indexOf(columns.get(i));
          if (positions[i] < 0) {
            throw new Unsuitable("table \"" + table.name() + "\": its key is not among its archived columns");
          }
        }
        if (positions.length == 0) {
          throw new Unsuitable("table \"" + table.name() + "\": no key orders its rows");
        }
        key = new Key(columns.stream().map(Sql::quote).toList(), positions);
      }
    }
    return key;
  }

  private RowLines lines() throws IOException {
    if (lines == null) {
      lines = new RowLines(table);
    }
    return lines;
  }

  /** Inserts the row that {@code line} archives, once the table has been compared to the end. */
  void insert(byte[] line) throws Unsuitable {
    pendingBytes += line.length;
    if (pendingBytes > MAX_PENDING_BYTES) {
      throw new Unsuitable("table \"" + table.name() + "\": more than " + (MAX_PENDING_BYTES >> 20) + " MB of new rows");
    }
    pending.add(line);
  }

  /**
   * Inserts the rows waiting, then checks the table: it held {@code previousCount} rows and must now
   * hold {@code rowCount} (each row deleted and inserted was counted, so arithmetic tells), and a
   * table of up to {@link #CHECKED_ROWS} rows passes SQLite's quick check of it and its indexes. A
   * larger one is not read whole: the check would cost more than the rows changed.
   */
  void finish(long previousCount, long rowCount) throws SQLException, IOException, Unsuitable {
    if (!pending.isEmpty()) {
      List<String> columns = names();
      String sql = "INSERT INTO main." + Sql.quote(table.name()) + " (" + String.join(", ", columns)
          + ") VALUES (" + "?, ".repeat(columns.size() - 1) + "?)";
      try (PreparedStatement insert = connection.prepareStatement(sql)) {
        for (byte[] line : pending) {
          Object[] values = values(line);
          if (redaction != null) {
            redaction.fill(values, filling);
          }
          bind(insert, values);
          if (insert.executeUpdate() != 1) {
            throw new Unsuitable("table \"" + table.name() + "\": a row was not inserted");
          }
          inserted++;
        }
      }
      pending.clear();
    }
    if (!changed()) {
      return;
    }
    if (previousCount - deleted + inserted != rowCount) {
      throw new Unsuitable("table \"" + table.name() + "\": the row count does not match the archive's");
    }
    if (rowCount > CHECKED_ROWS) {
      return;
    }
    try (PreparedStatement check = connection.prepareStatement("SELECT * FROM pragma_quick_check(?)")) {
      check.setString(1, table.name());
      try (ResultSet rs = check.executeQuery()) {
        if (!rs.next() || !"ok".equals(rs.getString(1)) || rs.next()) {
          throw new Unsuitable("table \"" + table.name() + "\" failed its quick check");
        }
      }
    }
  }

  private Object[] values(byte[] line) throws IOException, Unsuitable {
    try {
      Object[] row = ArchiveReader.readRowLine(line, table.width());
      values.resolve(row, 0); // a missing or altered file: the full build reports it, with its line
      return row;
    } catch (ArchiveFormatException e) {
      throw new Unsuitable("table \"" + table.name() + "\": " + e.getMessage());
    }
  }

  /** The quoted names a row's values go to: the rowid's first when archived, then the columns. */
  private List<String> names() throws SQLException {
    if (names == null) {
      List<String> quoted = new ArrayList<>();
      if (table.withRowid()) {
        quoted.add(Sql.rowidName(Sql.allColumnNames(connection, table.name()), table.name()));
      }
      table.columns().forEach(column -> quoted.add(Sql.quote(column)));
      names = quoted;
    }
    return names;
  }

  private static void bind(PreparedStatement statement, Object[] values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      DatabaseBuilder.bind(statement, i + 1, values[i]);
    }
  }
}
