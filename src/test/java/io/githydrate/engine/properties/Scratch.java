package io.githydrate.engine.properties;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;

/**
 * A temporary folder for one try of a property, deleted when closed. jqwik runs tries of one property
 * method without JUnit's {@code @TempDir}, so each try makes and removes its own.
 */
final class Scratch implements AutoCloseable {
  private final Path root;

  private Scratch(Path root) {
    this.root = root;
  }

  static Scratch create() throws IOException {
    return new Scratch(Files.createTempDirectory("git-hydrate-property"));
  }

  Path root() {
    return root;
  }

  Path resolve(String name) {
    return root.resolve(name);
  }

  /** Names of the files directly in {@code directory}, sorted. */
  static List<String> list(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    PathUtils.deleteDirectory(root);
  }
}
