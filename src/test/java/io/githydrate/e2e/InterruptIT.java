package io.githydrate.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.TestSqlite;
import io.githydrate.cli.Main;
import io.githydrate.testing.ChildProcess;
import io.githydrate.testing.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) or SIGTERM during a large hydrate or dehydrate: the JVM's shutdown hook deletes the
 * temporary file the run was writing, so nothing of tens of megabytes waits for the next run; the
 * target is left as it was. A child JVM runs git-hydrate and is stopped once its temporary file
 * exists, mid-work. (SIGKILL runs no hook: CrashIT covers what the next run then removes.)
 */
class InterruptIT {
  /** Rows enough for a run of a few seconds on a busy two-core machine: an archive of about 40 MB. */
  private static final int ROWS = 200_000;

  @TempDir
  Path dir;

  private Path database;

  @BeforeEach
  void aLargeDatabase() throws Exception {
    database = dir.resolve("big.db");
    TestSqlite.exec(database, "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b BLOB)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + ROWS + ")"
            + " INSERT INTO t SELECT i, hex(randomblob(40)), randomblob(60) FROM n");
  }

  @Test
  void ctrlCDuringDehydrateLeavesNoTemporaryFile() throws Exception {
    stopMidWork("INT", "dehydrate", "big.db", "-o", "big.json");
    assertFalse(Files.exists(dir.resolve("big.json")), "no archive was half written");
  }

  @Test
  void sigtermDuringDehydrateLeavesNoTemporaryFile() throws Exception {
    stopMidWork("TERM", "dehydrate", "big.db", "-o", "big.json");
    assertFalse(Files.exists(dir.resolve("big.json")), "no archive was half written");
  }

  @Test
  void ctrlCDuringHydrateLeavesNoTemporaryFile() throws Exception {
    archive();
    stopMidWork("INT", "hydrate", "big.json", "-o", "copy.db");
    assertFalse(Files.exists(dir.resolve("copy.db")), "no database was half built");
  }

  @Test
  void sigtermDuringHydrateLeavesNoTemporaryFileAndTheOldDatabase() throws Exception {
    archive();
    TestSqlite.exec(database, "DELETE FROM t WHERE id % 2 = 0");
    byte[] before = Files.readAllBytes(database);
    stopMidWork("TERM", "hydrate", "--force", "big.json", "-o", "big.db");
    assertArrayEquals(before, Files.readAllBytes(database), "the database is as it was");
  }

  private void archive() throws Exception {
    Process process = new ProcessBuilder(ChildProcess.java(Main.class, "dehydrate", "big.db", "-o", "big.json"))
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("archive.log").toFile()).start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "dehydrate did not end");
    assertEquals(0, process.exitValue(), () -> read(dir.resolve("archive.log")));
  }

  /**
   * Runs {@code git-hydrate args} in a child JVM, sends it SIG{@code signal} once its temporary file
   * has appeared, and checks that it ended by the signal and left no temporary file.
   */
  private void stopMidWork(String signal, String... args) throws Exception {
    Path log = dir.resolve("child.log");
    Process process = new ProcessBuilder(ChildProcess.java(Main.class, args)).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    process.getOutputStream().close();
    Poll.until(Duration.ofSeconds(60), Duration.ofMillis(20), "a temporary file made",
        () -> !process.isAlive() || !temporaryFilesOrNone().isEmpty());
    assertTrue(process.isAlive(), () -> "the run ended before it could be stopped: " + read(log));
    assertFalse(ignored(process.pid(), signal), "SIG" + signal + " is ignored by this test's process, so its child"
        + " inherits that: run the tests from a shell that does not ignore it");
    assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor());
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the stopped run did not end");
    // 128 + the signal's number: the JVM ends as the signal says, once its shutdown hooks have run.
    assertNotEquals(0, process.exitValue(), () -> read(log));
    assertEquals(List.of(), temporaryFiles(), () -> "left behind after SIG" + signal + "; the run said: " + read(log));
  }

  /** The temporary files git-hydrate makes beside its targets, and their SQLite journals. */
  private List<Path> temporaryFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().contains(".git-hydrate.tmp")).toList();
    }
  }

  private List<Path> temporaryFilesOrNone() {
    try {
      return temporaryFiles();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Whether process {@code pid} ignores SIG{@code signal} (INT is 2, TERM 15), from Linux's /proc. */
  private static boolean ignored(long pid, String signal) throws IOException {
    int number = signal.equals("INT") ? 2 : 15;
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (number - 1))) != 0;
      }
    }
    return false;
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
