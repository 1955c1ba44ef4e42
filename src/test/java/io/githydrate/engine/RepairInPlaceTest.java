package io.githydrate.engine;

import static io.githydrate.TestSqlite.exec;
import static io.githydrate.TestSqlite.query;
import static io.githydrate.TestSqlite.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.TestSqlite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repairing a database an application may still have open: SQLite can still write a file whose
 * index no longer matches its table, so the new content goes in through SQLite, into the same file,
 * rather than by a rename that would leave the application writing to the old, unlinked one.
 */
class RepairInPlaceTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  private static Hydrator hydrator() {
    return new Hydrator(new Hydrator.Options(false, null, Duration.ofMillis(300)), Progress.NONE, CLOCK);
  }

  /** A database whose index no longer matches its rows: quick_check passes, integrity_check does not. */
  private Path corruptIndex(String name) throws Exception {
    Path db = dir.resolve(name);
    exec(db, "CREATE TABLE t(x, y)", "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')", "CREATE INDEX i ON t(x)");
    exec(db, "PRAGMA writable_schema=ON", "UPDATE sqlite_schema SET sql = 'CREATE INDEX i ON t(y)' WHERE name = 'i'",
        "PRAGMA writable_schema=OFF");
    assertTrue(DatabaseCheck.check(db, DatabaseCheck.Level.QUICK, 0).healthy());
    assertFalse(DatabaseCheck.check(db, DatabaseCheck.Level.FULL, 0).healthy());
    return db;
  }

  private Path archive() throws Exception {
    Path source = dir.resolve("source.db");
    exec(source, "CREATE TABLE t(x, y)", "INSERT INTO t VALUES (10, 'new')", "CREATE INDEX i ON t(x)");
    Path archive = dir.resolve("source.db.json");
    new Dehydrator(0, Progress.NONE).dehydrate(source, "app.db", archive);
    return archive;
  }

  @Test
  void anOpenDatabaseWithAMismatchedIndexIsRebuiltInTheSameFile() throws Exception {
    Path archive = archive();
    Path target = corruptIndex("app.db");
    byte[] damaged = Files.readAllBytes(target);
    Object inode = Files.getAttribute(target, "unix:ino");
    try (Connection application = TestSqlite.open(target)) {
      assertEquals(3, query(application, "SELECT x FROM t").size());
      Hydrator.Outcome outcome = hydrator().repair(archive, "app.db", target);
      assertEquals(Hydrator.Action.REPAIRED, outcome.action());
      assertEquals(dir.resolve("app.db.20240102T030405Z.bak"), outcome.backup());
      assertArrayEquals(damaged, Files.readAllBytes(outcome.backup()));
      // The application's connection reads the new content, and its writes land in it.
      assertEquals(List.of(row(10L, "new")), query(application, "SELECT x, y FROM t"));
      exec(application, "INSERT INTO t VALUES (11, 'written by the application')");
    }
    assertEquals(inode, Files.getAttribute(target, "unix:ino"), "the database file was renamed over");
    assertEquals(List.of(row("ok")), query(target, "PRAGMA integrity_check"));
    assertEquals(List.of(row(10L), row(11L)), query(target, "SELECT x FROM t ORDER BY x"));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("app.db", "app.db.20240102T030405Z.bak", "source.db", "source.db.json"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void aFileSqliteCannotOpenIsStillReplacedByARename() throws Exception {
    Path archive = archive();
    Path target = dir.resolve("app.db");
    byte[] garbage = new byte[8192];
    Files.write(target, garbage);
    Hydrator.Outcome outcome = hydrator().repair(archive, "app.db", target);
    assertEquals(Hydrator.Action.REPAIRED, outcome.action());
    assertArrayEquals(garbage, Files.readAllBytes(outcome.backup()));
    assertEquals(List.of(row(10L, "new")), query(target, "SELECT x, y FROM t"));
  }
}
