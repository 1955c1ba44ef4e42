package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir
  Path dir;

  @Test
  void aNewFileIsMovedIntoPlace() throws IOException {
    Path source = Files.writeString(dir.resolve("built"), "new");
    assertTrue(AtomicFiles.moveIfAbsent(source, dir.resolve("app.db")));
    assertEquals("new", Files.readString(dir.resolve("app.db")));
    assertFalse(Files.exists(source));
  }

  @Test
  void aFileThatAppearedMeanwhileIsNeverRenamedOver() throws IOException {
    Path source = Files.writeString(dir.resolve("built"), "new");
    Path target = Files.writeString(dir.resolve("app.db"), "someone else's");
    assertFalse(AtomicFiles.moveIfAbsent(source, target));
    assertEquals("someone else's", Files.readString(target));
    assertEquals("new", Files.readString(source));
  }

  /** What the shutdown hook does when a signal stops the JVM: InterruptIT sends the signals. */
  @Test
  void stoppingDeletesTheTemporaryFilesInProgressOnly() throws IOException {
    Path building = AtomicFiles.tempFileBeside(dir.resolve("app.db"));
    Path journal = Files.writeString(building.resolveSibling(building.getFileName() + "-journal"), "j");
    Path scratch = AtomicFiles.tempFile("git-hydrate-test-", ".json");
    Path renamed = AtomicFiles.tempFileBeside(dir.resolve("app.db.json"));
    AtomicFiles.replace(renamed, dir.resolve("app.db.json"));
    Path deleted = AtomicFiles.tempFileBeside(dir.resolve("other.db"));
    AtomicFiles.deleteQuietly(deleted);
    Files.writeString(deleted, "a file made later under that name is not the run's");

    AtomicFiles.removeInProgress();

    assertFalse(Files.exists(building));
    assertFalse(Files.exists(journal));
    assertFalse(Files.exists(scratch));
    assertTrue(Files.exists(dir.resolve("app.db.json")), "a file renamed into place stays");
    assertTrue(Files.exists(deleted), "a file deleted through AtomicFiles is forgotten");
  }
}
