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
}
