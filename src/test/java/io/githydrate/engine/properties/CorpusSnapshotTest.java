package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.githydrate.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each real database of the corpus, and an analysed copy of it in WAL mode, hydrated from its
 * archive holds the same thing, read with plain SQL ({@link Snapshot}): the same settings (the
 * journal mode included), schema texts, and every row of every table, SQLite's own included, the
 * ANALYZE statistics with their rowids and the AUTOINCREMENT counters in their order.
 */
class CorpusSnapshotTest {

  @TestFactory
  Stream<DynamicTest> everyTableComesBackRowByRow() throws IOException {
    return Corpus.eachDatabase(db -> {
      try (Scratch scratch = Scratch.create()) {
        Path copy = scratch.resolve("copy.db"); // the corpus is read-only; a copy keeps it so
        Files.copy(db, copy);
        assertRoundTrip(copy, scratch.resolve("as-is"));
      }
    });
  }

  @TestFactory
  Stream<DynamicTest> anAnalysedCopyInWalModeComesBackRowByRow() throws IOException {
    return Corpus.eachDatabase(db -> {
      try (Scratch scratch = Scratch.create()) {
        Path copy = scratch.resolve("analysed.db");
        Files.copy(db, copy);
        try (Connection connection = Sqlite.open(copy); Statement statement = connection.createStatement()) {
          statement.execute("PRAGMA journal_mode=WAL");
          statement.execute("ANALYZE");
        }
        assertRoundTrip(copy, scratch.resolve("analysed"));
      }
    });
  }

  private static void assertRoundTrip(Path original, Path work) throws IOException, SQLException {
    Files.createDirectories(work);
    Path archive = work.resolve("archive.json");
    Path rebuilt = work.resolve("rebuilt.db");
    Engine.dehydrator().dehydrate(original, Engine.LABEL, archive);
    Engine.hydrator(false).hydrate(archive, Engine.LABEL, rebuilt);
    Snapshot before = Snapshot.of(original);
    Snapshot after = Snapshot.of(rebuilt);
    assertEquals(before.pragmas(), after.pragmas(), "settings");
    assertEquals(before.sqlTexts(), after.sqlTexts(), "schema");
    assertEquals(List.of(), Snapshot.rowDifferences(before, after), "rows");
  }
}
