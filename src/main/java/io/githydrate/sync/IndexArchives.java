package io.githydrate.sync;

import io.githydrate.git.GitCli;
import io.githydrate.HydrateException;
import io.githydrate.engine.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The archives Git holds for a filter-mode repository's databases (the blobs in the index), copied
 * into temporary files for the commands that read an archive file: written by {@code git cat-file}
 * straight to the file, so memory does not grow with them. Closing deletes the copies.
 */
final class IndexArchives implements AutoCloseable {
  private final Path workTree;
  private final Path directory;
  private final List<Path> made = new ArrayList<>();

  IndexArchives(Path workTree, Path directory) {
    this.workTree = workTree;
    this.directory = directory;
  }

  /** A copy of the archive the index holds for {@code label}; empty when the index has no blob for it. */
  Optional<Path> copyOf(String label) {
    Path copy = null;
    try {
      Files.createDirectories(directory);
      copy = AtomicFiles.tempFileBeside(directory.resolve("index-archive"));
      made.add(copy);
      return new GitCli(workTree).tryBlobTo(":" + label, copy) ? Optional.of(copy) : Optional.empty();
    } catch (IOException e) {
      throw new HydrateException(label + ": cannot read the archive Git holds for it: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    made.forEach(AtomicFiles::deleteQuietly);
  }
}
