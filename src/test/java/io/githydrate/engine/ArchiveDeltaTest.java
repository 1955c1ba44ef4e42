package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.HydrateException;
import io.githydrate.TestSqlite;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ArchiveDelta} on the cases a property rarely meets: changes that only work in the right
 * order, more changed rows in a run than it pairs up, archives edited by hand, a locked database,
 * triggers that must not fire and must stay as they were.
 * Every declined case must leave the database byte for byte as it was.
 */
class ArchiveDeltaTest {
  private static final Duration LOCK_TIMEOUT = Duration.ofMillis(300);

  @TempDir
  Path dir;

  private final Dehydrator dehydrator = new Dehydrator(1000, Progress.NONE);

  /** A database and its archive, dehydrated; the database is the target the delta updates. */
  private Path database(String name, String... statements) throws SQLException {
    Path db = dir.resolve(name);
    TestSqlite.exec(db, statements);
    dehydrator.dehydrate(db, "app.db", dir.resolve(name + ".json"));
    return db;
  }

  /** The archive of {@code db} after {@code statements} ran on a copy of it. */
  private Path changed(Path db, String... statements) throws IOException, SQLException {
    Path copy = dir.resolve("changed-" + db.getFileName());
    Files.copy(db, copy);
    TestSqlite.exec(copy, statements);
    Path archive = dir.resolve("new-" + db.getFileName() + ".json");
    dehydrator.dehydrate(copy, "app.db", archive);
    return archive;
  }

  private Optional<ArchiveDelta.Applied> apply(Path db, Path archive) throws IOException {
    Path previous = dir.resolve(db.getFileName() + ".json");
    try (InputStream old = Files.newInputStream(previous)) {
      return ArchiveDelta.apply(db, old, Digests.ofFile(previous), archive, null, LOCK_TIMEOUT);
    }
  }

  private void assertDehydratesTo(Path archive, Path db) throws IOException {
    Path again = dir.resolve("again.json");
    dehydrator.dehydrate(db, "app.db", again);
    assertEquals(Files.readString(archive), Files.readString(again));
  }

  @Test
  void deletedRowsAreFoundBetweenTheirNeighboursByKeyInEveryKindOfTable() throws Exception {
    Path db = database("app.db",
        "CREATE TABLE terms(lang TEXT, term TEXT COLLATE NOCASE, note TEXT, PRIMARY KEY (lang, term)) WITHOUT ROWID",
        "CREATE TABLE plain(x, y)", "CREATE TABLE named(id INTEGER PRIMARY KEY, name TEXT)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
            + " INSERT INTO terms SELECT CASE i % 3 WHEN 0 THEN 'en' WHEN 1 THEN 'fr' ELSE 'de' END,"
            + " CASE i % 2 WHEN 0 THEN 'Word' ELSE 'word' END || i, 'n' || i FROM n",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
            + " INSERT INTO plain SELECT i, 'y' || i FROM n",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
            + " INSERT INTO named SELECT i * 3, 'name ' || i FROM n");
    Path archive = changed(db, "DELETE FROM terms WHERE note IN ('n1', 'n2', 'n150', 'n299', 'n300')",
        "UPDATE terms SET note = 'changed' WHERE note = 'n77'", "DELETE FROM plain WHERE x IN (1, 2, 3, 100, 300)",
        "DELETE FROM named WHERE id % 90 = 0", "UPDATE named SET name = 'renamed' WHERE id = 3");

    ArchiveDelta.Applied applied = apply(db, archive).orElseThrow();

    assertEquals(5 + 1 + 5 + 10 + 1, applied.rowsDeleted());
    assertEquals(2, applied.rowsInserted());
    assertDehydratesTo(archive, db);
  }

