package io.githydrate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.githydrate.TestSqlite;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.io.file.PathUtils;

/**
 * The counts {@code git hydrate log} shows for a commit agree with the change made: for two versions
 * of a database's rows, the rows added, removed and changed per table are exactly those the
 * versions' keys and values say. Tested on archives directly, without Git, so each try stays fast;
 * the commit walk itself has its end-to-end scenarios.
 */
class HistoryCountsPropertyTest {
  @Provide
  Arbitrary<Map<Integer, String>> versions() {
    return Arbitraries.maps(Arbitraries.integers().between(1, 40), Arbitraries.of("a", "b", "c", "")).ofMaxSize(25);
  }

  @Property(tries = 200)
  void countsAgreeWithTheChangeMade(@ForAll("versions") Map<Integer, String> notesBefore,
      @ForAll("versions") Map<Integer, String> notesAfter, @ForAll("versions") Map<Integer, String> tagsBefore,
      @ForAll("versions") Map<Integer, String> tagsAfter) throws Exception {
    Path scratch = Files.createTempDirectory("history-counts");
    try {
      Path before = archive(scratch, "before", notesBefore, tagsBefore);
      Path after = archive(scratch, "after", notesAfter, tagsAfter);

      ChangeCounts counts = History.compare(before, "before", after, "after");

      Map<String, ChangeCounts.Table> expected = new LinkedHashMap<>();
      expect(expected, "notes", notesBefore, notesAfter);
      expect(expected, "tags", tagsBefore, tagsAfter);
      assertEquals(expected, counts.tables());
      assertEquals(List.of(), counts.schema());
    } finally {
      PathUtils.deleteDirectory(scratch);
    }
  }

  private static void expect(Map<String, ChangeCounts.Table> expected, String table, Map<Integer, String> before,
      Map<Integer, String> after) {
    long added = 0;
    long removed = 0;
    long changed = 0;
    TreeSet<Integer> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    for (Integer key : keys) {
      if (!before.containsKey(key)) {
        added++;
      } else if (!after.containsKey(key)) {
        removed++;
      } else if (!Objects.equals(before.get(key), after.get(key))) {
        changed++;
      }
    }
    if (added + removed + changed > 0) {
      expected.put(table, new ChangeCounts.Table(added, removed, changed, false, 0, 0));
    }
  }

  /** A database with a rowid table and a WITHOUT ROWID table holding these rows, exported. */
  private static Path archive(Path scratch, String name, Map<Integer, String> notes, Map<Integer, String> tags)
      throws Exception {
    Path db = scratch.resolve(name + ".db");
    TestSqlite.exec(db, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)",
        "CREATE TABLE tags(name TEXT PRIMARY KEY, note INTEGER) WITHOUT ROWID");
    try (Connection connection = TestSqlite.open(db)) {
      insert(connection, "INSERT INTO notes VALUES (?, ?)", notes, false);
      insert(connection, "INSERT INTO tags VALUES (?, ?)", tags, true);
    }
    Path archive = scratch.resolve(name + ".json");
    new Dehydrator(5000, Progress.NONE).dehydrate(db, "app.db", archive);
    return archive;
  }

  /** Rows of {@code rows}; a WITHOUT ROWID table is keyed by text, so the key becomes {@code k<n>}. */
  private static void insert(Connection connection, String sql, Map<Integer, String> rows, boolean textKey)
      throws Exception {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (Map.Entry<Integer, String> row : new ArrayList<>(rows.entrySet())) {
        if (textKey) {
          statement.setString(1, "k" + row.getKey());
          statement.setString(2, row.getValue());
        } else {
          statement.setInt(1, row.getKey());
          statement.setString(2, row.getValue());
        }
        statement.executeUpdate();
      }
    }
  }
}
