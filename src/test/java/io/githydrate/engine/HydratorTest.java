package io.githydrate.engine;

import static io.githydrate.TestSqlite.exec;
import static io.githydrate.TestSqlite.open;
import static io.githydrate.TestSqlite.query;
import static io.githydrate.TestSqlite.row;
import static io.githydrate.TestSqlite.scalar;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.HydrateException;
import io.githydrate.TestSqlite.Bytes;
import io.githydrate.testing.LongRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HydratorTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);
  private static final Duration LOCK_TIMEOUT = Duration.ofMillis(300);

  @TempDir
  Path dir;

  /** A hydrator that reports the archive's digest, as the one that keeps work trees in step does. */
  private static Hydrator hydrator(boolean force) {
    return new Hydrator(new Hydrator.Options(force, null, LOCK_TIMEOUT, true, null, true), Progress.NONE, CLOCK);
  }

  /** A hydrator like {@link #hydrator(boolean)} that runs {@code afterCopy} between copying into a target and checking it. */
  private static Hydrator hydrator(boolean force, Runnable afterCopy) {
    return new Hydrator(new Hydrator.Options(force, null, LOCK_TIMEOUT, true, null, true), Progress.NONE, CLOCK, afterCopy);
  }

  /** Commits {@code sql} on {@code connection}, as an application writing on would. */
  private static Runnable commits(Connection connection, String sql) {
    return () -> {
      try {
        exec(connection, sql);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private static Dehydrator dehydrator() {
    return new Dehydrator(1000, Progress.NONE);
  }

  /** A database named {@code name} in the test folder, built by {@code sql}. */
  private Path database(String name, String... sql) throws SQLException {
    Path db = dir.resolve(name);
    exec(db, sql);
    return db;
  }

  /** The archive of {@code db}, written beside it. */
  private static Path archive(Path db) {
    Path archive = db.resolveSibling(db.getFileName() + ".json");
    dehydrator().dehydrate(db, db.getFileName().toString(), archive);
    return archive;
  }

  /** Dehydrates {@code source}, hydrates the archive into a new file and returns that file. */
  private Path roundTrip(Path source) {
    Path rebuilt = dir.resolve("rebuilt-" + source.getFileName());
    Hydrator.Outcome outcome = hydrator(false).hydrate(archive(source), source.getFileName().toString(), rebuilt);
    assertEquals(Hydrator.Action.CREATED, outcome.action());
    return rebuilt;
  }

  private static String archiveText(Path db, String label) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    dehydrator().dehydrate(db, label, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private List<String> filesInDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private void assertNoTemporaryFiles() throws IOException {
    for (String name : filesInDir()) {
      assertFalse(name.endsWith(".git-hydrate.tmp"), "temporary file left behind: " + name);
    }
  }

  private void assertNoEmptyBackups() throws IOException {
    for (String name : filesInDir()) {
      if (name.endsWith(".bak")) {
        assertTrue(Files.size(dir.resolve(name)) > 0, "0-byte backup left behind: " + name);
      }
    }
  }

  private static Object fileKey(Path file) throws IOException {
    Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    assertNotNull(key, "this file system has no file keys");
    return key;
  }

  @Test
  void aHydratorNotAskedForTheDigestDoesNotHash() throws Exception {
    Path source = database("app.db", "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO t(name) VALUES ('a')");
    Path target = dir.resolve("new.db");
    Hydrator.Outcome outcome = new Hydrator(new Hydrator.Options(false, null, LOCK_TIMEOUT), Progress.NONE, CLOCK)
        .hydrate(archive(source), "app.db", target);
    assertEquals(new Hydrator.Outcome(Hydrator.Action.CREATED, new ArchiveSummary(1, 1), null, null), outcome);
    assertEquals(List.of(row(1L, "a")), query(target, "SELECT id, name FROM t"));
  }

  @Test
  void aMissingDatabaseIsCreated() throws Exception {
    Path source = database("app.db", "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)",
        "INSERT INTO t(name) VALUES ('a'), ('b')");
    Path target = dir.resolve("new.db");
    Path archive = archive(source);
    Hydrator.Outcome outcome = hydrator(false).hydrate(archive, "app.db", target);
    assertEquals(new Hydrator.Outcome(Hydrator.Action.CREATED, new ArchiveSummary(1, 2), null,
        Digests.ofFile(archive)), outcome);
    assertEquals(List.of(row(1L, "a"), row(2L, "b")), query(target, "SELECT id, name FROM t"));
    assertEquals(archiveText(source, "app.db"), archiveText(target, "app.db"));
    assertNoTemporaryFiles();
  }

  /**
   * Rows go in many to a statement, fewer when the table is wide (SQLite takes at most 32,766
   * parameters) and one when that statement would pass SQLite's limit on SQL length: 1,999 names
   * of 470 characters make the one-row statement 0.96 MB, near the 1 MB the builder allows. (With
   * its rowid, a rowid table of 1,999 columns fills SQLite's 2,000 columns of a result set.)
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 470})
  void theWidestTablesRoundTrip(int nameLength) throws Exception {
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < 1999; i++) {
      columns.add("\"c" + i + "_" + "x".repeat(nameLength) + "\"");
    }
    Path source = database("wide.db", "CREATE TABLE w (" + String.join(", ", columns) + ")",
        "INSERT INTO w (" + columns.get(0) + ", " + columns.get(1998) + ") WITH RECURSIVE n(i) AS"
            + " (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) SELECT i, 'last ' || i FROM n");
    Path rebuilt = roundTrip(source);
    assertEquals(100L, scalar(rebuilt, "SELECT count(*) FROM w WHERE " + columns.get(1998) + " = 'last ' || "
        + columns.get(0)));
    assertEquals(archiveText(source, "wide.db"), archiveText(rebuilt, "wide.db"));
  }

  @Test
  void aMissingArchiveIsAClearError() {
    Path archive = dir.resolve("gone.db.json");
    HydrateException e = assertThrows(HydrateException.class,
        () -> hydrator(false).hydrate(archive, "gone.db", dir.resolve("gone.db")));
    assertEquals(archive + ": no such archive", e.getMessage());
  }

  @Test
  void anEmptyDatabaseRoundTrips() throws Exception {
    Path source = dir.resolve("empty.db");
    try (Connection connection = open(source)) {
      // Written once, so the file has a header and a first page, as an application's empty database does.
      exec(connection, "PRAGMA user_version = 1", "PRAGMA user_version = 0");
    }
    Path rebuilt = roundTrip(source);
    assertEquals(0L, scalar(rebuilt, "SELECT count(*) FROM sqlite_schema"));
    assertEquals(archiveText(source, "x"), archiveText(rebuilt, "x"));
  }

  @Test
  void hydratingAgainChangesNothing() throws Exception {
    Path source = database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
    Path archive = archive(source);
    Path target = dir.resolve("target.db");
    hydrator(false).hydrate(archive, "app.db", target);
    byte[] before = Files.readAllBytes(target);
    Hydrator.Outcome again = hydrator(false).hydrate(archive, "app.db", target);
    assertEquals(new Hydrator.Outcome(Hydrator.Action.UNCHANGED, new ArchiveSummary(1, 1), null,
        Digests.ofFile(archive)), again);
    assertArrayEquals(before, Files.readAllBytes(target));
    assertFalse(filesInDir().stream().anyMatch(n -> n.endsWith(".bak")), "a backup of identical content");
  }

  @Test
  void aDatabaseWithOtherContentIsKeptWithoutForce() throws Exception {
    Path archive = archive(database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)"));
    Path target = database("target.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (2)");
    byte[] before = Files.readAllBytes(target);
    HydrateException e = assertThrows(HydrateException.class, () -> hydrator(false).hydrate(archive, "app.db", target));
    assertEquals(target + ": has content that is not in its archive; use --force to replace it (a backup is kept)",
        e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(target));
    assertNoTemporaryFiles();
  }

  @ParameterizedTest(name = "journal_mode={0}")
  @ValueSource(strings = {"DELETE", "WAL"})
  void anOpenDatabaseIsReplacedInPlaceAndItsOldContentBackedUp(String journalMode) throws Exception {
    Path archive = archive(database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('new')"));
    Path target = database("target.db", "PRAGMA journal_mode = " + journalMode, "CREATE TABLE t(x)",
        "INSERT INTO t VALUES ('old')");
    Object inode = fileKey(target);
    try (Connection application = open(target)) {
      assertEquals(List.of(row("old")), query(application, "SELECT x FROM t"));
      Hydrator.Outcome outcome = hydrator(true).hydrate(archive, "app.db", target);
      assertEquals(Hydrator.Action.REPLACED, outcome.action());
      assertEquals(dir.resolve("target.db.20240102T030405Z.bak"), outcome.backup());
      assertEquals(List.of(row("new")), query(application, "SELECT x FROM t"));
    }
    assertEquals(inode, fileKey(target), "the database file was renamed over");
    assertEquals(List.of(row("old")), query(dir.resolve("target.db.20240102T030405Z.bak"), "SELECT x FROM t"));
    assertNoTemporaryFiles();
  }

  @ParameterizedTest(name = "journal_mode={0}")
  @ValueSource(strings = {"DELETE", "WAL"})
  void anApplicationCommittingRightAfterTheCopyDoesNotFailTheReplace(String journalMode) throws Exception {
    Path archive = archive(database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('new')"));
    Path target = database("target.db", "PRAGMA journal_mode = " + journalMode, "CREATE TABLE t(x)",
        "INSERT INTO t VALUES ('old')");
    Object inode = fileKey(target);
    try (Connection application = open(target)) {
      Hydrator.Outcome outcome = hydrator(true, commits(application, "INSERT INTO t VALUES ('written on')"))
          .hydrate(archive, "app.db", target);
      assertEquals(Hydrator.Action.REPLACED, outcome.action());
      assertEquals(List.of(row("new"), row("written on")), query(application, "SELECT x FROM t ORDER BY rowid"));
    }
    assertEquals(inode, fileKey(target), "the database file was renamed over");
    assertEquals(List.of(row("old")), query(dir.resolve("target.db.20240102T030405Z.bak"), "SELECT x FROM t"));
    assertNoTemporaryFiles();
  }

  @Test
  void anApplicationCommittingRightAfterTheCopyDoesNotFailARepair() throws Exception {
    Path archive = archive(database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('new')"));
    Path target = database("target.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('old')");
    Object inode = fileKey(target);
    try (Connection application = open(target)) {
      Hydrator.Outcome outcome = hydrator(false, commits(application, "INSERT INTO t VALUES ('written on')"))
          .repair(archive, "app.db", target);
      assertEquals(Hydrator.Action.REPAIRED, outcome.action());
      assertEquals(List.of(row("new"), row("written on")), query(application, "SELECT x FROM t ORDER BY rowid"));
    }
    assertEquals(inode, fileKey(target), "the database file was renamed over");
    assertNoTemporaryFiles();
  }

  @Test
  void aCopyThatDoesNotReadBackAsBuiltFailsWhenNoOtherConnectionWrote() throws Exception {
    Path archive = archive(database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('archived value')"));
    Path target = database("target.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('old')");
    // Changes a value behind SQLite's back, as a copy gone wrong would: no commit, no new change counter.
    Runnable damage = () -> {
      try {
        byte[] bytes = Files.readAllBytes(target);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("archived value");
        assertTrue(at > 0, "the copied value is not in the file");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(target.toFile(), "rw")) {
          file.seek(at);
          file.write("ARCHIVED VALUE".getBytes(StandardCharsets.US_ASCII));
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    };
    HydrateException e = assertThrows(HydrateException.class, () -> hydrator(true, damage).hydrate(archive, "app.db", target));
    assertEquals(target + ": content after replacing does not match the archive; the previous content is in "
        + dir.resolve("target.db.20240102T030405Z.bak"), e.getMessage());
    assertEquals(List.of(row("old")), query(dir.resolve("target.db.20240102T030405Z.bak"), "SELECT x FROM t"));
  }

  @Test
  void backupsMadeInTheSameSecondGetDistinctNames() throws Exception {
    Path first = archive(database("a.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)"));
    Path second = archive(database("b.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (2)"));
    Path target = database("target.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (0)");
    assertEquals(dir.resolve("target.db.20240102T030405Z.bak"), hydrator(true).hydrate(first, "x", target).backup());
    assertEquals(dir.resolve("target.db.20240102T030405Z-2.bak"), hydrator(true).hydrate(second, "x", target).backup());
    assertEquals(List.of(row(1L)), query(dir.resolve("target.db.20240102T030405Z-2.bak"), "SELECT x FROM t"));
  }

  @Test
  void backupsGoToTheBackupFolderWhenOneIsGiven() throws Exception {
    Path archive = archive(database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)"));
    Path target = database("target.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (2)");
    Path backups = dir.resolve("backups/deeper");
    Hydrator.Outcome outcome = new Hydrator(new Hydrator.Options(true, backups, LOCK_TIMEOUT), Progress.NONE, CLOCK)
        .hydrate(archive, "app.db", target);
    assertEquals(backups.resolve("target.db.20240102T030405Z.bak"), outcome.backup());
    assertEquals(List.of(row(2L)), query(outcome.backup(), "SELECT x FROM t"));
  }

  @Test
  void aTargetLockedByAnotherConnectionIsLeftAlone() throws Exception {
    Path archive = archive(database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('new')"));
    Path target = database("target.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('old')");
    Object inode = fileKey(target);
    try (Connection application = open(target)) {
      exec(application, "BEGIN EXCLUSIVE", "INSERT INTO t VALUES ('uncommitted')");
      HydrateException e = assertThrows(HydrateException.class, () -> hydrator(true).hydrate(archive, "app.db", target));
      assertTrue(e.getMessage().contains("locked"), e.getMessage());
      exec(application, "ROLLBACK");
    }
    assertEquals(inode, fileKey(target), "the locked database file was renamed over");
    assertEquals(List.of(row("old")), query(target, "SELECT x FROM t"));
    assertNoTemporaryFiles();
    assertNoEmptyBackups();
  }

  @Test
  void aTargetLockedByAnotherProcessIsLeftAlone() throws Exception {
    Path archive = archive(database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('new')"));
    Path target = database("target.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('old')");
    Object inode = fileKey(target);
    Process holder = LockHolder.start(target, "BEGIN EXCLUSIVE", "INSERT INTO t VALUES ('uncommitted')");
    try {
      HydrateException e = assertThrows(HydrateException.class, () -> hydrator(true).hydrate(archive, "app.db", target));
      assertTrue(e.getMessage().contains("locked"), e.getMessage());
    } finally {
      holder.getOutputStream().close();
      holder.waitFor();
    }
    assertEquals(inode, fileKey(target), "the locked database file was renamed over");
    assertEquals(List.of(row("old")), query(target, "SELECT x FROM t"));
    assertNoTemporaryFiles();
    assertNoEmptyBackups();
  }

  @Test
  void aTargetWithAWriteInProgressIsLeftAlone() throws Exception {
    Path archive = archive(database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('new')"));
    Path target = database("target.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('old')");
    try (Connection application = open(target)) {
      exec(application, "BEGIN IMMEDIATE", "INSERT INTO t VALUES ('uncommitted')");
      HydrateException e = assertThrows(HydrateException.class, () -> hydrator(true).hydrate(archive, "app.db", target));
      assertEquals("cannot replace the content of " + target + ": it is locked by another process (waited 300 ms); "
          + "left unchanged", e.getMessage());
      exec(application, "ROLLBACK");
    }
    assertEquals(List.of(row("old")), query(target, "SELECT x FROM t"));
    assertNoTemporaryFiles();
    assertNoEmptyBackups();
  }

  @Test
  void aCorruptTargetIsRebuiltAndItsBytesKept() throws Exception {
    Path archive = archive(database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)"));
    Path target = dir.resolve("target.db");
    byte[] garbage = "this is not a database, just some bytes\n".repeat(300).getBytes(StandardCharsets.US_ASCII);
    Files.write(target, garbage);
    Hydrator.Outcome outcome = hydrator(false).hydrate(archive, "app.db", target);
    assertEquals(new Hydrator.Outcome(Hydrator.Action.REPAIRED, new ArchiveSummary(1, 1),
        dir.resolve("target.db.20240102T030405Z.bak"), Digests.ofFile(archive)), outcome);
    assertArrayEquals(garbage, Files.readAllBytes(outcome.backup()));
    assertEquals(List.of(row(1L)), query(target, "SELECT x FROM t"));
    assertNoTemporaryFiles();
  }

  @Test
  void aZeroByteTargetIsFilledWithoutForce() throws Exception {
    Path archive = archive(database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)"));
    Path target = dir.resolve("target.db");
    Files.createFile(target);
    hydrator(false).hydrate(archive, "app.db", target);
    assertEquals(List.of(row(1L)), query(target, "SELECT x FROM t"));
    assertNoEmptyBackups();
  }

  @Test
  void aStrayWalBesideAMissingTargetIsNotAppliedToTheNewDatabase() throws Exception {
    Path archive = archive(database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)"));
    Path target = dir.resolve("x.db");
    byte[] wal = "left over from an earlier x.db".getBytes(StandardCharsets.US_ASCII);
    Files.write(dir.resolve("x.db-wal"), wal);
    HydrateException e = assertThrows(HydrateException.class, () -> hydrator(false).hydrate(archive, "x.db", target));
    assertEquals(target + ": missing, but x.db-wal is there; it would be applied to the new database. "
        + "Move it away if it is not needed", e.getMessage());
    assertFalse(Files.exists(target));
    assertArrayEquals(wal, Files.readAllBytes(dir.resolve("x.db-wal")));
    assertNoTemporaryFiles();
  }

  @Test
  void aTruncatedArchiveLeavesTheDatabaseUntouched() throws Exception {
    Path source = database("app.db", "CREATE TABLE t(x)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) INSERT INTO t SELECT i FROM n");
    Path archive = archive(source);
    String text = Files.readString(archive);
    Files.writeString(archive, text.substring(0, text.indexOf("[30, 30]")));
    Path target = database("target.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('mine')");
    byte[] before = Files.readAllBytes(target);
    HydrateException e = assertThrows(HydrateException.class, () -> hydrator(true).hydrate(archive, "app.db", target));
    assertEquals("archive " + archive + " line 46: not valid JSON: Unexpected end-of-input within/between Array entries",
        e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(target));
    assertEquals(List.of("app.db", "app.db.json", "target.db"), filesInDir());
  }

  @Test
  void aTruncatedArchiveIsNotHydratedIntoAMissingDatabase() throws Exception {
    Path archive = archive(database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1), (2), (3)"));
    String text = Files.readString(archive);
    Files.writeString(archive, text.substring(0, text.indexOf("\"row_count\"")));
    Path target = dir.resolve("new.db");
    HydrateException e = assertThrows(HydrateException.class, () -> hydrator(false).hydrate(archive, "app.db", target));
    assertTrue(e.getMessage().startsWith("archive " + archive + " line 20: "), e.getMessage());
    assertFalse(Files.exists(target));
    assertNoTemporaryFiles();
  }

  /** A merge that drops a whole table's block leaves every row_count that remains right. */
  @Test
  void anArchiveMissingATablesRowsIsRefused() throws Exception {
    Path archive = archive(database("app.db", "CREATE TABLE a(x)", "INSERT INTO a VALUES (1)",
        "CREATE TABLE b(y)", "INSERT INTO b VALUES (2)"));
    String text = Files.readString(archive);
    int start = text.indexOf("  \"b\": {");
    Files.writeString(archive, text.substring(0, text.lastIndexOf(",\n", start)) + "\n }\n}\n");
    Path target = dir.resolve("new.db");
    HydrateException e = assertThrows(HydrateException.class, () -> hydrator(false).hydrate(archive, "app.db", target));
    assertTrue(e.getMessage().startsWith("archive " + archive), e.getMessage());
    assertTrue(e.getMessage().contains("\"b\""), e.getMessage());
    assertFalse(Files.exists(target));
  }

  @Test
  void autoincrementCountersAreRestored() throws Exception {
    Path source = database("app.db", "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, x)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) INSERT INTO t(x) SELECT i FROM n",
        "DELETE FROM t WHERE id > 5");
    Path rebuilt = roundTrip(source);
    exec(rebuilt, "INSERT INTO t(x) VALUES ('next')");
    assertEquals(11L, scalar(rebuilt, "SELECT id FROM t WHERE x = 'next'"));
    assertEquals(List.of(row("t", 11L)), query(rebuilt, "SELECT name, seq FROM sqlite_sequence"));
  }

  @Test
  void withoutRowidTablesRoundTrip() throws Exception {
    Path source = database("app.db",
        "CREATE TABLE kv(k TEXT, n INTEGER, v, PRIMARY KEY (n, k)) WITHOUT ROWID",
        "INSERT INTO kv VALUES ('b', 2, 1.5), ('a', 2, NULL), ('z', 1, x'00')");
    Path rebuilt = roundTrip(source);
    assertEquals(List.of(row("z", 1L, new Bytes("00")), row("a", 2L, null), row("b", 2L, 1.5)),
        query(rebuilt, "SELECT k, n, v FROM kv"));
    assertEquals(1L, scalar(rebuilt, "SELECT wr FROM pragma_table_list WHERE name = 'kv'"));
  }

  @Test
  void rowidsAreKeptWhereNoColumnHoldsThem() throws Exception {
    Path source = database("app.db",
        "CREATE TABLE plain(x)",
        "INSERT INTO plain(rowid, x) VALUES (3, 'c'), (10, 'j'), (-5, 'neg'), (9223372036854775807, 'max')",
        "CREATE TABLE keyed(code TEXT PRIMARY KEY, n)",
        "INSERT INTO keyed(rowid, code, n) VALUES (7, 'b', 1), (2, 'a', 2)",
        "CREATE TABLE desc_key(id INTEGER PRIMARY KEY DESC, x)",
        "INSERT INTO desc_key(rowid, id, x) VALUES (100, 1, 'one'), (50, 2, 'two')",
        "CREATE TABLE shadowed(rowid TEXT, oid TEXT, x)",
        "INSERT INTO shadowed(_rowid_, rowid, oid, x) VALUES (42, 'r', 'o', 'x')");
    Path rebuilt = roundTrip(source);
    assertEquals(List.of(row(-5L, "neg"), row(3L, "c"), row(10L, "j"), row(9223372036854775807L, "max")),
        query(rebuilt, "SELECT rowid, x FROM plain ORDER BY rowid"));
    assertEquals(List.of(row(2L, "a"), row(7L, "b")), query(rebuilt, "SELECT rowid, code FROM keyed ORDER BY rowid"));
    assertEquals(query(source, "SELECT _rowid_, id, x FROM desc_key ORDER BY 1"),
        query(rebuilt, "SELECT _rowid_, id, x FROM desc_key ORDER BY 1"));
    assertEquals(List.of(row(42L, "r", "o", "x")), query(rebuilt, "SELECT _rowid_, rowid, oid, x FROM shadowed"));
  }

  @Test
  void generatedColumnsAreComputedAgain() throws Exception {
    Path source = database("app.db",
        "CREATE TABLE g(a INTEGER, b TEXT, v INTEGER AS (a * 10) VIRTUAL, s TEXT AS (upper(b)) STORED)",
        "INSERT INTO g(a, b) VALUES (1, 'x'), (2, 'y')");
    Path rebuilt = roundTrip(source);
    assertEquals(List.of(row(1L, "x", 10L, "X"), row(2L, "y", 20L, "Y")), query(rebuilt, "SELECT a, b, v, s FROM g"));
  }

  @Test
  void triggersDoNotFireWhileHydratingAndWorkAfterwards() throws Exception {
    Path source = database("app.db",
        "CREATE TABLE t(id INTEGER PRIMARY KEY, x)",
        "CREATE TABLE audit(id INTEGER PRIMARY KEY, what)",
        "CREATE TRIGGER t_audit AFTER INSERT ON t BEGIN INSERT INTO audit(what) VALUES ('added ' || new.x); END",
        "CREATE VIEW t_with_audit AS SELECT t.x, audit.what FROM t JOIN audit ON audit.id = t.id",
        "INSERT INTO t(x) VALUES ('a'), ('b'), ('c')",
        "DELETE FROM audit WHERE id = 2");
    Path rebuilt = roundTrip(source);
    assertEquals(List.of(row(1L, "added a"), row(3L, "added c")), query(rebuilt, "SELECT id, what FROM audit"));
    assertEquals(List.of(row("a", "added a"), row("c", "added c")), query(rebuilt, "SELECT x, what FROM t_with_audit"));
    exec(rebuilt, "INSERT INTO t(x) VALUES ('d')");
    assertEquals(List.of(row(4L, "added d")), query(rebuilt, "SELECT id, what FROM audit WHERE id = 4"));
  }

  @Test
  void fts5TablesAnswerQueriesAfterHydrating() throws Exception {
    Path source = database("app.db",
        "CREATE VIRTUAL TABLE docs USING fts5(title, body)",
        "INSERT INTO docs(rowid, title, body) VALUES (10, 'fox', 'the quick brown fox'), (20, 'dog', 'a lazy dog'),"
            + " (30, 'both', 'quick dog')");
    Path rebuilt = roundTrip(source);
    assertEquals(List.of(row(10L), row(30L)), query(rebuilt, "SELECT rowid FROM docs WHERE docs MATCH 'quick' ORDER BY rowid"));
    assertEquals(List.of(row("ok")), query(rebuilt, "SELECT 'ok'"));
    exec(rebuilt, "INSERT INTO docs(docs) VALUES ('integrity-check')");
  }

  @Test
  void fts5TablesOverExternalContentAreRebuiltFromIt() throws Exception {
    Path source = database("app.db",
        "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)",
        "CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='notes', content_rowid='id')",
        "CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN"
            + " INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body); END",
        "INSERT INTO notes(id, body) VALUES (1, 'alpha beta'), (2, 'beta gamma'), (5, 'delta')");
    Path archive = archive(source);
    assertFalse(Files.readString(archive).contains("\"notes_fts\": {"), "the external-content index was archived");
    Path rebuilt = dir.resolve("rebuilt.db");
    hydrator(false).hydrate(archive, "app.db", rebuilt);
    assertEquals(List.of(row(1L), row(2L)), query(rebuilt, "SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'beta' ORDER BY rowid"));
    exec(rebuilt, "INSERT INTO notes_fts(notes_fts) VALUES ('integrity-check')");
    exec(rebuilt, "INSERT INTO notes(id, body) VALUES (9, 'beta again')");
    assertEquals(List.of(row(1L), row(2L), row(9L)),
        query(rebuilt, "SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'beta' ORDER BY rowid"));
  }

  @Test
  void fts4TablesAnswerQueriesAfterHydrating() throws Exception {
    Path source = database("app.db",
        "CREATE VIRTUAL TABLE mail USING fts4(subject, body)",
        "INSERT INTO mail(docid, subject, body) VALUES (3, 'hello', 'software update'), (8, 'lunch', 'today?')");
    Path rebuilt = roundTrip(source);
    assertEquals(List.of(row(3L, "hello")), query(rebuilt, "SELECT docid, subject FROM mail WHERE mail MATCH 'software'"));
    exec(rebuilt, "INSERT INTO mail(mail) VALUES ('integrity-check')");
  }

  @Test
  void rtreeTablesAnswerQueriesAfterHydrating() throws Exception {
    Path source = database("app.db",
        "CREATE VIRTUAL TABLE boxes USING rtree(id, minX, maxX, minY, maxY, +label)",
        "INSERT INTO boxes VALUES (1, 0, 1, 0, 1, 'unit'), (2, 5.5, 7.25, -3, 2, 'far'), (7, 0.5, 2, 0.5, 2, 'overlap')");
    Path rebuilt = roundTrip(source);
    assertEquals(query(source, "SELECT * FROM boxes ORDER BY id"), query(rebuilt, "SELECT * FROM boxes ORDER BY id"));
    assertEquals(List.of(row(1L), row(7L)),
        query(rebuilt, "SELECT id FROM boxes WHERE maxX >= 0.75 AND minX <= 0.75 AND maxY >= 0.75 AND minY <= 0.75 ORDER BY id"));
  }

  @Test
  void aTableOfMoreThanTenThousandRowsRoundTrips() throws Exception {
    Path source = database("big.db", "CREATE TABLE big(id INTEGER PRIMARY KEY, label TEXT, r REAL)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12345)"
            + " INSERT INTO big SELECT i, 'row ' || i, i / 7.0 FROM n");
    List<Long> reported = new ArrayList<>();
    Path archive = source.resolveSibling("big.db.json");
    new Dehydrator(1000, (database, table, rows) -> reported.add(rows)).dehydrate(source, "big.db", archive);
    assertEquals(12345L, reported.get(reported.size() - 1));
    assertEquals(12345 + 19, Files.readAllLines(archive).size());
    Path rebuilt = dir.resolve("rebuilt.db");
    Hydrator.Outcome outcome = hydrator(false).hydrate(archive, "big.db", rebuilt);
    assertEquals(new ArchiveSummary(1, 12345), outcome.summary());
    assertEquals(query(source, "SELECT count(*), sum(id), total(r), max(label) FROM big"),
        query(rebuilt, "SELECT count(*), sum(id), total(r), max(label) FROM big"));
    assertEquals(Files.readString(archive), archiveText(rebuilt, "big.db"));
  }

  @Test
  @LongRun
  void aHundredMegabyteBlobAndThirtyMillionCharactersOfTextRoundTrip() throws Exception {
    Path source = database("huge.db", "CREATE TABLE huge(id INTEGER PRIMARY KEY, b BLOB, t TEXT)",
        "INSERT INTO huge VALUES (1, randomblob(100 * 1024 * 1024), hex(randomblob(15000000)) || 'ü')");
    Path rebuilt = roundTrip(source);
    try (Connection a = open(source); Connection b = open(rebuilt);
         Statement sa = a.createStatement(); Statement sb = b.createStatement();
         ResultSet qa = sa.executeQuery("SELECT b, t FROM huge"); ResultSet qb = sb.executeQuery("SELECT b, t FROM huge")) {
      assertTrue(qa.next() && qb.next());
      byte[] blob = qa.getBytes(1);
      assertEquals(100 * 1024 * 1024, blob.length);
      assertArrayEquals(blob, qb.getBytes(1));
      String text = qa.getString(2);
      assertEquals(30_000_001, text.length());
      assertEquals(text, qb.getString(2));
    }
    assertEquals(List.of(row("blob", "text")), query(rebuilt, "SELECT typeof(b), typeof(t) FROM huge"));
  }

  @Test
  void pathsWithSpacesQuestionMarksHashesPercentsAndNonAsciiLettersWork() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("my data ?#% é 日本"));
    Path source = folder.resolve("app ?x=1#frag%41ü.db");
    exec(source, "CREATE TABLE t(x)", "INSERT INTO t VALUES ('here')");
    Path archive = folder.resolve("app ?x=1#frag%41ü.db.json");
    dehydrator().dehydrate(source, "app ?x=1#frag%41ü.db", archive);
    Path target = folder.resolve("copy ?mode=ro#%20ö.db");
    assertEquals(Hydrator.Action.CREATED, hydrator(false).hydrate(archive, "x", target).action());
    assertEquals(List.of(row("here")), query(target, "SELECT x FROM t"));
    try (Stream<Path> files = Files.list(folder)) {
      assertEquals(List.of("app ?x=1#frag%41ü.db", "app ?x=1#frag%41ü.db.json", "copy ?mode=ro#%20ö.db"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("my data ?#% é 日本"), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void namesWithSpacesQuotesAndNonAsciiLettersRoundTrip() throws Exception {
    Path source = database("app.db",
        "CREATE TABLE \"my \"\"table\"\" ü\"(\"first col\" TEXT, \"sec\"\"ond\" INTEGER, [日本] REAL, `back``tick` BLOB)",
        "INSERT INTO \"my \"\"table\"\" ü\" VALUES ('a', 1, 1.5, x'01'), (NULL, NULL, NULL, NULL)",
        "CREATE INDEX \"idx \"\"q\"\"\" ON \"my \"\"table\"\" ü\"(\"sec\"\"ond\")");
    Path rebuilt = roundTrip(source);
    String sql = "SELECT rowid, * FROM \"my \"\"table\"\" ü\" ORDER BY rowid";
    assertEquals(query(source, sql), query(rebuilt, sql));
    assertEquals(List.of(row("idx \"q\"")), query(rebuilt, "SELECT name FROM sqlite_schema WHERE type = 'index'"));
  }

  @Test
  void nullsInEveryKindOfColumnRoundTrip() throws Exception {
    Path source = database("app.db",
        "CREATE TABLE n(id INTEGER PRIMARY KEY, i INTEGER, r REAL, t TEXT, b BLOB, any_ NUMERIC)",
        "INSERT INTO n VALUES (1, NULL, NULL, NULL, NULL, NULL), (2, 0, 0.0, '', x'', 0)");
    Path rebuilt = roundTrip(source);
    String sql = "SELECT id, typeof(i), typeof(r), typeof(t), typeof(b), typeof(any_) FROM n ORDER BY id";
    assertEquals(List.of(row(1L, "null", "null", "null", "null", "null"),
        row(2L, "integer", "real", "text", "blob", "integer")), query(rebuilt, sql));
  }

  @Test
  void databaseSettingsAreRestored() throws Exception {
    Path source = dir.resolve("app.db");
    exec(source, "PRAGMA page_size = 8192", "PRAGMA auto_vacuum = INCREMENTAL", "PRAGMA encoding = 'UTF-16le'",
        "PRAGMA user_version = -7", "PRAGMA application_id = 305419896", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('ü')");
    Path rebuilt = roundTrip(source);
    assertEquals(List.of(row(8192L, 2L, "UTF-16le", -7L, 305419896L, "ü")), query(rebuilt,
        "SELECT (SELECT page_size FROM pragma_page_size), (SELECT auto_vacuum FROM pragma_auto_vacuum),"
            + " (SELECT encoding FROM pragma_encoding), (SELECT user_version FROM pragma_user_version),"
            + " (SELECT application_id FROM pragma_application_id), (SELECT x FROM t)"));
  }

  /**
   * TEXT that is not valid UTF-8 has no exact JSON string, so it is refused, naming the first such
   * row, rather than changed: no archive is written, and nothing is built from one.
   */
  @Test
  void textThatIsNotValidUtf8IsRefusedNotChanged() throws Exception {
    Path source = database("app.db", "CREATE TABLE t(x)",
        "INSERT INTO t VALUES (CAST(x'61ff62' AS TEXT)), (CAST(x'eda080' AS TEXT))");
    HydrateException refused = assertThrows(HydrateException.class, () -> roundTrip(source));
    assertEquals(source + ": table \"t\", row 1: a TEXT value is not valid Unicode, so it cannot be archived exactly"
        + " (store it as a BLOB)", refused.getMessage());
    assertEquals(List.of("app.db"), filesInDir());
    assertEquals(List.of(row("61FF62"), row("EDA080")), query(source, "SELECT hex(x) FROM t ORDER BY rowid"),
        "the database as it was");
  }

  @Test
  void aReferenceDesignArchiveHydrates() throws Exception {
    Path archive = dir.resolve("old.db.json");
    Files.writeString(archive, """
        {
          "database": "old.db",
          "exported_at": "2024-01-02T03:04:05",
          "tables": {
            "users": {
              "schema": "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, score REAL)",
              "row_count": 2,
              "rows": [{"id": 1, "name": "Ann", "score": 1.5}, {"score": 2, "name": "Bob", "id": 4}]
            },
            "sqlite_sequence": {
              "schema": "CREATE TABLE sqlite_sequence(name,seq)",
              "row_count": 1,
              "rows": [{"name": "users", "seq": 9}]
            }
          }
        }
        """);
    Path target = dir.resolve("old.db");
    Hydrator.Outcome outcome = hydrator(false).hydrate(archive, "old.db", target);
    assertEquals(new Hydrator.Outcome(Hydrator.Action.CREATED, new ArchiveSummary(1, 2), null,
        Digests.ofFile(archive)), outcome);
    assertEquals(List.of(row(1L, "Ann", 1.5), row(4L, "Bob", 2.0)), query(target, "SELECT id, name, score FROM users"));
    exec(target, "INSERT INTO users(name) VALUES ('next')");
    assertEquals(10L, scalar(target, "SELECT max(id) FROM users"));
  }

  /** An archive whose single schema entry of type table is {@code sql}. */
  private Path archiveWithTableSql(String name, String sql) throws IOException {
    Path archive = dir.resolve("evil.db.json");
    String json = sql.replace("\\", "\\\\").replace("\"", "\\\"").replace("\0", "\\u0000");
    Files.writeString(archive, """
        {
         "format": "git-hydrate-archive",
         "version": 1,
         "database": "evil.db",
         "pragmas": {"application_id": 0, "auto_vacuum": 0, "encoding": "UTF-8", "page_size": 4096, "user_version": 0},
         "schema": [
          {"type": "table", "name": "%s", "table": "%s", "sql": "%s"}
         ],
         "tables": {}
        }
        """.formatted(name, name, json));
    return archive;
  }

  /** The message for a schema entry at {@code line} of {@code archive} that is not one CREATE statement. */
  private static String refusal(Path archive, int line, String name, String problem, String statement) {
    return "archive " + archive + " line " + line + ": schema entry \"" + name + "\": its SQL " + problem
        + " (only one " + statement + " statement for \"" + name + "\" is allowed)";
  }

  /** A database with content of its own, to show that a refused archive leaves it as it was. */
  private Path existingTarget() throws SQLException {
    return database("target.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('mine')");
  }

  /** {@code target} has the bytes it had, and nothing but {@code expected} is beside it. */
  private void assertUntouched(Path target, byte[] before, String... expected) throws IOException {
    assertArrayEquals(before, Files.readAllBytes(target));
    assertEquals(Stream.of(expected).sorted().toList(), filesInDir());
  }

  @Test
  void schemaSqlThatAttachesAFileIsRefusedAndCreatesNothing() throws Exception {
    Path archive = archiveWithTableSql("t", "ATTACH '" + dir.resolve("attached.db") + "' AS a");
    Path target = dir.resolve("evil.db");
    HydrateException e = assertThrows(HydrateException.class, () -> hydrator(false).hydrate(archive, "evil.db", target));
    assertEquals(refusal(archive, 7, "t", "starts with \"ATTACH\", not CREATE", "CREATE TABLE"), e.getMessage());
    assertEquals(List.of("evil.db.json"), filesInDir());
  }

  @Test
  void schemaSqlThatIsADriverCommandIsRefusedAndWritesNothing() throws Exception {
    Path archive = archiveWithTableSql("t", "backup to " + dir.resolve("stolen.db"));
    Path target = dir.resolve("evil.db");
    HydrateException e = assertThrows(HydrateException.class, () -> hydrator(false).hydrate(archive, "evil.db", target));
    assertEquals(refusal(archive, 7, "t", "starts with \"backup\", not CREATE", "CREATE TABLE"), e.getMessage());
    assertEquals(List.of("evil.db.json"), filesInDir());
  }

  @Test
  void schemaSqlThatCreatesAnotherObjectThanItNamesIsRefused() throws Exception {
    Path archive = archiveWithTableSql("t", "CREATE TABLE u(x)");
    Path target = dir.resolve("evil.db");
    HydrateException e = assertThrows(HydrateException.class, () -> hydrator(false).hydrate(archive, "evil.db", target));
    assertEquals(refusal(archive, 7, "t", "creates table \"u\", not \"t\"", "CREATE TABLE"), e.getMessage());
    assertEquals(List.of("evil.db.json"), filesInDir());
  }

  @Test
  void schemaSqlWithASecondStatementIsRefused() throws Exception {
    Path archive = archiveWithTableSql("t", "CREATE TABLE t(x); DROP TABLE t");
    Path target = dir.resolve("evil.db");
    HydrateException e = assertThrows(HydrateException.class, () -> hydrator(false).hydrate(archive, "evil.db", target));
    assertEquals(refusal(archive, 7, "t", "has a second statement after \";\": \"DROP TABLE t\"", "CREATE TABLE"),
        e.getMessage());
    assertFalse(Files.exists(target));
  }

  /** Forms that must never reach SQLite; each is refused with one line naming the entry. */
  @ParameterizedTest
  @ValueSource(strings = {
      "CREATE TABLE t(x); ATTACH 'ATTACHED' AS a; CREATE TABLE a.z(y)",
      "ATTACH 'ATTACHED' AS a",
      "PRAGMA writable_schema = ON",
      "PRAGMA journal_mode = OFF",
      "VACUUM INTO 'ATTACHED'",
      "SELECT load_extension('ATTACHED')",
      "CREATE TABLE t(x DEFAULT (load_extension('ATTACHED')))",
      "CREATE TEMP TABLE t(x)",
      "CREATE TEMPORARY TABLE t(x)",
      "CREATE TABLE temp.t(x)",
      "CREATE TABLE \"temp\".t(x)",
      "CREATE TABLE main.t(x)",
      "CREATE TABLE t AS SELECT 1 AS x",
      "CREATE VIEW t AS SELECT 1",
      "CREATE VIRTUAL TABLE t USING dbstat",
      "CREATE TABLE u(x)",
      "CREATE TABLE t(x)\0; ATTACH 'ATTACHED' AS a",
  })
  void schemaSqlThatIsNotOneCreateStatementForItsEntryIsRefusedBeforeAnythingIsWritten(String sql) throws Exception {
    Path attached = dir.resolve("attached.db");
    Path archive = archiveWithTableSql("t", sql.replace("ATTACHED", attached.toString()));
    Path target = existingTarget();
    byte[] before = Files.readAllBytes(target);
    HydrateException e = assertThrows(HydrateException.class, () -> hydrator(true).hydrate(archive, "evil.db", target));
    assertTrue(e.getMessage().startsWith("archive " + archive + " line 7: schema entry \"t\": its SQL "), e.getMessage());
    assertTrue(e.getMessage().endsWith(" (only one CREATE TABLE statement for \"t\" is allowed)"), e.getMessage());
    assertEquals(-1, e.getMessage().indexOf('\n'), e.getMessage());
    assertUntouched(target, before, "evil.db.json", "target.db");
  }

  @Test
  void aTableMadeByAnEndlessQueryIsRefusedAtOnce() throws Exception {
    Path archive = archiveWithTableSql("t",
        "CREATE TABLE t AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c");
    Path target = existingTarget();
    byte[] before = Files.readAllBytes(target);
    HydrateException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThrows(HydrateException.class, () -> hydrator(true).hydrate(archive, "evil.db", target)));
    assertEquals(refusal(archive, 7, "t", "is CREATE TABLE ... AS SELECT, which runs a query; an archive holds the"
        + " table's columns", "CREATE TABLE"), e.getMessage());
    assertUntouched(target, before, "evil.db.json", "target.db");
  }

  @Test
  void schemaSqlBeyondSqlitesLimitsForArchivesIsRefused() throws Exception {
    String deep = "x";
    for (int i = 0; i < 600; i++) {
      deep = "(" + deep + " + 1)";
    }
    Path nested = archiveWithTableSql("t", "CREATE TABLE t(x CHECK (" + deep + " > 0))");
    HydrateException e = assertThrows(HydrateException.class,
        () -> hydrator(false).hydrate(nested, "evil.db", dir.resolve("evil.db")));
    assertEquals("archive " + nested + " line 7: cannot create table \"t\": Expression tree is too large"
        + " (maximum depth 500)", e.getMessage());
    Path longSql = archiveWithTableSql("t", "CREATE TABLE t(x DEFAULT '" + "a".repeat(1_000_000) + "')");
    e = assertThrows(HydrateException.class, () -> hydrator(false).hydrate(longSql, "evil.db", dir.resolve("evil.db")));
    assertEquals("archive " + longSql + " line 7: cannot create table \"t\": statement too long", e.getMessage());
    assertEquals(List.of("evil.db.json"), filesInDir());
  }

  /** An archive of table t(x) with no rows, and {@code entry} as its second schema entry, at line 8. */
  private Path archiveWithTableAnd(String type, String name, String sql) throws IOException {
    Path archive = dir.resolve("evil.db.json");
    Files.writeString(archive, """
        {
         "format": "git-hydrate-archive",
         "version": 1,
         "database": "evil.db",
         "pragmas": {"application_id": 0, "auto_vacuum": 0, "encoding": "UTF-8", "page_size": 4096, "user_version": 0},
         "schema": [
          {"type": "table", "name": "t", "table": "t", "sql": "CREATE TABLE t(x)"},
          {"type": "%s", "name": "%s", "table": "t", "sql": "%s"}
         ],
         "tables": {
          "t": {"columns": ["x"], "rowid": true, "rows": [
          ], "row_count": 0}
         }
        }
        """.formatted(type, name, sql.replace("\"", "\\\"")));
    return archive;
  }

  @Test
  void viewsAndTriggersThatReachTheTempSchemaAreRefused() throws Exception {
    Path target = existingTarget();
    byte[] before = Files.readAllBytes(target);
    Path view = archiveWithTableAnd("view", "v", "CREATE VIEW v AS SELECT * FROM \"temp\".x");
    HydrateException e = assertThrows(HydrateException.class, () -> hydrator(true).hydrate(view, "evil.db", target));
    assertEquals(refusal(view, 8, "v", "refers to the temp schema (\"\"temp\".x\"); objects may refer only to the"
        + " main schema", "CREATE VIEW"), e.getMessage());
    assertUntouched(target, before, "evil.db.json", "target.db");

    Path trigger = archiveWithTableAnd("trigger", "tr",
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO temp.log VALUES (new.x); END");
    e = assertThrows(HydrateException.class, () -> hydrator(true).hydrate(trigger, "evil.db", target));
    assertEquals(refusal(trigger, 8, "tr", "refers to the temp schema (\"temp.log\"); objects may refer only to the"
        + " main schema", "CREATE TRIGGER"), e.getMessage());
    assertUntouched(target, before, "evil.db.json", "target.db");

    Path temporary = archiveWithTableAnd("trigger", "tr",
        "CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END");
    e = assertThrows(HydrateException.class, () -> hydrator(true).hydrate(temporary, "evil.db", target));
    assertEquals(refusal(temporary, 8, "tr", "creates a TEMP object; every object belongs to the main schema",
        "CREATE TRIGGER"), e.getMessage());
    assertUntouched(target, before, "evil.db.json", "target.db");
  }

  @Test
  void aTriggerWithAStatementAfterItsEndIsRefused() throws Exception {
    Path archive = archiveWithTableAnd("trigger", "tr",
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END; DROP TABLE t");
    HydrateException e = assertThrows(HydrateException.class,
        () -> hydrator(false).hydrate(archive, "evil.db", dir.resolve("evil.db")));
    assertEquals(refusal(archive, 8, "tr", "has a second statement after the trigger's END: \"DROP TABLE t\"",
        "CREATE TRIGGER"), e.getMessage());
    assertEquals(List.of("evil.db.json"), filesInDir());
  }

  /** An archive of one table made by {@code sql} whose rows, one a line from line 11, are {@code rows}. */
  private Path archiveWithRows(String sql, String columns, boolean rowid, String... rows) throws IOException {
    Path archive = dir.resolve("bad.db.json");
    Files.writeString(archive, OneTableArchive.text(sql, columns, rowid, List.of(rows)));
    return archive;
  }

  @Test
  void aDuplicatePrimaryKeyIsNamedByFileLineAndTable() throws Exception {
    Path archive = archiveWithRows("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)", "[\"id\", \"name\"]", false,
        "   [1, \"a\"]", "   [2, \"b\"]", "   [1, \"c\"]");
    Path target = existingTarget();
    byte[] before = Files.readAllBytes(target);
    HydrateException e = assertThrows(HydrateException.class, () -> hydrator(true).hydrate(archive, "bad.db", target));
    assertEquals("archive " + archive + " line 13: table \"t\": UNIQUE constraint failed: t.id", e.getMessage());
    assertUntouched(target, before, "bad.db.json", "target.db");
  }

  @Test
  void aRefusedRowFarIntoATableIsNamedByItsOwnLine() throws Exception {
    // Rows are inserted in batches: the line named must be the refused row's, not its batch's.
    String[] rows = new String[600];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = "   [" + (i == 499 ? 7 : i + 1) + ", \"r\"]";
    }
    Path archive = archiveWithRows("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)", "[\"id\", \"name\"]", false, rows);
    HydrateException e = assertThrows(HydrateException.class,
        () -> hydrator(false).hydrate(archive, "bad.db", dir.resolve("bad.db")));
    assertEquals("archive " + archive + " line 510: table \"t\": UNIQUE constraint failed: t.id", e.getMessage());
    assertEquals(List.of("bad.db.json"), filesInDir());
  }

  @Test
  void aDuplicateKeyOfAWithoutRowidTableIsNamedByFileLineAndTable() throws Exception {
    Path archive = archiveWithRows("CREATE TABLE t(k TEXT PRIMARY KEY, v) WITHOUT ROWID", "[\"k\", \"v\"]", false,
        "   [\"a\", 1]", "   [\"a\", 2]");
    HydrateException e = assertThrows(HydrateException.class,
        () -> hydrator(false).hydrate(archive, "bad.db", dir.resolve("bad.db")));
    assertEquals("archive " + archive + " line 12: table \"t\": UNIQUE constraint failed: t.k", e.getMessage());
    assertEquals(List.of("bad.db.json"), filesInDir());
  }

  @Test
  void aDuplicateKeyInAReferenceDesignArchiveIsNamedByFileLineAndTable() throws Exception {
    Path archive = dir.resolve("old.db.json");
    Files.writeString(archive, """
        {
          "database": "old.db",
          "tables": {
            "users": {
              "schema": "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)",
              "rows": [
                {"id": 1, "name": "Ann"},
                {"id": 1, "name": "Bob"}
              ]
            }
          }
        }
        """);
    HydrateException e = assertThrows(HydrateException.class,
        () -> hydrator(false).hydrate(archive, "old.db", dir.resolve("old.db")));
    assertEquals("archive " + archive + " line 8: table \"users\": UNIQUE constraint failed: users.id", e.getMessage());
    assertEquals(List.of("old.db.json"), filesInDir());
  }

  @Test
  void aValueOfTheWrongTypeIsNamedByFileLineAndTable() throws Exception {
    Path archive = archiveWithRows("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)", "[\"id\", \"name\"]", false,
        "   [1, \"a\"]", "   [\"two\", \"b\"]");
    Path target = existingTarget();
    byte[] before = Files.readAllBytes(target);
    HydrateException e = assertThrows(HydrateException.class, () -> hydrator(true).hydrate(archive, "bad.db", target));
    assertEquals("archive " + archive + " line 12: table \"t\": datatype mismatch", e.getMessage());
    assertUntouched(target, before, "bad.db.json", "target.db");

    Path strict = archiveWithRows("CREATE TABLE t(n INTEGER) STRICT", "[\"n\"]", true, "   [1, 5]", "   [2, \"five\"]");
    e = assertThrows(HydrateException.class, () -> hydrator(true).hydrate(strict, "bad.db", target));
    assertEquals("archive " + strict + " line 12: table \"t\": cannot store TEXT value in INTEGER column t.n",
        e.getMessage());
    assertUntouched(target, before, "bad.db.json", "target.db");
  }

  @Test
  void aSchemaThatMakesMoreDataThanTheArchiveHoldsIsStoppedBeforeTheDiskFills() throws Exception {
    Path archive = archiveWithRows("CREATE TABLE t(x, y AS (zeroblob(100000000)) STORED)", "[\"x\"]", true,
        "   [1, 1]", "   [2, 2]");
    Path target = existingTarget();
    byte[] before = Files.readAllBytes(target);
    HydrateException e = assertThrows(HydrateException.class, () -> hydrator(true).hydrate(archive, "bad.db", target));
    assertEquals("archive " + archive + " line 11: table \"t\": database or disk is full (a database built from 1 MB"
        + " of archive may take at most 65 MB: 4 times the archive plus 64 MB)", e.getMessage());
    assertUntouched(target, before, "bad.db.json", "target.db");
  }

  @Test
  void schemaSqlThatCallsAnUnsafeFunctionIsRefused() throws Exception {
    Path archive = dir.resolve("evil.db.json");
    Files.writeString(archive, """
        {
         "format": "git-hydrate-archive",
         "version": 1,
         "database": "evil.db",
         "pragmas": {"application_id": 0, "auto_vacuum": 0, "encoding": "UTF-8", "page_size": 4096, "user_version": 0},
         "schema": [
          {"type": "table", "name": "t", "table": "t", "sql": "CREATE TABLE t(x CHECK (reverse(x) <> 'zz'))"}
         ],
         "tables": {
          "t": {"columns": ["x"], "rowid": false, "rows": [
           ["a"]
          ], "row_count": 1}
         }
        }
        """);
    HydrateException e = assertThrows(HydrateException.class,
        () -> hydrator(false).hydrate(archive, "evil.db", dir.resolve("evil.db")));
    assertEquals("archive " + archive + " line 7: cannot create table \"t\": unsafe use of reverse()", e.getMessage());
    assertEquals(List.of("evil.db.json"), filesInDir());
  }
}
