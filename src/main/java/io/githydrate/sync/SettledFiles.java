package io.githydrate.sync;

import io.githydrate.engine.AtomicFiles;
import io.githydrate.engine.FileStamp;
import io.githydrate.git.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The list that lets the launcher's shell answer a hook with nothing to do before any JVM starts
 * (src/dist/quick-hook.sh): the files of every database the sync state knows and of its archive,
 * written only when all of them are in step and settled. Its own modification time is set a few
 * seconds into the past, before any of theirs could be: so {@code find FILES -newer LIST -o -cnewer
 * LIST} prints any of them changed since (the inode change time cannot be set back, as the
 * modification time can). Kept in the Git directory beside the sync state, one entry a line:
 *
 * <pre>
 * git-hydrate settled 1
 * present PATH      a file that must be unchanged (work-tree relative)
 * absent PATH       a file that must still not exist (a database's -wal, .hydrateconfig)
 * database LABEL    a database the state knows
 * pathspec SPEC     Git pathspecs that list every database file (see DatabaseRules#gitPathspecs)
 * </pre>
 *
 * When the state is not all settled (just written files, a database out of step, a path that
 * cannot be a line), the list is removed: the shell then leaves the hook to the JVM.
 */
final class SettledFiles {
  static final String HEADER = "git-hydrate settled 1";
  /** How far before "now" (by the file system's clock) the list's time is set; as FileStamp's racy window. */
  private static final long MARGIN_NANOS = TimeUnit.SECONDS.toNanos(3);

  private SettledFiles() {}

  static Path file(Path gitDir) {
    return gitDir.resolve("git-hydrate").resolve("settled");
  }

  /** Writes the list for {@code state} if everything in it is in step and settled, else removes it. */
  static void update(Workspace workspace, SyncState state) {
    Optional<Path> gitDir = workspace.gitDir();
    if (gitDir.isEmpty()) {
      return;
    }
    Path list = file(gitDir.get());
    Path temp = null;
    try {
      Optional<List<String>> lines = lines(workspace, state);
      if (lines.isEmpty()) {
        Files.deleteIfExists(list);
        return;
      }
      temp = AtomicFiles.tempFileBeside(list);
      Files.write(temp, lines.get(), StandardCharsets.UTF_8);
      // The file system's own clock, not this process's: the two may disagree.
      long now = Files.getLastModifiedTime(temp).to(TimeUnit.NANOSECONDS);
      long settledBefore = now - MARGIN_NANOS;
      if (!allBefore(workspace, lines.get(), settledBefore)) {
        Files.deleteIfExists(list);
        return;
      }
      Files.setLastModifiedTime(temp, FileTime.from(settledBefore, TimeUnit.NANOSECONDS));
      AtomicFiles.replace(temp, list);
      temp = null;
    } catch (IOException | RuntimeException e) {
      AtomicFiles.deleteQuietly(list); // no list is always safe: the JVM decides
    } finally {
      AtomicFiles.deleteQuietly(temp);
    }
  }

  private static Optional<List<String>> lines(Workspace workspace, SyncState state) {
    List<String> pathspecs = workspace.rules().gitPathspecs();
    if (pathspecs.isEmpty()) {
      return Optional.empty();
    }
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    lines.add(entry(Files.exists(workspace.resolve(Workspace.CONFIG_FILE)), Workspace.CONFIG_FILE));
    for (String label : state.labels()) {
      SyncState.Record record = state.get(label).orElseThrow();
      Path database = workspace.resolve(label);
      String archive = workspace.rules().archiveOf(label);
      boolean settled = record.synced() != null && record.synced().equals(record.archiveDigest())
          && record.synced().equals(record.databaseDigest())
          && FileStamp.unchangedNow(record.archiveStamp(), workspace.resolve(archive))
          && FileStamp.databaseUnchangedNow(record.databaseStamp(), database);
      if (!settled) {
        return Optional.empty();
      }
      String wal = label + "-wal";
      lines.add("present " + label);
      lines.add("present " + archive);
      lines.add(entry(Files.exists(workspace.resolve(wal), LinkOption.NOFOLLOW_LINKS), wal));
      lines.add("database " + label);
    }
    pathspecs.forEach(spec -> lines.add("pathspec " + spec));
    for (String line : lines) {
      if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0 || line.indexOf('\0') >= 0) {
        return Optional.empty();
      }
    }
    return Optional.of(lines);
  }

  private static String entry(boolean present, String path) {
    return (present ? "present " : "absent ") + path;
  }

  /** Whether every present file was last modified, and last changed, before {@code nanos}. */
  private static boolean allBefore(Workspace workspace, List<String> lines, long nanos) throws IOException {
    for (String line : lines) {
      if (line.startsWith("present ")) {
        Path file = workspace.resolve(line.substring("present ".length()));
        FileTime modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
        // The inode change time: where the file system has none (Windows), no list is written.
        FileTime changed = (FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
        if (modified.to(TimeUnit.NANOSECONDS) >= nanos || changed.to(TimeUnit.NANOSECONDS) >= nanos) {
          return false;
        }
      }
    }
    return true;
  }
}
