package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.HydrateException;
import io.githydrate.engine.Hydrator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables SQLite keeps for itself and the journal mode, round-tripped exactly: ANALYZE statistics
 * (hand-tuned rows and the gaps a second ANALYZE leaves in their rowids included), AUTOINCREMENT
 * counters in the order SQLite added them, and WAL mode, compared row by row with plain SQL.
 */
class SqliteTablesRoundTripTest {
  @TempDir
  Path dir;

  /**
   * AUTOINCREMENT tables first written to out of name order (zebra, mango, apple), analysed twice,
   * one statistic tuned by hand.
   */
  private Path tunedDatabase(String journalMode) throws SQLException {
    Path db = dir.resolve("tuned.db");
    exec(db, "PRAGMA journal_mode=" + journalMode,
        "CREATE TABLE zebra(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT)",
        "CREATE TABLE apple(id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT, weight REAL)",
        "CREATE TABLE mango(id INTEGER PRIMARY KEY AUTOINCREMENT, note)",
        "CREATE INDEX apple_kind ON apple(kind)",
        "CREATE INDEX apple_kind_weight ON apple(kind, weight)",
        "INSERT INTO zebra(name) VALUES ('z1'), ('z2')",
        "INSERT INTO mango(note) VALUES (1)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
            + " INSERT INTO apple(kind, weight) SELECT 'kind ' || (i % 7), i / 3.0 FROM n",
        "DELETE FROM zebra WHERE id = 2",
        "ANALYZE",
        "INSERT INTO apple(kind, weight) VALUES ('late', 1.5)",
        "ANALYZE apple", // rewrites apple's rows at the end: gaps in the rowids
        "UPDATE sqlite_stat1 SET stat = '1000000 10 2' WHERE idx = 'apple_kind_weight'");
    return db;
  }

  @Test
  void statisticsCountersAndWalModeComeBackRowByRow() throws Exception {
    Path original = tunedDatabase("WAL");
    Path archive = dir.resolve("tuned.db.json");
    Path rebuilt = dir.resolve("rebuilt.db");
    Engine.dehydrator().dehydrate(original, Engine.LABEL, archive);
    String text = Files.readString(archive, StandardCharsets.UTF_8);
    assertTrue(text.contains("\"journal_mode\": \"wal\""), text);
    assertTrue(text.indexOf("[\"zebra\", 2]") < text.indexOf("[\"apple\", 301]"), "counters in the order SQLite added them");
    assertTrue(text.contains("\"sqlite_stat1\": {\"columns\": [\"tbl\", \"idx\", \"stat\"], \"rowid\": true"), text);
    assertTrue(text.contains("\"sqlite_stat4\": {"), "the driver's SQLite keeps sqlite_stat4");

    Hydrator.Outcome outcome = Engine.hydrator(false).hydrate(archive, Engine.LABEL, rebuilt);

    assertEquals(Hydrator.Action.CREATED, outcome.action());
    assertEquals(301L + 1 + 1, outcome.summary().rows(), "statistics are not counted as rows");
    Snapshot before = Snapshot.of(original);
    Snapshot after = Snapshot.of(rebuilt);
    assertEquals("wal", after.pragmas().get("journal_mode"));
    assertEquals(before.pragmas(), after.pragmas());
    assertEquals(before.sqlTexts(), after.sqlTexts());
    assertEquals(List.of(), Snapshot.rowDifferences(before, after));
    for (String table : List.of("sqlite_stat1", "sqlite_stat4", "sqlite_sequence")) {
      assertEquals(before.rows().get(table), after.rows().get(table), table);
      assertFalse(before.rows().get(table).isEmpty(), table);
    }
    List<List<Object>> stat1 = Sqlite.rows(rebuilt, "SELECT rowid, tbl, idx, stat FROM sqlite_stat1 ORDER BY rowid", List.of());
    assertEquals(Sqlite.rows(original, "SELECT rowid, tbl, idx, stat FROM sqlite_stat1 ORDER BY rowid", List.of()), stat1);
    assertTrue(stat1.stream().anyMatch(row -> row.subList(1, 4).equals(List.of("apple", "apple_kind_weight", "1000000 10 2"))),
        "the hand-tuned row: " + stat1);
    assertEquals(List.of("zebra", "mango", "apple"),
        Sqlite.rows(rebuilt, "SELECT name FROM sqlite_sequence ORDER BY rowid", List.of()).stream().map(r -> r.get(0)).toList());
    assertFalse(Files.exists(dir.resolve("rebuilt.db-wal")), "no -wal left beside a database nobody has open");
    assertFalse(Files.exists(dir.resolve("rebuilt.db-shm")), "no -shm left beside a database nobody has open");

    Path again = dir.resolve("again.json");
    Engine.dehydrator().dehydrate(rebuilt, Engine.LABEL, again);
    assertEquals(text, Files.readString(again, StandardCharsets.UTF_8), "the rebuilt database's archive");
  }

