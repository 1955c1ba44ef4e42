package io.githydrate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.Warnings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log's file: lines written whole, read back, rotated within its bound, and never a failure. */
class AuditLogTest {
  private static final Instant TIME = Instant.parse("2026-12-01T10:00:00.123Z");

  @TempDir
  Path dir;

  private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();

  private void catchWarnings() {
    Warnings.to(new PrintStream(warnings, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void warningsBack() {
    Warnings.to(System.err);
  }

  private static AuditRecord record(String operation, String database, long durationMs, String result) {
    return new AuditRecord(TIME, operation, database, "a".repeat(64), "b".repeat(64), 12L, durationMs, result, null, 42);
  }

  @Test
  void aRecordIsOneLineThatReadsBackTheSame() throws IOException {
    AuditRecord odd = new AuditRecord(TIME, "hook post-checkout", "data/ä \"q\"\\\n.db", null, null, null, 0,
        AuditRecord.FAILED, "data/x.db: corrupt\n(\u001b[31m)", 7);
    String line = odd.toLine();
    assertEquals(-1, line.indexOf('\n'));
    assertEquals("{\"time\":\"2026-12-01T10:00:00.123Z\",\"operation\":\"hook post-checkout\","
        + "\"database\":\"data/ä \\\"q\\\"\\\\\\u000a.db\",\"archive_before\":null,\"archive_after\":null,"
        + "\"rows\":null,\"duration_ms\":0,\"result\":\"failed\","
        + "\"error\":\"data/x.db: corrupt\\\\u000a(\\\\u001b[31m)\",\"pid\":7}", line);
    AuditRecord read = AuditReader.parse(line);
    assertEquals(new AuditRecord(TIME, odd.operation(), odd.database(), null, null, null, 0, AuditRecord.FAILED,
        "data/x.db: corrupt\\u000a(\\u001b[31m)", 7), read, "the error as a user is shown it: no control characters");
  }

  @Test
  void aLongErrorIsShortenedSoThatALineStaysSmall() {
    AuditRecord long_ = new AuditRecord(TIME, "sync", "app.db", null, null, null, 1, AuditRecord.FAILED,
        "x".repeat(10_000), 1);
    assertTrue(long_.toLine().length() < 2048, long_.toLine().length() + " characters");
  }

  @Test
  void readsTheOlderFileFirstThenTheLog() {
    AuditLog log = new AuditLog(dir.resolve("git-hydrate/audit.log"), 1 << 20);
    assertEquals(List.of(), AuditReader.read(log), "no log yet: no records");
    log.append(List.of(record("sync", "a.db", 5, "written")));
    log.append(List.of(record("hook pre-commit", null, 7, "ok"), record("hook pre-commit", "b.db", 7, "written")));
    assertEquals(List.of(record("sync", "a.db", 5, "written"), record("hook pre-commit", null, 7, "ok"),
        record("hook pre-commit", "b.db", 7, "written")), AuditReader.read(log));
  }

  @Test
  void rotatesToOneOlderFileSoThatBothStayWithinTheirBound() throws IOException {
    long max = 4096;
    AuditLog log = new AuditLog(dir.resolve("git-hydrate/audit.log"), max);
    List<AuditRecord> written = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      AuditRecord r = record("sync", "db" + i + ".db", i, "written");
      written.add(r);
      log.append(List.of(r));
      assertTrue(Files.size(log.file()) <= max, "log " + Files.size(log.file()));
      assertTrue(!Files.exists(log.rotated()) || Files.size(log.rotated()) <= max);
    }
    assertTrue(Files.exists(log.rotated()));
    List<AuditRecord> read = AuditReader.read(log);
    assertEquals(written.subList(written.size() - read.size(), written.size()), read, "the latest records, in order");
    assertTrue(read.size() > max / written.get(0).toLine().length(), "more than the log alone holds: " + read.size());
  }

  @Test
  void linesAppendedFromManyThreadsAtOnceStayWhole() throws Exception {
    AuditLog log = new AuditLog(dir.resolve("git-hydrate/audit.log"), 1 << 20);
    int threads = 8;
    int each = 50;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < each; i++) {
          log.append(List.of(record("thread " + thread, "db" + i + ".db", i, "written"),
              record("thread " + thread, "other" + i + ".db", i, "unchanged")));
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    catchWarnings();
    List<AuditRecord> read = AuditReader.read(log);
    assertEquals("", warnings.toString(StandardCharsets.UTF_8), "no damaged line");
    assertEquals(threads * each * 2, read.size());
    for (int i = 0; i < read.size(); i += 2) {
      assertEquals(read.get(i).operation(), read.get(i + 1).operation(), "one run's lines together");
    }
  }

  @Test
  void aDamagedLineIsSkippedWithAWarningNamingFileAndLine() throws IOException {
    AuditLog log = new AuditLog(dir.resolve("git-hydrate/audit.log"), 1 << 20);
    log.append(List.of(record("sync", "a.db", 5, "written")));
    Files.writeString(log.file(), "{\"time\":\"2026-12-01T10:00:00Z\",\"operat\n", java.nio.file.StandardOpenOption.APPEND);
    log.append(List.of(record("sync", "b.db", 6, "written")));
    Files.writeString(log.rotated(), "not json\n");
    catchWarnings();
    List<AuditRecord> read = AuditReader.read(log);
    assertEquals(List.of(record("sync", "a.db", 5, "written"), record("sync", "b.db", 6, "written")), read);
    assertEquals("git-hydrate: warning: audit log " + log.rotated() + " line 1: not an audit record, skipped\n"
        + "git-hydrate: warning: audit log " + log.file() + " line 2: not an audit record, skipped\n",
        warnings.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aLogThatCannotBeWrittenIsAWarningNotAFailure() throws IOException {
    Files.writeString(dir.resolve("git-hydrate"), "a file where the folder should be");
    AuditLog log = new AuditLog(dir.resolve("git-hydrate/audit.log"), 1 << 20);
    catchWarnings();
    log.append(List.of(record("sync", "a.db", 5, "written")));
    assertEquals("git-hydrate: warning: audit log " + log.file() + ": cannot write (a file is in the way: "
        + dir.resolve("git-hydrate") + "); the command itself is not affected\n", warnings.toString(StandardCharsets.UTF_8));
  }

  @Test
  void thisProcessStartedBeforeThisTestAndNotLongBeforeThisJvmDid() {
    long start = AuditLog.processStartNanos();
    long now = System.nanoTime();
    long jvmUp = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    assertTrue(start <= now, "started in the future");
    long upMs = (now - start) / 1_000_000;
    assertTrue(upMs <= jvmUp + 1000, "up " + upMs + " ms, the JVM says " + jvmUp + " ms");
  }

  @Test
  void nothingToDoIsOneLineWithItsDuration() {
    long started = System.nanoTime() - 3_000_000;
    AuditLog.nothingToDo(dir, "hook pre-commit", started);
    List<AuditRecord> read = AuditReader.read(AuditLog.of(dir));
    assertEquals(1, read.size());
    AuditRecord r = read.get(0);
    assertEquals("hook pre-commit", r.operation());
    assertEquals(AuditRecord.NOTHING_TO_DO, r.result());
    assertEquals(null, r.database());
    assertTrue(r.durationMs() >= 3, r.toString());
    assertEquals(ProcessHandle.current().pid(), r.pid());
  }
}
