package io.githydrate.merge;

import static io.githydrate.TestSqlite.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.TestJson;
import io.githydrate.merge.Conflict.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One merge situation per test: the three sides made with SQL, the merged archive compared with
 * the archive of the database both sides' changes give when made one after the other (clean
 * merges), or the exact conflicts and the rows kept (conflicted ones).
 */
class ArchiveMergeTest {
  @TempDir
  Path dir;

  private MergeFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new MergeFixture(dir);
  }

  private static final List<String> ITEMS = List.of(
      "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT, qty INTEGER)",
      "INSERT INTO items VALUES (1, 'apple', 5), (2, 'pear', 7), (3, 'plum', 9)");

  /** A parent with AUTOINCREMENT ids and a table whose rows point at it. */
  private static final List<String> SHOP = List.of(
      "CREATE TABLE customers(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL)",
      "CREATE TABLE orders(id INTEGER PRIMARY KEY, customer INTEGER REFERENCES customers(id), what TEXT)",
      "INSERT INTO customers(name) VALUES ('Ada'), ('Grace')",
      "INSERT INTO orders VALUES (1, 1, 'tea'), (2, 2, 'cake')");

  private static List<String> plus(List<String> statements, String... more) {
    List<String> all = new ArrayList<>(statements);
    all.addAll(Arrays.asList(more));
    return all;
  }

  /** Merges the three sides made from {@code base} plus each side's statements. */
  private MergeFixture.Merged merge(List<String> base, List<String> ours, List<String> theirs,
      ArchiveMerge.Options options) throws Exception {
    return fixture.merge(fixture.archive("base", base), fixture.archive("ours", base, ours.toArray(String[]::new)),
        fixture.archive("theirs", base, theirs.toArray(String[]::new)), options);
  }

  private MergeFixture.Merged merge(List<String> base, List<String> ours, List<String> theirs) throws Exception {
    return merge(base, ours, theirs, ArchiveMerge.Options.DEFAULT);
  }

  /**
   * A clean merge whose archive is, byte for byte, that of the base with ours' statements and
   * then theirs' run on it.
   */
  private MergeFixture.Merged assertClean(List<String> base, List<String> ours, List<String> theirs)
      throws Exception {
    MergeFixture.Merged merged = merge(base, ours, theirs);
    assertEquals(List.of(), merged.conflicts());
    List<String> both = new ArrayList<>(base);
    both.addAll(ours);
    both.addAll(theirs);
    assertSameArchive(fixture.archive("expected", both), merged);
    return merged;
  }

  private static void assertSameArchive(Path expected, MergeFixture.Merged merged) throws Exception {
    assertNull(MergeFixture.firstDifference(Files.readString(expected, StandardCharsets.UTF_8), merged.text()));
  }

  private static Object[] values(Object... values) {
    return values;
  }

  // ---------------------------------------------------------------------------------------------
  // Clean merges

  @Test
  void changesToDifferentRowsAreBothKept() throws Exception {
    MergeFixture.Merged merged = assertClean(ITEMS, List.of("UPDATE items SET name = 'green apple' WHERE id = 1"),
        List.of("UPDATE items SET qty = 10 WHERE id = 3"));
    assertEquals(List.of(row(1L, "green apple", 5L), row(2L, "pear", 7L), row(3L, "plum", 10L)),
        fixture.rows(merged, "SELECT * FROM items ORDER BY id"));
    assertEquals(List.of(), merged.outcome().notes());
  }

  @Test
  void changesToDifferentColumnsOfOneRowAreCombined() throws Exception {
    MergeFixture.Merged merged = assertClean(ITEMS, List.of("UPDATE items SET name = 'nashi' WHERE id = 2"),
        List.of("UPDATE items SET qty = 0 WHERE id = 2"));
    assertEquals(List.of(row(2L, "nashi", 0L)), fixture.rows(merged, "SELECT * FROM items WHERE id = 2"));
  }

  @Test
  void theSameChangeOnBothSidesIsMadeOnce() throws Exception {
    String change = "UPDATE items SET name = 'pêche', qty = NULL WHERE id = 2";
    MergeFixture.Merged merged = merge(ITEMS, List.of(change), List.of(change));
    assertEquals(List.of(), merged.conflicts());
    assertSameArchive(fixture.archive("expected", ITEMS, change), merged);
  }

  @Test
  void aRowDeletedOnBothSidesIsGone() throws Exception {
    String delete = "DELETE FROM items WHERE id = 2";
    MergeFixture.Merged merged = merge(ITEMS, List.of(delete), List.of(delete));
    assertEquals(List.of(), merged.conflicts());
    assertSameArchive(fixture.archive("expected", ITEMS, delete), merged);
    assertEquals(List.of(row(1L), row(3L)), fixture.rows(merged, "SELECT id FROM items ORDER BY id"));
  }

  @Test
  void theSameRowInsertedOnBothSidesIsKeptOnce() throws Exception {
    String insert = "INSERT INTO items VALUES (4, 'fig', 1)";
    MergeFixture.Merged merged = merge(ITEMS, List.of(insert), List.of(insert));
    assertEquals(List.of(), merged.conflicts());
    assertEquals(List.of(), merged.outcome().notes());
    assertSameArchive(fixture.archive("expected", ITEMS, insert), merged);
  }

  @Test
  void rowsInsertedUnderDifferentRowidsAreKeptInKeyOrder() throws Exception {
    List<String> base = List.of("CREATE TABLE log(event, at)", "INSERT INTO log(rowid, event, at) VALUES (5, 'start', 1)");
    MergeFixture.Merged merged = assertClean(base,
        List.of("INSERT INTO log(rowid, event, at) VALUES (9, 'ours', 2)"),
        List.of("INSERT INTO log(rowid, event, at) VALUES (7, 'theirs', 3), (-1, 'early', 0)"));
    assertEquals(List.of(row(-1L, "early"), row(5L, "start"), row(7L, "theirs"), row(9L, "ours")),
        fixture.rows(merged, "SELECT rowid, event FROM log ORDER BY rowid"));
  }

  @Test
  void rowsInsertedUnderDifferentIntegerPrimaryKeysAreKeptInKeyOrder() throws Exception {
    MergeFixture.Merged merged = assertClean(ITEMS,
        List.of("INSERT INTO items VALUES (10, 'kiwi', 1), (4, 'lime', 2)"),
        List.of("INSERT INTO items VALUES (7, 'date', 3)"));
    assertEquals(List.of(row(1L), row(2L), row(3L), row(4L), row(7L), row(10L)),
        fixture.rows(merged, "SELECT id FROM items ORDER BY id"));
  }

  @Test
  void rowsInsertedUnderDifferentTextKeysAreKeptInKeyOrder() throws Exception {
    List<String> base = List.of("CREATE TABLE settings(key TEXT PRIMARY KEY, value) WITHOUT ROWID",
        "INSERT INTO settings VALUES ('m', 1), ('é', 2)");
    assertClean(base, List.of("INSERT INTO settings VALUES ('B', 3), ('zz', 4)"),
        List.of("INSERT INTO settings VALUES ('a', 5), ('😀', 6), ('', 7)"));
  }

  @Test
  void rowsInsertedUnderDifferentCaseInsensitiveKeysAreKeptInTheirCollationsOrder() throws Exception {
    // Under NOCASE 'a' < 'B' < 'm', though 'B' < 'a' byte for byte.
    List<String> base = List.of("CREATE TABLE tags(name TEXT COLLATE NOCASE PRIMARY KEY, uses) WITHOUT ROWID",
        "INSERT INTO tags VALUES ('m', 1)");
    MergeFixture.Merged merged = assertClean(base, List.of("INSERT INTO tags VALUES ('B', 2), ('Zed', 4)"),
        List.of("INSERT INTO tags VALUES ('a', 3), ('c', 5)"));
    assertTrue(merged.text().contains("   [\"a\", 3],\n   [\"B\", 2],\n   [\"c\", 5],\n   [\"m\", 1],\n   [\"Zed\", 4]\n"),
        merged.text());
  }

  @Test
  void keysEqualUnderNocaseAreOneRow() throws Exception {
    // 'KIWI' and 'kiwi' are the same key: inserted on both sides with different values. The conflict
    // names it by the value that sorts first byte by byte, whichever side is ours.
    List<String> base = List.of("CREATE TABLE tags(name TEXT COLLATE NOCASE PRIMARY KEY, uses) WITHOUT ROWID",
        "INSERT INTO tags VALUES ('m', 1)");
    MergeFixture.Merged merged = merge(base, List.of("INSERT INTO tags VALUES ('kiwi', 2)"),
        List.of("INSERT INTO tags VALUES ('KIWI', 3)"));
    assertEquals(List.of(new Conflict(Kind.INSERTED, "tags", List.of("KIWI"), null, null, values("kiwi", 2L),
        values("KIWI", 3L), null)), merged.conflicts());
    assertEquals(List.of(row("kiwi", 2L), row("m", 1L)), fixture.rows(merged, "SELECT * FROM tags ORDER BY name"));
  }

  @Test
  void theAutoincrementCounterIsTheLargerOfTheTwo() throws Exception {
    // Ours gave out ids up to 10 and deleted them again; theirs gave out 5.
    MergeFixture.Merged merged = assertClean(SHOP,
        List.of("INSERT INTO customers(id, name) VALUES (10, 'gone')", "DELETE FROM customers WHERE id = 10"),
        List.of("INSERT INTO customers(id, name) VALUES (5, 'Linus')"));
    assertEquals(List.of(row("customers", 10L)), fixture.rows(merged, "SELECT name, seq FROM sqlite_sequence"));
  }

  @Test
  void countersKeepTheOrderSqliteAddedThemOursFirst() throws Exception {
    MergeFixture.Merged merged = merge(SHOP,
        List.of("CREATE TABLE zebras(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT)", "INSERT INTO zebras(name) VALUES ('z')"),
        List.of("CREATE TABLE apples(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT)", "INSERT INTO apples(name) VALUES ('a')"));
    assertEquals(List.of(), merged.conflicts());
    assertEquals(List.of(row("customers", 2L), row("zebras", 1L), row("apples", 1L)),
        fixture.rows(merged, "SELECT name, seq FROM sqlite_sequence ORDER BY rowid"));
  }

  private static final List<String> ANALYSED = plus(ITEMS, "CREATE INDEX items_name ON items(name)", "ANALYZE");

  @Test
  void statisticsAreTheSideThatGatheredThemAgain() throws Exception {
    MergeFixture.Merged merged = merge(ANALYSED,
        List.of("UPDATE items SET qty = 6 WHERE id = 1"),
        List.of("INSERT INTO items VALUES (4, 'fig', 1)", "ANALYZE"));
    assertEquals(List.of(), merged.conflicts());
    Path theirs = fixture.database("theirs-db", plus(ANALYSED, "INSERT INTO items VALUES (4, 'fig', 1)", "ANALYZE"));
    String stat1 = "SELECT rowid, tbl, idx, stat FROM sqlite_stat1 ORDER BY rowid";
    assertEquals(io.githydrate.TestSqlite.query(theirs, stat1), fixture.rows(merged, stat1));
    assertEquals(List.of(row(6L)), fixture.rows(merged, "SELECT qty FROM items WHERE id = 1"));
  }

  @Test
  void statisticsBothSidesGatheredAreOursAndNoConflict() throws Exception {
    MergeFixture.Merged merged = merge(ANALYSED,
        List.of("INSERT INTO items VALUES (5, 'kiwi', 2), (6, 'lime', 3)", "ANALYZE"),
        List.of("INSERT INTO items VALUES (4, 'fig', 1)", "ANALYZE"));
    assertEquals(List.of(), merged.conflicts());
    assertEquals(List.of(row("items", "items_name", "5 1")),
        fixture.rows(merged, "SELECT tbl, idx, stat FROM sqlite_stat1 WHERE idx IS NOT NULL"),
        "ours' statistics: 5 rows, each name once, as ours' ANALYZE saw them");
  }

  @Test
  void statisticsOfADroppedTableGoWithIt() throws Exception {
    // Ours gathered statistics again, extra's among them; theirs dropped extra.
    MergeFixture.Merged merged = merge(plus(ANALYSED, "CREATE TABLE extra(x)", "INSERT INTO extra VALUES (1)", "ANALYZE"),
        List.of("INSERT INTO items VALUES (4, 'fig', 1)", "ANALYZE"),
        List.of("DROP TABLE extra"));
    assertEquals(List.of(), merged.conflicts());
    assertEquals(List.of(row("items")), fixture.rows(merged, "SELECT tbl FROM sqlite_stat1"));
  }

  @Test
  void theAutoincrementCounterMovedOnOneSideOnlyIsThatSides() throws Exception {
    assertClean(SHOP, List.of("INSERT INTO customers(name) VALUES ('Edsger')", "DELETE FROM customers WHERE id = 3"),
        List.of("UPDATE customers SET name = 'Ada L.' WHERE id = 1"));
  }

  @Test
  void aColumnAddedOnOneSideMergesWithRowsChangedOnTheOther() throws Exception {
    MergeFixture.Merged merged = assertClean(ITEMS,
        List.of("ALTER TABLE items ADD COLUMN colour TEXT DEFAULT 'green'", "UPDATE items SET colour = 'red' WHERE id = 1"),
        List.of("UPDATE items SET qty = 8 WHERE id = 2", "INSERT INTO items(id, name, qty) VALUES (4, 'fig', 2)",
            "DELETE FROM items WHERE id = 3"));
    assertEquals(List.of(row(1L, "apple", 5L, "red"), row(2L, "pear", 8L, "green"), row(4L, "fig", 2L, "green")),
        fixture.rows(merged, "SELECT * FROM items ORDER BY id"));
  }

  @Test
  void aNullableColumnAddedOnTheirsMergesWithRowsChangedOnOurs() throws Exception {
    assertClean(ITEMS, List.of("UPDATE items SET name = 'quince' WHERE id = 3", "INSERT INTO items VALUES (5, 'lime', 1)"),
        List.of("ALTER TABLE items ADD COLUMN note", "UPDATE items SET note = x'00ff' WHERE id = 2"));
  }

  @Test
  void anEmptyBaseKeepsBothSidesRowsUnderOneKey() throws Exception {
    // Both sides created the database on their own (add/add): Git gives an empty base.
    Path base = dir.resolve("empty.json");
    Files.createFile(base);
    Path ours = fixture.archive("ours", ITEMS, "INSERT INTO items VALUES (4, 'fig', 1)");
    Path theirs = fixture.archive("theirs", ITEMS, "UPDATE items SET qty = 0 WHERE id = 1");
    MergeFixture.Merged merged = fixture.merge(base, ours, theirs, ArchiveMerge.Options.DEFAULT);

    // Without a base every row is an insertion: rows alike on both sides are one row, and theirs'
    // different row 1 is kept under a new key like any row both sides inserted under one key.
    assertEquals(List.of(), merged.conflicts());
    assertEquals(List.of("table items: 1 row inserted on both sides under the same key; theirs renumbered: 1 → 5"),
        merged.outcome().notes());
    assertEquals(List.of(row(1L, "apple", 5L), row(2L, "pear", 7L), row(3L, "plum", 9L), row(4L, "fig", 1L),
        row(5L, "apple", 0L)), fixture.rows(merged, "SELECT * FROM items ORDER BY id"));
  }

  @Test
  void anEmptyBaseWithTheSameRowsOnBothSidesIsClean() throws Exception {
    Path ours = fixture.archive("ours", ITEMS, "INSERT INTO items VALUES (4, 'fig', 1)");
    Path theirs = fixture.archive("theirs", ITEMS, "INSERT INTO items VALUES (5, 'kiwi', 2)");
    MergeFixture.Merged merged = fixture.merge(null, ours, theirs, ArchiveMerge.Options.DEFAULT);
    assertEquals(List.of(), merged.conflicts());
    assertSameArchive(fixture.archive("expected", ITEMS, "INSERT INTO items VALUES (4, 'fig', 1), (5, 'kiwi', 2)"),
        merged);
  }

  @Test
  void anEmptyBaseWithATextKeyAddedDifferentlyOnEachSideIsAConflict() throws Exception {
    List<String> settings = List.of("CREATE TABLE settings(key TEXT PRIMARY KEY, value) WITHOUT ROWID");
    Path ours = fixture.archive("ours", settings, "INSERT INTO settings VALUES ('a', 1), ('tax', 0.2)");
    Path theirs = fixture.archive("theirs", settings, "INSERT INTO settings VALUES ('b', 2), ('tax', 0.25)");
    MergeFixture.Merged merged = fixture.merge(null, ours, theirs, ArchiveMerge.Options.DEFAULT);
    assertEquals(List.of(new Conflict(Kind.INSERTED, "settings", List.of("tax"), null, null, values("tax", 0.2),
        values("tax", 0.25), null)), merged.conflicts());
    assertEquals(List.of(row("a", 1L), row("b", 2L), row("tax", 0.2)),
        fixture.rows(merged, "SELECT * FROM settings ORDER BY key"));
  }

  // ---------------------------------------------------------------------------------------------
  // Rows both sides inserted under one new integer key

  @Test
  void theirsRowsUnderOursNewKeyAreRenumberedAndWhatPointsAtThemFollows() throws Exception {
    // Each side's next customer is number 3; theirs also took an order for its customer 3.
    MergeFixture.Merged merged = merge(SHOP,
        List.of("INSERT INTO customers(name) VALUES ('Edsger')"),
        List.of("INSERT INTO customers(name) VALUES ('Barbara')", "INSERT INTO orders VALUES (3, 3, 'pie')"));

    assertEquals(List.of(), merged.conflicts());
    assertEquals(List.of("table customers: 1 row inserted on both sides under the same key; theirs renumbered: 3 → 4"),
        merged.outcome().notes());
    assertEquals(List.of(row(1L, "Ada"), row(2L, "Grace"), row(3L, "Edsger"), row(4L, "Barbara")),
        fixture.rows(merged, "SELECT * FROM customers ORDER BY id"));
    assertEquals(List.of(row(1L, 1L, "tea"), row(2L, 2L, "cake"), row(3L, 4L, "pie")),
        fixture.rows(merged, "SELECT * FROM orders ORDER BY id"));
    assertEquals(List.of(row("customers", 4L)), fixture.rows(merged, "SELECT name, seq FROM sqlite_sequence"));
    // The same as if theirs had inserted after ours.
    assertSameArchive(fixture.archive("expected", SHOP, "INSERT INTO customers(name) VALUES ('Edsger')",
        "INSERT INTO customers(name) VALUES ('Barbara')", "INSERT INTO orders VALUES (3, 4, 'pie')"), merged);
  }

  @Test
  void renumberingReachesRowsThatAreThemselvesRenumbered() throws Exception {
    // Both sides took customer 3 and order 3 for it: theirs' order becomes 4 and points at customer 4.
    MergeFixture.Merged merged = merge(SHOP,
        List.of("INSERT INTO customers(name) VALUES ('Edsger')", "INSERT INTO orders VALUES (3, 3, 'tart')"),
        List.of("INSERT INTO customers(name) VALUES ('Barbara')", "INSERT INTO orders VALUES (3, 3, 'pie')"));
    assertEquals(List.of(), merged.conflicts());
    assertEquals(List.of("table customers: 1 row inserted on both sides under the same key; theirs renumbered: 3 → 4",
        "table orders: 1 row inserted on both sides under the same key; theirs renumbered: 3 → 4"),
        merged.outcome().notes());
    assertEquals(List.of(row(1L, 1L, "tea"), row(2L, 2L, "cake"), row(3L, 3L, "tart"), row(4L, 4L, "pie")),
        fixture.rows(merged, "SELECT * FROM orders ORDER BY id"));
  }

  @Test
  void rowsBothSidesInsertedUnderOneRowidAreRenumberedToo() throws Exception {
    List<String> base = List.of("CREATE TABLE log(event)", "INSERT INTO log VALUES ('start')");
    MergeFixture.Merged merged = merge(base, List.of("INSERT INTO log VALUES ('ours 1'), ('ours 2')"),
        List.of("INSERT INTO log VALUES ('theirs 1'), ('theirs 2')"));
    assertEquals(List.of(), merged.conflicts());
    assertEquals(List.of("table log: 2 rows inserted on both sides under the same key; theirs renumbered: 2 → 4, 3 → 5"),
        merged.outcome().notes());
    assertEquals(List.of(row(1L, "start"), row(2L, "ours 1"), row(3L, "ours 2"), row(4L, "theirs 1"),
        row(5L, "theirs 2")), fixture.rows(merged, "SELECT rowid, event FROM log ORDER BY rowid"));
  }

  @Test
  void aTableThatKeepsItsIdsHasAConflictInsteadOfARenumbering() throws Exception {
    ArchiveMerge.Options keepCustomerIds = new ArchiveMerge.Options(Policy.MARK, "CUSTOMERS"::equalsIgnoreCase);
    MergeFixture.Merged merged = merge(SHOP,
        List.of("INSERT INTO customers(name) VALUES ('Edsger')"),
        List.of("INSERT INTO customers(name) VALUES ('Barbara')", "INSERT INTO orders VALUES (3, 3, 'pie')"),
        keepCustomerIds);

    assertEquals(List.of(new Conflict(Kind.INSERTED, "customers", List.of(3L), null, null, values(3L, "Edsger"),
        values(3L, "Barbara"), null)), merged.conflicts());
    assertEquals(List.of(), merged.outcome().notes());
    assertEquals(List.of(row(1L, "Ada"), row(2L, "Grace"), row(3L, "Edsger")),
        fixture.rows(merged, "SELECT * FROM customers ORDER BY id"));
  }

  // ---------------------------------------------------------------------------------------------
  // Conflicts

  @Test
  void oneCellChangedToDifferentValuesIsAConflictKeepingOurs() throws Exception {
    MergeFixture.Merged merged = merge(ITEMS, List.of("UPDATE items SET name = 'ours', qty = 1 WHERE id = 2"),
        List.of("UPDATE items SET name = 'theirs' WHERE id = 2"));

    assertEquals(List.of(new Conflict(Kind.CELL, "items", List.of(2L), "name", "pear", "ours", "theirs", null)),
        merged.conflicts());
    assertEquals("items 2 name: base 'pear', ours 'ours', theirs 'theirs'", merged.conflicts().get(0).describe());
    assertEquals(List.of(row(1L, "apple", 5L), row(2L, "ours", 1L), row(3L, "plum", 9L)),
        fixture.rows(merged, "SELECT * FROM items ORDER BY id"));
    assertEquals(List.of(Map.of("kind", "cell", "table", "items", "key", List.of(2L), "column", "name",
        "base", "pear", "ours", "ours", "theirs", "theirs")), conflictsSection(merged));
    assertTrue(merged.text().endsWith("\n },\n \"conflicts\": [\n  {\"kind\": \"cell\", \"table\": \"items\", "
        + "\"key\": [2], \"column\": \"name\", \"base\": \"pear\", \"ours\": \"ours\", \"theirs\": \"theirs\"}\n ]\n}\n"),
        merged.text());
  }

  @Test
  void theirsPolicyKeepsTheirsWhereTheSidesDisagreeAndWritesNoConflicts() throws Exception {
    MergeFixture.Merged merged = merge(ITEMS, List.of("UPDATE items SET name = 'ours', qty = 1 WHERE id = 2"),
        List.of("UPDATE items SET name = 'theirs' WHERE id = 2"), new ArchiveMerge.Options(Policy.THEIRS, t -> false));
    assertEquals(1, merged.conflicts().size());
    assertFalse(merged.text().contains("\"conflicts\""));
    assertEquals(List.of(row(2L, "theirs", 1L)), fixture.rows(merged, "SELECT * FROM items WHERE id = 2"));
  }

  @Test
  void aRowDeletedOnOneSideAndChangedOnTheOtherIsAConflict() throws Exception {
    MergeFixture.Merged merged = merge(ITEMS, List.of("DELETE FROM items WHERE id = 2"),
        List.of("UPDATE items SET qty = 70 WHERE id = 2"));
    assertEquals(List.of(new Conflict(Kind.DELETED, "items", List.of(2L), null, values(2L, "pear", 7L), null,
        values(2L, "pear", 70L), null)), merged.conflicts());
    assertEquals("items 2: deleted on ours, changed on theirs", merged.conflicts().get(0).describe());
    assertEquals(List.of(row(1L), row(3L)), fixture.rows(merged, "SELECT id FROM items ORDER BY id"));

    MergeFixture.Merged mirrored = merge(ITEMS, List.of("UPDATE items SET qty = 70 WHERE id = 2"),
        List.of("DELETE FROM items WHERE id = 2"));
    assertEquals(List.of(new Conflict(Kind.DELETED, "items", List.of(2L), null, values(2L, "pear", 7L),
        values(2L, "pear", 70L), null, null)), mirrored.conflicts());
    assertEquals(List.of(row(2L, "pear", 70L)), fixture.rows(mirrored, "SELECT * FROM items WHERE id = 2"));
  }

  @Test
  void aTextKeyInsertedOnBothSidesWithDifferentValuesIsAConflict() throws Exception {
    List<String> base = List.of("CREATE TABLE settings(key TEXT PRIMARY KEY, value) WITHOUT ROWID",
        "INSERT INTO settings VALUES ('currency', 'EUR')");
    MergeFixture.Merged merged = merge(base, List.of("INSERT INTO settings VALUES ('tax', 0.2)"),
        List.of("INSERT INTO settings VALUES ('tax', 0.25)"));
    assertEquals(List.of(new Conflict(Kind.INSERTED, "settings", List.of("tax"), null, null, values("tax", 0.2),
        values("tax", 0.25), null)), merged.conflicts());
    assertEquals(List.of(row("currency", "EUR"), row("tax", 0.2)),
        fixture.rows(merged, "SELECT * FROM settings ORDER BY key"));
  }

  @Test
  void aTableChangedDifferentlyOnEachSideIsASchemaConflict() throws Exception {
    MergeFixture.Merged merged = merge(ITEMS, List.of("ALTER TABLE items ADD COLUMN colour"),
        List.of("ALTER TABLE items ADD COLUMN price REAL"));
    assertEquals(List.of(new Conflict(Kind.SCHEMA, "items", List.of(), null,
        "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT, qty INTEGER)",
        "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT, qty INTEGER, colour)",
        "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT, qty INTEGER, price REAL)",
        "changed differently on each side")), merged.conflicts());
    assertEquals(List.of(row(1L, "apple", 5L, null), row(2L, "pear", 7L, null), row(3L, "plum", 9L, null)),
        fixture.rows(merged, "SELECT * FROM items ORDER BY id"));
  }

  @Test
  void aTableDroppedOnOneSideWithItsRowsChangedOnTheOtherIsASchemaConflict() throws Exception {
    MergeFixture.Merged merged = merge(ITEMS, List.of("DROP TABLE items"),
        List.of("UPDATE items SET qty = 0 WHERE id = 1"));
    assertEquals(List.of(new Conflict(Kind.SCHEMA, "items", List.of(), null, ITEMS.get(0), null, ITEMS.get(0),
        "dropped on ours, its rows changed on theirs")), merged.conflicts());
    assertEquals(List.of(), fixture.rows(merged, "SELECT name FROM sqlite_schema"));
  }

  @Test
  void aTableDroppedOnOneSideWithItsRowsUnchangedOnTheOtherIsDropped() throws Exception {
    List<String> base = plus(ITEMS, "CREATE TABLE other(x)");
    assertClean(base, List.of("INSERT INTO other VALUES (1)"), List.of("DROP TABLE items"));
  }

  @Test
  void twoRowsGivenOneUniqueValueIsAConstraintConflict() throws Exception {
    List<String> base = List.of("CREATE TABLE users(id INTEGER PRIMARY KEY, email TEXT UNIQUE)",
        "INSERT INTO users VALUES (1, 'a@x'), (2, 'b@x')");
    MergeFixture.Merged merged = merge(base, List.of("UPDATE users SET email = 'c@x' WHERE id = 1"),
        List.of("UPDATE users SET email = 'c@x' WHERE id = 2"));
    assertEquals(List.of(new Conflict(Kind.CONSTRAINT, "users", List.of(2L), null, null, null, null,
        "UNIQUE constraint failed: users.email (the table is kept as ours)")), merged.conflicts());
    assertEquals(List.of(row(1L, "c@x"), row(2L, "b@x")), fixture.rows(merged, "SELECT * FROM users ORDER BY id"));
  }

  @Test
  void aRowPointingAtARowTheOtherSideDeletedIsAConstraintConflict() throws Exception {
    MergeFixture.Merged merged = merge(SHOP, List.of("INSERT INTO orders VALUES (3, 2, 'tart')"),
        List.of("DELETE FROM orders WHERE customer = 2", "DELETE FROM customers WHERE id = 2"));
    assertEquals(List.of(new Conflict(Kind.CONSTRAINT, "orders", List.of(3L), null, null, null, null,
        "points at customers 2, which the other side deleted (FOREIGN KEY)")), merged.conflicts());
  }

  /** SQLite's NOCASE compares up to the first NUL, then by length: 'a\0c' sorts before 'a\0b10'. */
  @Test
  void caseInsensitiveKeysWithANulAreInSqlitesOrder() throws Exception {
    List<String> base = List.of("CREATE TABLE tags(name TEXT COLLATE NOCASE PRIMARY KEY, uses) WITHOUT ROWID",
        "INSERT INTO tags VALUES ('a' || char(0) || 'b10', 1), ('a' || char(0) || 'c', 2)");
    // Ours changes both rows, so that no line is shared by all three sides and every side's keys
    // are read and their order checked.
    assertClean(base, List.of("UPDATE tags SET uses = uses + 10"), List.of("INSERT INTO tags VALUES ('b', 4)"));
  }

  /**
   * Dropping the last AUTOINCREMENT table leaves SQLite's sqlite_sequence table, empty: neither the
   * archive nor the merge may list it, since a database built from the archive has none.
   */
  @Test
  void droppingTheLastAutoincrementTableMergesToACanonicalArchive() throws Exception {
    MergeFixture.Merged merged = merge(SHOP, List.of("DROP TABLE orders", "DROP TABLE customers"),
        List.of("INSERT INTO orders VALUES (3, 1, 'pie')"));
    Path rebuilt = MergeFixture.dehydrate(fixture.hydrate(merged.archive()), dir.resolve("rebuilt.json"));
    assertNull(MergeFixture.firstDifference(MergeFixture.withoutConflicts(merged.text()),
        Files.readString(rebuilt, StandardCharsets.UTF_8)));
  }

  // ---------------------------------------------------------------------------------------------
  // Archives that are not as git-hydrate writes them

  /** Python's {@code json.dump(archive, file, indent=n, ensure_ascii=False)}, as a person might run it. */
  @ParameterizedTest(name = "indent={0}")
  @ValueSource(ints = {2, 4})
  void anArchiveReindentedByAnotherToolIsStillMerged(int indent) throws Exception {
    List<String> base = plus(ITEMS, "CREATE TABLE blobs(k TEXT PRIMARY KEY, v) WITHOUT ROWID",
        "INSERT INTO blobs VALUES ('a', x'00ff'), ('b', 1.5), ('c', NULL)");
    Path ours = fixture.archive("ours", base, "UPDATE items SET qty = 6 WHERE id = 1");
    Files.writeString(ours, Reindent.pythonStyle(Files.readString(ours), indent));
    MergeFixture.Merged merged = fixture.merge(fixture.archive("base", base), ours,
        fixture.archive("theirs", base, "UPDATE blobs SET v = 'x' WHERE k = 'c'"));
    assertEquals(List.of(), merged.conflicts());
    assertSameArchive(fixture.archive("expected", base, "UPDATE items SET qty = 6 WHERE id = 1",
        "UPDATE blobs SET v = 'x' WHERE k = 'c'"), merged);
  }

  /** With one space per level the top-level lines look like git-hydrate's own; the tables do not. */
  @Test
  void anArchiveReindentedWithOneSpacePerLevelIsStillMerged() throws Exception {
    anArchiveReindentedByAnotherToolIsStillMerged(1);
  }

  @Test
  void rowsOutOfKeyOrderStopTheMerge() throws Exception {
    Path ours = fixture.archive("ours", ITEMS, "UPDATE items SET qty = 6 WHERE id = 1");
    String text = Files.readString(ours);
    Files.writeString(ours, text.replace("   [1, \"apple\", 6],\n   [2, \"pear\", 7],",
        "   [2, \"pear\", 7],\n   [1, \"apple\", 6],"));
    Path base = fixture.archive("base", ITEMS);
    Path theirs = fixture.archive("theirs", ITEMS, "UPDATE items SET qty = 10 WHERE id = 3");
    MergeException thrown = assertThrows(MergeException.class,
        () -> fixture.merge(base, ours, theirs));
    assertEquals("ours: table \"items\": rows are not in key order at (1) (edited by hand? dehydrate it again)",
        thrown.getMessage());
  }

  @Test
  void aTruncatedArchiveStopsTheMergeNamingIt() throws Exception {
    Path base = fixture.archive("base", ITEMS);
    Path ours = fixture.archive("ours", ITEMS, "UPDATE items SET qty = 6 WHERE id = 1");
    Path theirs = fixture.archive("theirs", ITEMS, "UPDATE items SET qty = 10 WHERE id = 3");
    String text = Files.readString(theirs);
    Files.writeString(theirs, text.substring(0, text.indexOf("   [3, ")));
    MergeException thrown = assertThrows(MergeException.class, () -> fixture.merge(base, ours, theirs));
    assertTrue(thrown.getMessage().startsWith("theirs: line "), thrown.getMessage());
  }

  @Test
  void anArchiveCutAfterItsLastTableStopsTheMerge() throws Exception {
    Path base = fixture.archive("base", ITEMS);
    Path ours = fixture.archive("ours", ITEMS, "UPDATE items SET qty = 6 WHERE id = 1");
    Path theirs = fixture.archive("theirs", ITEMS, "UPDATE items SET qty = 10 WHERE id = 3");
    String text = Files.readString(theirs);
    assertTrue(text.endsWith("\n }\n}\n"));
    Files.writeString(theirs, text.substring(0, text.length() - "}\n}\n".length()));
    MergeException thrown = assertThrows(MergeException.class, () -> fixture.merge(base, ours, theirs));
    assertTrue(thrown.getMessage().startsWith("theirs: "), thrown.getMessage());
  }

  @Test
  void anArchiveCutInItsHeaderStopsTheMergeNamingIt() throws Exception {
    Path base = fixture.archive("base", ITEMS);
    Path ours = fixture.archive("ours", ITEMS, "UPDATE items SET qty = 6 WHERE id = 1");
    String text = Files.readString(ours);
    Files.writeString(ours, text.substring(0, text.indexOf(" \"schema\"")));
    MergeException thrown = assertThrows(MergeException.class, () -> fixture.merge(base, ours, base));
    assertTrue(thrown.getMessage().startsWith("ours: "), thrown.getMessage());
  }

  private static List<Object> conflictsSection(MergeFixture.Merged merged) throws Exception {
    @SuppressWarnings("unchecked")
    List<Object> conflicts = (List<Object>) TestJson.object(TestJson.parse(merged.archive())).get("conflicts");
    return conflicts;
  }
}
