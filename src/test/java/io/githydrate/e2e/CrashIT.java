package io.githydrate.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.githydrate.TestSqlite;
import io.githydrate.cli.Main;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Progress;
import io.githydrate.testing.ChildProcess;
import io.githydrate.testing.InProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills {@code hydrate --force} (archive B over database A) and {@code dehydrate} (database B over
 * archive A) with SIGKILL at random moments of their run, hundreds of times, each in a child JVM as
 * a user would run it. After every kill the database must hold A's or B's content completely and pass
 * {@code integrity_check} once SQLite has rolled back what the dead process left half written (as
 * the next application to open it does), every backup must be complete, and the archive must be A's
 * or B's bytes exactly; a normal run afterwards must leave no temporary files. kill -9 keeps the
 * OS page cache, so this tests process death, not power loss.
 */
class CrashIT {
  /** Runs per scenario; the two scenarios run side by side, each in its own folder. */
  private static final int RUNS = Integer.getInteger("githydrate.crash.runs", 200);
  /**
   * Stops early (with what it has, at least {@link #MIN_RUNS}) so that the whole build stays well under
   * fifteen minutes on a 2-core machine; a release check runs longer with
   * {@code -Dgithydrate.crash.budgetMillis=600000}.
   */
  private static final long BUDGET_MILLIS = Long.getLong("githydrate.crash.budgetMillis", 70_000);
  /** A machine busy with other work may get through few runs; fewer than this proves too little. */
  private static final int MIN_RUNS = Math.min(RUNS, 25);
  private static final long CHILD_TIMEOUT_SECONDS = 60;

  @TempDir
  Path root;

  private String digestA;
  private String digestB;
  private Path nativeDir;

  /** How one run ended, judged from what it left. */
  enum End { KILLED_BEFORE_WORK, KILLED_DURING_WORK, KILLED_AFTER_WORK, FINISHED }

  record Tally(String scenario, int[] ends, int maxTempFiles) {
    int runs() {
      return Arrays.stream(ends).sum();
    }
  }

