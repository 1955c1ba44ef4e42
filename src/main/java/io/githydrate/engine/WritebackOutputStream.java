package io.githydrate.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Semaphore;
import org.apache.commons.io.output.ProxyOutputStream;

/**
 * Writes a new file and has a helper thread sync what was written every {@link #STEP} bytes, so the
 * disk takes the data while more is written instead of all at the final sync. Syncing the 308 MB
 * archive of the benchmark at its end took 140–160 ms, most of it the file system placing the
 * blocks, a tenth of the whole dehydrate; with this, the final sync finds little left to do.
 *
 * <p>Only a matter of speed: the final {@link AtomicFiles#sync} is still what makes the file
 * durable, and a failure of the helper's sync is left for that one to meet. The helper syncs through
 * a descriptor of its own, so that the writing stream is never touched from two threads.
 */
final class WritebackOutputStream extends ProxyOutputStream {
  static final long STEP = 16L << 20;

  private final FileChannel syncChannel;
  private final Semaphore due = new Semaphore(0);
  private final Thread helper;
  private volatile boolean closed;
  private long written;
  private long requested;
  /** Syncs the helper has done, for tests. */
  private volatile int syncs;

  /** Wraps {@code out}, which writes {@code file}. */
  WritebackOutputStream(OutputStream out, Path file) throws IOException {
    super(out);
    this.syncChannel = FileChannel.open(file, StandardOpenOption.WRITE);
    this.helper = new Thread(this::syncWhenDue, "git-hydrate writeback");
    helper.setDaemon(true);
    helper.start();
  }

  @Override
  protected void afterWrite(int n) {
    written += n;
    if (written - requested >= STEP) {
      requested = written;
      if (due.availablePermits() == 0) {
        due.release(); // a helper still syncing the last step takes this one with it
      }
    }
  }

  private void syncWhenDue() {
    try {
      while (true) {
        due.acquire();
        if (closed) {
          return;
        }
        syncChannel.force(false);
        syncs++;
      }
    } catch (InterruptedException | IOException e) {
      // the final sync reports any real problem
    }
  }

  int syncs() {
    return syncs;
  }

  /** Whether the helper thread still runs, for tests. */
  boolean helperRunning() {
    return helper.isAlive();
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      closed = true;
      due.release();
      try {
        helper.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      syncChannel.close();
    }
  }
}
