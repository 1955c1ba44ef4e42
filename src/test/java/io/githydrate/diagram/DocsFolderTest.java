package io.githydrate.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing only what differs, and checking without writing. */
class DocsFolderTest {
  @TempDir
  Path folder;

  @Test
  void writesWhatDiffersAndChecksWithoutWriting() throws Exception {
    Map<String, String> files = new TreeMap<>(Map.of("README.md", "index\n", "data/app.db.md", "page\n"));

    assertEquals(List.of(new DocsFolder.File("README.md", DocsFolder.State.MISSING),
        new DocsFolder.File("data/app.db.md", DocsFolder.State.MISSING)), DocsFolder.update(folder, files, true));
    assertEquals(List.of(), List.of(folder.toFile().list()), "a check writes nothing");

    assertEquals(List.of(new DocsFolder.File("README.md", DocsFolder.State.WRITTEN),
        new DocsFolder.File("data/app.db.md", DocsFolder.State.WRITTEN)), DocsFolder.update(folder, files, false));
    assertEquals("page\n", Files.readString(folder.resolve("data/app.db.md")));

    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(folder.resolve("README.md"), old);
    Files.writeString(folder.resolve("data/app.db.md"), "edited\n");
    assertEquals(List.of(new DocsFolder.File("README.md", DocsFolder.State.CURRENT),
        new DocsFolder.File("data/app.db.md", DocsFolder.State.STALE)), DocsFolder.update(folder, files, true));
    assertEquals(List.of(new DocsFolder.File("README.md", DocsFolder.State.CURRENT),
        new DocsFolder.File("data/app.db.md", DocsFolder.State.WRITTEN)), DocsFolder.update(folder, files, false));
    assertEquals(old, Files.getLastModifiedTime(folder.resolve("README.md")), "a current file is not rewritten");
  }
}
