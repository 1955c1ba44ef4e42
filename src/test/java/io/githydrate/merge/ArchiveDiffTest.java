package io.githydrate.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Progress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The semantic diff of two archives: each kind of change, as a sink receives it. */
class ArchiveDiffTest {
  @TempDir
  Path dir;

  private int archives;

  /** What the sink got, one line per call, as the text output words it. */
  private static final class Lines implements DiffSink {
    final List<String> lines = new ArrayList<>();

    @Override
    public void setting(SettingChange change) {
      lines.add(change.sql() + " -- was " + SqlText.literal(change.before()));
    }

    @Override
    public void schema(SchemaChange change) {
      lines.add(change.kind().wireName() + ": " + String.join(" ", change.statements()));
    }

    @Override
    public void row(RowChange change) {
      StringBuilder text = new StringBuilder(switch (change.kind()) {
        case ADDED -> "+ ";
        case REMOVED -> "- ";
        case CHANGED -> "";
      });
      text.append(change.table()).append(change.key().isEmpty() ? "" : " " + SqlText.key(change.key())).append(':');
      for (int i = 0; i < change.columns().size(); i++) {
        text.append(i == 0 ? " " : ", ").append(change.columns().get(i));
        if (change.kind() == RowChange.Kind.CHANGED) {
          text.append(' ').append(SqlText.literal(change.before().get(i))).append(" → ")
              .append(SqlText.literal(change.after().get(i)));
        } else {
          List<Object> values = change.kind() == RowChange.Kind.ADDED ? change.after() : change.before();
          text.append('=').append(SqlText.literal(values.get(i)));
        }
      }
      lines.add(text.toString());
    }

    @Override
    public void unmatched(String table, long rowsBefore, long rowsAfter, String why) {
      lines.add(table + ": " + rowsBefore + " rows before, " + rowsAfter + " after (" + why + ")");
    }
  }

  private Path database(String... statements) {
    Path db = dir.resolve("db" + (++archives) + ".db");
    sql(db, statements);
    return db;
  }

