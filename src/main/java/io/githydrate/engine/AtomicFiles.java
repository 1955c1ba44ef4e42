package io.githydrate.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * File steps that leave either the old file or the complete new one, never a mix: temporary files
 * beside their target (same file system, so the final rename is atomic), synced before the rename,
 * and the directory synced after it.
 *
 * <p>A process killed between creating a temporary file and renaming or deleting it leaves the file
 * behind; the next run on the same target removes it ({@link #removeStaleTemps}). A temporary file's
 * name carries the id of the process that made it, and it is stale once that process is gone. This
 * is preferred to an OS lock held on the file: the file a hydrate builds is opened and closed by
 * SQLite several times, and closing any descriptor of a file drops every POSIX lock the process
 * holds on it, so the lock would lapse while the file is still in use. A process id that is reused
 * only delays the clean-up; a directory shared by hosts or PID namespaces that run git-hydrate at
 * once is not supported (SQLite's own locking does not hold there either).
 *
 * <p>A process stopped by a signal it can handle (Ctrl-C's SIGINT, SIGTERM) does not wait for the
 * next run: the temporary files it had not yet renamed or deleted are deleted by a shutdown hook,
 * since one can be as large as the database. Only SIGKILL (and a crash of the JVM) leaves them.
 */
public final class AtomicFiles {
  private static final String TEMP_SUFFIX = ".git-hydrate.tmp";
  /** The part between "." + target name + "." and the suffix: random, then "-" and the owner's pid. */
  private static final Pattern TEMP_MIDDLE = Pattern.compile("[0-9a-z]+(?:-([0-9]{1,19}))?");
  /** Names without a pid come from older versions; their owner cannot be asked, so age decides. */
  private static final Duration UNOWNED_AGE = Duration.ofHours(1);
  private static final List<String> SQLITE_SIDECARS = List.of("-journal", "-wal", "-shm");
  /** Temporary files made and not yet renamed or deleted: what the shutdown hook deletes. */
  private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean HOOKED = new AtomicBoolean();

  private AtomicFiles() {}

  /**
   * A new empty temporary file in {@code target}'s directory, named after it. Created with the
   * default permissions (as the user's umask allows), not the owner-only ones of
   * {@link Files#createTempFile}, because it becomes the target. The name must be unique, not
   * secret (creating refuses a file that exists), so a plain random number does.
   */
  public static Path tempFileBeside(Path target) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    for (int attempt = 0; ; attempt++) {
      Path temp = directory.resolve("." + target.getFileName() + "."
          + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
          + "-" + ProcessHandle.current().pid() + TEMP_SUFFIX);
      try {
        track(temp);
        return Files.createFile(temp);
      } catch (FileAlreadyExistsException e) {
        IN_PROGRESS.remove(temp);
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  /**
   * A new empty file in the system's temporary folder (owner-only, as {@link Files#createTempFile}),
   * for scratch work: deleted as {@link #tempFileBeside}'s are if the JVM is stopped by a signal
   * before {@link #deleteQuietly} deletes it.
   */
  public static Path tempFile(String prefix, String suffix) throws IOException {
    Path file = Files.createTempFile(prefix, suffix);
    track(file);
    return file;
  }

  /**
   * Registers {@code temp} for deletion if the JVM is stopped before it is renamed or deleted
   * through this class. Registered before it is created, so that no moment leaves it unregistered.
   */
  private static void track(Path temp) {
    if (HOOKED.compareAndSet(false, true)) {
      try {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::removeInProgress, "git-hydrate temporary files"));
      } catch (IllegalStateException e) {
        // the JVM is stopping already: the file is left for the next run to remove (removeStaleTemps)
      }
    }
    IN_PROGRESS.add(temp);
  }

  /**
   * Deletes every temporary file still in progress, with its SQLite journals: the shutdown hook.
   * Another thread may still be writing one; on POSIX it writes on into a file no longer there, and
   * its rename then fails, leaving the target as it was.
   */
  static void removeInProgress() {
    for (Path temp : IN_PROGRESS) {
      deleted(temp);
      for (String sidecar : SQLITE_SIDECARS) {
        deleted(temp.resolveSibling(temp.getFileName() + sidecar));
      }
    }
    IN_PROGRESS.clear();
  }

  /** Whether {@code file} is one of the temporary files this class makes. */
  public static boolean isTempFile(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
  }

  /**
   * Deletes the temporary files made for {@code target} (in its directory) whose process has ended,
   * with any SQLite journal beside them, and returns how many it deleted. Failures are ignored: a
   * file that cannot be deleted now is tried again next time.
   */
  public static int removeStaleTemps(Path target) {
    Path directory = target.toAbsolutePath().getParent();
    String prefix = "." + target.getFileName() + ".";
    int removed = 0;
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)
            || name.length() <= prefix.length() + TEMP_SUFFIX.length()) {
          continue;
        }
        Matcher middle = TEMP_MIDDLE.matcher(name.substring(prefix.length(), name.length() - TEMP_SUFFIX.length()));
        if (middle.matches() && isStale(file, middle.group(1)) && deleted(file)) {
          removed++;
          for (String sidecar : SQLITE_SIDECARS) {
            deleted(file.resolveSibling(name + sidecar));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // the directory cannot be listed (or vanished): nothing to clean, and the run itself will say why
    }
    return removed;
  }

  private static boolean isStale(Path file, String pid) throws IOException {
    if (pid == null) {
      FileTime modified = Files.getLastModifiedTime(file);
      return modified.toInstant().isBefore(Instant.now().minus(UNOWNED_AGE));
    }
    long owner;
    try {
      owner = Long.parseLong(pid);
    } catch (NumberFormatException e) {
      return false;
    }
    return owner != ProcessHandle.current().pid() && ProcessHandle.of(owner).map(p -> !p.isAlive()).orElse(true);
  }

  private static boolean deleted(Path file) {
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      return false;
    }
  }

  /** Flushes {@code file}'s content to the storage device. */
  public static void sync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /**
   * Renames {@code source} to {@code target} in one step unless {@code target} exists, in which
   * case nothing changes and the answer is false: a file that appeared meanwhile (another process's
   * new database) is never renamed over. A hard link is what refuses atomically; where the file
   * system has none, a check just before the rename stands in.
   */
  public static boolean moveIfAbsent(Path source, Path target) throws IOException {
    try {
      Files.createLink(target, source);
      Files.delete(source);
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException | FileSystemException e) {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    }
    IN_PROGRESS.remove(source);
    syncDirectory(target.toAbsolutePath().getParent());
    return true;
  }

  /**
   * Writes {@code bytes} as {@code target}, whole or not at all: into a temporary file beside it,
   * synced, then renamed over it; an interrupted write leaves the old file as it was.
   */
  public static void writeWhole(Path target, byte[] bytes) throws IOException {
    Path temp = tempFileBeside(target);
    try {
      Files.write(temp, bytes);
      sync(temp);
      replace(temp, target);
    } finally {
      deleteQuietly(temp);
    }
  }

  /** Renames {@code source} over {@code target} in one step, then makes the rename durable. */
  public static void replace(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + source + " over " + target + " in one step", e);
    }
    IN_PROGRESS.remove(source);
    syncDirectory(target.toAbsolutePath().getParent());
  }

  /** Makes a rename or creation in {@code directory} durable; a no-op where the OS cannot do that. */
  static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a directory for syncing; its renames are durable on their own.
    }
  }

  /** Deletes {@code file} if it exists, ignoring failure: used to clean up after another error. */
  public static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
        IN_PROGRESS.remove(file);
      } catch (IOException e) {
        // the original error matters more; a leftover temporary file is cleaned up next time
      }
    }
  }
}
