package io.githydrate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any records written are read back the same, in order, with the same summary; and the log and its
 * older file never pass their bound.
 */
class AuditPropertyTest {
  @Property(tries = 100)
  void recordsWrittenAreReadBackTheSameWithTheSameSummary(@ForAll("runs") List<List<AuditRecord>> runs)
      throws IOException {
    Path dir = Files.createTempDirectory("audit-property");
    try {
      AuditLog log = new AuditLog(dir.resolve("audit.log"), 1 << 20);
      runs.forEach(log::append);
      List<AuditRecord> written = runs.stream().flatMap(List::stream).map(AuditPropertyTest::asStored).toList();
      List<AuditRecord> read = AuditReader.read(log);
      assertEquals(written, read);
      assertEquals(AuditSummary.of(written), AuditSummary.of(read));
    } finally {
      delete(dir);
    }
  }

  @Property(tries = 100)
  void theLogAndItsOlderFileStayWithinTheirBound(@ForAll("runs") List<List<AuditRecord>> runs,
      @ForAll("bounds") int bound) throws IOException {
    Path dir = Files.createTempDirectory("audit-property");
    try {
      AuditLog log = new AuditLog(dir.resolve("audit.log"), bound);
      for (List<AuditRecord> run : runs) {
        log.append(run);
        long runBytes = run.stream().mapToLong(r -> r.toLine().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1).sum();
        // A run larger than the bound is written whole to a fresh file: the bound then is that run.
        long limit = Math.max(bound, runBytes);
        assertTrue(Files.size(log.file()) <= limit, Files.size(log.file()) + " > " + limit);
        assertTrue(!Files.exists(log.rotated()) || Files.size(log.rotated()) <= Math.max(bound, maxRun(runs)));
      }
      List<AuditRecord> read = AuditReader.read(log);
      List<AuditRecord> all = runs.stream().flatMap(List::stream).map(AuditPropertyTest::asStored).toList();
      assertEquals(all.subList(all.size() - read.size(), all.size()), read, "the latest records, whole runs");
    } finally {
      delete(dir);
    }
  }

  private static long maxRun(List<List<AuditRecord>> runs) {
    return runs.stream().mapToLong(run -> run.stream()
        .mapToLong(r -> r.toLine().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1).sum()).max().orElse(0);
  }

  /** A record as the log keeps it: its error made printable and shortened, as a user is shown it. */
  private static AuditRecord asStored(AuditRecord r) {
    try {
      return AuditReader.parse(r.toLine());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Provide
  Arbitrary<Integer> bounds() {
    return Arbitraries.integers().between(200, 5000);
  }

  @Provide
  Arbitrary<List<List<AuditRecord>>> runs() {
    Arbitrary<String> text = Arbitraries.strings().withChars("abc./ _-\"\\\n\té名😀\u0000\u001b").ofMaxLength(30);
    Arbitrary<String> maybe = Arbitraries.oneOf(text, Arbitraries.just(null));
    Arbitrary<String> digest = Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789abcdef").ofLength(64),
        Arbitraries.just(null));
    Arbitrary<Long> rows = Arbitraries.oneOf(Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.just(null));
    Arbitrary<String> results = Arbitraries.of("ok", "failed", "refused", "nothing to do", "written", "replaced");
    Arbitrary<Instant> times = Arbitraries.longs().between(0, 4_000_000_000_000L).map(Instant::ofEpochMilli);
    Arbitrary<AuditRecord> records = Combinators.combine(times, text.filter(s -> !s.isEmpty()), maybe, digest, digest,
        rows, Arbitraries.longs().between(0, 10_000_000), results).as((time, op, db, before, after, n, ms, result) ->
            new AuditRecord(time, op, db, before, after, n, ms, result, null, 1))
        .flatMap(r -> Combinators.combine(maybe, Arbitraries.longs().between(1, 1L << 22)).as((error, pid) ->
            new AuditRecord(r.time(), r.operation(), r.database(), r.archiveBefore(), r.archiveAfter(), r.rows(),
                r.durationMs(), r.result(), error, pid)));
    return records.list().ofMinSize(1).ofMaxSize(4).list().ofMaxSize(40);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
