package io.githydrate.engine;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.sqlite.core.RowBatch;

/**
 * Inserts the rows of one table of a database being built, {@link #ROWS_PER_STATEMENT} rows to an
 * {@code INSERT … VALUES (…), (…), …} where it can. SQLite keeps the table's cursor open across the
 * rows of one statement, and rows that arrive in key order then append to the b-tree without a
 * search from its root. The benchmark's hydrate took 2.67 s instead of 2.99 s with one row a
 * statement (medians of 5 interleaved runs); 32 rows did better than 16, 64 or 128.
 *
 * <p>A refused row is still named exactly: when a statement of several rows fails, the rows it
 * left in the table are counted (the build runs without a journal, so SQLite cannot take them back)
 * and the rest are inserted one at a time until SQLite refuses one again.
 *
 * <p>Virtual tables take one row a statement: their modules decide what a failed statement leaves.
 */
final class TableInserter implements AutoCloseable {
  static final int ROWS_PER_STATEMENT = 32;
  /** SQLite's largest number of parameters in one statement (SQLITE_MAX_VARIABLE_NUMBER). */
  private static final int MAX_PARAMETERS = 32766;

  private final Connection connection;
  private final String table;
  private final PreparedStatement single;
  /** {@link #rowsPerStatement} rows at a time, or null when rows go one at a time. */
  private final PreparedStatement grouped;
  private final int rowsPerStatement;
  /** Rows this inserter has put into the table. */
  private long inserted;

  private TableInserter(Connection connection, String table, PreparedStatement single,
                        PreparedStatement grouped, int rowsPerStatement) {
    this.connection = connection;
    this.table = table;
    this.single = single;
    this.grouped = grouped;
    this.rowsPerStatement = rowsPerStatement;
  }

  /**
   * Prepares the inserts into {@code table} (quoted) of values for {@code columns} (quoted), in
   * groups of rows unless {@code oneRowAStatement}.
   *
   * @throws SQLException if SQLite cannot prepare an insert of one row: the table and columns do not match
   */
  static TableInserter prepare(Connection connection, String table, List<String> columns, boolean oneRowAStatement)
      throws SQLException {
    String head = "INSERT INTO main." + table + " (" + String.join(", ", columns) + ") VALUES ";
    String row = "(" + "?, ".repeat(columns.size() - 1) + "?)";
    PreparedStatement single = connection.prepareStatement(head + row);
    int rows = oneRowAStatement ? 1 : Math.min(ROWS_PER_STATEMENT, MAX_PARAMETERS / columns.size());
    if (rows < 2) {
      return new TableInserter(connection, table, single, null, 1);
    }
    try {
      PreparedStatement grouped = connection.prepareStatement(head + (row + ", ").repeat(rows - 1) + row);
      return new TableInserter(connection, table, single, grouped, rows);
    } catch (SQLException e) {
      // Only a matter of speed: a statement of many wide rows can pass SQLite's limit on SQL length.
      return new TableInserter(connection, table, single, null, 1);
    }
  }

  /**
   * Inserts {@code rows} in order.
   *
   * @throws BatchUpdateException at the first row SQLite refuses, with one update count for each
   *     row before it (so their number is the refused row's index) and SQLite's error as the cause
   */
  void insert(List<Object[]> rows) throws SQLException {
    int whole = grouped == null ? 0 : rows.size() - rows.size() % rowsPerStatement;
    if (whole > 0) {
      try {
        RowBatch.insert(grouped, rowsPerStatement, rows, 0, whole);
      } catch (BatchUpdateException e) {
        throw refusedRow(rows, e.getUpdateCounts().length, e);
      }
    }
    RowBatch.insert(single, 1, rows, whole, rows.size());
    inserted += rows.size();
  }

  /**
   * Finds the row that made the statement of rows from {@code first} fail: the first of those that
   * SQLite refuses on its own after the ones the statement left in the table.
   */
  private BatchUpdateException refusedRow(List<Object[]> rows, int first, BatchUpdateException refused)
      throws SQLException {
    long kept = countRows() - inserted - first;
    int next = first + (int) Math.max(0, Math.min(kept, rowsPerStatement - 1));
    try {
      RowBatch.insert(single, 1, rows, next, first + rowsPerStatement);
    } catch (BatchUpdateException e) {
      return e;
    }
    // Refused together but accepted one at a time: name the first row that was not kept.
    long[] before = new long[next];
    Arrays.fill(before, 1);
    return new BatchUpdateException(refused.getMessage(), refused.getSQLState(), refused.getErrorCode(), before,
        refused.getCause());
  }

  private long countRows() throws SQLException {
    try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM main." + table);
         ResultSet rs = count.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  @Override
  public void close() throws SQLException {
    try (single) {
      if (grouped != null) {
        grouped.close();
      }
    }
  }
}