  private static void sql(Path db, String... statements) {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
         Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private Path archive(Path db) {
    Path archive = dir.resolve("archive" + (++archives) + ".json");
    new Dehydrator(1000, Progress.NONE).dehydrate(db, "app.db", archive);
    return archive;
  }

  private static List<String> diff(Path before, Path after) throws IOException {
    Lines lines = new Lines();
    ArchiveDiff.Totals totals = ArchiveDiff.diff(before, "old", after, "new", lines);
    assertEquals(!lines.lines.isEmpty(), totals.differs(), "differs() should say whether anything was reported");
    return lines.lines;
  }

  /** The archive before, a change to the database, the archive after: their diff. */
  private List<String> change(String[] setUp, String... change) throws IOException {
    Path db = database(setUp);
    Path before = archive(db);
    sql(db, change);
    return diff(before, archive(db));
  }

  private static String[] shop() {
    return new String[] {
        "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, price REAL)",
        "INSERT INTO t VALUES (7, 'y', NULL), (42, 'x', 0.99), (50, 'z', 2.5)"};
  }

  @Test
  void aChangedCellShowsItsColumnOldAndNewValue() throws IOException {
    assertEquals(List.of("t 42: price 0.99 → 1.29"), change(shop(), "UPDATE t SET price = 1.29 WHERE id = 42"));
  }

  @Test
  void addedAndRemovedRowsShowEveryColumnInKeyOrder() throws IOException {
    assertEquals(List.of("- t 7: id=7, name='y', price=NULL", "+ t 43: id=43, name='it''s', price=1.5"),
        change(shop(), "DELETE FROM t WHERE id = 7", "INSERT INTO t VALUES (43, 'it''s', 1.5)"));
  }

  @Test
  void aVacuumedDatabaseGivesNothing() throws IOException {
    Path db = database(shop());
    sql(db, "INSERT INTO t SELECT id + 100, name, price FROM t", "DELETE FROM t WHERE id > 100");
    Path before = archive(db);
    sql(db, "VACUUM");
    Path after = archive(db);
    assertEquals(List.of(), diff(before, after));
    assertEquals(-1, Files.mismatch(before, after), "archives are canonical");
  }

  @Test
  void rowsOfAWithoutRowidTableAreMatchedByTheirPrimaryKey() throws IOException {
    String[] setUp = {
        "CREATE TABLE stock(shop TEXT, item INTEGER, qty INTEGER, PRIMARY KEY(shop, item)) WITHOUT ROWID",
        "INSERT INTO stock VALUES ('b', 1, 5), ('a', 2, 3), ('a', 10, 1)"};
    assertEquals(List.of("stock ('a', 2): qty 3 → 4", "- stock ('a', 10): shop='a', item=10, qty=1",
            "+ stock ('c', 1): shop='c', item=1, qty=9"),
        change(setUp, "UPDATE stock SET qty = 4 WHERE shop = 'a' AND item = 2",
            "DELETE FROM stock WHERE item = 10", "INSERT INTO stock VALUES ('c', 1, 9)"));
  }

  @Test
  void aNocaseKeyIsMatchedInItsOwnOrder() throws IOException {
    String[] setUp = {"CREATE TABLE k(name TEXT COLLATE NOCASE PRIMARY KEY, v) WITHOUT ROWID",
        "INSERT INTO k VALUES ('b', 1), ('A', 2), ('c', 3)"};
    assertEquals(List.of("k 'A': v 2 → 20", "+ k 'B2': name='B2', v=5"),
        change(setUp, "UPDATE k SET v = 20 WHERE name = 'a'", "INSERT INTO k VALUES ('B2', 5)"));
  }

  @Test
  void rowsOfATableWithoutIntegerPrimaryKeyAreMatchedByRowid() throws IOException {
    String[] setUp = {"CREATE TABLE log(msg TEXT)", "INSERT INTO log VALUES ('a'), ('b')"};
    assertEquals(List.of("log 2: msg 'b' → 'B'", "+ log 3: msg='c'"),
        change(setUp, "UPDATE log SET msg = 'B' WHERE rowid = 2", "INSERT INTO log VALUES ('c')"));
  }

  @Test
  void anAddedColumnIsAnAlterTableAndRowsKeepingItsDefaultDoNotChange() throws IOException {
    assertEquals(List.of("altered: ALTER TABLE t ADD COLUMN note TEXT DEFAULT 'none'; ALTER TABLE t ADD COLUMN qty INTEGER;",
            "t 42: note 'none' → 'sale'"),
        change(shop(), "ALTER TABLE t ADD COLUMN note TEXT DEFAULT 'none'", "ALTER TABLE t ADD COLUMN qty INTEGER",
            "UPDATE t SET note = 'sale' WHERE id = 42"));
  }

  @Test
  void anAddedColumnsDefaultIsComparedAsTheColumnStoresIt() throws IOException {
    assertEquals(List.of("altered: ALTER TABLE t ADD COLUMN weight REAL DEFAULT 0;"),
        change(shop(), "ALTER TABLE t ADD COLUMN weight REAL DEFAULT 0"));
  }

  @Test
  void aDroppedColumnIsARedefinitionAndRowsAreStillMatchedByTheirOtherColumns() throws IOException {
    List<String> lines = change(shop(), "ALTER TABLE t DROP COLUMN price", "UPDATE t SET name = 'w' WHERE id = 50");
    assertEquals(List.of("redefined: CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT);", "t 50: name 'z' → 'w'"),
        lines);
  }

  @Test
  void schemaObjectsAndSettingsAreShownAsSql() throws IOException {
    String[] setUp = {"CREATE TABLE t(id INTEGER PRIMARY KEY, x)", "CREATE TABLE old(a)", "INSERT INTO old VALUES (1)",
        "CREATE VIEW v AS SELECT x FROM t"};
    assertEquals(List.of("PRAGMA user_version = 4; -- was 0", "dropped: DROP VIEW v;", "dropped: DROP TABLE old;",
            "created: CREATE INDEX t_x ON t(x);", "- old 1: a=1"),
        change(setUp, "PRAGMA user_version = 4", "DROP VIEW v", "DROP TABLE old", "CREATE INDEX t_x ON t(x)"));
  }

  @Test
  void aNewDatabaseShowsItsSchemaAndEveryRowAsAdded() throws IOException {
    Path after = archive(database("CREATE TABLE \"my t\"(id INTEGER PRIMARY KEY AUTOINCREMENT, b BLOB)",
        "INSERT INTO \"my t\"(b) VALUES (x'00ff')")); // the name is shown quoted by the text output, not here
    assertEquals(List.of("created: CREATE TABLE \"my t\"(id INTEGER PRIMARY KEY AUTOINCREMENT, b BLOB);",
            "+ my t 1: id=1, b=x'00ff'", "+ sqlite_sequence 'my t': name='my t', seq=1"),
        diff(null, after));
  }

  @Test
  void countersAreComparedByTableNameWhateverTheirOrder() throws IOException {
    String[] setUp = {"CREATE TABLE zebra(id INTEGER PRIMARY KEY AUTOINCREMENT)", "CREATE TABLE apple(id INTEGER PRIMARY KEY AUTOINCREMENT)",
        "INSERT INTO zebra DEFAULT VALUES", "INSERT INTO apple DEFAULT VALUES"};
    assertEquals(List.of("+ zebra 2: id=2", "- apple 1: id=1", "sqlite_sequence 'zebra': seq 1 → 2"),
        change(setUp, "INSERT INTO zebra DEFAULT VALUES", "DELETE FROM apple"));
  }

  @Test
  void statisticsAndTheJournalModeShowAsChanges() throws IOException {
    String[] setUp = {"CREATE TABLE t(id INTEGER PRIMARY KEY, x)", "CREATE INDEX t_x ON t(x)", "INSERT INTO t VALUES (1, 'a')",
        "ANALYZE", "DROP TABLE sqlite_stat4"};
    assertEquals(List.of("PRAGMA journal_mode = 'wal'; -- was 'delete'", "+ t 2: id=2, x='a'",
            "sqlite_stat1 1: stat '1 1' → '2 2'"),
        change(setUp, "PRAGMA journal_mode = WAL", "INSERT INTO t VALUES (2, 'a')", "ANALYZE", "DROP TABLE sqlite_stat4"));
  }

  @Test
  void aTableWhoseKeyChangedIsListedWhenSmallAndSummedUpWhenLarge() throws IOException {
    String[] small = {"CREATE TABLE t(id INTEGER PRIMARY KEY, code TEXT)", "INSERT INTO t VALUES (1, 'a')"};
    String[] rebuild = {"CREATE TABLE t2(id INTEGER, code TEXT PRIMARY KEY) WITHOUT ROWID",
        "INSERT INTO t2 SELECT * FROM t", "DROP TABLE t", "ALTER TABLE t2 RENAME TO t",
        "UPDATE t SET code = 'b' WHERE id = 1"};
    assertEquals(List.of("redefined: CREATE TABLE \"t\"(id INTEGER, code TEXT PRIMARY KEY) WITHOUT ROWID;",
        "- t 1: id=1, code='a'", "+ t 'b': id=1, code='b'"), change(small, rebuild));

    String[] large = {"CREATE TABLE t(id INTEGER PRIMARY KEY, code TEXT)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)"
            + " INSERT INTO t SELECT i, 'c' || i FROM n"};
    List<String> lines = change(large, rebuild);
    assertEquals("t: 100 rows before, 100 after (its key changed)", lines.get(lines.size() - 1));
  }

  @Test
  void readableTextHasOneLinePerRowWithColumnNames() throws IOException {
    Path archive = archive(database(shop()[0], "INSERT INTO t VALUES (42, 'line1' || char(10) || 'it''s', 0.99)",
        "CREATE TABLE log(msg)", "INSERT INTO log VALUES (x'" + "ab".repeat(40) + "')"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = Files.newInputStream(archive)) {
      ReadableArchive.write(in, "app.db.json", out);
    }
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertTrue(lines.contains("PRAGMA user_version = 0;"), lines::toString);
    assertTrue(lines.contains("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, price REAL);"), lines::toString);
    assertTrue(lines.contains("t 42: id=42, name='line1' || char(10) || 'it''s', price=0.99"), lines::toString);
    String blob = lines.stream().filter(l -> l.startsWith("log 1: msg=x'")).findFirst().orElseThrow();
    assertTrue(blob.matches("log 1: msg=x'(ab){16}…' \\(40 bytes, sha256 [0-9a-f]{8}\\)"), blob);
  }

  @Test
  void aTableWhoseKeyChangedButWhoseRowsDidNotShowsOnlyItsSchema() throws IOException {
    String[] setUp = {"CREATE TABLE t(id INTEGER PRIMARY KEY, code TEXT)", "INSERT INTO t VALUES (1, 'a')"};
    assertEquals(List.of("redefined: CREATE TABLE \"t\"(id INTEGER, code TEXT PRIMARY KEY) WITHOUT ROWID;"),
        change(setUp, "CREATE TABLE t2(id INTEGER, code TEXT PRIMARY KEY) WITHOUT ROWID",
            "INSERT INTO t2 SELECT * FROM t", "DROP TABLE t", "ALTER TABLE t2 RENAME TO t"));
  }

  @Test
  void identicalArchivesGiveNothingAndAnAbsentOneIsNotAnError() throws IOException {
    Path archive = archive(database(shop()));
    assertEquals(List.of(), diff(archive, archive));
    assertFalse(diff(archive, null).isEmpty());
  }
}
