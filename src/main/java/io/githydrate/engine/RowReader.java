package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.engine.SourceSchema.TableSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a query's rows on a second thread while the calling thread writes them out, so that
 * SQLite's reading and JSON writing overlap. Rows travel in small batches through a bounded queue,
 * so memory stays flat however large the table. The connection is used only by the reading thread
 * until {@link #next()} has returned the end; the caller must not touch it meanwhile.
 */
final class RowReader implements AutoCloseable {
  /** Checks or converts one row on the reading thread, where the result set is. */
  interface RowCheck {
    void check(ResultSet rs, Object[] values, long rowNumber) throws SQLException;
  }

  private static final int BATCH = 512;
  private static final List<Object[]> END = List.of();

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(8);
  private final Thread thread;
  private volatile boolean stopped;

  /**
   * Starts reading {@code table}'s rows through {@code statement}.
   *
   * @param utf8 whether the database's encoding is UTF-8, so TEXT can be passed on as its bytes
   */
  RowReader(Statement statement, TableSource table, boolean utf8, RowCheck check) {
    thread = new Thread(() -> read(statement, table, utf8, check), "git-hydrate row reader");
    thread.setDaemon(true);
    thread.start();
  }

  private void read(Statement statement, TableSource table, boolean utf8, RowCheck check) {
    Object last = END;
    int width = table.data().width();
    try (ResultSet rs = statement.executeQuery(TypedRows.select(table.values(), table.fromAndOrder()))) {
      List<Object[]> batch = new ArrayList<>(BATCH);
      long row = 0;
      while (!stopped && rs.next()) {
        Object[] values = new Object[width];
        TypedRows.read(rs, values, utf8);
        check.check(rs, values, row++);
        batch.add(values);
        if (batch.size() == BATCH) {
          put(batch);
          batch = new ArrayList<>(BATCH);
        }
      }
      if (!batch.isEmpty()) {
        put(batch);
      }
    } catch (SQLException | RuntimeException e) {
      last = e;
    } catch (InterruptedException e) {
      return; // the consumer stopped reading
    }
    try {
      put(last);
    } catch (InterruptedException e) {
      // the consumer is gone
    }
  }

  private void put(Object item) throws InterruptedException {
    if (!stopped) {
      queue.put(item);
    }
  }

  /**
   * The next batch of rows; an empty batch at the end.
   *
   * @throws SQLException as the reading thread met it
   */
  @SuppressWarnings("unchecked")
  List<Object[]> next() throws SQLException {
    Object item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HydrateException("interrupted while reading a table", e);
    }
    if (item instanceof SQLException e) {
      throw e;
    }
    if (item instanceof RuntimeException e) {
      throw e;
    }
    return (List<Object[]>) item;
  }

  /** Stops the reading thread (if still running) and waits for it, so the connection is free again. */
  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    queue.clear();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
