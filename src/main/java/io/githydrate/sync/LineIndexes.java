package io.githydrate.sync;

import io.githydrate.engine.Digests;
import io.githydrate.engine.LineIndex;
import io.githydrate.git.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Each database's {@link LineIndex}: the line digests of the archive it was last brought in step
 * with, in {@code .git/git-hydrate/lines/}, one file per database (named by a digest of its path),
 * beside the key they are made with. With it, a database untouched since is brought up to a new
 * archive without Git inflating the previous one. An index is only ever a shortcut: missing,
 * damaged or for other bytes, the update compares with the archive Git has, or rebuilds.
 */
final class LineIndexes {
  private static final LineIndexes NONE = new LineIndexes(null);

  private final Path directory;
  private Optional<LineIndex.Key> key;
  private final List<CompletableFuture<Void>> writes = new ArrayList<>();

  private LineIndexes(Path directory) {
    this.directory = directory;
  }

  static LineIndexes of(Workspace workspace) {
    return workspace.gitDir().map(dir -> new LineIndexes(dir.resolve("git-hydrate").resolve("lines"))).orElse(NONE);
  }

  /** The key, made on first use; empty without a Git directory or when it cannot be kept. */
  Optional<LineIndex.Key> key() {
    if (key == null) {
      key = directory == null ? Optional.empty() : LineIndex.Key.in(directory.resolve("key"));
    }
    return key;
  }

  /** The index kept for {@code label} if it describes the archive whose SHA-256 is {@code archiveDigest}. */
  Optional<LineIndex> find(String label, String archiveDigest) {
    if (archiveDigest == null) {
      return Optional.empty();
    }
    return key().flatMap(k -> LineIndex.read(file(label), k)).filter(index -> index.archiveDigest().equals(archiveDigest));
  }

  /**
   * Keeps {@code index} for {@code label}, writing it beside the caller's other work ({@link #finish}
   * waits for it); a failure to write only costs the next update its shortcut.
   */
  void keep(String label, LineIndex index) {
    if (index == null || directory == null) {
      return;
    }
    writes.add(CompletableFuture.runAsync(() -> {
      try {
        index.write(file(label));
      } catch (IOException e) {
        // an index is a shortcut only
      }
    }));
  }

  /** Waits for the indexes being written. */
  void finish() {
    writes.forEach(CompletableFuture::join);
    writes.clear();
  }

  private Path file(String label) {
    byte[] name = Digests.sha256(label.getBytes(StandardCharsets.UTF_8));
    return directory.resolve(HexFormat.of().formatHex(name, 0, 16));
  }
}
