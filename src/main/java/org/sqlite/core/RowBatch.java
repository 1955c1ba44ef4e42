package org.sqlite.core;

import java.sql.BatchUpdateException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a prepared INSERT over a batch of rows, binding every value with one native call, under a
 * single hold of the connection's lock. It lives in sqlite-jdbc's package because the driver's bind
 * calls are package-private there, and the JDBC route costs more than SQLite's own work:
 * {@code executeUpdate} spends about 3 µs a row on its timeout and transaction bookkeeping, and
 * {@code executeBatch}, which avoids that, cannot say which row failed.
 *
 * <p>Not thread safe. Part of git-hydrate, not of sqlite-jdbc: compiled against the exact driver
 * version the build pins, so a change in the driver's internals breaks the build, not a hydrate.
 */
public final class RowBatch {
  // sqlite3.h's result codes.
  private static final int SQLITE_OK = 0;
  private static final int SQLITE_DONE = 101;

  private RowBatch() {}

  /**
   * Inserts {@code rows[from, to)} in order through {@code insert}, whose parameters take the values
   * of {@code rowsPerStep} rows one after the other (an {@code INSERT … VALUES (…), (…)} of that many
   * rows): null, {@link Long}, {@link Double}, {@link String} (TEXT) or {@code byte[]} (BLOB).
   *
   * @throws IllegalArgumentException if the rows do not divide into whole steps
   * @throws BatchUpdateException at the first step SQLite refuses, with one update count for each
   *     row of {@code rows} before that step's first row (so their number is its index), and
   *     SQLite's error as the cause. Rows of the refused step may or may not have gone in.
   */
  public static void insert(PreparedStatement insert, int rowsPerStep, List<Object[]> rows, int from, int to)
      throws SQLException {
    if (!(insert instanceof CoreStatement statement)) {
      throw new IllegalArgumentException("not a sqlite-jdbc statement: " + insert.getClass().getName());
    }
    if (rowsPerStep < 1 || (to - from) % rowsPerStep != 0) {
      throw new IllegalArgumentException(
          "rows " + from + " to " + to + " are not whole steps of " + rowsPerStep + " rows");
    }
    statement.pointer.safeRunConsume((db, pointer) -> {
      for (int row = from; row < to; row += rowsPerStep) {
        try {
          step(db, pointer, rows, row, row + rowsPerStep);
        } catch (SQLException e) {
          db.reset(pointer);
          long[] done = new long[row];
          Arrays.fill(done, 1);
          throw new BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(), done, e);
        }
      }
    });
  }

  /**
   * Binds {@code values} to {@code statement}'s parameters at once, natively: for a query whose rows
   * are then read with the driver's core calls, which the JDBC setters (bound only when JDBC
   * executes the statement) never reach.
   */
  public static void bindNow(PreparedStatement statement, List<Object> values) throws SQLException {
    if (!(statement instanceof CoreStatement core)) {
      throw new IllegalArgumentException("not a sqlite-jdbc statement: " + statement.getClass().getName());
    }
    core.pointer.safeRunConsume((db, pointer) -> {
      for (int i = 0; i < values.size(); i++) {
        int rc = bind(db, pointer, i + 1, values.get(i));
        if (rc != SQLITE_OK) {
          db.throwex(rc);
        }
      }
    });
  }

  private static void step(DB db, long pointer, List<Object[]> rows, int from, int to) throws SQLException {
    db.reset(pointer);
    int parameter = 1;
    for (int row = from; row < to; row++) {
      for (Object value : rows.get(row)) {
        int rc = bind(db, pointer, parameter++, value);
        if (rc != SQLITE_OK) {
          db.throwex(rc);
        }
      }
    }
    int rc = db.step(pointer);
    if (rc != SQLITE_DONE) {
      db.throwex(rc);
    }
  }

  private static int bind(DB db, long pointer, int index, Object value) throws SQLException {
    if (value == null) {
      return db.bind_null(pointer, index);
    } else if (value instanceof Long l) {
      return db.bind_long(pointer, index, l);
    } else if (value instanceof Double d) {
      return db.bind_double(pointer, index, d);
    } else if (value instanceof String s) {
      return db.bind_text(pointer, index, s);
    } else if (value instanceof byte[] bytes) {
      return db.bind_blob(pointer, index, bytes);
    }
    throw new IllegalArgumentException("not a SQLite value: " + value.getClass().getName());
  }
}
