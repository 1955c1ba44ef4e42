package io.githydrate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a run's notes and the sync state's digests before and after become in the log. */
class AuditTrailTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);
  private static final String C = "c".repeat(64);
  private static final long START = 1_000_000_000L;
  private static final long END = START + 250_000_000L;

  private final AuditTrail trail = AuditTrail.start(new AuditLog(Path.of("unused"), 1), "hook post-checkout", START);

  @AfterEach
  void done() {
    trail.abandon();
  }

  private static List<String> results(List<AuditRecord> records) {
    return records.stream().map(r -> r.database() + " " + r.result() + " " + r.error()).toList();
  }

  @Test
  void aRunsTimeIsWhenItBeganNotWhenItsTrailWasMade() {
    java.time.Instant before = java.time.Instant.now();
    AuditTrail begunEarlier = AuditTrail.start(new AuditLog(Path.of("unused"), 1), "hook post-checkout",
        System.nanoTime() - 5_000_000_000L);
    AuditRecord r = begunEarlier.records(0, Map.of(), Map.of(), System.nanoTime()).get(0);
    begunEarlier.abandon();
    assertTrue(r.time().isBefore(before.minusSeconds(4)), r::toString);
    assertTrue(r.durationMs() >= 5000, r::toString);
  }

  @Test
  void aRunThatTouchedNoDatabaseIsOneLineWithoutOne() {
    List<AuditRecord> records = trail.records(0, Map.of("app.db", A), Map.of("app.db", A), END);
    assertEquals(1, records.size());
    AuditRecord r = records.get(0);
    assertEquals("hook post-checkout", r.operation());
    assertEquals(null, r.database());
    assertEquals(250, r.durationMs());
    assertEquals(AuditRecord.NOTHING_TO_DO, r.result(), "a hook that touched no database");
    AuditTrail command = AuditTrail.start(new AuditLog(Path.of("unused"), 1), "status", START);
    assertEquals(AuditRecord.OK, command.records(0, Map.of(), Map.of(), END).get(0).result());
    command.abandon();
  }

  @Test
  void eachDatabaseNotedOrWhoseArchiveChangedGetsALineWithItsDigests() {
    assertSame(trail, AuditTrail.current());
    AuditTrail.current().database("app.db", "replaced", 12L, null);
    AuditTrail.current().database("new.db", "written", 3L, C);
    List<AuditRecord> records = trail.records(0, Map.of("app.db", A, "other.db", A),
        Map.of("app.db", B, "other.db", C), END);
    assertEquals(List.of("app.db replaced null", "new.db written null", "other.db ok null"), results(records));
    assertEquals(A, records.get(0).archiveBefore());
    assertEquals(B, records.get(0).archiveAfter());
    assertEquals(12L, records.get(0).rows());
    assertEquals(null, records.get(1).archiveBefore());
    assertEquals(C, records.get(1).archiveAfter(), "the digest the run knew");
    assertEquals(C, records.get(2).archiveAfter());
  }

  @Test
  void aFailedDatabaseKeepsItsMessage() {
    AuditTrail.current().failed("app.db", "app.db: corrupt");
    AuditTrail.current().problem("app.db: corrupt (printed)");
    assertEquals(List.of("app.db failed app.db: corrupt"), results(trail.records(1, Map.of(), Map.of(), END)));
  }

  @Test
  void theFirstProblemLineStandsInForAMissingError() {
    AuditTrail.current().problem("-C nowhere: no such directory");
    AuditTrail.current().problem("a second line");
    assertEquals(List.of("null failed -C nowhere: no such directory"),
        results(trail.records(1, Map.of(), Map.of(), END)));
    AuditTrail.current().error("the error itself");
    assertEquals(List.of("null failed the error itself"), results(trail.records(1, Map.of(), Map.of(), END)));
  }

  @Test
  void aRefusedCommitIsRefusedAndAQuietFailureIsAFailure() {
    AuditTrail.current().refused();
    AuditTrail.current().problem("app.db is a SQLite database");
    assertEquals(List.of("null refused app.db is a SQLite database"), results(trail.records(1, Map.of(), Map.of(), END)));
    AuditTrail.current().failedQuietly("databases were not updated: bad .hydrateconfig");
    assertEquals(List.of("null failed databases were not updated: bad .hydrateconfig"),
        results(trail.records(0, Map.of(), Map.of(), END)));
  }

  @Test
  void withoutARunNotesGoNowhere() {
    trail.abandon();
    AuditTrail none = AuditTrail.current();
    none.database("app.db", "written", 1L, null);
    none.error("x");
    none.finish(0, Map.of(), Map.of());
    assertSame(none, AuditTrail.current());
  }
}
