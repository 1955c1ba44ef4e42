package io.githydrate.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.HydrateException;
import io.githydrate.engine.ArchiveRules;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Progress;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers of archives from Git, where the values folder is not at hand, take a value kept in a file
 * of its own as its reference: the diff shows it short, the merge compares references (same digest,
 * same value), and a migration script, which would need the bytes, refuses.
 */
class OutOfLineValuesTest {
  @TempDir
  Path dir;

  private int archives;

  private Path archiveOf(String... statements) throws SQLException {
    Path db = dir.resolve("db" + (++archives) + ".db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
         Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
    Path archive = dir.resolve("archive" + archives + ".json");
    ArchiveRules rules = new ArchiveRules(Set.of(), List.of(), 1000);
    new Dehydrator(1000, Progress.NONE, label -> rules).dehydrate(db, "app.db", archive);
    return archive;
  }

  private static final String TABLE = "CREATE TABLE images(id INTEGER PRIMARY KEY, name TEXT, png BLOB)";

  @Test
  void theDiffShowsAValueInAFileByItsSizeAndDigest() throws Exception {
    Path before = archiveOf(TABLE, "INSERT INTO images VALUES (1, 'logo', zeroblob(5000000))");
    Path after = archiveOf(TABLE, "INSERT INTO images VALUES (1, 'logo', zeroblob(5000001))");
    List<String> changes = new ArrayList<>();
    ArchiveDiff.diff(before, "old", after, "new", new DiffSink() {
      @Override
      public void setting(SettingChange change) {}

      @Override
      public void schema(SchemaChange change) {}

      @Override
      public void row(RowChange change) {
        int png = change.columns().indexOf("png");
        changes.add(change.kind() + " " + SqlText.literal(change.before().get(png)) + " -> "
            + SqlText.literal(change.after().get(png)));
      }

      @Override
      public void unmatched(String table, long rowsBefore, long rowsAfter, String why) {
        changes.add("unmatched " + why);
      }
    });
    assertEquals(1, changes.size(), changes::toString);
    assertTrue(changes.get(0).matches(
        "\\w+ <blob 5\\.0 MB sha256:[0-9a-f]{12}…> -> <blob 5\\.0 MB sha256:[0-9a-f]{12}…>"), changes.get(0));
  }

  @Test
  void theMergeTakesTheSideThatChangedAValueInAFile() throws Exception {
    Path base = archiveOf(TABLE, "INSERT INTO images VALUES (1, 'logo', zeroblob(5000)), (2, 'icon', zeroblob(3000))");
    Path ours = archiveOf(TABLE, "INSERT INTO images VALUES (1, 'logo', zeroblob(5001)), (2, 'icon', zeroblob(3000))");
    Path theirs = archiveOf(TABLE, "INSERT INTO images VALUES (1, 'logo', zeroblob(5000)), (2, 'icon', zeroblob(3001))");
    Path result = dir.resolve("merged.json");
    ArchiveMerge.Outcome outcome = ArchiveMerge.merge(base, ours, theirs, result,
        new ArchiveMerge.Options(Policy.MARK, table -> false));
    assertTrue(outcome.clean(), outcome.conflicts()::toString);
    String merged = Files.readString(result);
    String oursLine = Files.readAllLines(ours).stream().filter(l -> l.contains("\"logo\"")).findFirst().orElseThrow();
    String theirsLine = Files.readAllLines(theirs).stream().filter(l -> l.contains("\"icon\"")).findFirst().orElseThrow();
    assertTrue(merged.contains(oursLine + "\n") && merged.contains(theirsLine + "\n"), merged);
  }

  @Test
  void aMigrationThatWouldWriteAValueInAFileRefuses() throws Exception {
    Path before = archiveOf(TABLE, "INSERT INTO images VALUES (1, 'logo', zeroblob(5000))");
    Path after = archiveOf(TABLE, "INSERT INTO images VALUES (1, 'logo', zeroblob(5001))");
    HydrateException refused = assertThrows(HydrateException.class,
        () -> Migration.write(before, "old", after, "new", new StringWriter(), ""));
    assertTrue(refused.getMessage().matches("table \"images\": a changed row holds a value kept in a file beside its"
        + " archive \\(<blob 5\\.0 kB sha256:[0-9a-f]{12}…>\\), which a migration script cannot write;"
        + " hydrate the database instead"), refused.getMessage());
  }
}