  @Test
  void aKeptIndexStandsInForThePreviousArchive() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT)",
        "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    Path archive = changed(db, "DELETE FROM t WHERE id = 2", "INSERT INTO t VALUES (4, 'd')");
    LineIndex.Key key = LineIndex.Key.of(7);
    LineIndex previous;
    try (InputStream in = Files.newInputStream(dir.resolve("app.db.json"))) {
      previous = ArchiveDelta.index(in, key).orElseThrow();
    }

    ArchiveDelta.Applied applied = ArchiveDelta.apply(db, previous, archive, null, key, LOCK_TIMEOUT).orElseThrow();

    assertEquals(1, applied.rowsDeleted());
    assertEquals(1, applied.rowsInserted());
    assertDehydratesTo(archive, db);
    LineIndex now;
    try (InputStream in = Files.newInputStream(archive)) {
      now = ArchiveDelta.index(in, key).orElseThrow();
    }
    Path kept = dir.resolve("kept");
    Path made = dir.resolve("made");
    applied.index().write(kept);
    now.write(made);
    assertArrayEquals(Files.readAllBytes(made), Files.readAllBytes(kept), "the new archive's index comes back");
  }

  @Test
  void anIndexMadeWithAnotherKeyMatchesNoRowAndChangesNothing() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT)", "INSERT INTO t VALUES (1, 'a')");
    Path archive = changed(db, "INSERT INTO t VALUES (2, 'b')");
    LineIndex previous;
    try (InputStream in = Files.newInputStream(dir.resolve("app.db.json"))) {
      previous = ArchiveDelta.index(in, LineIndex.Key.of(7)).orElseThrow();
    }
    byte[] before = Files.readAllBytes(db);

    assertTrue(ArchiveDelta.apply(db, previous, archive, null, LineIndex.Key.of(8), LOCK_TIMEOUT).isEmpty());
    assertArrayEquals(before, Files.readAllBytes(db));
  }

  @Test
  void rowsThatTradeUniqueValuesAreInsertedOnlyOnceTheOthersAreGone() throws Exception {
    Path db = database("app.db", "CREATE TABLE users(id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL)",
        "INSERT INTO users VALUES (1, 'a@example.com'), (2, 'b@example.com'), (3, 'c@example.com')");
    Path archive = changed(db, "UPDATE users SET email = 'swap' WHERE id = 1",
        "UPDATE users SET email = 'a@example.com' WHERE id = 2", "UPDATE users SET email = 'b@example.com' WHERE id = 1",
        "DELETE FROM users WHERE id = 3", "INSERT INTO users VALUES (3, 'new@example.com')");

    ArchiveDelta.Applied applied = apply(db, archive).orElseThrow();

    assertEquals(3, applied.rowsDeleted());
    assertEquals(3, applied.rowsInserted());
    assertEquals(new ArchiveSummary(1, 3), applied.summary());
    assertDehydratesTo(archive, db);
  }

  @Test
  void statisticsAndCountersChangeRowByRowInTheirOrder() throws Exception {
    Path db = database("app.db", "CREATE TABLE zebra(id INTEGER PRIMARY KEY AUTOINCREMENT, x TEXT)",
        "CREATE TABLE apple(id INTEGER PRIMARY KEY AUTOINCREMENT, x TEXT)", "CREATE INDEX apple_x ON apple(x)",
        "INSERT INTO zebra(x) VALUES ('z')", "INSERT INTO apple(x) VALUES ('a'), ('b')", "ANALYZE");
    Path archive = changed(db, "INSERT INTO apple(x) VALUES ('c')", "INSERT INTO zebra(x) VALUES ('y')", "ANALYZE apple",
        "UPDATE sqlite_stat1 SET stat = '1000 1' WHERE idx = 'apple_x'");

    ArchiveDelta.Applied applied = apply(db, archive).orElseThrow();

    assertEquals(new ArchiveSummary(2, 5), applied.summary(), "statistics are not counted as rows");
    assertDehydratesTo(archive, db);
    assertEquals(List.of(List.of("zebra", 2L), List.of("apple", 3L)),
        TestSqlite.query(db, "SELECT name, seq FROM sqlite_sequence ORDER BY rowid"));
  }

  @Test
  void theNewArchivesDigestIsComputedUnlessTheCallerKnowsIt() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
    Path archive = changed(db, "INSERT INTO t VALUES (2)");
    Path previous = dir.resolve("app.db.json");
    Path copy = dir.resolve("copy.db");
    Files.copy(db, copy);
    assertEquals(Digests.ofFile(archive), apply(db, archive).orElseThrow().archiveDigest());
    String known = "ab".repeat(32);
    try (InputStream old = Files.newInputStream(previous)) {
      ArchiveDelta.Applied applied = ArchiveDelta.apply(copy, old, Digests.ofFile(previous), archive, known, LOCK_TIMEOUT)
          .orElseThrow();
      assertEquals(known, applied.archiveDigest());
      assertEquals(known, applied.index().archiveDigest());
    }
    assertDehydratesTo(archive, copy);
  }

  @Test
  void scatteredChangesInALargeTableArePairedUp() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT, y BLOB)",
        "CREATE INDEX t_x ON t(x)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
            + " INSERT INTO t SELECT i, 'row ' || i, randomblob(i % 7) FROM n");
    Path archive = changed(db, "UPDATE t SET x = x || '!' WHERE id % 97 = 0", "DELETE FROM t WHERE id % 101 = 0",
        "INSERT INTO t SELECT id + 100000, x, y FROM t WHERE id % 89 = 0");

    ArchiveDelta.Applied applied = apply(db, archive).orElseThrow();

    assertTrue(applied.rowsInserted() > 400 && applied.rowsDeleted() > 300, applied.toString());
    assertDehydratesTo(archive, db);
  }

  @Test
  void moreChangedRowsInARunThanItPairsUpAreLeftToTheFullRebuild() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)"
            + " INSERT INTO t SELECT i, 'row ' || i FROM n UNION ALL SELECT 10000 + i, 'row ' || i FROM n");
    // Rows deleted and changed first, then 5,000 new rows between two kept ones: more than a window.
    Path archive = changed(db, "DELETE FROM t WHERE id BETWEEN 10 AND 40", "UPDATE t SET x = 'moved' WHERE id < 10",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
            + " INSERT INTO t SELECT 2000 + i, 'new ' || i FROM n");
    byte[] before = Files.readAllBytes(db);

    assertTrue(apply(db, archive).isEmpty());
    assertArrayEquals(before, Files.readAllBytes(db), "the rows deleted before it gave up are back");
  }

  @Test
  void anAutoincrementCounterIsSetAsArchived() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, x)",
        "INSERT INTO t(x) VALUES ('a'), ('b'), ('c')", "DELETE FROM t WHERE id = 3");
    // The counter stays at 4 although the largest rowid is 3 once more.
    Path archive = changed(db, "INSERT INTO t(x) VALUES ('d')", "DELETE FROM t WHERE id = 4",
        "INSERT INTO t(id, x) VALUES (3, 'c again')");

    apply(db, archive).orElseThrow();

    assertDehydratesTo(archive, db);
    assertEquals(List.of(List.of("t", 4L)), TestSqlite.query(db, "SELECT name, seq FROM sqlite_sequence"));
  }

  @Test
  void aTableThatGainsItsFirstRowsOrLosesItsLastIsUpdated() throws Exception {
    Path db = database("app.db", "CREATE TABLE empty(x)", "CREATE TABLE full(y)", "INSERT INTO full VALUES (1), (2)");
    Path archive = changed(db, "INSERT INTO empty VALUES ('first')", "DELETE FROM full");

    apply(db, archive).orElseThrow();

    assertDehydratesTo(archive, db);
  }

  @Test
  void archivesThatDifferInMoreThanRowsAreLeftToTheFullRebuild() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
    byte[] before = Files.readAllBytes(db);

    assertTrue(apply(db, changed(db, "PRAGMA user_version = 7", "INSERT INTO t VALUES (2)")).isEmpty());
    Files.delete(dir.resolve("changed-app.db"));
    assertTrue(apply(db, changed(db, "CREATE INDEX t_x ON t(x)", "INSERT INTO t VALUES (2)")).isEmpty());
    assertArrayEquals(before, Files.readAllBytes(db));
  }

  @Test
  void aHandEditedArchiveIsLeftToTheFullRebuild() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(id INTEGER PRIMARY KEY, x)", "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    byte[] before = Files.readAllBytes(db);
    String valid = Files.readString(changed(db, "UPDATE t SET x = 'c' WHERE id = 2"));
    List<String> edits = List.of(
        valid.replace("[2, \"c\"]", "[2, \"c\""),                       // not JSON
        valid.replace("[2, \"c\"]", "[2, \"c\"], [3, \"d\"]"),          // two rows on one line
        valid.replace("[1, \"a\"],", "[1, \"a\"]"),                     // a comma missing
        valid.replace("\"row_count\": 2", "\"row_count\": 3"),          // a count that does not match
        valid.replace("[2, \"c\"]", "[2, \"c\", 3]"),                   // a value too many
        valid.replace("[2, \"c\"]", "[2.5, \"c\"]"),                    // a rowid SQLite refuses
        valid.replace("[2, \"c\"]", "[1, \"c\"]"),                      // a key taken twice
        valid.replace("\n", "\r\n"),                                    // another line layout
        valid.substring(0, valid.length() - 1));                        // no final newline
    for (String edit : edits) {
      Path archive = dir.resolve("edited.json");
      Files.writeString(archive, edit, StandardCharsets.UTF_8);
      assertTrue(apply(db, archive).isEmpty(), edit);
      assertArrayEquals(before, Files.readAllBytes(db), edit);
    }
  }

  private static final String TRIGGERS = "SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY rowid";

  @Test
  void rowsAreWrittenWithoutFiringTheDatabasesTriggersWhichStayAsTheyWere() throws Exception {
    Path db = database("app.db", "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT)",
        "CREATE TABLE audit(n INTEGER PRIMARY KEY, what TEXT)",
        "CREATE TRIGGER users_added AFTER INSERT ON users BEGIN INSERT INTO audit(what) VALUES ('added ' || new.id); END",
        "CREATE TRIGGER users_changed AFTER UPDATE ON users"
            + " BEGIN INSERT INTO audit(what) VALUES ('changed ' || new.id); END",
        "CREATE TRIGGER users_removed AFTER DELETE ON users"
            + " BEGIN INSERT INTO audit(what) VALUES ('removed ' || old.id); END",
        "INSERT INTO users VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    List<List<Object>> triggers = TestSqlite.query(db, TRIGGERS);
    // The archive holds what the triggers wrote when these changes were made.
    Path archive = changed(db, "UPDATE users SET name = 'B' WHERE id = 2", "DELETE FROM users WHERE id = 3",
        "INSERT INTO users VALUES (4, 'd')");

    ArchiveDelta.Applied applied = apply(db, archive).orElseThrow();

    assertEquals(2 + 3, applied.rowsInserted(), "users 2 and 4, and the three audit rows archived");
    assertEquals(List.of(TestSqlite.row(1L, "added 1"), TestSqlite.row(2L, "added 2"), TestSqlite.row(3L, "added 3"),
        TestSqlite.row(4L, "changed 2"), TestSqlite.row(5L, "removed 3"), TestSqlite.row(6L, "added 4")),
        TestSqlite.query(db, "SELECT n, what FROM audit ORDER BY n"), "only the archived rows: no trigger fired");
    assertEquals(triggers, TestSqlite.query(db, TRIGGERS));
    assertDehydratesTo(archive, db);

    TestSqlite.exec(db, "INSERT INTO users VALUES (5, 'e')");
    assertEquals("added 5", TestSqlite.scalar(db, "SELECT what FROM audit ORDER BY n DESC LIMIT 1"),
        "the trigger fires for the application's writes");
  }

  @Test
  void aTriggerThatWouldRefuseTheChangedRowsDoesNotFire() throws Exception {
    String[] frozen = {
        "CREATE TRIGGER no_inserts BEFORE INSERT ON accounts BEGIN SELECT RAISE(ABORT, 'accounts are frozen'); END",
        "CREATE TRIGGER no_deletes BEFORE DELETE ON accounts BEGIN SELECT RAISE(ABORT, 'accounts are frozen'); END"};
    Path db = database("app.db", "CREATE TABLE accounts(id INTEGER PRIMARY KEY, balance INTEGER)",
        "INSERT INTO accounts VALUES (1, 10), (2, 20)", frozen[0], frozen[1]);
    // Made elsewhere with the triggers set aside for a moment; a changed row is a delete and an insert here.
    Path archive = changed(db, "DROP TRIGGER no_inserts", "DROP TRIGGER no_deletes",
        "UPDATE accounts SET balance = 25 WHERE id = 2", "INSERT INTO accounts VALUES (3, 30)", frozen[0], frozen[1]);

    apply(db, archive).orElseThrow();

    assertDehydratesTo(archive, db);
    SQLException e = assertThrows(SQLException.class, () -> TestSqlite.exec(db, "INSERT INTO accounts VALUES (4, 40)"));
    assertTrue(e.getMessage().contains("accounts are frozen"), e.getMessage());
  }

  @Test
  void triggersAreCreatedAgainInTheirOrderAmongOtherObjects() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT)", "CREATE TABLE log(x TEXT)",
        "CREATE TRIGGER z_first AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('z ' || new.x); END",
        "CREATE INDEX t_x ON t(x)",
        "CREATE TRIGGER a_second AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('a ' || new.x); END",
        "CREATE VIEW v AS SELECT x FROM t",
        "CREATE TRIGGER m_third INSTEAD OF INSERT ON v BEGIN INSERT INTO t(x) VALUES (new.x); END",
        "CREATE TABLE u(y)",
        "CREATE TRIGGER b_fourth AFTER DELETE ON t BEGIN INSERT INTO u VALUES (old.id); END",
        "INSERT INTO t(x) VALUES ('one'), ('two')");
    Path archive = changed(db, "INSERT INTO v VALUES ('three')", "DELETE FROM t WHERE x = 'one'");

    apply(db, archive).orElseThrow();

    assertEquals(List.of(List.of("z_first"), List.of("a_second"), List.of("m_third"), List.of("b_fourth")),
        TestSqlite.query(db, "SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY rowid"));
    assertDehydratesTo(archive, db);
  }

  @Test
  void aTriggerWhoseTextSqliteWouldNotStoreAgainIsLeftToTheFullRebuild() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(x)", "CREATE TABLE log(x)",
        "CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.x); END", "INSERT INTO t VALUES (1)");
    Path archive = changed(db, "INSERT INTO t VALUES (2)");
    // Texts SQLite itself never stores, put there by editing sqlite_schema: the second one's
    // statement after END must not run.
    List<String> edits = List.of("'create trigger' || substr(sql, 15)", "sql || '; DROP TABLE t'");
    for (String edit : edits) {
      Path edited = dir.resolve("edited.db");
      Files.copy(db, edited, StandardCopyOption.REPLACE_EXISTING);
      TestSqlite.exec(edited, "PRAGMA writable_schema = ON",
          "UPDATE sqlite_schema SET sql = " + edit + " WHERE type = 'trigger'");
      byte[] before = Files.readAllBytes(edited);
      Path previous = dir.resolve("app.db.json");
      try (InputStream old = Files.newInputStream(previous)) {
        assertTrue(ArchiveDelta.apply(edited, old, Digests.ofFile(previous), archive, null, LOCK_TIMEOUT).isEmpty(),
            edit);
      }
      assertArrayEquals(before, Files.readAllBytes(edited), edit);
    }
  }

  @Test
  void aDeclinedDeltaLeavesTheTriggersItDroppedAsTheyWere() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(id INTEGER PRIMARY KEY, x)", "CREATE TABLE log(x)",
        "CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.x); END",
        "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    byte[] before = Files.readAllBytes(db);
    String valid = Files.readString(changed(db, "UPDATE t SET x = 'c' WHERE id = 2"));
    Path archive = dir.resolve("edited.json");
    Files.writeString(archive, valid.replace("[2, \"c\"]", "[1, \"c\"]"), StandardCharsets.UTF_8); // a key taken twice

    assertTrue(apply(db, archive).isEmpty());
    assertArrayEquals(before, Files.readAllBytes(db));
  }

  @Test
  void aDatabaseLockedByAnotherProcessIsLeftAsItWasWithAnError() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('old')");
    Path archive = changed(db, "INSERT INTO t VALUES ('new')");
    Process holder = LockHolder.start(db, "BEGIN IMMEDIATE", "INSERT INTO t VALUES ('uncommitted')");
    try {
      HydrateException e = assertThrows(HydrateException.class, () -> apply(db, archive));
      assertTrue(e.getMessage().contains("locked by another process"), e.getMessage());
    } finally {
      holder.getOutputStream().close();
      holder.waitFor();
    }
    assertEquals(List.of(List.of("old")), TestSqlite.query(db, "SELECT x FROM t"));
  }
}
