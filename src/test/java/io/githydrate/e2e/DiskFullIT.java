package io.githydrate.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.githydrate.TestSqlite;
import io.githydrate.testing.InProcess;
import io.githydrate.testing.InProcess.Run;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hydrates and dehydrates onto a file system that is full: a small tmpfs, mounted for each test.
 * Every command must end with one clear line on stderr (no stack trace) and a non-zero exit, leave
 * the old files byte for byte, and leave nothing behind (no temporary, backup or 0-byte files).
 *
 * <p>Mounting needs root (or CAP_SYS_ADMIN). Elsewhere the tests are skipped, saying so: a loop
 * device needs root as well, and {@code PRAGMA max_page_count} (which the unit tests can use) never
 * reaches the file system's own error.
 */
class DiskFullIT {
  private static final String SIZE = "4m";

  @TempDir
  Path root;
  private Path mount;
  private boolean mounted;

  @BeforeEach
  void mountTmpfs() throws Exception {
    mount = Files.createDirectories(root.resolve("full"));
    String why = run("mount", "-t", "tmpfs", "-o", "size=" + SIZE + ",mode=0755", "tmpfs", mount.toString());
    mounted = why == null;
    assumeTrue(mounted, "skipped: cannot mount a " + SIZE + " tmpfs to fill (needs root): " + why);
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      String why = run("umount", mount.toString());
      if (why != null) {
        run("umount", "-l", mount.toString());
      }
    }
  }

  @Test
  void hydratingOverADatabaseOnAFullDiskKeepsIt() throws Exception {
    Path archive = bigArchive();
    Path db = mount.resolve("app.db");
    TestSqlite.exec(db, "CREATE TABLE t(x)", "INSERT INTO t VALUES ('old')");
    byte[] old = Files.readAllBytes(db);
    fill(64 * 1024);
    Run result = cli("hydrate", archive.toString(), "-o", db.toString(), "--force");
    assertOneErrorLine(result, "database or disk is full");
    assertArrayEquals(old, Files.readAllBytes(db));
    assertEquals(List.of("app.db", "filler"), names());
  }

  @Test
  void hydratingANewDatabaseOnAFullDiskLeavesNothing() throws Exception {
    Path archive = bigArchive();
    fill(64 * 1024);
    Run result = cli("hydrate", archive.toString(), "-o", mount.resolve("app.db").toString());
    assertOneErrorLine(result, "database or disk is full");
    assertEquals(List.of("filler"), names());
  }

  @Test
  void aDiskThatFillsWhileTheContentIsCopiedInKeepsTheOldContentAndNoBackup() throws Exception {
    Path archive = bigArchive();
    Path built = root.resolve("built.db");
    assertEquals(0, cli("hydrate", archive.toString(), "-o", built.toString()).exitCode());
    Path db = mount.resolve("app.db");
    TestSqlite.exec(db, "CREATE TABLE t(x)", "INSERT INTO t VALUES ('old')");
    byte[] old = Files.readAllBytes(db);
    // Room to build the new database and back up the old one, not to copy the new one in as well.
    fill(Files.size(built) * 3 / 2 + old.length + 64 * 1024);
    Run result = cli("hydrate", archive.toString(), "-o", db.toString(), "--force");
    assertOneErrorLine(result, "full");
    assertArrayEquals(old, Files.readAllBytes(db));
    assertEquals(List.of("app.db", "filler"), names());
  }

  @Test
  void dehydratingOntoAFullDiskKeepsTheOldArchive() throws Exception {
    Path db = bigDatabase(root.resolve("big.db"));
    Path archive = mount.resolve("app.db.json");
    byte[] old = "{\"old\": true}\n".getBytes(StandardCharsets.UTF_8);
    Files.write(archive, old);
    fill(64 * 1024);
    Run result = cli("dehydrate", db.toString(), "-o", archive.toString());
    assertEquals(1, result.exitCode(), result::toString);
    assertEquals("git-hydrate: " + archive + ": cannot write the archive: No space left on device\n",
        result.err());
    assertArrayEquals(old, Files.readAllBytes(archive));
    assertEquals(List.of("app.db.json", "filler"), names());
  }

  @Test
  void oneFullDiskDoesNotStopTheOtherDatabases() throws Exception {
    Path onFullDisk = bigDatabase(mount.resolve("big.db"));
    Path elsewhere = root.resolve("small.db");
    TestSqlite.exec(elsewhere, "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
    fill(64 * 1024);
    Run result = cli("dehydrate", onFullDisk.toString(), elsewhere.toString());
    assertEquals(1, result.exitCode(), result::toString);
    assertEquals("git-hydrate: " + mount.resolve("big.db.json") + ": cannot write the archive: No space left on device\n",
        result.err());
    assertTrue(Files.isRegularFile(root.resolve("small.db.json")), result::toString);
    assertEquals(List.of("big.db", "filler"), names());
  }

  private static void assertOneErrorLine(Run result, String expected) {
    System.out.print("DiskFullIT: " + result.err());
    assertEquals(1, result.exitCode(), result::toString);
    String[] lines = result.err().split("\n");
    assertEquals(1, lines.length, "one error line expected: " + result);
    assertTrue(lines[0].startsWith("git-hydrate: ") && lines[0].contains(expected), result::toString);
    assertFalse(result.err().contains("Exception") || result.err().contains("\tat "), result::toString);
  }

  /** Leaves {@code free} bytes of the tmpfs unused, with a file of real (not sparse) zeros. */
  private void fill(long free) throws IOException {
    long size = Files.getFileStore(mount).getUsableSpace() - free;
    assumeTrue(size > 0, "the tmpfs is too small for this test");
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(mount.resolve("filler"))) {
      for (long written = 0; written < size; written += chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
      }
    }
  }

  /** About 1.5 MB of rows. */
  private static Path bigDatabase(Path db) throws SQLException {
    TestSqlite.exec(db, "CREATE TABLE item(id INTEGER PRIMARY KEY, body TEXT)", "CREATE INDEX item_body ON item(body)",
        "WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 6000)"
            + " INSERT INTO item SELECT v, v || replace(printf('%200s', ''), ' ', char(65 + v % 26)) FROM n");
    return db;
  }

  private Path bigArchive() throws SQLException {
    Path db = bigDatabase(root.resolve("source.db"));
    Path archive = root.resolve("source.db.json");
    Run result = cli("dehydrate", db.toString(), "-o", archive.toString());
    assertEquals(0, result.exitCode(), result::toString);
    return archive;
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(mount)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private Run cli(String... args) {
    return InProcess.run(root, args);
  }

  /** Runs a system command; null when it worked, else why not. */
  private static String run(String... command) throws InterruptedException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return String.join(" ", command) + " timed out";
      }
      return process.exitValue() == 0 ? null : String.join(" ", command) + ": " + output;
    } catch (IOException e) {
      return String.join(" ", command) + ": " + e.getMessage();
    }
  }
}
