package io.githydrate.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.TestSqlite;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migration SQL for each kind of change, applied to the old database: it gives the new one, and back. */
class MigrationTest {
  @TempDir
  Path dir;

  private MigrationCheck check() {
    return new MigrationCheck(dir);
  }

  private String both(String[] setUp, String... change) throws IOException, SQLException {
    return check().bothWays(setUp, change);
  }

  private static String[] shop() {
    return new String[] {
        "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, price REAL)",
        "INSERT INTO t VALUES (7, 'y', NULL), (42, 'x', 0.99), (50, 'z', 2.5)"};
  }

  @Test
  void rowChangesAreDeletesUpdatesAndInsertsByKey() throws Exception {
    String sql = both(shop(), "UPDATE t SET price = 1.29 WHERE id = 42", "DELETE FROM t WHERE id = 7",
        "INSERT INTO t VALUES (43, 'it''s', 1.5)");
    assertEquals(String.join("\n",
        "PRAGMA foreign_keys = OFF; -- for the table rebuilds; SQLite ignores it inside a transaction",
        "BEGIN;",
        "DELETE FROM main.t WHERE id = 7;",
        "UPDATE main.t SET price = 1.29 WHERE id = 42;",
        "INSERT INTO main.t (id, name, price) VALUES (43, 'it''s', 1.5);",
        "COMMIT;", ""), sql);
  }

  @Test
  void sameArchivesGiveNoScript() throws Exception {
    assertEquals("", both(shop(), "UPDATE t SET price = price WHERE id = 42"));
  }

  @Test
  void anAppendedColumnIsAnAlterTable() throws Exception {
    String sql = both(shop(), "ALTER TABLE t ADD COLUMN stock INTEGER NOT NULL DEFAULT 0",
        "UPDATE t SET stock = 5 WHERE id = 42");
    assertTrue(sql.contains("ALTER TABLE main.t ADD COLUMN stock INTEGER NOT NULL DEFAULT 0;"), sql);
    assertTrue(sql.contains("UPDATE main.t SET stock = 5 WHERE id = 42;"), sql);
  }

  @Test
  void aRebuiltTableWithANewNotNullColumnIsCopiedThroughATempTable() throws Exception {
    String sql = both(new String[] {
            "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, price REAL)",
            "CREATE INDEX t_name ON t(name)",
            "INSERT INTO t VALUES (7, 'y', NULL), (42, 'x', 0.99), (50, 'z', 2.5)"},
        "CREATE TABLE t2(id INTEGER PRIMARY KEY, title TEXT NOT NULL, price REAL CHECK (price > 0))",
        "INSERT INTO t2 SELECT id, coalesce(name, '?'), coalesce(price, 1) FROM t",
        "DROP TABLE t", "ALTER TABLE t2 RENAME TO t", "CREATE INDEX t_name ON t(title)");
    assertTrue(sql.contains("CREATE TEMP TABLE git_hydrate_rows"), sql);
  }

  @Test
  void aChangedKeyRemakesTheTable() throws Exception {
    both(new String[] {"CREATE TABLE p(a TEXT, b INTEGER, c)", "INSERT INTO p VALUES ('x', 1, 2), ('y', 2, 3)"},
        "CREATE TABLE q(a TEXT COLLATE NOCASE, b INTEGER, c, PRIMARY KEY (a, b)) WITHOUT ROWID",
        "INSERT INTO q SELECT * FROM p", "DROP TABLE p", "ALTER TABLE q RENAME TO p", "UPDATE p SET c = 9 WHERE a = 'X'");
  }

  @Test
  void aRowTakingOverADeletedRowsUniqueValueComesAfterTheDelete() throws Exception {
    String sql = both(new String[] {"CREATE TABLE u(id INTEGER PRIMARY KEY, email TEXT UNIQUE)",
            "INSERT INTO u VALUES (5, 'x@example.com'), (6, 'y@example.com')"},
        "DELETE FROM u WHERE id = 5", "INSERT INTO u VALUES (1, 'x@example.com')",
        "UPDATE u SET email = 'z@example.com' WHERE id = 6");
    assertTrue(sql.indexOf("DELETE FROM main.u WHERE id = 5;") < sql.indexOf("INSERT INTO main.u"), sql);
  }

  @Test
  void withoutRowidKeysInTheirCollation() throws Exception {
    both(new String[] {
            "CREATE TABLE s(code TEXT COLLATE NOCASE, n INTEGER, qty, PRIMARY KEY (code, n)) WITHOUT ROWID",
            "INSERT INTO s VALUES ('a', 1, 3), ('B', 2, x'00ff'), ('c', 3, 'it''s')"},
        "UPDATE s SET qty = 4 WHERE code = 'a'", "DELETE FROM s WHERE code = 'b'", "INSERT INTO s VALUES ('b', 2, 1e300)");
  }

