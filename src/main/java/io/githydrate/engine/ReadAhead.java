package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.archive.ArchiveReader;
import io.githydrate.archive.ArchiveVisitor;
import io.githydrate.archive.Pragmas;
import io.githydrate.archive.SchemaObject;
import io.githydrate.archive.TableData;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Parses an archive on a second thread while the calling thread hands its content to a visitor, so
 * that JSON parsing and SQLite's inserting overlap. Rows travel in batches through a small queue,
 * bounded in batches and in bytes, so memory stays flat however large the archive and its values.
 *
 * <p>The visitor is called only on the calling thread (SQLite connections stay on one thread). An
 * exception from either side stops both and reaches the caller: the reader's as it was thrown, the
 * visitor's unchanged. Each row keeps the line it starts on, and a visitor that is {@link SizeAware}
 * learns how much of the archive has been read.
 */
final class ReadAhead {
  private static final int BATCH = 256;
  private static final int QUEUE = 16;
  private static final int QUEUE_BYTES = 16 << 20;

  private ReadAhead() {}

  /**
   * A visitor that bounds what it builds by the size of the archive. Before each step it is told how
   * many bytes of the archive have been read: at least all of those that step came from.
   */
  interface SizeAware {
    void archiveBytesRead(long bytes);
  }

  /** Reads {@code in} into {@code visitor} as {@link ArchiveReader#read} would, with parsing ahead. */
  static ArchiveReader.Kind read(InputStream in, ArchiveVisitor visitor) throws IOException {
    BatchQueue<Event> queue = new BatchQueue<>(QUEUE, QUEUE_BYTES);
    Producer producer = new Producer(queue);
    CountingInputStream counted = new CountingInputStream(in);
    SizeAware sized = visitor instanceof SizeAware aware ? aware : null;
    Thread thread = new Thread(() -> producer.run(counted), "git-hydrate archive reader");
    thread.setDaemon(true);
    thread.start();
    try {
      while (true) {
        Event event = take(queue);
        if (sized != null) {
          sized.archiveBytesRead(counted.count());
        }
        if (event instanceof Done done) {
          return done.kind;
        }
        if (event instanceof Rethrow failed && failed.error() instanceof IOException io) {
          throw io;
        }
        event.deliver(visitor);
      }
    } catch (IOException | RuntimeException | Error e) {
      thread.interrupt();
      queue.clear();
      throw e;
    } finally {
      join(thread);
    }
  }

  private static Event take(BatchQueue<Event> queue) {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HydrateException("interrupted while reading an archive", e);
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One step of the archive, replayed on the consuming thread. */
  private interface Event {
    void deliver(ArchiveVisitor visitor);
  }

  private record Done(ArchiveReader.Kind kind) implements Event {
    @Override
    public void deliver(ArchiveVisitor visitor) {}
  }

  /** Rows in archive order, with the line each starts on. */
  private record Rows(List<Object[]> rows, int[] lines) implements Event {
    @Override
    public void deliver(ArchiveVisitor visitor) {
      for (int i = 0; i < rows.size(); i++) {
        visitor.row(rows.get(i), lines[i]);
      }
    }
  }

  /** Runs the reader, turning its callbacks into queued events. */
  private static final class Producer implements ArchiveVisitor {
    private final BatchQueue<Event> queue;
    private List<Object[]> rows = new ArrayList<>(BATCH);
    private int[] lines = new int[BATCH];
    /** {@link RowBytes} of {@link #rows}. */
    private long bytes;

    Producer(BatchQueue<Event> queue) {
      this.queue = queue;
    }

    void run(InputStream in) {
      Event last;
      try {
        last = new Done(ArchiveReader.read(in, this));
      } catch (CancellationException e) {
        return; // the consumer failed and said so; nothing more to report
      } catch (IOException | RuntimeException | Error e) {
        last = new Rethrow(e);
      }
      try {
        put(last);
      } catch (CancellationException e) {
        // the consumer is gone
      }
    }

    private void put(Event event) {
      put(event, 0);
    }

    private void put(Event event, long size) {
      try {
        queue.put(event, size);
      } catch (InterruptedException e) {
        throw new CancellationException("the consumer stopped");
      }
    }

    private void flushRows() {
      if (!rows.isEmpty()) {
        put(new Rows(rows, lines), bytes);
        rows = new ArrayList<>(BATCH);
        lines = new int[BATCH];
        bytes = 0;
      }
    }

    @Override
    public void header(String databasePath, Pragmas pragmas) {
      put(visitor -> visitor.header(databasePath, pragmas));
    }

    @Override
    public void schemaObject(SchemaObject object) {
      schemaObject(object, 0);
    }

    @Override
    public void schemaObject(SchemaObject object, int line) {
      flushRows();
      put(visitor -> visitor.schemaObject(object, line));
    }

    @Override
    public void beginTable(TableData table) {
      flushRows();
      put(visitor -> visitor.beginTable(table));
    }

    @Override
    public void row(Object[] values) {
      row(values, 0);
    }

    @Override
    public void row(Object[] values, int line) {
      lines[rows.size()] = line;
      rows.add(values);
      bytes += RowBytes.of(values);
      if (rows.size() == BATCH || bytes >= RowBytes.BATCH_LIMIT) {
        flushRows();
      }
    }

    @Override
    public void warning(long line, String message) {
      flushRows();
      put(visitor -> visitor.warning(line, message));
    }

    @Override
    public void endTable(TableData table, long rowCount) {
      flushRows();
      put(visitor -> visitor.endTable(table, rowCount));
    }

    @Override
    public void end() {
      flushRows();
      put(ArchiveVisitor::end);
    }
  }

  /** The reader's exception, thrown again on the consuming thread. */
  private record Rethrow(Throwable error) implements Event {
    @Override
    public void deliver(ArchiveVisitor visitor) {
      if (error instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      if (error instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw (Error) error;
    }
  }

  /** Counts the bytes the reader thread takes, for {@link SizeAware} visitors on the other thread. */
  private static final class CountingInputStream extends FilterInputStream {
    /** Written by the reader thread only. */
    private volatile long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(n);
      count += skipped;
      return skipped;
    }

    @Override
    public void close() {
      // the caller owns the stream
    }
  }
}
