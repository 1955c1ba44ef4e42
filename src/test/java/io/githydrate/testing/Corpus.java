package io.githydrate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The corpus of real databases that nobody on the project wrote (see the corpus folder's README):
 * read-only, beside the project, named by the system property {@code githydrate.corpus}. Without it
 * the tests that use it are skipped, saying so, and fail in CI ({@link Prerequisite}).
 */
public final class Corpus {
  private Corpus() {}

  /** What a test does with one corpus database. */
  public interface PerDatabase {
    void run(Path db) throws Exception;
  }

  /**
   * One dynamic test per corpus database running {@code check}; or, when there is no corpus (or no
   * database in it), a single test that is skipped, or fails in CI, with the reason, so that the
   * report says why nothing ran.
   */
  public static Stream<DynamicTest> eachDatabase(PerDatabase check) throws IOException {
    String property = System.getProperty("githydrate.corpus");
    Path folder = property == null ? null : Path.of(property).toAbsolutePath().normalize();
    String absent = folder == null ? "system property githydrate.corpus is not set"
        : !Files.isDirectory(folder) ? "no corpus folder " + folder : null;
    List<Path> databases = List.of();
    if (absent == null) {
      try (Stream<Path> files = Files.list(folder)) {
        databases = files.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().endsWith(".md"))
            .sorted()
            .toList();
      }
      absent = databases.isEmpty() ? "no database in the corpus folder " + folder : null;
    }
    if (absent != null) {
      String missing = absent + ", so no corpus round trips";
      return Stream.of(DynamicTest.dynamicTest("no corpus", () -> Prerequisite.require(false, missing)));
    }
    return databases.stream().map(db -> DynamicTest.dynamicTest(db.getFileName().toString(), () -> check.run(db)));
  }
}
