package io.githydrate.sync;

import io.githydrate.engine.AtomicFiles;
import io.githydrate.engine.Digests;
import io.githydrate.engine.FileStamp;
import io.githydrate.git.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The list that lets the launcher's shell answer a hook with nothing to do before any JVM starts
 * (src/dist/quick-hook.sh): the files of every database the sync state knows and of its archive,
 * written only when all of them are in step and settled. Its own modification time is the file
 * system's "now" when this run began to look at them, less a nanosecond: every file must have been
 * modified and changed before it, so {@code find FILES -newer LIST -o -cnewer LIST} prints any of
 * them changed since (a write after that moment gets a later time; the inode change time cannot be
 * set back, as the modification time can). A file written in the last seconds, whose stamp the
 * sync state marks racy, is settled once its content has been read after that moment and found as
 * the state recorded it (its CRC-32C, or for an archive whose stamp has none, its SHA-256): so
 * right after a hook or a commit wrote a database, the next hook with nothing to do is answered by
 * the shell, and no byte is trusted unseen. Kept in the Git directory beside the sync state, one
 * entry a line:
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
  /**
   * For a file on another file system than the list, whose clock may differ: how long before the
   * list's time it must have been modified (as FileStamp's racy window); its content is not read.
   */
  private static final long OTHER_CLOCK_NANOS = TimeUnit.SECONDS.toNanos(3);
  /** How many bytes of racy files one update reads to settle them; beyond that the JVM decides, as before. */
  private static final long CONTENT_CHECK_BUDGET = 64L << 20;
  /**
   * How far ahead of the list's first time a file's may be for the list to wait for the clock to
   * pass it: a few ticks of a kernel's coarse clock; a file dated further ahead is not waited for.
   */
  private static final long TICK_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

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
      temp = AtomicFiles.tempFileBeside(list);
      // The file system's own clock, not this process's (the two may disagree): every look below
      // comes after it. A file written within the same tick of that clock (a few milliseconds, as
      // when this sync has just written it) has the list's own time: the clock is let move past it.
      long newest = newestChange(workspace, state);
      long now = touch(temp);
      for (int wait = 0; now <= newest && newest - now < TICK_WAIT_NANOS && wait < 25; wait++) {
        Thread.sleep(2);
        now = touch(temp);
      }
      ContentChecks checks = new ContentChecks();
      Optional<List<String>> lines = lines(workspace, state, checks);
      if (lines.isEmpty() || !allBefore(workspace, lines.get(), now, Files.getFileStore(temp))) {
        Files.deleteIfExists(list);
        return;
      }
      if (!checks.vouched.isEmpty()) {
        // Archive stamps that now carry the content check of the bytes just found right, so that
        // the JVM's quick answer can vouch for them as the shell will.
        checks.vouched.forEach((label, stamp) -> {
          SyncState.Record record = state.get(label).orElseThrow();
          state.put(label, new SyncState.Record(record.synced(), stamp, record.archiveDigest(),
              record.databaseStamp(), record.databaseDigest()));
        });
        state.save();
      }
      Files.write(temp, lines.get(), StandardCharsets.UTF_8);
      Files.setLastModifiedTime(temp, FileTime.from(now - 1, TimeUnit.NANOSECONDS));
      AtomicFiles.replace(temp, list);
      temp = null;
    } catch (IOException | RuntimeException e) {
      AtomicFiles.deleteQuietly(list); // no list is always safe: the JVM decides
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      AtomicFiles.deleteQuietly(list);
    } finally {
      AtomicFiles.deleteQuietly(temp);
    }
  }

  /** Writes {@code temp} afresh; its modification time, which the file system's clock gave it. */
  private static long touch(Path temp) throws IOException {
    Files.write(temp, new byte[0]);
    return Files.getLastModifiedTime(temp).to(TimeUnit.NANOSECONDS);
  }

  /** The latest modification or inode change time of the files the state knows; 0 when none is there. */
  private static long newestChange(Workspace workspace, SyncState state) {
    long newest = 0;
    for (String label : state.labels()) {
      try {
        for (Path file : List.of(workspace.resolve(label), workspace.resolve(workspace.rules().archiveOf(label)),
            workspace.resolve(label + "-wal"))) {
          if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            newest = Math.max(newest, Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS));
            FileTime changed = (FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
            newest = Math.max(newest, changed.to(TimeUnit.NANOSECONDS));
          }
        }
      } catch (IOException | RuntimeException e) {
        // lines() finds the same problem and writes no list
      }
    }
    return newest;
  }

  private static Optional<List<String>> lines(Workspace workspace, SyncState state, ContentChecks checks) {
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
          && checks.archiveUnchanged(label, record.archiveStamp(), record.archiveDigest(), workspace.resolve(archive))
          && checks.databaseUnchanged(record.databaseStamp(), database);
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

  /**
   * Whether every present file was last modified, and last changed, before {@code nanos} (the
   * list's clock); a file on another file system than {@code listStore}, whose clock may differ,
   * a few seconds before.
   */
  private static boolean allBefore(Workspace workspace, List<String> lines, long nanos, FileStore listStore)
      throws IOException {
    for (String line : lines) {
      if (line.startsWith("present ")) {
        Path file = workspace.resolve(line.substring("present ".length()));
        long before = Files.getFileStore(file).equals(listStore) ? nanos : nanos - OTHER_CLOCK_NANOS;
        FileTime modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
        // The inode change time: where the file system has none (Windows), no list is written.
        FileTime changed = (FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
        if (modified.to(TimeUnit.NANOSECONDS) >= before || changed.to(TimeUnit.NANOSECONDS) >= before) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether files are as the sync state's stamps recorded them: by their stamps alone when those can
   * be trusted; a racy one (written in the last seconds) by its content read now, up to
   * {@link #CONTENT_CHECK_BUDGET} bytes in all.
   */
  private static final class ContentChecks {
    /** Archive stamps, by label, that the content read now lets carry a content check. */
    final Map<String, String> vouched = new LinkedHashMap<>();
    private long budget = CONTENT_CHECK_BUDGET;

    /**
     * A racy archive stamp without a content check (its digest was handed over, taken before the
     * stamp) is checked against the digest itself, the SHA-256 of the bytes read now; found right,
     * the stamp gets their CRC-32C as its content check ({@link #vouched}).
     */
    boolean archiveUnchanged(String label, String stamp, String digest, Path archive) {
      if (FileStamp.unchangedNow(stamp, archive)) {
        return true;
      }
      String statNow = FileStamp.ofWithoutReading(archive);
      if (stamp == null || !FileStamp.sameStat(stamp, statNow) || !spend(archive)) {
        return false;
      }
      if (!stamp.equals(FileStamp.withoutContentCheck(stamp))) {
        return FileStamp.unchangedOrSameContent(stamp, FileStamp.of(archive), archive);
      }
      MessageDigest sha256 = Digests.sha256();
      CRC32C crc = new CRC32C();
      try (InputStream in = Files.newInputStream(archive)) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          sha256.update(buffer, 0, n);
          crc.update(buffer, 0, n);
        }
      } catch (IOException e) {
        return false;
      }
      if (digest == null || !digest.equals(HexFormat.of().formatHex(sha256.digest()))) {
        return false;
      }
      vouched.put(label, FileStamp.withContentCheck(statNow, crc.getValue()));
      return true;
    }

    boolean databaseUnchanged(String stamp, Path database) {
      if (FileStamp.databaseUnchangedNow(stamp, database)) {
        return true;
      }
      Path wal = database.resolveSibling(database.getFileName() + "-wal");
      return stamp != null && spend(database) && (!Files.exists(wal, LinkOption.NOFOLLOW_LINKS) || spend(wal))
          && FileStamp.databaseUnchangedOrSameContent(stamp, FileStamp.ofDatabase(database), database);
    }

    /** Takes the file's size from the budget; false, taking nothing, when it does not fit. */
    private boolean spend(Path file) {
      try {
        long size = Files.size(file);
        if (size > budget) {
          return false;
        }
        budget -= size;
        return true;
      } catch (IOException e) {
        return false;
      }
    }
  }
}