  @Test
  void rowidTablesKeepTheirRowids() throws Exception {
    both(new String[] {"CREATE TABLE r(x, y)", "INSERT INTO r VALUES (1, 2), (3, 4), (5, 6)", "DELETE FROM r WHERE x = 3"},
        "INSERT INTO r VALUES (7, 8)", "UPDATE r SET y = 'z' || char(10) WHERE x = 1", "ALTER TABLE r ADD COLUMN z");
  }

  @Test
  void autoincrementCountersTriggersViewsAndSettings() throws Exception {
    both(new String[] {
            "CREATE TABLE c(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT)",
            "CREATE TABLE log(at INTEGER, what TEXT)",
            "CREATE TRIGGER c_added AFTER INSERT ON c BEGIN INSERT INTO log VALUES (new.id, 'added'); END",
            "CREATE VIEW names AS SELECT name FROM c",
            "INSERT INTO c(name) VALUES ('a'), ('b'), ('c')", "DELETE FROM c WHERE id = 3"},
        "PRAGMA user_version = 7", "INSERT INTO c(name) VALUES ('d')", "DROP VIEW names",
        "CREATE TABLE c2(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, note TEXT DEFAULT 'n')",
        "INSERT INTO c2(id, name) SELECT id, name FROM c", "DROP TABLE c", "ALTER TABLE c2 RENAME TO c",
        "CREATE VIEW names AS SELECT upper(name) AS name FROM c");
  }

  @Test
  void createdAndDroppedTablesAndIndexes() throws Exception {
    both(new String[] {"CREATE TABLE a(id INTEGER PRIMARY KEY, v)", "CREATE TABLE b(id INTEGER PRIMARY KEY, a_id REFERENCES a(id))",
            "INSERT INTO a VALUES (1, 'one')", "INSERT INTO b VALUES (1, 1)", "CREATE INDEX b_a ON b(a_id)"},
        "DROP TABLE b", "CREATE TABLE n(id INTEGER PRIMARY KEY, a_id REFERENCES a(id) ON DELETE CASCADE)",
        "INSERT INTO n VALUES (5, 1)", "CREATE UNIQUE INDEX a_v ON a(v)", "DELETE FROM a");
  }

  @Test
  void statisticsAndPageSize() throws Exception {
    both(new String[] {"CREATE TABLE a(id INTEGER PRIMARY KEY, v)", "CREATE INDEX a_v ON a(v)",
            "INSERT INTO a VALUES (1, 'one'), (2, 'two')"},
        "ANALYZE", "PRAGMA page_size = 8192", "VACUUM");
  }

  @Test
  void fullTextAndRtreeTablesTakeTheirRowsThroughTheTable() throws Exception {
    both(new String[] {"CREATE VIRTUAL TABLE docs USING fts5(title, body)",
            "CREATE VIRTUAL TABLE boxes USING rtree(id, x0, x1)",
            "INSERT INTO docs VALUES ('one', 'the first'), ('two', 'the second')",
            "INSERT INTO boxes VALUES (1, 0, 1), (2, 5, 6)"},
        "UPDATE docs SET body = 'edited' WHERE rowid = 1", "DELETE FROM docs WHERE rowid = 2",
        "INSERT INTO docs VALUES ('three', 'new')", "UPDATE boxes SET x1 = 7 WHERE id = 2",
        "CREATE VIRTUAL TABLE more USING fts5(text)", "INSERT INTO more VALUES ('added')");
  }

  @Test
  void walModeIsSetAfterTheCommit() throws Exception {
    String sql = both(shop(), "PRAGMA journal_mode = WAL", "UPDATE t SET price = 1.5 WHERE id = 7");
    assertTrue(sql.endsWith("COMMIT;\nPRAGMA journal_mode = wal;\n"), sql);
  }

  @Test
  void aNewDatabaseAndADeletedOne() throws Exception {
    MigrationCheck check = check();
    String created = check.fromNothing("CREATE TABLE a(id INTEGER PRIMARY KEY, v)", "INSERT INTO a VALUES (1, 'x')");
    assertTrue(created.contains("CREATE TABLE a(id INTEGER PRIMARY KEY, v);"), created);
    assertFalse(created.contains("DROP"), created);

    Path db = check.file(".db");
    TestSqlite.exec(db, "CREATE TABLE a(id INTEGER PRIMARY KEY AUTOINCREMENT, v)", "CREATE INDEX a_v ON a(v)",
        "CREATE VIEW v AS SELECT * FROM a", "INSERT INTO a(v) VALUES ('x')");
    String deleted = MigrationCheck.sql(check.archive(db), null);
    MigrationCheck.apply(db, deleted);
    assertEquals(List.of(List.of("table", "sqlite_sequence")), TestSqlite.query(db, "SELECT type, name FROM sqlite_schema"),
        deleted);
  }
}