  @Test
  void killedRunsLeaveTheOldOrTheNewContentAndNoTemporaryFilesPileUp() throws Exception {
    Path a = root.resolve("a.db");
    Path b = root.resolve("b.db");
    create(a, "old", 1500);
    create(b, "new", 2500);
    Dehydrator dehydrator = new Dehydrator(2000, Progress.NONE);
    digestA = dehydrator.digest(a, "app.db");
    digestB = dehydrator.digest(b, "app.db");
    assertTrue(!digestA.equals(digestB));
    byte[] archiveA = archiveOf(a);
    byte[] archiveB = archiveOf(b);
    nativeDir = Files.createDirectories(root.resolve("native"));

    long deadline = System.currentTimeMillis() + BUDGET_MILLIS;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Tally> hydrate = pool.submit(() -> hydrateScenario(a, archiveB, deadline));
      Future<Tally> dehydrate = pool.submit(() -> dehydrateScenario(b, archiveA, archiveB, deadline));
      Tally h = hydrate.get();
      Tally d = dehydrate.get();
      String summary = "CrashIT: " + (h.runs() + d.runs()) + " runs killed at random (SIGKILL) or left to finish; "
          + describe(h) + "; " + describe(d) + "; all left the old or the new content intact"
          + " (integrity_check ok, archives byte-identical), no temporary files after a normal run";
      System.out.println(summary);
      assertTrue(h.runs() >= MIN_RUNS && d.runs() >= MIN_RUNS, "too few runs in the time budget: " + summary);
    } finally {
      pool.shutdownNow();
    }
  }

  private static String describe(Tally t) {
    return t.scenario() + " " + t.runs() + " (killed before the work " + t.ends()[0] + ", during " + t.ends()[1]
        + ", after " + t.ends()[2] + ", finished " + t.ends()[3] + "; at most " + t.maxTempFiles()
        + " temporary files left at once)";
  }

  /** Database A in a folder of its own, hydrated from archive B with --force, over and over. */
  private Tally hydrateScenario(Path a, byte[] archiveB, long deadline) throws Exception {
    Path dir = Files.createDirectories(root.resolve("hydrate"));
    Path db = dir.resolve("app.db");
    Files.write(dir.resolve("b.json"), archiveB);
    String[] command = {"hydrate", "b.json", "-o", "app.db", "--force"};
    long normal = measure(dir, command, () -> reset(a, db), () -> assertDatabase(db, digestB));
    Random random = new Random(Long.getLong("githydrate.crash.seed", System.nanoTime()));
    int[] ends = new int[End.values().length];
    int maxTemp = 0;
    for (int run = 0; run < RUNS && System.currentTimeMillis() < deadline; run++) {
      reset(a, db);
      List<String> before = names(dir);
      long start = System.nanoTime();
      boolean finished = runChild(dir, command, killDelay(random, normal));
      normal = adjusted(normal, finished, start);
      List<String> after = names(dir);
      maxTemp = Math.max(maxTemp, temporaryFiles(after));
      String digest = assertDatabase(db, null);
      for (String name : after) {
        if (name.endsWith(".bak")) {
          // A backup is written under another name and renamed: it is whole or absent.
          assertEquals(digestA, checkedDigest(dir.resolve(name)), "backup " + name + " after run " + run);
          Files.delete(dir.resolve(name));
        }
      }
      End end;
      if (finished) {
        end = End.FINISHED;
        assertEquals(digestB, digest, "a finished run left other content");
      } else if (digest.equals(digestB)) {
        end = End.KILLED_AFTER_WORK;
      } else if (before.containsAll(after)) {
        end = End.KILLED_BEFORE_WORK;
      } else {
        end = End.KILLED_DURING_WORK;
      }
      ends[end.ordinal()]++;
    }
    reset(a, db);
    assertTrue(runChild(dir, command, -1), "the run after the killed ones failed");
    assertEquals(digestB, assertDatabase(db, digestB));
    for (String name : names(dir)) {
      assertTrue(name.equals("app.db") || name.equals("b.json") || name.endsWith(".bak"),
          "left after a normal run: " + name + " in " + names(dir));
    }
    return new Tally("hydrate --force", ends, maxTemp);
  }

  /** Database B in a folder of its own, dehydrated over archive A, over and over. */
  private Tally dehydrateScenario(Path b, byte[] archiveA, byte[] archiveB, long deadline) throws Exception {
    Path dir = Files.createDirectories(root.resolve("dehydrate"));
    Files.copy(b, dir.resolve("app.db"));
    Path archive = dir.resolve("app.db.json");
    String[] command = {"dehydrate", "app.db", "-o", "app.db.json"};
    long normal = measure(dir, command, () -> Files.write(archive, archiveA),
        () -> assertArrayEquals(archiveB, Files.readAllBytes(archive)));
    Random random = new Random(Long.getLong("githydrate.crash.seed", System.nanoTime()) + 1);
    int[] ends = new int[End.values().length];
    int maxTemp = 0;
    for (int run = 0; run < RUNS && System.currentTimeMillis() < deadline; run++) {
      Files.write(archive, archiveA);
      List<String> before = names(dir);
      long start = System.nanoTime();
      boolean finished = runChild(dir, command, killDelay(random, normal));
      normal = adjusted(normal, finished, start);
      List<String> after = names(dir);
      maxTemp = Math.max(maxTemp, temporaryFiles(after));
      byte[] bytes = Files.readAllBytes(archive);
      boolean isB = Arrays.equals(archiveB, bytes);
      if (!isB && !Arrays.equals(archiveA, bytes)) {
        fail("run " + run + " left an archive that is neither the old nor the new one (" + bytes.length + " bytes)");
      }
      End end = finished ? End.FINISHED : isB ? End.KILLED_AFTER_WORK
          : before.containsAll(after) ? End.KILLED_BEFORE_WORK : End.KILLED_DURING_WORK;
      if (finished) {
        assertTrue(isB, "a finished run left the old archive");
      }
      ends[end.ordinal()]++;
    }
    Files.write(archive, archiveA);
    assertTrue(runChild(dir, command, -1), "the run after the killed ones failed");
    assertArrayEquals(archiveB, Files.readAllBytes(archive));
    assertEquals(List.of("app.db", "app.db.json"), names(dir), "left after a normal run");
    return new Tally("dehydrate", ends, maxTemp);
  }

  /** The normal run's length, following the machine's load: runs that finish tell how long they took. */
  private static long adjusted(long normal, boolean finished, long startNanos) {
    return finished ? (normal * 3 + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)) / 4 : normal;
  }

  /**
   * A moment from the start of the child JVM to well past the end of a normal run. Most of a
   * run is the JVM starting, so two kills in three fall in the last part, where the files change.
   */
  private static long killDelay(Random random, long normalMillis) {
    double from = random.nextInt(3) == 0 ? 0 : 0.65;
    return (long) (normalMillis * (from + random.nextDouble() * (1.3 - from)));
  }

  interface Step {
    void run() throws Exception;
  }

  /** Milliseconds a normal run takes (the median of three), checking each one's result. */
  private long measure(Path dir, String[] command, Step reset, Step check) throws Exception {
    long[] times = new long[3];
    for (int i = 0; i < times.length; i++) {
      reset.run();
      long start = System.nanoTime();
      assertTrue(runChild(dir, command, -1), "a normal run failed: " + String.join(" ", command));
      times[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      check.run();
    }
    Arrays.sort(times);
    return times[1];
  }

  /**
   * Runs git-hydrate in a child JVM and kills it after {@code killAfterMillis} (never when negative).
   * Returns whether it finished on its own; a run that finished must have succeeded.
   */
  private boolean runChild(Path dir, String[] args, long killAfterMillis) throws IOException, InterruptedException {
    List<String> command = ChildProcess.java(Main.class, args);
    // The driver unpacks its native library per JVM; a killed JVM cannot delete its copy.
    command.addAll(1, List.of("-Xshare:auto", "-Dorg.sqlite.tmpdir=" + nativeDir, "-Djava.io.tmpdir=" + nativeDir));
    Path log = Files.createTempFile(root, "child", ".log");
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    process.getOutputStream().close();
    boolean finished;
    if (killAfterMillis < 0) {
      finished = process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } else {
      finished = process.waitFor(killAfterMillis, TimeUnit.MILLISECONDS);
    }
    if (!finished) {
      process.destroyForcibly();
      if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        fail("a killed child did not end");
      }
      if (killAfterMillis < 0) {
        fail("a normal run timed out: " + Files.readString(log));
      }
    } else if (process.exitValue() != 0) {
      fail("git-hydrate " + String.join(" ", args) + " exited with " + process.exitValue() + ": "
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    Files.delete(log);
    return finished;
  }

  /** Puts database A back as the target, with nothing SQLite could apply to it. */
  private static void reset(Path a, Path db) throws IOException {
    Files.deleteIfExists(db.resolveSibling("app.db-journal"));
    Files.copy(a, db, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Opens {@code db} read-write as an application would (rolling back what a dead writer left), runs
   * integrity_check, and returns its content digest, which must be A's or B's (or {@code expected}).
   */
  private String assertDatabase(Path db, String expected) throws SQLException {
    String digest = checkedDigest(db);
    if (expected != null) {
      assertEquals(expected, digest);
    } else {
      assertTrue(digest.equals(digestA) || digest.equals(digestB), db + " holds neither A nor B");
    }
    return digest;
  }

  private static String checkedDigest(Path db) throws SQLException {
    try (Connection connection = TestSqlite.open(db)) {
      assertEquals(List.of(TestSqlite.row("ok")), TestSqlite.query(connection, "PRAGMA integrity_check"),
          db + ": integrity_check");
    }
    return new Dehydrator(2000, Progress.NONE).digest(db, "app.db");
  }

  private static int temporaryFiles(List<String> names) {
    return (int) names.stream().filter(n -> n.contains(".git-hydrate.tmp")).count();
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void create(Path db, String word, int rows) throws SQLException {
    TestSqlite.exec(db, "CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT NOT NULL, body TEXT)",
        "CREATE INDEX item_name ON item(name)",
        "WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < " + rows + ")"
            + " INSERT INTO item SELECT v, '" + word + "-' || v, replace(printf('%200s', ''), ' ', char(65 + v % 26))"
            + " FROM n");
  }

  /** The archive the command line writes for {@code db} when it is named app.db. */
  private byte[] archiveOf(Path db) throws IOException {
    Path dir = Files.createTempDirectory(root, "archive");
    Files.copy(db, dir.resolve("app.db"));
    InProcess.Run dehydrate = InProcess.run(dir, "dehydrate", "app.db", "-o", "app.db.json");
    assertEquals(0, dehydrate.exitCode(), dehydrate::toString);
    return Files.readAllBytes(dir.resolve("app.db.json"));
  }
}
