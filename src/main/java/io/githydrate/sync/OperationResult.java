package io.githydrate.sync;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference design's DehydrationResult / HydrationResult: per-database results keyed by the
 * database's path (sorted), totals, and every error met (one failing database does not stop the others).
 */
public record OperationResult(Instant timestamp, Map<String, DatabaseResult> databases, List<String> errors) {

  public OperationResult {
    databases = Collections.unmodifiableMap(new TreeMap<>(databases));
    errors = List.copyOf(errors);
  }

  public int totalTables() {
    return databases.values().stream().mapToInt(DatabaseResult::tables).sum();
  }

  public long totalRows() {
    return databases.values().stream().mapToLong(DatabaseResult::rows).sum();
  }

  public boolean ok() {
    return errors.isEmpty();
  }
}
