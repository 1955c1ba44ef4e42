package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.archive.ArchiveFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.sqlite.SQLiteConnection;

/**
 * Rebuilds a database from its archive without ever losing what was there.
 *
 * <p>The new database is built and checked in a temporary file beside the target. A missing target
 * gets that file renamed into place. An existing target is never renamed over or deleted, since an
 * application may have it open: its content is replaced through SQLite's backup API, so that
 * application sees an ordinary commit, and the result is compared with what was built. An existing
 * database whose content differs is first copied, through SQLite, to a timestamped backup. Only a
 * file that is not a healthy database is replaced by a rename (after a byte copy is kept): nobody can
 * be using its content. Thread safe: holds no state between calls.
 */
public final class Hydrator {
  private static final DateTimeFormatter BACKUP_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final int LOCK_POLL_MILLIS = 50;

  /** What hydrating did to the target. */
  public enum Action {
    CREATED, REPLACED, REPAIRED, UNCHANGED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What happened: the action, what the archive held, and the backup kept (or null). */
  public record Outcome(Action action, ArchiveSummary summary, Path backup) {}

  /**
   * @param force replace a healthy database whose content differs from the archive
   * @param backupDirectory where backups go; null for beside the target
   * @param lockTimeout how long to wait for another process's lock on the target
   * @param keepBackup whether to back up a healthy database before replacing its content; false
   *     only when the caller knows that content is kept elsewhere (in Git history)
   */
  public record Options(boolean force, Path backupDirectory, Duration lockTimeout, boolean keepBackup) {
    public Options(boolean force, Path backupDirectory, Duration lockTimeout) {
      this(force, backupDirectory, lockTimeout, true);
    }
  }

  private final Options options;
  private final Progress progress;
  private final Clock clock;

  public Hydrator(Options options, Progress progress, Clock clock) {
    this.options = options;
    this.progress = progress;
    this.clock = clock;
  }

  /** Makes {@code target} hold exactly what {@code archive} describes. */
  public Outcome hydrate(Path archive, String label, Path target) {
    return hydrate(archive, label, target, false);
  }

  /**
   * Rebuilds {@code target}, known to be corrupt (for instance by {@code integrity_check}, which
   * finds damage the quick check misses), from {@code archive}: the damaged file is kept as a backup
   * and replaced.
   */
  public Outcome repair(Path archive, String label, Path target) {
    return hydrate(archive, label, target, true);
  }

  private Outcome hydrate(Path archive, String label, Path target, boolean corrupt) {
    if (!Files.isRegularFile(archive)) {
      throw new HydrateException(archive + ": no such archive", new NoSuchFileException(archive.toString()));
    }
    if (Files.isSymbolicLink(target)) {
      throw new HydrateException(target + ": is a symbolic link; refusing to write through it");
    }
    Path built = null;
    try {
      built = AtomicFiles.tempFileBeside(target);
      ArchiveSummary summary = build(archive, label, built);
      return install(built, target, summary, corrupt);
    } catch (IOException e) {
      throw new HydrateException(target + ": " + e.getMessage(), e);
    } finally {
      AtomicFiles.deleteQuietly(built);
    }
  }

  private ArchiveSummary build(Path archive, String label, Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
         DatabaseBuilder builder = new DatabaseBuilder(file, label, progress)) {
      ReadAhead.read(in, builder);
      return builder.summary();
    } catch (ArchiveFormatException e) {
      throw new HydrateException("archive " + archive + " " + e.getMessage(), e);
    } catch (HydrateException e) {
      throw new HydrateException("archive " + archive + ": " + e.getMessage(), e);
    }
  }

