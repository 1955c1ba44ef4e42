package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.archive.ArchiveReader;
import io.githydrate.archive.ArchiveVisitor;
import io.githydrate.archive.Pragmas;
import io.githydrate.archive.SchemaObject;
import io.githydrate.archive.TableData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;

/**
 * Parses an archive on a second thread while the calling thread hands its content to a visitor, so
 * that JSON parsing and SQLite's inserting overlap. Rows travel in batches through a small bounded
 * queue, so memory stays flat however large the archive.
 *
 * <p>The visitor is called only on the calling thread (SQLite connections stay on one thread). An
 * exception from either side stops both and reaches the caller: the reader's as it was thrown, the
 * visitor's unchanged.
 */
final class ReadAhead {
  private static final int BATCH = 256;
  private static final int QUEUE = 16;

  private ReadAhead() {}

  /** Reads {@code in} into {@code visitor} as {@link ArchiveReader#read} would, with parsing ahead. */
  static ArchiveReader.Kind read(InputStream in, ArchiveVisitor visitor) throws IOException {
    BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE);
    Producer producer = new Producer(queue);
    Thread thread = new Thread(() -> producer.run(in), "git-hydrate archive reader");
    thread.setDaemon(true);
    thread.start();
    try {
      while (true) {
        Event event = take(queue);
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

  private static Event take(BlockingQueue<Event> queue) {
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

  /** Runs the reader, turning its callbacks into queued events. */
  private static final class Producer implements ArchiveVisitor {
    private final BlockingQueue<Event> queue;
    private List<Object[]> rows = new ArrayList<>(BATCH);

    Producer(BlockingQueue<Event> queue) {
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
      try {
        queue.put(event);
      } catch (InterruptedException e) {
        throw new CancellationException("the consumer stopped");
      }
    }

    private void flushRows() {
      if (!rows.isEmpty()) {
        List<Object[]> batch = rows;
        rows = new ArrayList<>(BATCH);
        put(visitor -> batch.forEach(visitor::row));
      }
    }

    @Override
    public void header(String databasePath, Pragmas pragmas) {
      put(visitor -> visitor.header(databasePath, pragmas));
    }

    @Override
    public void schemaObject(SchemaObject object) {
      flushRows();
      put(visitor -> visitor.schemaObject(object));
    }

    @Override
    public void beginTable(TableData table) {
      flushRows();
      put(visitor -> visitor.beginTable(table));
    }

    @Override
    public void row(Object[] values) {
      rows.add(values);
      if (rows.size() == BATCH) {
        flushRows();
      }
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
}
