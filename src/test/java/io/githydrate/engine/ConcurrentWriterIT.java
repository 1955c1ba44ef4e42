package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.TestJson;
import io.githydrate.TestSqlite;
import io.githydrate.testing.InProcess;
import io.githydrate.testing.InProcess.Run;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * git-hydrate against a database another process writes to without pause ({@link TransferWriter}),
 * in WAL and in rollback-journal mode: every export is one consistent snapshot (the accounts sum to
 * what the marker row says), and a forced hydrate replaces the content through SQLite's locks, in the
 * same file, so that the writer carries on with the new content and never sees an error but
 * SQLITE_BUSY. Prints one line of figures per mode.
 *
 * <p>Each mode runs for {@code githydrate.concurrent.millis} (10 s by default; a release check runs
 * longer, say {@code -Dgithydrate.concurrent.millis=120000}), the forced hydrate a third of the way
 * in. The test, not a clock, says when the writer stops: only once an export has followed the
 * hydrate and the writer has committed on the new content, however slowly a busy machine runs.
 */
class ConcurrentWriterIT {
  private static final long WRITER_MILLIS = Long.getLong("githydrate.concurrent.millis", 10_000);
  /** How long the writer may take to meet the new content, or to stop once told. */
  private static final long WAIT_SECONDS = 60;
  private static final int ACCOUNTS = 100;

  @TempDir
  Path dir;

  private Run run(String... args) {
    return InProcess.run(dir, args);
  }

  private Path bank(String name, String journalMode, String marker, long balance) throws Exception {
    Path db = dir.resolve(name);
    TestSqlite.exec(db, "PRAGMA journal_mode = " + journalMode,
        "CREATE TABLE account(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + ACCOUNTS + ")"
            + " INSERT INTO account SELECT i, " + balance + " FROM n",
        "CREATE TABLE marker(name TEXT NOT NULL, total INTEGER NOT NULL)",
        "INSERT INTO marker VALUES ('" + marker + "', " + ACCOUNTS * balance + ")");
    return db;
  }

  @ParameterizedTest(name = "journal_mode = {0}")
  @ValueSource(strings = {"WAL", "DELETE"})
  void exportsAreSnapshotsAndAHydrateReplacesTheContentUnderTheWriter(String journalMode) throws Exception {
    Path db = bank("bank.db", journalMode, "original", 1000);
    Path replacement = dir.resolve("replacement.json");
    Path other = bank("other.db", "DELETE", "replaced", 2000);
    assertEquals(0, run("dehydrate", other.toString(), "-o", replacement.toString()).exitCode());
    Object inode = Files.getAttribute(db, "unix:ino");

    Process writer = TransferWriter.start(db);
    WriterOutput output = new WriterOutput(writer);
    long start = System.nanoTime();
    int exports = 0;
    int exportsAfterReplacing = 0;
    long hydrateMillis = -1;
    Path archive = dir.resolve("bank.db.json");
    try {
      while (millisSince(start) < WRITER_MILLIS || exportsAfterReplacing == 0) {
        assertTrue(writer.isAlive(), () -> "the writer stopped early:\n" + output.lines());
        if (hydrateMillis < 0 && millisSince(start) > WRITER_MILLIS / 3) {
          long before = System.nanoTime();
          Run hydrate = run("hydrate", replacement.toString(), "-o", db.toString(), "--force");
          hydrateMillis = millisSince(before);
          assertEquals(0, hydrate.exitCode(), "hydrate under the writer: " + hydrate.err());
          assertEquals(inode, Files.getAttribute(db, "unix:ino"), "hydrate gave the database a new file");
        }
        Run export = run("dehydrate", db.toString(), "-o", archive.toString());
        assertEquals(0, export.exitCode(), export.err());
        String marker = assertConsistent(archive);
        exports++;
        if (hydrateMillis >= 0) {
          assertEquals("replaced", marker, "an export after the replacement shows the old content");
          exportsAfterReplacing++;
        }
      }
      assertTrue(output.replaced.await(WAIT_SECONDS, TimeUnit.SECONDS),
          () -> "the writer has not met the new content " + WAIT_SECONDS + " s after the hydrate:\n" + output.lines());
    } finally {
      writer.getOutputStream().close();
      if (!writer.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
        writer.destroyForcibly();
      }
    }
    long held = millisSince(start);
    output.reader.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    List<String> lines = output.lines();
    List<String> problems = lines.stream().filter(l -> l.startsWith("error")).toList();
    assertEquals(List.of(), problems, "the writer met errors");
    assertEquals(List.of("marker original", "marker replaced"),
        lines.stream().filter(l -> l.startsWith("marker")).toList(), "what the writer saw, in order");
    String[] done = lines.get(lines.size() - 1).split(" ");
    assertEquals("done", done[0], String.join("\n", lines));
    assertEquals("replaced", done[4], "the writer's last transaction saw the old content");
    assertEquals(Long.toString(ACCOUNTS * 2000L), done[5]);
    assertTrue(Long.parseLong(done[1]) > 0, "the writer never committed");
    assertEquals(inode, Files.getAttribute(db, "unix:ino"), "the database is a different file now");
    assertEquals(List.of(List.of("replaced", ACCOUNTS * 2000L)), TestSqlite.query(db, "SELECT name, total FROM marker"));
    assertEquals(ACCOUNTS * 2000L, TestSqlite.scalar(db, "SELECT sum(balance) FROM account"));
    System.out.printf("concurrent writer, journal_mode %s: held %.1f s, %d exports (%d after the forced hydrate,"
        + " which took %d ms), %s writer transactions, %s SQLITE_BUSY retries, 0 errors, inode unchanged%n",
        journalMode, held / 1000.0, exports, exportsAfterReplacing, hydrateMillis, done[1], done[2]);
  }

  /** The writer's stdout, read line by line as it comes, so that its pipe never fills. */
  private static final class WriterOutput {
    private final List<String> lines = new ArrayList<>();
    /** Counted down when the writer reports the marker of the replacement. */
    final CountDownLatch replaced = new CountDownLatch(1);
    final Thread reader;

    WriterOutput(Process writer) {
      reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            synchronized (lines) {
              lines.add(line);
            }
            if (line.equals("marker replaced")) {
              replaced.countDown();
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, "writer output");
      reader.setDaemon(true);
      reader.start();
    }

    List<String> lines() {
      synchronized (lines) {
        return List.copyOf(lines);
      }
    }
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  /** Checks that the archive's accounts sum to what its marker row says, and returns the marker's name. */
  @SuppressWarnings("unchecked")
  private static String assertConsistent(Path archive) throws IOException {
    Map<String, Object> tables = (Map<String, Object>) TestJson.object(TestJson.parse(archive)).get("tables");
    List<List<Object>> accounts = (List<List<Object>>) ((Map<String, Object>) tables.get("account")).get("rows");
    List<List<Object>> marker = (List<List<Object>>) ((Map<String, Object>) tables.get("marker")).get("rows");
    assertEquals(ACCOUNTS, accounts.size());
    assertEquals(1, marker.size());
    long sum = accounts.stream().mapToLong(row -> (Long) row.get(1)).sum();
    // the marker table has no primary key, so each row starts with its rowid
    assertEquals(marker.get(0).get(2), sum, "an archive mixed two states of the database");
    return (String) marker.get(0).get(1);
  }

}
