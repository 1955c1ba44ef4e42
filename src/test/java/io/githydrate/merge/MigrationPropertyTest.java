package io.githydrate.merge;

import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.io.file.PathUtils;

/**
 * Over generated histories (a database, then row changes, appended columns, tables rebuilt with
 * their columns or key changed, tables and indexes created and dropped, settings), the migration
 * SQL applied to the old database gives the new one, and the reverse migration gives the old one
 * back from the new.
 */
class MigrationPropertyTest {
  @Provide
  Arbitrary<GeneratedHistory.Steps> histories() {
    return Arbitraries.randomValue(GeneratedHistory::draw);
  }

  @Property(tries = 150)
  void migrationAndItsReverseRemakeEachVersion(@ForAll("histories") GeneratedHistory.Steps steps) throws Exception {
    Path dir = Files.createTempDirectory("migration");
    try {
      new MigrationCheck(dir).bothWays(steps.setUp().toArray(String[]::new), steps.change().toArray(String[]::new));
    } catch (AssertionError | Exception e) {
      throw new AssertionError(steps + "\n" + e.getMessage(), e);
    } finally {
      PathUtils.deleteDirectory(dir);
    }
  }
}
