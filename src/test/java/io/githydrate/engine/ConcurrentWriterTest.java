package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.TestJson;
import io.githydrate.TestSqlite;
import io.githydrate.testing.InProcess;
import io.githydrate.testing.InProcess.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 */
class ConcurrentWriterTest {
  private static final long WRITER_MILLIS = 10_000;
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

    Process writer = TransferWriter.start(db, WRITER_MILLIS);
    CompletableFuture<String> writerOutput = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(writer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "error reading the writer's output: " + e;
      }
    });
    long start = System.nanoTime();
    int exports = 0;
    int exportsAfterReplacing = 0;
    Run hydrate = null;
    Path archive = dir.resolve("bank.db.json");
    try {
      while (writer.isAlive() && millisSince(start) < WRITER_MILLIS - 500) {
        if (hydrate == null && millisSince(start) > WRITER_MILLIS / 3) {
          hydrate = run("hydrate", replacement.toString(), "-o", db.toString(), "--force");
          assertEquals(0, hydrate.exitCode(), "hydrate under the writer: " + hydrate.err());
          assertEquals(inode, Files.getAttribute(db, "unix:ino"), "hydrate gave the database a new file");
        }
        Run export = run("dehydrate", db.toString(), "-o", archive.toString());
        assertEquals(0, export.exitCode(), export.err());
        String marker = assertConsistent(archive);
        exports++;
        if (hydrate != null) {
          assertEquals("replaced", marker, "an export after the replacement shows the old content");
          exportsAfterReplacing++;
        }
      }
    } finally {
      if (!writer.waitFor(WRITER_MILLIS + 30_000, TimeUnit.MILLISECONDS)) {
        writer.destroyForcibly();
      }
    }
    long held = millisSince(start);
    List<String> lines = writerOutput.get(10, TimeUnit.SECONDS).lines().toList();
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
    assertTrue(exportsAfterReplacing > 0, "no export after the replacement");
    System.out.printf("concurrent writer, journal_mode %s: held %.1f s, %d exports (%d after the forced hydrate),"
        + " %s writer transactions, %s SQLITE_BUSY retries, 0 errors, inode unchanged%n",
        journalMode, held / 1000.0, exports, exportsAfterReplacing, done[1], done[2]);
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
