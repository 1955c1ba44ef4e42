package io.githydrate.engine;

import static io.githydrate.TestSqlite.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.HydrateException;
import io.githydrate.TestSqlite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplaceComparisonTest {
  /** Enough rows that each table's archive spans many of the comparison's chunks. */
  private static final int ROWS = 20_000;
  private static final Dehydrator READER = new Dehydrator(1000, Progress.NONE);

  @TempDir
  Path dir;

  private Path database(String name, String... changes) throws SQLException {
    Path db = dir.resolve(name);
    exec(db, "CREATE TABLE a(id INTEGER PRIMARY KEY, text TEXT)", "CREATE TABLE b(id INTEGER PRIMARY KEY, blob BLOB)",
        rows("a", "'row ' || i"), rows("b", "zeroblob(50) || i"));
    exec(db, changes);
    return db;
  }

  private static String rows(String table, String value) {
    return "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + ROWS + ")"
        + " INSERT INTO " + table + " SELECT i, " + value + " FROM n";
  }

  /** Whether the comparison says the two hold the same, checked against their digests. */
  private static boolean same(Path built, Path target) {
    boolean same = ReplaceComparison.sameContent(built, target, READER);
    assertEquals(READER.digest(built, "").equals(READER.digest(target, "")), same, "the comparison against the digests");
    return same;
  }

  @Test
  void aCopyOfTheFileIsTheSame() throws Exception {
    Path built = database("built.db");
    Path target = Files.copy(built, dir.resolve("target.db"));
    assertTrue(same(built, target));
  }

  @Test
  void theSameRowsInOtherPagesAreTheSame() throws Exception {
    Path built = database("built.db");
    Path target = database("target.db", "INSERT INTO a VALUES (" + (ROWS + 1) + ", 'gone again')",
        "DELETE FROM a WHERE id = " + (ROWS + 1));
    assertFalse(DatabaseFiles.samePages(built, target), "the pages differ");
    assertTrue(same(built, target));
  }

  @Test
  void oneValueInTheLastTableDiffers() throws Exception {
    assertFalse(same(database("built.db"), database("target.db", "UPDATE b SET blob = x'00' WHERE id = " + ROWS)));
  }

  @Test
  void oneRowMoreOrLessDiffers() throws Exception {
    Path built = database("built.db");
    Path longer = database("longer.db", "INSERT INTO b VALUES (" + (ROWS + 1) + ", NULL)");
    assertFalse(same(built, longer));
    assertFalse(same(longer, built));
  }

  @Test
  void changesStillInTheWalFileCount() throws Exception {
    Path built = database("built.db", "PRAGMA journal_mode = WAL");
    Path target = Files.copy(built, dir.resolve("target.db"));
    try (Connection application = TestSqlite.open(target)) {
      exec(application, "UPDATE a SET text = 'changed' WHERE id = 1");
      assertTrue(DatabaseFiles.samePages(built, target), "the change is in the WAL file alone");
      assertFalse(same(built, target));
    }
  }

  @Test
  void aBuiltFileThatCannotBeReadIsAnErrorNotADifference() throws Exception {
    Path target = database("target.db");
    Path built = dir.resolve("built.db");
    Files.copy(target, built, StandardCopyOption.REPLACE_EXISTING);
    Files.write(built, "not a database".repeat(400).getBytes(StandardCharsets.US_ASCII));
    assertThrows(HydrateException.class, () -> ReplaceComparison.sameContent(built, target, READER));
  }
}
