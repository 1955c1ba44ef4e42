package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCacheTest {
  private static final String FIRST = "a".repeat(64);
  private static final String SECOND = "b".repeat(64);
  private static final String THIRD = "c".repeat(64);

  @TempDir
  Path dir;

  private Path built(String name, int bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, new byte[bytes]);
    return file;
  }

  private List<String> kept(Path cache) throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.map(f -> f.getFileName().toString().substring(0, 1)).sorted().toList();
    }
  }

  @Test
  void keepsADatabaseWithItsSummaryAndFindsItByTheArchiveDigest() throws IOException {
    BuildCache cache = new BuildCache(dir.resolve("cache"));
    assertTrue(cache.find(FIRST).isEmpty(), "nothing kept yet, not even a folder");
    Path built = built("built.db", 100);

    assertTrue(cache.keep(FIRST, new ArchiveSummary(3, 42), built));

    assertFalse(Files.exists(built), "moved, not copied");
    BuildCache.Entry entry = cache.find(FIRST).orElseThrow();
    assertEquals(new ArchiveSummary(3, 42), entry.summary());
    assertEquals(100, Files.size(entry.database()));
    assertTrue(cache.find(SECOND).isEmpty());
  }

  @Test
  void aDatabaseOverTheEntryLimitIsNotKept() throws IOException {
    BuildCache cache = new BuildCache(dir.resolve("cache"), 50, 1000);
    Path built = built("built.db", 51);
    assertFalse(cache.keep(FIRST, new ArchiveSummary(1, 1), built));
    assertTrue(Files.exists(built), "left where it was, for the caller to delete");
    assertTrue(cache.find(FIRST).isEmpty());
  }

  @Test
  void theLeastRecentlyUsedGoWhenTheTotalIsOverBudget() throws IOException {
    Path folder = dir.resolve("cache");
    BuildCache cache = new BuildCache(folder, 100, 250);
    cache.keep(FIRST, new ArchiveSummary(1, 1), built("1.db", 100));
    cache.keep(SECOND, new ArchiveSummary(1, 1), built("2.db", 100));
    age(folder, 60);
    cache.find(FIRST); // used again: now the most recent of the two

    cache.keep(THIRD, new ArchiveSummary(1, 1), built("3.db", 100));

    assertEquals(List.of("a", "c"), kept(folder));
  }

  @Test
  void entriesOfOtherVersionsAndStrayFilesAreRemovedWhenOneIsKept() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("cache"));
    Files.write(folder.resolve(SECOND + ".0.0.1-old.t1.r1.db"), new byte[10]);
    Files.write(folder.resolve("notes.txt"), new byte[10]);
    BuildCache cache = new BuildCache(folder);
    assertTrue(cache.find(SECOND).isEmpty(), "built by another version");

    cache.keep(FIRST, new ArchiveSummary(1, 1), built("1.db", 10));

    assertEquals(List.of("a"), kept(folder));
  }

  @Test
  void forgetRemovesAnEntry() throws IOException {
    BuildCache cache = new BuildCache(dir.resolve("cache"));
    cache.keep(FIRST, new ArchiveSummary(1, 1), built("1.db", 10));
    cache.forget(FIRST);
    assertTrue(cache.find(FIRST).isEmpty());
  }

  @Test
  void aCacheThatCannotBeWrittenKeepsNothingAndSaysSo() throws IOException {
    Path notAFolder = built("cache", 1);
    BuildCache cache = new BuildCache(notAFolder);
    Path built = built("built.db", 10);
    assertFalse(cache.keep(FIRST, new ArchiveSummary(1, 1), built));
    assertTrue(Files.exists(built));
    assertTrue(cache.find(FIRST).isEmpty());
  }

  private static void age(Path folder, int seconds) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - seconds * 1000L));
      }
    }
  }
}
