package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.engine.SourceSchema.TableSource;
import java.nio.charset.Charset;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a query's rows on a second thread while the calling thread writes them out, so that
 * SQLite's reading and JSON writing overlap. Rows travel in small batches through a queue bounded
 * in batches and bytes, so memory stays flat however large the table and its values. The connection is used only by the reading thread
 * until {@link #next()} has returned the end; the caller must not touch it meanwhile.
 */
final class RowReader implements AutoCloseable {
  private static final int BATCH = 512;
  private static final List<Object[]> END = List.of();

  private static final int QUEUE = 8;
  private static final int QUEUE_BYTES = 16 << 20;

  private final BatchQueue<Object> queue = new BatchQueue<>(QUEUE, QUEUE_BYTES);
  private final Thread thread;
  private volatile boolean stopped;

  /**
   * Starts reading {@code table}'s rows through {@code connection}, as {@link RowCursor} reads them.
   *
   * @param textEncoding the database's encoding
   */
  RowReader(Connection connection, TableSource table, Charset textEncoding) {
    thread = new Thread(() -> read(connection, table, textEncoding), "git-hydrate row reader");
    thread.setDaemon(true);
    thread.start();
  }

  private void read(Connection connection, TableSource table, Charset textEncoding) {
    Object last = END;
    String sql = "SELECT " + (table.values().isEmpty() ? "1" : String.join(", ", table.values()))
        + table.fromAndOrder();
    try (RowCursor rows = new RowCursor(connection, sql, table.data().width(), textEncoding)) {
      List<Object[]> batch = new ArrayList<>(BATCH);
      for (long bytes; !stopped && (bytes = rows.next(batch, BATCH, RowBytes.BATCH_LIMIT)) > 0; ) {
        put(batch, bytes);
        batch = new ArrayList<>(BATCH);
      }
    } catch (HydrateException e) {
      last = new HydrateException("table \"" + table.data().name() + "\", " + e.getMessage(), e);
    } catch (SQLException | RuntimeException e) {
      last = e;
    } catch (InterruptedException e) {
      return; // the consumer stopped reading
    }
    try {
      put(last, 0);
    } catch (InterruptedException e) {
      // the consumer is gone
    }
  }

  private void put(Object item, long bytes) throws InterruptedException {
    if (!stopped) {
      queue.put(item, bytes);
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
