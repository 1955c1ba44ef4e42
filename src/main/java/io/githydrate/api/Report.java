package io.githydrate.api;

import io.githydrate.HydrateException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one start ({@link HydrationManager#hydrateIfNeeded}) or exit ({@link HydrationManager#dehydrate})
 * did: each database's result, by its path (sorted), and every error, one line each naming the file.
 * One database's failure does not stop the others.
 *
 * @param timestamp when the run ended
 * @param duration how long it took
 */
public record Report(Instant timestamp, Duration duration, Map<String, DatabaseResult> databases,
    List<String> errors) {

  public Report {
    databases = Collections.unmodifiableMap(new TreeMap<>(databases));
    errors = List.copyOf(errors);
  }

  /** Whether no database failed. */
  public boolean ok() {
    return errors.isEmpty();
  }

  /** How many databases ended with {@code outcome}. */
  public long count(DatabaseResult.Outcome outcome) {
    return databases.values().stream().filter(d -> d.outcome() == outcome).count();
  }

  /** The tables of every archive built from or written. */
  public int totalTables() {
    return databases.values().stream().mapToInt(DatabaseResult::tables).sum();
  }

  /** The rows of every archive built from or written. */
  public long totalRows() {
    return databases.values().stream().mapToLong(DatabaseResult::rows).sum();
  }

  /**
   * This report, when no database failed.
   *
   * @throws HydrateException with the errors as its message, one a line
   */
  public Report orThrow() {
    if (!errors.isEmpty()) {
      throw new HydrateException(String.join("\n", errors));
    }
    return this;
  }
}
