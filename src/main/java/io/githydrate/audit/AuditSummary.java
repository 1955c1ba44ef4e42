package io.githydrate.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per operation, over the runs in a list of records: how many, how many succeeded, and how long they
 * took. A run is the lines one process wrote for one operation at one time (one per database it
 * touched); it failed when any of its lines says {@code failed}. Durations are whole milliseconds;
 * the median and 95th percentile are the nearest-rank ones.
 */
public final class AuditSummary {
  private AuditSummary() {}

  /** One operation's figures. */
  public record Operation(String name, int runs, int failed, long medianMs, long p95Ms, long maxMs) {
    /** The share of runs that did not fail, in percent. */
    public double successRate() {
      return runs == 0 ? 0 : 100.0 * (runs - failed) / runs;
    }
  }

  /** The figures of each operation in {@code records}, by operation name in alphabetical order. */
  public static List<Operation> of(List<AuditRecord> records) {
    Map<String, Map<List<Object>, long[]>> runs = new TreeMap<>();
    for (AuditRecord r : records) {
      long[] run = runs.computeIfAbsent(r.operation(), k -> new LinkedHashMap<>())
          .computeIfAbsent(List.of(r.time(), r.pid()), k -> new long[] {0, 0});
      run[0] = Math.max(run[0], r.durationMs());
      run[1] |= r.failed() ? 1 : 0;
    }
    List<Operation> operations = new ArrayList<>();
    runs.forEach((name, byRun) -> {
      List<Long> durations = new ArrayList<>();
      int failed = 0;
      for (long[] run : byRun.values()) {
        durations.add(run[0]);
        failed += (int) run[1];
      }
      Collections.sort(durations);
      operations.add(new Operation(name, durations.size(), failed, rank(durations, 50), rank(durations, 95),
          durations.get(durations.size() - 1)));
    });
    return operations;
  }

  /** The nearest-rank percentile of sorted, non-empty {@code values}. */
  static long rank(List<Long> values, int percent) {
    int index = (int) Math.ceil(percent / 100.0 * values.size()) - 1;
    return values.get(Math.max(0, Math.min(values.size() - 1, index)));
  }
}
