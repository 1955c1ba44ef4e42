package io.githydrate.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a condition the code under test reaches in its own time (a file that has settled for
 * some seconds, say): asked again and again rather than slept for, so that a test waits no longer
 * than it must, and fails with a message when it would wait forever.
 */
public final class Poll {
  private Poll() {}

  /**
   * Calls {@code done} every {@code every} until it returns true; fails the test, naming
   * {@code what}, once {@code limit} has passed without.
   */
  public static void until(Duration limit, Duration every, String what, BooleanSupplier done) {
    long start = System.nanoTime();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - start > limit.toNanos()) {
        throw new AssertionError("still not " + what + " after " + limit.toSeconds() + " s");
      }
      try {
        TimeUnit.NANOSECONDS.sleep(every.toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + what, e);
      }
    }
  }
}
