package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.testing.InProcess;
import io.githydrate.testing.InProcess.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing {@code hydrate --force} over an existing database with archives that were valid, then
 * changed at random ({@link ArchiveMutation}): the command ends in bounded time either with exit 0
 * and a database that holds what the archive says, or with a short error on stderr (no stack trace)
 * and the existing database's bytes as they were. Whatever the archive's SQL says, no file outside
 * the folder is written.
 */
class ArchiveFuzzPropertyTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final AtomicInteger TRIED = new AtomicInteger();
  private static final AtomicInteger ACCEPTED = new AtomicInteger();

  /** Fails when {@code text} shows a Java stack trace, or an unexpected exception reported as such. */
  static void assertNoStackTrace(String text) {
    assertFalse(text.contains("\tat ") || text.contains("Exception in thread") || text.contains("Caused by:"),
        "a stack trace:\n" + text);
    assertFalse(text.contains("git-hydrate: internal error"), "a bug, not a clear error:\n" + text);
  }

  @Provide
  Arbitrary<GeneratedDatabase> databases() {
    return DatabaseArbitraries.databases();
  }

  @Provide
  Arbitrary<List<ArchiveMutation>> mutations() {
    return ArchiveMutation.any().list().ofMinSize(1).ofMaxSize(3);
  }

  @Property(tries = 100)
  @Label("Fuzzing: a changed archive is refused with a clear error, or hydrated exactly")
  void aChangedArchiveIsRefusedOrHydratedExactly(@ForAll("databases") GeneratedDatabase generated,
      @ForAll("mutations") List<ArchiveMutation> mutations) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      Path source = scratch.resolve("source.db");
      generated.create(source);
      Path original = scratch.resolve("original.json");
      Engine.dehydrator().dehydrate(source, "app.db", original);
      byte[] valid = Files.readAllBytes(original);
      byte[] changed = valid;
      for (ArchiveMutation mutation : mutations) {
        changed = mutation.apply(changed);
      }
      Path archive = scratch.resolve("changed.json");
      Files.write(archive, changed);
      Path target = scratch.resolve("app.db");
      Files.write(target, existingDatabase());
      byte[] before = Files.readAllBytes(target);
      List<String> filesBefore = Scratch.list(scratch.root());

      Run run = assertTimeoutPreemptively(TIMEOUT,
          () -> InProcess.run(scratch.root(), "hydrate", archive.toString(), "-o", target.toString(), "--force"));
      TRIED.incrementAndGet();

      assertNoStackTrace(run.out() + run.err());
      assertFalse(Files.exists(ArchiveMutation.ESCAPE), "an archive made SQLite write " + ArchiveMutation.ESCAPE);
      assertTrue(Scratch.list(scratch.root()).stream().noneMatch(name -> name.endsWith(".tmp")),
          "temporary files left: " + Scratch.list(scratch.root()));
      if (run.exitCode() == 0) {
        ACCEPTED.incrementAndGet();
        assertHoldsWhatTheArchiveSays(scratch, archive, target, Arrays.equals(valid, changed) ? source : null);
      } else {
        assertEquals(1, run.exitCode(), run.err());
        List<String> lines = run.err().lines().toList();
        assertFalse(lines.isEmpty(), "failed without a word");
        assertTrue(lines.size() <= 3, "more than a few lines:\n" + run.err());
        for (String line : lines) {
          assertTrue(line.startsWith("git-hydrate:") || line.startsWith(scratch.root().toString())
              || line.startsWith("archive "), "a line that names neither the tool nor the file: " + line);
        }
        assertArrayEquals(before, Files.readAllBytes(target), "the existing database changed although hydrate failed");
        assertEquals(filesBefore, Scratch.list(scratch.root()), "files in the folder after a failed hydrate");
      }
    }
  }

  private static byte[] existing;

  /** The bytes of the database each try's hydrate replaces; made once, since every try needs the same. */
  private static synchronized byte[] existingDatabase() throws Exception {
    if (existing == null) {
      try (Scratch scratch = Scratch.create()) {
        Path db = scratch.resolve("existing.db");
        Sqlite.execute(db, "CREATE TABLE existing(id INTEGER PRIMARY KEY, note TEXT)",
            "INSERT INTO existing(note) VALUES ('kept unless the archive is good')");
        existing = Files.readAllBytes(db);
      }
    }
    return existing;
  }

  /**
   * The target, replaced, holds what a fresh hydrate of the same archive holds (and, when the
   * changes cancelled out, what the source held); and it passes SQLite's own check.
   */
  private static void assertHoldsWhatTheArchiveSays(Scratch scratch, Path archive, Path target, Path source)
      throws Exception {
    assertEquals(List.of(List.of("ok")), Sqlite.rows(target, "PRAGMA integrity_check", List.of()));
    Path fresh = scratch.resolve("fresh.db");
    Run again = InProcess.run(scratch.root(), "hydrate", archive.toString(), "-o", fresh.toString());
    assertEquals(0, again.exitCode(), "the archive was accepted over a database but not into a new one: " + again.err());
    assertEquals(Snapshot.of(fresh), Snapshot.of(target), "replacing and creating from one archive differ");
    if (source != null) {
      assertEquals(Snapshot.of(source).rows(), Snapshot.of(target).rows(), "the unchanged archive's rows");
    }
  }

  @AfterContainer
  static void figures() {
    System.out.printf("archive fuzzing: %d changed archives tried, %d accepted and hydrated exactly,"
        + " %d refused with a clear error and the database unchanged%n",
        TRIED.get(), ACCEPTED.get(), TRIED.get() - ACCEPTED.get());
  }
}
