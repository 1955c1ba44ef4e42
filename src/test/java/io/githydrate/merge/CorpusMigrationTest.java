package io.githydrate.merge;

import io.githydrate.TestSqlite;
import io.githydrate.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations of the real databases of the corpus: from no database to each one (every table,
 * virtual ones included, made and filled by the SQL alone), and from each one to a changed copy and
 * back (a row less in every rowid table that has rows, a column appended, user_version moved).
 */
class CorpusMigrationTest {
  @TempDir
  Path dir;

  @TestFactory
  Stream<DynamicTest> fromNothingToEachCorpusDatabase() throws IOException {
    return Corpus.eachDatabase(db -> {
      Path work = Files.createTempDirectory(dir, "nothing");
      MigrationCheck check = new MigrationCheck(work);
      Path copy = check.file(".db");
      Files.copy(db, copy);
      check.fromNothing(copy);
    });
  }

  @TestFactory
  Stream<DynamicTest> toAChangedCopyAndBack() throws IOException {
    return Corpus.eachDatabase(db -> {
      Path work = Files.createTempDirectory(dir, "changed");
      MigrationCheck check = new MigrationCheck(work);
      Path old = check.file(".db");
      Files.copy(db, old);
      Path now = check.file(".db");
      Files.copy(db, now);
      try (Connection connection = TestSqlite.openForSetUp(now)) {
        List<List<Object>> tables = TestSqlite.query(connection,
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
                + " AND sql NOT LIKE '%WITHOUT%ROWID%' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        for (List<Object> table : tables) {
          String name = "\"" + table.get(0).toString().replace("\"", "\"\"") + "\"";
          TestSqlite.exec(connection, "DELETE FROM " + name + " WHERE rowid = (SELECT max(rowid) FROM " + name + ")");
        }
        if (!tables.isEmpty()) {
          String first = "\"" + tables.get(0).get(0).toString().replace("\"", "\"\"") + "\"";
          TestSqlite.exec(connection, "ALTER TABLE " + first + " ADD COLUMN reviewed TEXT DEFAULT 'no'");
        }
        TestSqlite.exec(connection, "PRAGMA user_version = 42");
      }
      check.bothWays(old, now);
    });
  }
}
