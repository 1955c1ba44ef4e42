package io.githydrate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.githydrate.TestSqlite;
import io.githydrate.engine.ArchiveRules;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Progress;
import io.githydrate.engine.ValueFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} builds an archive's out-of-line values from its values folder, checking each file. */
class ArchiveCheckLargeValuesTest {
  @TempDir
  Path dir;

  private Path archive;
  private Path file;

  @BeforeEach
  void archiveWithAValueInAFile() throws Exception {
    Path db = dir.resolve("app.db");
    TestSqlite.exec(db, "CREATE TABLE images(id INTEGER PRIMARY KEY, png BLOB)",
        "INSERT INTO images VALUES (1, zeroblob(300)), (2, x'00ff')");
    archive = dir.resolve("app.db.json");
    ArchiveRules rules = new ArchiveRules(Set.of(), List.of(), 100);
    new Dehydrator(0, Progress.NONE, label -> rules).dehydrate(db, "app.db", archive);
    try (Stream<Path> all = Files.walk(ValueFiles.folderOf(archive))) {
      file = all.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
  }

  private List<ArchiveCheck.Problem> check() throws Exception {
    return new ArchiveCheck(Placeholders.NONE_ALLOWED).check(archive, "app.db");
  }

  @Test
  void anArchiveWithItsValueFilesPasses() throws Exception {
    assertEquals(List.of(), check());
  }

  @Test
  void aMissingValueFileIsABuildProblemAtItsLine() throws Exception {
    Files.delete(file);
    assertEquals(List.of(new ArchiveCheck.Problem(17, ArchiveCheck.Check.BUILD,
        "app.db: archive line 17: value file " + file + " is missing")), check());
  }

  @Test
  void anAlteredValueFileIsABuildProblemAtItsLine() throws Exception {
    Files.write(file, new byte[300]);
    Files.write(file, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
    assertEquals(List.of(new ArchiveCheck.Problem(17, ArchiveCheck.Check.BUILD,
        "app.db: archive line 17: value file " + file + " does not match its digest")), check());
  }
}
