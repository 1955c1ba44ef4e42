package io.githydrate.engine;

import io.githydrate.archive.ArchiveFormatException;
import io.githydrate.archive.ArchiveReader;
import io.githydrate.archive.TableData;
import io.githydrate.archive.ArchiveLines.Unsuitable;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The row changes {@link ArchiveDelta} makes to one table, each row given as its archive line.
 * A row is deleted at once, found by every archived value (its key among them, so exactly one row
 * matches, or the patch is refused); rows to insert wait until the table has been compared to the
 * end, so that a key or unique value that one row gives up is free when another row takes it.
 * {@link #finish} then checks the table: its row count, and SQLite's quick check of it and its
 * indexes.
 */
final class TablePatch implements AutoCloseable {
  /** Rows waiting to be inserted, in archive bytes; more goes the full rebuild's way. */
  private static final long MAX_PENDING_BYTES = 64L << 20;

  private final Connection connection;
  private final TableData table;
  private final List<byte[]> pending = new ArrayList<>();
  private long pendingBytes;
  private List<String> names;
  private PreparedStatement delete;
  private long deleted;
  private long inserted;

  TablePatch(Connection connection, TableData table) {
    this.connection = connection;
    this.table = table;
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

  /** Deletes the one row that {@code line} archives. */
  void delete(byte[] line) throws SQLException, IOException, Unsuitable {
    if (delete == null) {
      String where = names().stream().map(name -> name + " IS ?").collect(Collectors.joining(" AND "));
      delete = connection.prepareStatement("DELETE FROM main." + Sql.quote(table.name()) + " WHERE " + where);
    }
    bind(delete, values(line));
    if (delete.executeUpdate() != 1) {
      throw new Unsuitable("table \"" + table.name() + "\": a row of the previous archive is not in the database");
    }
    deleted++;
  }

  /** Inserts the row that {@code line} archives, once the table has been compared to the end. */
  void insert(byte[] line) throws Unsuitable {
    pendingBytes += line.length;
    if (pendingBytes > MAX_PENDING_BYTES) {
      throw new Unsuitable("table \"" + table.name() + "\": more than " + (MAX_PENDING_BYTES >> 20) + " MB of new rows");
    }
    pending.add(line);
  }

  /** Inserts the rows waiting, then checks that the table holds {@code rowCount} rows and is sound. */
  void finish(long rowCount) throws SQLException, IOException, Unsuitable {
    if (!pending.isEmpty()) {
      List<String> columns = names();
      String sql = "INSERT INTO main." + Sql.quote(table.name()) + " (" + String.join(", ", columns)
          + ") VALUES (" + "?, ".repeat(columns.size() - 1) + "?)";
      try (PreparedStatement insert = connection.prepareStatement(sql)) {
        for (byte[] line : pending) {
          bind(insert, values(line));
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
    String name = Sql.quote(table.name());
    try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM main." + name);
         ResultSet rs = count.executeQuery()) {
      if (!rs.next() || rs.getLong(1) != rowCount) {
        throw new Unsuitable("table \"" + table.name() + "\": the row count does not match the archive's");
      }
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
      return ArchiveReader.readRowLine(line, table.width());
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

  @Override
  public void close() throws SQLException {
    if (delete != null) {
      delete.close();
    }
  }
}