  @Test
  void aRollbackJournalDatabaseHasNoJournalModeInItsArchive() throws Exception {
    Path archive = dir.resolve("tuned.db.json");
    Engine.dehydrator().dehydrate(tunedDatabase("DELETE"), Engine.LABEL, archive);
    assertFalse(Files.readString(archive, StandardCharsets.UTF_8).contains("journal_mode"));
    Path rebuilt = dir.resolve("rebuilt.db");
    Engine.hydrator(false).hydrate(archive, Engine.LABEL, rebuilt);
    assertEquals("delete", Snapshot.of(rebuilt).pragmas().get("journal_mode"));
  }

  @Test
  void aReplacedDatabaseLeavesWalModeWhenItsArchiveSaysSoAndNobodyHasItOpen() throws Exception {
    Path archive = dir.resolve("tuned.db.json");
    Engine.dehydrator().dehydrate(tunedDatabase("DELETE"), Engine.LABEL, archive);
    Path target = dir.resolve("target.db");
    exec(target, "PRAGMA journal_mode=WAL", "CREATE TABLE old(x)");

    assertEquals(Hydrator.Action.REPLACED, Engine.hydrator(true).hydrate(archive, Engine.LABEL, target).action());

    assertEquals("delete", Snapshot.of(target).pragmas().get("journal_mode"));
    Path again = dir.resolve("again.json");
    Engine.dehydrator().dehydrate(target, Engine.LABEL, again);
    assertEquals(Files.readString(archive), Files.readString(again));
  }

