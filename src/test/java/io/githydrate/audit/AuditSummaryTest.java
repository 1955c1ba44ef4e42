package io.githydrate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures per operation: runs, success rate and durations. */
class AuditSummaryTest {
  private static AuditRecord line(int second, String operation, String database, long ms, String result, long pid) {
    return new AuditRecord(Instant.parse("2026-12-01T10:00:00Z").plusSeconds(second), operation, database, null, null,
        null, ms, result, null, pid);
  }

  @Test
  void countsRunsNotLinesAndARunFailsWhenAnyOfItsDatabasesFailed() {
    List<AuditRecord> records = List.of(
        line(0, "sync", "a.db", 100, "written", 1), line(0, "sync", "b.db", 100, "failed", 1),
        line(1, "sync", null, 40, "ok", 2),
        line(2, "sync", "a.db", 60, "unchanged", 3),
        line(3, "hook pre-commit", null, 900, "refused", 4),
        line(4, "hook pre-commit", null, 30, "nothing to do", 5));
    assertEquals(List.of(new AuditSummary.Operation("hook pre-commit", 2, 0, 30, 900, 900),
        new AuditSummary.Operation("sync", 3, 1, 60, 100, 100)), AuditSummary.of(records));
    assertEquals(100.0 * 2 / 3, AuditSummary.of(records).get(1).successRate(), 1e-9);
    assertEquals(100.0, AuditSummary.of(records).get(0).successRate(), "a refused commit is the hook doing its job");
  }

  @Test
  void medianAndP95AreNearestRank() {
    List<AuditRecord> records = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      records.add(line(i, "hook post-checkout", null, i * 10L, "ok", i));
    }
    AuditSummary.Operation o = AuditSummary.of(records).get(0);
    assertEquals(40, o.runs());
    assertEquals(200, o.medianMs());
    assertEquals(380, o.p95Ms());
    assertEquals(400, o.maxMs());
    assertEquals(100.0, o.successRate());
  }

  @Test
  void noRecordsNoOperations() {
    assertEquals(List.of(), AuditSummary.of(List.of()));
  }
}
