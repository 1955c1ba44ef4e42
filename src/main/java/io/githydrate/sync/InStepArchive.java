package io.githydrate.sync;

import io.githydrate.HydrateException;
import io.githydrate.engine.AtomicFiles;
import io.githydrate.engine.Digests;
import io.githydrate.git.GitCli;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bytes of the archive a database was last in step with, found again in Git by their SHA-256
 * (the sync state keeps only that): at the commit Git just moved from, else at the commits HEAD was
 * at recently (its reflog). It is the base of a three-way merge between a database's local changes
 * and a newer archive; without it, nobody can tell which side changed what.
 */
final class InStepArchive {
  /** How many of HEAD's recent positions are looked at. */
  private static final int RECENT = 20;

  private InStepArchive() {}

  /** A temporary file (the caller deletes it) holding the archive at {@code path} whose SHA-256 is {@code digest}. */
  static Optional<Path> find(GitCli git, PreviousArchives previous, String path, String digest) {
    Path file = null;
    boolean found = false;
    try {
      file = AtomicFiles.tempFile("git-hydrate-base-", ".json");
      Optional<InputStream> moved = previous.open(path);
      if (moved.isPresent()) {
        try (InputStream in = moved.get()) {
          Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        if (digest.equals(Digests.ofFile(file))) {
          found = true;
          return Optional.of(file);
        }
      }
      Set<String> tried = new HashSet<>();
      for (String commit : candidates(git)) {
        String blob = git.tryRun("rev-parse", "-q", "--verify", commit + ":" + path);
        if (blob == null || !tried.add(blob)) {
          continue;
        }
        git.blobTo(blob, file);
        if (digest.equals(Digests.ofFile(file))) {
          found = true;
          return Optional.of(file);
        }
      }
      return Optional.empty();
    } catch (IOException | HydrateException e) {
      return Optional.empty();
    } finally {
      if (!found) {
        AtomicFiles.deleteQuietly(file);
      }
    }
  }

  private static List<String> candidates(GitCli git) {
    List<String> commits = new ArrayList<>(List.of("HEAD", "ORIG_HEAD"));
    String reflog = git.tryRun("log", "-g", "--format=%H", "-n", Integer.toString(RECENT), "HEAD", "--");
    if (reflog != null) {
      reflog.lines().filter(line -> !line.isBlank()).forEach(commits::add);
    }
    return commits;
  }
}
