package io.githydrate.engine.properties;

import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Hydrator;
import io.githydrate.engine.Progress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/** The code under test, set up the same way for every property. */
final class Engine {
  private Engine() {}

  /** The label archives record; one for all, since it is part of the archive's bytes. */
  static final String LABEL = "data/generated.db";

  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(2);

  static Dehydrator dehydrator() {
    return new Dehydrator((int) LOCK_TIMEOUT.toMillis(), Progress.NONE);
  }

  static Hydrator hydrator(boolean force) {
    return hydrator(force, Clock.systemUTC());
  }

  static Hydrator hydrator(boolean force, Clock clock) {
    return new Hydrator(new Hydrator.Options(force, null, LOCK_TIMEOUT), Progress.NONE, clock);
  }

  /** Where two archives part, as "line n: expected ..., got ...", or null when they are equal. */
  static String firstDifference(byte[] expected, byte[] actual) {
    String[] want = new String(expected, StandardCharsets.UTF_8).split("\n", -1);
    String[] got = new String(actual, StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < Math.max(want.length, got.length); i++) {
      String w = i < want.length ? want[i] : "<end of archive>";
      String g = i < got.length ? got[i] : "<end of archive>";
      if (!w.equals(g)) {
        return "line " + (i + 1) + ": expected " + Snapshot.escape(w) + ", got " + Snapshot.escape(g);
      }
    }
    return java.util.Arrays.equals(expected, actual) ? null : "same text, different bytes";
  }
}
