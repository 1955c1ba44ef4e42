package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-clone key of the line indexes: made once, then the same for every process; a file that
 * is not a key is replaced, and an index made with the old key no longer reads.
 */
class LineIndexKeyTest {
  @TempDir
  Path dir;

  @Test
  void theKeyIsMadeOnceAndKept() throws Exception {
    Path file = dir.resolve("lines").resolve("key");

    LineIndex.Key first = LineIndex.Key.in(file).orElseThrow();

    assertEquals(16, Files.size(file));
    assertEquals(first, LineIndex.Key.in(file).orElseThrow());
    assertTrue(first.value() >= 1L << 59 && first.value() < 1L << 60, "a point the hash takes");
  }

  @Test
  void aFileThatIsNotAKeyIsReplacedAndItsIndexesNoLongerRead() throws Exception {
    Path file = dir.resolve("key");
    Files.write(file, new byte[8]);
    LineIndex.Key old = new LineIndex.Key(1L << 59, 0);
    Path index = dir.resolve("index");
    try (var in = new java.io.ByteArrayInputStream("{\n \"format\": \"git-hydrate-archive\",\n \"tables\": {}\n}\n"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      ArchiveDelta.index(in, old).orElseThrow().write(index);
    }

    LineIndex.Key key = LineIndex.Key.in(file).orElseThrow();

    assertEquals(16, Files.size(file));
    assertNotEquals(old.id(), key.id());
    assertTrue(LineIndex.read(index, old).isPresent());
    assertTrue(LineIndex.read(index, key).isEmpty());
  }
}