  /** Puts the built (closed) database in place of {@code target}, as the class comment says. */
  private Outcome install(Path built, Path target, ArchiveSummary summary, boolean corrupt) throws IOException {
    // Only a file renamed into place must reach the disk first; one copied through SQLite is synced
    // by SQLite's commit. For a missing target, syncing overlaps the check.
    Future<?> synced = Files.exists(target) ? null : syncInBackground(built);
    // Checked only now that no connection of this process has the file open (see DatabaseCheck).
    DatabaseCheck.Health builtHealth = DatabaseCheck.check(built, DatabaseCheck.Level.QUICK, 0);
    if (!builtHealth.healthy()) {
      throw new HydrateException(target + ": the rebuilt database failed its check: " + builtHealth.problem());
    }
    if (synced != null) {
      for (Path sidecar : sidecars(target)) {
        if (Files.exists(sidecar)) {
          throw new HydrateException(target + ": missing, but " + sidecar.getFileName()
              + " is there; it would be applied to the new database. Move it away if it is not needed");
        }
      }
      awaitSync(synced);
      AtomicFiles.replace(built, target);
      return new Outcome(Action.CREATED, summary, null);
    }
    int lockMillis = (int) options.lockTimeout().toMillis();
    if (!corrupt && Files.size(target) == 0) {
      // An empty file is an empty database (SQLite reads it so): filled in place, nothing to back up.
      copyThroughSqlite(built, target, lockMillis, "fill " + target);
      return new Outcome(Action.CREATED, summary, null);
    }
    boolean healthy = !corrupt && DatabaseCheck.check(target, DatabaseCheck.Level.QUICK, lockMillis).healthy();
    if (!healthy) {
      Path backup = backupPath(target);
      Files.copy(target, backup, StandardCopyOption.COPY_ATTRIBUTES);
      for (Path sidecar : sidecars(target)) {
        if (Files.exists(sidecar)) {
          Files.move(sidecar, backup.resolveSibling(backup.getFileName() + sidecar.getFileName().toString()
              .substring(target.getFileName().toString().length())));
        }
      }
      AtomicFiles.sync(built);
      AtomicFiles.replace(built, target);
      return new Outcome(Action.REPAIRED, summary, backup);
    }
    Dehydrator reader = new Dehydrator(lockMillis, Progress.NONE);
    String wanted = reader.digest(built, "");
    if (wanted.equals(reader.digest(target, ""))) {
      return new Outcome(Action.UNCHANGED, summary, null);
    }
    if (!options.force()) {
      throw new HydrateException(target + ": has content that is not in its archive; "
          + "use --force to replace it (a backup is kept)");
    }
    Path backup = null;
    if (options.keepBackup()) {
      backup = backupPath(target);
      copyThroughSqlite(target, backup, lockMillis, "back up " + target);
    }
    copyThroughSqlite(built, target, lockMillis, "replace the content of " + target);
    if (!wanted.equals(reader.digest(target, ""))) {
      throw new HydrateException(target + ": content after replacing does not match the archive"
          + (backup == null ? "" : "; the previous content is in " + backup));
    }
    return new Outcome(Action.REPLACED, summary, backup);
  }

  /**
   * Copies every page of {@code source} into {@code destination} in one step, through the
   * destination's own locks and journal, waiting up to {@code lockMillis} for other processes.
   */
  private static void copyThroughSqlite(Path source, Path destination, int lockMillis, String what) {
    boolean created = !Files.exists(destination);
    int rc;
    try (Connection connection = Connections.readOnly(source, lockMillis)) {
      rc = ((SQLiteConnection) connection).getDatabase().backup("main",
          destination.toAbsolutePath().toString(), null, LOCK_POLL_MILLIS,
          Math.max(1, lockMillis / LOCK_POLL_MILLIS), -1);
    } catch (SQLException e) {
      rc = -1;
      if (created) {
        AtomicFiles.deleteQuietly(destination);
      }
      throw new HydrateException("cannot " + what + ": " + SqliteErrors.describe(e), e);
    }
    if (rc != 0) {
      if (created) {
        AtomicFiles.deleteQuietly(destination);
      }
      throw new HydrateException("cannot " + what + ": " + describeResult(rc, lockMillis) + "; left unchanged");
    }
  }

  private static String describeResult(int rc, int lockMillis) {
    return switch (rc & 0xff) {
      case 5, 6 -> "it is locked by another process (waited " + lockMillis + " ms)";
      case 8 -> "it is read-only (a WAL database whose page size differs from the archive's?)";
      case 13 -> "the disk is full";
      default -> "SQLite error " + rc;
    };
  }

  private Path backupPath(Path target) throws IOException {
    Path directory = options.backupDirectory() != null
        ? options.backupDirectory() : target.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    String base = target.getFileName() + "." + BACKUP_STAMP.format(clock.instant());
    Path backup = directory.resolve(base + ".bak");
    for (int n = 2; Files.exists(backup); n++) {
      backup = directory.resolve(base + "-" + n + ".bak");
    }
    return backup;
  }

  private static List<Path> sidecars(Path db) {
    String name = db.getFileName().toString();
    return List.of(db.resolveSibling(name + "-wal"), db.resolveSibling(name + "-journal"));
  }

  private static Future<?> syncInBackground(Path file) {
    return CompletableFuture.runAsync(() -> {
      try {
        AtomicFiles.sync(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static void awaitSync(Future<?> synced) throws IOException {
    try {
      synced.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while syncing the new database", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw new IOException("cannot sync the new database: " + e.getCause(), e.getCause());
    }
  }
}
