package io.githydrate.engine;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tells whether a database just built holds what an existing one holds, as their archives would
 * show it (what {@link Dehydrator#digest} compares), without reading both to the end when they
 * differ: the two archives are written side by side, the built one's on a thread of its own, and
 * compared as they come, so that the first byte in which they differ ends both reads. A target whose
 * file holds the built file's pages is the same without reading any row.
 */
final class ReplaceComparison {
  /** Chunks of the built database's archive written ahead of the comparison: at most about 1 MB. */
  private static final int CHUNKS_AHEAD = 16;
  private static final int CHUNK = 1 << 16;
  private static final byte[] END = new byte[0];

  private ReplaceComparison() {}

  /**
   * Whether {@code target} (checked healthy, its hot journal rolled back) holds what {@code built}
   * (closed, private to the caller) holds. Each database is read in one transaction of its own.
   *
   * @throws io.githydrate.HydrateException when either cannot be read (the target locked, say)
   */
  static boolean sameContent(Path built, Path target, Dehydrator reader) {
    if (!hasWalContent(target) && DatabaseFiles.samePages(built, target)) {
      return true;
    }
    BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
    AtomicBoolean stopped = new AtomicBoolean();
    AtomicReference<RuntimeException> builtFailure = new AtomicReference<>();
    Thread builtSide = new Thread(() -> {
      try (OutputStream out = new BufferedOutputStream(new Queued(chunks, stopped), CHUNK)) {
        reader.dehydrate(built, "", out);
      } catch (IOException e) {
        builtFailure.set(new UncheckedIOException(e));
      } catch (RuntimeException e) {
        builtFailure.set(e);
      } finally {
        put(chunks, END, stopped);
      }
    }, "archive of " + built.getFileName());
    builtSide.setDaemon(true);
    builtSide.start();
    Compared compared = new Compared(chunks);
    try {
      boolean same;
      try (OutputStream out = new BufferedOutputStream(compared, CHUNK)) {
        reader.dehydrate(target, "", out);
        out.flush();
        same = compared.atEnd();
      } catch (UncheckedIOException e) {
        if (!(e.getCause() instanceof Differs)) {
          throw e;
        }
        same = false;
      } catch (Differs e) {
        same = false;
      }
      // The built side ends its chunks early when it fails: that is no difference, but its failure.
      if (builtFailure.get() != null) {
        throw builtFailure.get();
      }
      return same;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      stopped.set(true);
      chunks.clear();
      join(builtSide);
    }
  }

  /** Whether changes may sit in a {@code -wal} file beside {@code db}, where its own file does not show them. */
  private static boolean hasWalContent(Path db) {
    Path wal = db.resolveSibling(db.getFileName() + "-wal");
    try {
      return Files.exists(wal) && Files.size(wal) > 0;
    } catch (IOException e) {
      return true;
    }
  }

  private static void put(BlockingQueue<byte[]> chunks, byte[] chunk, AtomicBoolean stopped) {
    try {
      while (!chunks.offer(chunk, 10, TimeUnit.MILLISECONDS)) {
        if (stopped.get()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Thrown by the comparing stream at the first byte that differs; it ends the target's read. */
  private static final class Differs extends IOException {
    Differs() {
      super("the archives differ");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // an answer, not an error: no trace to fill in
    }
  }

  /** Hands what it is given, in chunks, to the comparing side; fails once that side has stopped. */
  private static final class Queued extends OutputStream {
    private final BlockingQueue<byte[]> chunks;
    private final AtomicBoolean stopped;

    Queued(BlockingQueue<byte[]> chunks, AtomicBoolean stopped) {
      this.chunks = chunks;
      this.stopped = stopped;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      byte[] chunk = Arrays.copyOfRange(b, off, off + len);
      put(chunks, chunk, stopped);
      if (stopped.get()) {
        throw new IOException("the comparison has ended");
      }
    }
  }

  /** Compares what it is given with the chunks of the built side, in order. Not thread safe. */
  private static final class Compared extends OutputStream {
    private final BlockingQueue<byte[]> chunks;
    private byte[] chunk = new byte[0];
    private int at;
    /** Set at the built side's end, or at a difference: nothing more is taken from the chunks. */
    private boolean ended;

    Compared(BlockingQueue<byte[]> chunks) {
      this.chunks = chunks;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        // Also once ended: the writer flushes again when it closes after a difference.
        if (ended || (at == chunk.length && !next())) {
          throw new Differs();
        }
        int n = Math.min(len, chunk.length - at);
        if (!Arrays.equals(b, off, off + n, chunk, at, at + n)) {
          ended = true;
          throw new Differs();
        }
        at += n;
        off += n;
        len -= n;
      }
    }

    /** Whether the built side has ended exactly where this side did. */
    boolean atEnd() throws IOException {
      return !ended && at == chunk.length && !next();
    }

    /** Takes the built side's next chunk; false at its end. */
    private boolean next() throws IOException {
      try {
        chunk = chunks.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while comparing", e);
      }
      at = 0;
      ended = chunk == END;
      return !ended;
    }
  }
}