  @Test
  void aReplacedDatabaseTakesWalModeAndThePageSizeOfItsArchive() throws Exception {
    Path original = dir.resolve("small-pages.db");
    exec(original, "PRAGMA page_size=1024", "PRAGMA journal_mode=WAL", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
    Path archive = dir.resolve("small-pages.json");
    Engine.dehydrator().dehydrate(original, Engine.LABEL, archive);
    for (String mode : List.of("DELETE", "WAL")) {
      Path target = dir.resolve("target-" + mode + ".db");
      exec(target, "PRAGMA journal_mode=" + mode, "CREATE TABLE old(x)");

      assertEquals(Hydrator.Action.REPLACED, Engine.hydrator(true).hydrate(archive, Engine.LABEL, target).action());

      assertEquals(Snapshot.of(original).pragmas(), Snapshot.of(target).pragmas(), "from " + mode);
    }
  }

  @Test
  void aReplacedDatabaseTakesTheEncodingOfItsArchiveInEitherMode() throws Exception {
    for (String mode : List.of("DELETE", "WAL")) {
      Path original = dir.resolve("utf16-" + mode + ".db");
      exec(original, "PRAGMA encoding='UTF-16le'", "PRAGMA journal_mode=" + mode, "CREATE TABLE t(x TEXT)",
          "INSERT INTO t VALUES ('zoë')");
      Path archive = dir.resolve("utf16-" + mode + ".json");
      Engine.dehydrator().dehydrate(original, Engine.LABEL, archive);
      Path target = dir.resolve("utf8-" + mode + ".db");
      exec(target, "CREATE TABLE old(x)");

      assertEquals(Hydrator.Action.REPLACED, Engine.hydrator(true).hydrate(archive, Engine.LABEL, target).action());

      assertEquals(Snapshot.of(original).pragmas(), Snapshot.of(target).pragmas(), "from " + mode);
      assertEquals(List.of(List.of("zoë")), Sqlite.rows(target, "SELECT x FROM t", List.of()));
    }
  }

  @Test
  void aDatabaseAnotherConnectionHasOpenKeepsWalMode() throws Exception {
    Path original = tunedDatabase("DELETE");
    Path archive = dir.resolve("tuned.db.json");
    Engine.dehydrator().dehydrate(original, Engine.LABEL, archive);
    Path target = dir.resolve("target.db");
    exec(target, "PRAGMA journal_mode=WAL", "CREATE TABLE old(x)");
    try (Connection application = Sqlite.open(target)) {
      assertEquals(List.of(List.of(0L)), Sqlite.rows(application, "SELECT count(*) FROM old", List.of()));

      assertEquals(Hydrator.Action.REPLACED, Engine.hydrator(true).hydrate(archive, Engine.LABEL, target).action());

      assertEquals(List.of(List.of(301L)), Sqlite.rows(application, "SELECT count(*) FROM apple", List.of()),
          "the application reads the new content");
    }
    Snapshot after = Snapshot.of(target);
    assertEquals("wal", after.pragmas().get("journal_mode"), "leaving WAL needs the database to itself");
    assertEquals(List.of(), Snapshot.rowDifferences(Snapshot.of(original), after));
  }

  @Test
  void onlyTheStatisticsTheArchiveListsAreCreated() throws Exception {
    // A database analysed by a SQLite without sqlite_stat4 (the Debian sqlite3 shell, for one).
    Path original = tunedDatabase("DELETE");
    exec(original, "DROP TABLE sqlite_stat4");
    Path archive = dir.resolve("tuned.db.json");
    Engine.dehydrator().dehydrate(original, Engine.LABEL, archive);
    Path rebuilt = dir.resolve("rebuilt.db");
    Engine.hydrator(false).hydrate(archive, Engine.LABEL, rebuilt);
    assertEquals(List.of(List.of("sqlite_stat1")),
        Sqlite.rows(rebuilt, "SELECT name FROM sqlite_schema WHERE name LIKE 'sqlite_stat%'", List.of()));
    assertEquals(List.of(), Snapshot.rowDifferences(Snapshot.of(original), Snapshot.of(rebuilt)));
  }

  @Test
  void anEmptyStatisticsTableIsKept() throws Exception {
    Path original = dir.resolve("empty.db");
    exec(original, "CREATE TABLE t(x)", "ANALYZE");
    Path archive = dir.resolve("empty.json");
    Engine.dehydrator().dehydrate(original, Engine.LABEL, archive);
    Path rebuilt = dir.resolve("rebuilt.db");
    Engine.hydrator(false).hydrate(archive, Engine.LABEL, rebuilt);
    assertEquals(Snapshot.of(original).sqlTexts(), Snapshot.of(rebuilt).sqlTexts());
  }

  @Test
  void statisticsInAnotherShapeAreRefused() throws Exception {
    Path original = tunedDatabase("DELETE");
    Path archive = dir.resolve("tuned.db.json");
    Engine.dehydrator().dehydrate(original, Engine.LABEL, archive);
    String text = Files.readString(archive, StandardCharsets.UTF_8);
    Files.writeString(archive, text.replace("\"sqlite_stat1\": {\"columns\": [\"tbl\", \"idx\", \"stat\"], \"rowid\": true",
        "\"sqlite_stat1\": {\"columns\": [\"tbl\", \"idx\", \"stat\"], \"rowid\": false"), StandardCharsets.UTF_8);
    Path rebuilt = dir.resolve("rebuilt.db");
    HydrateException refused = assertThrows(HydrateException.class,
        () -> Engine.hydrator(false).hydrate(archive, Engine.LABEL, rebuilt));
    assertTrue(refused.getMessage().contains("table \"sqlite_stat1\" must have rowids and columns [tbl, idx, stat]"),
        refused.getMessage());
    assertFalse(Files.exists(rebuilt));
  }

  @Test
  void anArchiveWithCountersInNameOrderStillReads() throws Exception {
    // Archives written before the counters kept their order list them by name.
    Path original = tunedDatabase("DELETE");
    Path archive = dir.resolve("tuned.db.json");
    Engine.dehydrator().dehydrate(original, Engine.LABEL, archive);
    String text = Files.readString(archive, StandardCharsets.UTF_8);
    String inOrder = "   [\"zebra\", 2],\n   [\"mango\", 1],\n   [\"apple\", 301]\n";
    assertTrue(text.contains(inOrder), text);
    Files.writeString(archive, text.replace(inOrder, "   [\"apple\", 301],\n   [\"mango\", 1],\n   [\"zebra\", 2]\n"),
        StandardCharsets.UTF_8);
    Path rebuilt = dir.resolve("rebuilt.db");
    Engine.hydrator(false).hydrate(archive, Engine.LABEL, rebuilt);
    assertEquals(List.of(List.of("apple", 301L), List.of("mango", 1L), List.of("zebra", 2L)),
        Sqlite.rows(rebuilt, "SELECT name, seq FROM sqlite_sequence ORDER BY rowid", List.of()));
  }

  private static void exec(Path db, String... statements) throws SQLException {
    try (Connection connection = Sqlite.open(db); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
