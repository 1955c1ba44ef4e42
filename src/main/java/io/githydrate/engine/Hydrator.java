package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.Warnings;
import io.githydrate.archive.ArchiveFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.sqlite.SQLiteConnection;

/**
 * Rebuilds a database from its archive without ever losing what was there.
 *
 * <p>The new database is built and checked in a temporary file beside the target. A missing target
 * gets that file renamed into place. An existing target is never renamed over or deleted, since an
 * application may have it open: its content is replaced through SQLite's backup API, so that
 * application sees an ordinary commit, and the result is compared with what was built (unless
 * another connection committed to it since: an application writing on is no failed copy). An existing
 * database whose content differs is first copied, through SQLite, to a timestamped backup. A file
 * that is not a healthy database is copied byte for byte to a backup, then rebuilt through SQLite as
 * well where SQLite can still write it (an application may have a database open whose index no
 * longer matches its table); only a file SQLite cannot write is replaced by a rename. Backups are
 * written to a temporary file and renamed, so a killed run leaves no partial backup. Thread safe:
 * holds no state between calls.
 */
public final class Hydrator {
  private static final int LOCK_POLL_MILLIS = 50;

  /** What hydrating did to the target. */
  public enum Action {
    CREATED, REPLACED, REPAIRED, UNCHANGED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * What happened: the action, what the archive held, the backup kept (or null), the SHA-256 of
   * the archive bytes the database was built from (null when nothing was built or taken from the
   * {@link BuildCache}, or when {@link Options#digestArchive} did not ask for it), so that the
   * caller need not read the archive again, and those bytes' {@link LineIndex} when
   * {@link Known#indexKey} asked for it and the archive is in the layout git-hydrate writes.
   */
  public record Outcome(Action action, ArchiveSummary summary, Path backup, String archiveDigest, LineIndex index) {
    Outcome(Action action, ArchiveSummary summary, Path backup) {
      this(action, summary, backup, null, null);
    }

    public Outcome(Action action, ArchiveSummary summary, Path backup, String archiveDigest) {
      this(action, summary, backup, archiveDigest, null);
    }
  }

  /**
   * What the caller already knows, to spare work: the SHA-256 of the archive's bytes (null: not
   * known), whether the target's content certainly differs from the archive's (the archive
   * changed while the database did not), so that comparing the two first would only cost time, and
   * what gives the key to make the archive's {@link LineIndex} with, asked only when the archive is
   * built (null: none is made; the {@link Outcome} carries it when the archive's digest is taken too).
   */
  public record Known(String archiveDigest, boolean targetDiffers, Supplier<LineIndex.Key> indexKey) {
    public static final Known NOTHING = new Known(null, false);

    public Known(String archiveDigest, boolean targetDiffers) {
      this(archiveDigest, targetDiffers, () -> null);
    }
  }

  /**
   * @param force replace a healthy database whose content differs from the archive
   * @param backupDirectory where backups go; null for beside the target
   * @param lockTimeout how long to wait for another process's lock on the target
   * @param keepBackup whether to back up a healthy database before replacing its content; false
   *     only when the caller knows that content is kept elsewhere (in Git history)
   * @param cache databases built before, to copy instead of building again; null for none
   * @param digestArchive whether the {@link Outcome} must tell the SHA-256 of the archive bytes
   *     built from (for a caller that records it); always so with a cache, whose entries it keys
   * @param reason why a healthy database's content is being replaced, recorded with its backup (a
   *     damaged file's backup says {@link BackupFolder.Reason#CORRUPT})
   * @param retention what gives the policy to prune {@code backupDirectory} by once a backup was
   *     kept there; null, or giving null, for none
   */
  public record Options(boolean force, Path backupDirectory, Duration lockTimeout, boolean keepBackup, BuildCache cache,
      boolean digestArchive, BackupFolder.Reason reason, Supplier<BackupPolicy> retention) {
    public Options {
      digestArchive |= cache != null;
    }

    public Options(boolean force, Path backupDirectory, Duration lockTimeout, boolean keepBackup, BuildCache cache,
        boolean digestArchive) {
      this(force, backupDirectory, lockTimeout, keepBackup, cache, digestArchive, BackupFolder.Reason.REPLACED, null);
    }

    public Options(boolean force, Path backupDirectory, Duration lockTimeout, boolean keepBackup) {
      this(force, backupDirectory, lockTimeout, keepBackup, null, false);
    }

    public Options(boolean force, Path backupDirectory, Duration lockTimeout) {
      this(force, backupDirectory, lockTimeout, true);
    }
  }

  private final Options options;
  private final Progress progress;
  private final Clock clock;
  /** Run between copying into an existing target and checking the copy: for tests to write meanwhile. */
  private final Runnable afterCopy;
  /** What each database, by label, keeps out of its archive's lines. */
  private final Function<String, ArchiveRules> rules;
  /** What redacted columns are filled in with. */
  private final PlaceholderValues values;

  public Hydrator(Options options, Progress progress, Clock clock) {
    this(options, progress, clock, label -> ArchiveRules.NONE);
  }

  /** @param rules what the database at each label keeps out of its archive's lines */
  public Hydrator(Options options, Progress progress, Clock clock, Function<String, ArchiveRules> rules) {
    this(options, progress, clock, rules, PlaceholderValues.ofProcess());
  }

  /**
   * @param rules what the database at each label keeps out of its archive's lines
   * @param values what redacted columns are filled in with
   */
  public Hydrator(Options options, Progress progress, Clock clock, Function<String, ArchiveRules> rules,
      PlaceholderValues values) {
    this(options, progress, clock, () -> { }, rules, values);
  }

  Hydrator(Options options, Progress progress, Clock clock, Runnable afterCopy) {
    this(options, progress, clock, afterCopy, label -> ArchiveRules.NONE, PlaceholderValues.ofProcess());
  }

  private Hydrator(Options options, Progress progress, Clock clock, Runnable afterCopy,
      Function<String, ArchiveRules> rules, PlaceholderValues values) {
    this.options = options;
    this.progress = progress;
    this.clock = clock;
    this.afterCopy = afterCopy;
    this.rules = rules;
    this.values = values;
  }

  /** What the database at {@code label} keeps out of its archive's lines. */
  ArchiveRules rulesFor(String label) {
    return rules.apply(label);
  }

  /** Makes {@code target} hold exactly what {@code archive} describes. */
  public Outcome hydrate(Path archive, String label, Path target) {
    return hydrate(archive, label, target, Known.NOTHING);
  }

  /** Like {@link #hydrate(Path, String, Path)}, sparing what the caller {@code known} already. */
  public Outcome hydrate(Path archive, String label, Path target, Known known) {
    return hydrate(archive, label, target, false, known);
  }

  /**
   * Rebuilds {@code target}, known to be corrupt (for instance by {@code integrity_check}, which
   * finds damage the quick check misses), from {@code archive}: the damaged file is kept as a backup
   * and replaced.
   */
  public Outcome repair(Path archive, String label, Path target) {
    return hydrate(archive, label, target, true, Known.NOTHING);
  }

  private Outcome hydrate(Path archive, String label, Path target, boolean corrupt, Known known) {
    if (!Files.isRegularFile(archive)) {
      throw new HydrateException(archive + ": no such archive", new NoSuchFileException(archive.toString()));
    }
    if (Files.isSymbolicLink(target)) {
      throw new HydrateException(target + ": is a symbolic link; refusing to write through it");
    }
    // Leftovers of killed runs; backups are built in temporary files named after the target too.
    AtomicFiles.removeStaleTemps(target);
    if (options.backupDirectory() != null) {
      AtomicFiles.removeStaleTemps(options.backupDirectory().resolve(target.getFileName()));
    }
    Path built = null;
    ArchiveRules databaseRules = rulesFor(label);
    // A cached build holds the values filled in here and now; another environment wants others.
    BuildCache cache = databaseRules.redactions().isEmpty() ? options.cache() : null;
    try {
      Optional<Outcome> fromCache = cache == null ? Optional.empty()
          : fromCache(cache, archive, label, target, corrupt, known);
      if (fromCache.isPresent()) {
        return fromCache.get();
      }
      built = AtomicFiles.tempFileBeside(target);
      MessageDigest read = options.digestArchive() ? Digests.sha256() : null;
      LineIndex.Key key = read != null ? known.indexKey().get() : null; // asked only when a build needs it
      LineIndex.Builder lines = key != null ? new LineIndex.Builder(key) : null;
      ArchiveSummary summary = build(archive, label, built, target, read, lines,
          new PlaceholderFilling(label, databaseRules, values));
      String archiveDigest = read != null ? HexFormat.of().formatHex(read.digest()) : null;
      LineIndex index = lines == null ? null : lines.finish(archiveDigest).orElse(null);
      boolean targetExisted = Files.exists(target);
      Outcome outcome = install(built, label, target, summary, corrupt, known);
      if (cache != null && targetExisted && cache.keep(archiveDigest, summary, built)) {
        built = null;
      }
      return new Outcome(outcome.action(), summary, outcome.backup(), archiveDigest, index);
    } catch (IOException e) {
      throw new HydrateException(target + ": " + FileErrors.describe(e), e);
    } finally {
      AtomicFiles.deleteQuietly(built);
    }
  }

  /**
   * Puts a database built before from the same archive bytes in place of {@code target}, as
   * {@link #install} does with a new one; empty when the cache has none that passes its check
   * (then the caller builds one).
   */
  private Optional<Outcome> fromCache(BuildCache cache, Path archive, String label, Path target, boolean corrupt,
      Known known) throws IOException {
    String archiveDigest = known.archiveDigest() != null ? known.archiveDigest() : Digests.ofFile(archive);
    Optional<BuildCache.Entry> entry = cache.find(archiveDigest);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    if (!DatabaseCheck.check(entry.get().database(), DatabaseCheck.Level.QUICK, 0).healthy()) {
      cache.forget(archiveDigest);
      return Optional.empty();
    }
    Path copy = null;
    try {
      Path source = entry.get().database();
      if (!Files.exists(target)) {
        // A missing target gets a file renamed into place, which must not be the cache's own.
        copy = AtomicFiles.tempFileBeside(target);
        Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
        source = copy;
      }
      Outcome outcome = install(source, label, target, entry.get().summary(), corrupt, known);
      return Optional.of(new Outcome(outcome.action(), outcome.summary(), outcome.backup(), archiveDigest, null));
    } finally {
      AtomicFiles.deleteQuietly(copy);
    }
  }

  /**
   * Puts what {@code backup} holds back as {@code target}, as {@link #hydrate} puts a database it
   * built: a missing target gets it renamed into place; an existing one keeps its file, its content
   * replaced through SQLite after a backup (with {@link Options#reason}; none when the content is
   * the same), and is compared after. {@code backup} is copied first beside the target, with its
   * journals folded in, and must pass {@code integrity_check}; archive text ({@code .json}) is built
   * into a database instead. The {@link Outcome}'s summary is null. Needs {@link Options#force}.
   *
   * @throws HydrateException naming {@code backup} when it is not a healthy database (or not a valid
   *     archive), {@code target} untouched
   */
  public Outcome restore(Path backup, String label, Path target) {
    if (Files.isSymbolicLink(target)) {
      throw new HydrateException(target + ": is a symbolic link; refusing to write through it");
    }
    AtomicFiles.removeStaleTemps(target);
    int lockMillis = (int) options.lockTimeout().toMillis();
    Path copy = null;
    try {
      copy = AtomicFiles.tempFileBeside(target);
      if (backup.getFileName().toString().endsWith(".json")) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(backup), 1 << 16)) {
          buildChecked(in, label, copy, rulesFor(label), values);
        } catch (HydrateException e) {
          throw new HydrateException(backup + ": " + e.getMessage() + "; nothing restored", e);
        }
      } else {
        copyBackup(backup, copy, lockMillis);
      }
      return install(copy, label, target, null, false, Known.NOTHING);
    } catch (IOException e) {
      throw new HydrateException(target + ": " + e.getMessage() + "; nothing restored", e);
    } finally {
      if (copy != null) {
        AtomicFiles.deleteQuietly(copy);
        for (String suffix : Sidecars.SUFFIXES) {
          AtomicFiles.deleteQuietly(Sidecars.of(copy, suffix));
        }
      }
    }
  }

  /** Copies the database {@code backup} and its journals into {@code copy}, folds them in and checks it all. */
  private static void copyBackup(Path backup, Path copy, int lockMillis) throws IOException {
    if (!DatabaseCheck.hasSqliteHeader(backup)) {
      throw new HydrateException(backup + ": not a SQLite database (its first bytes are not SQLite's header);"
          + " nothing restored");
    }
    Files.copy(backup, copy, StandardCopyOption.REPLACE_EXISTING);
    boolean journals = false;
    for (String suffix : List.of("-wal", "-journal")) {
      Path sidecar = Sidecars.of(backup, suffix);
      if (Files.isRegularFile(sidecar)) {
        Files.copy(sidecar, Sidecars.of(copy, suffix), StandardCopyOption.REPLACE_EXISTING);
        journals = true;
      }
    }
    DatabaseCheck.Health health;
    try {
      if (journals) {
        Sidecars.fold(copy, lockMillis);
      }
      health = DatabaseCheck.check(copy, DatabaseCheck.Level.FULL, lockMillis);
    } catch (HydrateException e) {
      health = new DatabaseCheck.Health(false, e.getMessage().replace(copy.toString() + ": ", ""));
    } finally {
      Sidecars.removeReadersLeftovers(copy);
    }
    if (!health.healthy()) {
      throw new HydrateException(backup + ": not a healthy SQLite database (" + health.problem() + "); nothing restored");
    }
  }

  /**
   * Builds a new database in {@code file} (new or empty, private to the caller) from the archive
   * read from {@code archive}, and checks it; writes nothing else. On failure {@code file} holds no
   * usable database, and the message names {@code label} and, for a bad archive, its line.
   *
   * @param label the database's path as the archive records it, for messages
   */
  public static ArchiveSummary buildChecked(InputStream archive, String label, Path file) {
    return buildChecked(archive, label, file, ArchiveRules.NONE, PlaceholderValues.ofProcess(), ValueFiles.Source.NONE);
  }

  /** As {@link #buildChecked(InputStream, String, Path)}, with the values kept out of line read from {@code values}. */
  public static ArchiveSummary buildChecked(InputStream archive, String label, Path file, ValueFiles.Source values) {
    return buildChecked(archive, label, file, ArchiveRules.NONE, PlaceholderValues.ofProcess(), values);
  }

  /**
   * As {@link #buildChecked(InputStream, String, Path)}, with the redacted columns of {@code rules}
   * filled in from {@code placeholders}; every value must be in line.
   */
  public static ArchiveSummary buildChecked(InputStream archive, String label, Path file, ArchiveRules rules,
      PlaceholderValues placeholders) {
    return buildChecked(archive, label, file, rules, placeholders, ValueFiles.Source.NONE);
  }

  /**
   * As {@link #buildChecked(InputStream, String, Path)}, with the redacted columns of {@code rules}
   * filled in from {@code placeholders} and the values kept out of line read from {@code values}.
   */
  public static ArchiveSummary buildChecked(InputStream archive, String label, Path file, ArchiveRules rules,
      PlaceholderValues placeholders, ValueFiles.Source values) {
    ArchiveSummary summary;
    try (DatabaseBuilder builder = new DatabaseBuilder(file, label, Progress.NONE, values)) {
      ReadAhead.read(archive, new PlaceholderFilling(label, rules, placeholders).around(builder));
      summary = builder.summary();
      builder.warnings().forEach(warning -> Warnings.report(label + ": archive " + warning));
    } catch (PlaceholderFilling.Unset e) {
      throw e;
    } catch (ArchiveFormatException e) {
      throw new HydrateException(label + ": archive " + e.getMessage(), e);
    } catch (IOException e) {
      throw new HydrateException(label + ": cannot build the database: " + e.getMessage(), e);
    } catch (HydrateException e) {
      throw e.getMessage().startsWith(label) ? e : new HydrateException(label + ": " + e.getMessage(), e);
    }
    DatabaseCheck.Health health = DatabaseCheck.check(file, DatabaseCheck.Level.QUICK, 0);
    if (!health.healthy()) {
      throw new HydrateException(label + ": the database built from the archive failed its check: " + health.problem());
    }
    return summary;
  }

  /**
   * Builds {@code file} from {@code archive}, passing every byte read through {@code read} and
   * {@code lines} unless null (on the thread that parses, beside the one that inserts).
   */
  private ArchiveSummary build(Path archive, String label, Path file, Path target, MessageDigest read,
      LineIndex.Builder lines, PlaceholderFilling filling) throws IOException {
    InputStream bytes = Files.newInputStream(archive);
    if (read != null) {
      bytes = new DigestInputStream(bytes, read);
    }
    if (lines != null) {
      bytes = lines.reading(bytes);
    }
    try (InputStream in = new BufferedInputStream(bytes, 1 << 16);
         DatabaseBuilder builder = new DatabaseBuilder(file, label, progress, ValueFiles.Source.of(archive))) {
      ReadAhead.read(in, filling.around(builder));
      builder.warnings().forEach(warning -> Warnings.report("archive " + archive + " " + warning));
      return builder.summary();
    } catch (PlaceholderFilling.Unset e) {
      throw e;
    } catch (ArchiveFormatException e) {
      throw new HydrateException("archive " + archive + " " + e.getMessage(), e);
    } catch (HydrateException e) {
      // A full disk or an I/O error is the target's file system's doing, not the archive's.
      boolean disk = e.getCause() instanceof SQLException cause && SqliteErrors.isFileSystem(cause);
      throw new HydrateException((disk ? target.toString() : "archive " + archive) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Puts the built (closed) database in place of {@code target}, as the class comment says. A
   * missing target gets {@code built} itself, renamed; otherwise {@code built} stays where it is.
   */
  private Outcome install(Path built, String label, Path target, ArchiveSummary summary, boolean corrupt, Known known)
      throws IOException {
    try {
      Outcome outcome = installChecked(built, label, target, summary, corrupt, known);
      if (outcome.backup() != null) {
        prune(outcome.backup());
      }
      return outcome;
    } finally {
      // Under the built file's name, wherever that file went: checks and copies read it read-only.
      Sidecars.removeReadersLeftovers(built);
    }
  }

  private Outcome installChecked(Path built, String label, Path target, ArchiveSummary summary, boolean corrupt,
      Known known) throws IOException {
    // Only a file renamed into place must reach the disk first; one copied through SQLite is synced
    // by SQLite's commit. For a missing target, syncing overlaps the check.
    Future<?> synced = Files.exists(target) ? null : syncInBackground(built);
    int lockMillis = (int) options.lockTimeout().toMillis();
    // An existing database's check reads that file alone, so it runs beside the built file's.
    CompletableFuture<DatabaseCheck.Health> targetHealth = synced != null || corrupt || Files.size(target) == 0 ? null
        : CompletableFuture.supplyAsync(() -> DatabaseCheck.check(target, DatabaseCheck.Level.QUICK, lockMillis));
    // Checked only now that no connection of this process has the file open (see DatabaseCheck).
    DatabaseCheck.Health builtHealth;
    try {
      builtHealth = DatabaseCheck.check(built, DatabaseCheck.Level.QUICK, 0);
    } catch (RuntimeException e) {
      awaitQuietly(targetHealth);
      throw e;
    }
    if (!builtHealth.healthy()) {
      awaitQuietly(targetHealth);
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
      if (!AtomicFiles.moveIfAbsent(built, target)) {
        throw new HydrateException(target + ": appeared while it was being built; left as it is, run again");
      }
      return new Outcome(Action.CREATED, summary, null);
    }
    if (targetHealth == null && !corrupt) {
      // An empty file is an empty database (SQLite reads it so): filled in place, nothing to back up.
      copyThroughSqlite(built, target, lockMillis, "fill " + target);
      return new Outcome(Action.CREATED, summary, null);
    }
    boolean healthy = !corrupt && await(targetHealth).healthy();
    Dehydrator reader = new Dehydrator(lockMillis, Progress.NONE);
    if (!healthy) {
      return new Outcome(Action.REPAIRED, summary, rebuild(built, label, target, lockMillis));
    }
    // Unless the caller knows the target differs: compared as their archives would be, the reads
    // ending at the first difference.
    if (!known.targetDiffers() && ReplaceComparison.sameContent(built, target, reader)) {
      return new Outcome(Action.UNCHANGED, summary, null);
    }
    if (!options.force()) {
      throw new HydrateException(target + ": has content that is not in its archive; "
          + "use --force to replace it (a backup is kept)");
    }
    if (!Files.isWritable(target)) {
      throw new HydrateException(readOnly(target));
    }
    Path backup = null;
    if (options.keepBackup()) {
      Instant made = clock.instant();
      backup = backupPath(target, made);
      Path temp = AtomicFiles.tempFileBeside(backup.resolveSibling(target.getFileName()));
      try {
        copyThroughSqlite(target, temp, lockMillis, "back up " + target);
        describe(backup, label, made, options.reason());
        AtomicFiles.replace(temp, backup);
        temp = null;
      } finally {
        AtomicFiles.deleteQuietly(temp);
      }
    }
    ReplaceInPlace copy;
    try {
      JournalMode.prepareCopy(built, target, lockMillis);
      copy = replaceContent(built, target, lockMillis);
    } catch (HydrateException e) {
      // SQLite rolled the target back, so the backup only duplicates it; retries must not pile them up.
      BackupFolder.discard(backup);
      throw e;
    }
    try (copy) {
      afterCopy.run();
      if (!readsBackAsBuilt(copy, built, target, reader)) {
        throw new HydrateException(target + ": content after replacing does not match the archive"
            + (backup == null ? "" : "; the previous content is in " + backup));
      }
    } catch (SQLException e) {
      throw new HydrateException(target + ": cannot check the content after replacing: " + SqliteErrors.describe(e)
          + (backup == null ? "" : "; the previous content is in " + backup), e);
    }
    return new Outcome(Action.REPLACED, summary, backup);
  }

  /**
   * Copies {@code built} into the existing, healthy {@code target} (see {@link ReplaceInPlace}).
   *
   * @throws HydrateException when SQLite did not write it, which leaves it unchanged
   */
  private static ReplaceInPlace replaceContent(Path built, Path target, int lockMillis) {
    try {
      return ReplaceInPlace.copy(built, target, lockMillis);
    } catch (SQLException e) {
      if (!Files.isWritable(target)) {
        throw new HydrateException(readOnly(target), e);
      }
      int rc = resultCode(e);
      // Busy and an unfinished copy have no message of SQLite's to pass on (see ReplaceInPlace).
      String why = rc == SqliteErrors.BUSY || rc == ReplaceInPlace.NOT_COMPLETED || rc == ReplaceInPlace.READONLY
          ? describeResult(rc, lockMillis) : SqliteErrors.describe(e);
      throw new HydrateException("cannot replace the content of " + target + ": " + why + "; left unchanged", e);
    }
  }

  /**
   * Whether {@code target}, into which {@code copy} copied {@code built}, reads back as built, or
   * another connection committed to it since, so that what it holds may be that connection's work
   * on top of the copy: then what was read cannot be held against the copy.
   */
  private static boolean readsBackAsBuilt(ReplaceInPlace copy, Path built, Path target, Dehydrator reader)
      throws SQLException {
    // In rollback-journal mode the copy is the file itself, page for page: comparing the bytes costs
    // less than reading every row. Between transactions the connection holds no lock that reading
    // the file could drop; in WAL mode it does, and the copy is in the WAL anyway.
    if (!copy.wal() && DatabaseFiles.samePages(built, target)) {
      return true;
    }
    String copied = reader.digest(target, "");
    return copy.othersCommitted() || copied.equals(reader.digest(built, ""));
  }

  /**
   * Puts the built database in place of {@code target}, which is not a healthy database, and returns
   * the backup of its bytes. The content is copied in through SQLite when SQLite can open and write
   * the target, so the file (its inode) stays the one an application may have open, and the
   * application's next read sees the new content instead of writing on into a file renamed away.
   * Only a file SQLite cannot write (not a database at all, say) is renamed over; a file another
   * process holds locked is in use, and is left alone.
   */
  private Path rebuild(Path built, String label, Path target, int lockMillis) throws IOException {
    Instant made = clock.instant();
    Path backup = backupPath(target, made);
    Path temp = AtomicFiles.tempFileBeside(backup.resolveSibling(target.getFileName()));
    try {
      Files.copy(target, temp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
      describe(backup, label, made, BackupFolder.Reason.CORRUPT);
      AtomicFiles.replace(temp, backup);
      temp = null;
    } finally {
      AtomicFiles.deleteQuietly(temp);
    }
    try {
      for (Path sidecar : sidecars(target)) {
        if (Files.exists(sidecar)) {
          // Copied, not moved: SQLite applies or discards them itself when it opens the target.
          Files.copy(sidecar, sidecarOf(backup, target, sidecar), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      BackupFolder.discard(backup);
      throw e;
    }
    ReplaceInPlace copy = null;
    int rc = 0;
    try {
      copy = ReplaceInPlace.copy(built, target, lockMillis);
    } catch (SQLException e) {
      rc = resultCode(e);
    } catch (HydrateException e) {
      rc = e.getCause() instanceof SQLException cause ? resultCode(cause) : ReplaceInPlace.NOT_COMPLETED;
    }
    // Only a file SQLite takes for no database, or a damaged one, is renamed over below: anything
    // else (locked, read-only, a full disk, an I/O error) may be a database in use, left alone.
    int primary = rc & 0xff;
    if (rc != 0 && primary != SqliteErrors.CORRUPT && primary != SqliteErrors.NOTADB) {
      String why = Files.isWritable(target) ? describeResult(rc, lockMillis)
          : "the file is read-only (its permissions); make it writable (chmod u+w '" + target + "') and run again";
      throw new HydrateException("cannot rebuild " + target + ": " + why
          + "; left unchanged (a copy is in " + backup + ")");
    }
    if (copy != null) {
      // SQLite wrote it, so it may be in use: whatever the outcome, it is not renamed over.
      boolean asBuilt;
      try (ReplaceInPlace written = copy) {
        afterCopy.run();
        // As after replacing a healthy database; the check below stands whatever another connection did.
        if (!written.wal() && DatabaseFiles.samePages(built, target)) {
          asBuilt = true;
        } else {
          String copied = digestOrNull(target, lockMillis);
          asBuilt = copied != null && (written.othersCommitted() || copied.equals(digestOrNull(built, lockMillis)));
        }
      } catch (SQLException e) {
        asBuilt = false;
      }
      // Checked once the copy's connection is closed: the check reads the file itself.
      if (!asBuilt || !DatabaseCheck.check(target, DatabaseCheck.Level.QUICK, lockMillis).healthy()) {
        throw new HydrateException(target + ": content after rebuilding does not match the archive;"
            + " the previous content is in " + backup);
      }
      return backup;
    }
    // SQLite cannot write it: nothing can be using its content. The journals belong to the old
    // file and would be applied to the new one, so they go with the backup.
    for (Path sidecar : sidecars(target)) {
      if (Files.exists(sidecar)) {
        Files.move(sidecar, sidecarOf(backup, target, sidecar), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    AtomicFiles.sync(built);
    AtomicFiles.replace(built, target);
    return backup;
  }

  private static Path sidecarOf(Path backup, Path target, Path sidecar) {
    return backup.resolveSibling(backup.getFileName()
        + sidecar.getFileName().toString().substring(target.getFileName().toString().length()));
  }

  private static String digestOrNull(Path db, int lockMillis) {
    try {
      return new Dehydrator(lockMillis, Progress.NONE).digest(db, "");
    } catch (HydrateException e) {
      return null;
    }
  }

  /**
   * Copies every page of {@code source} into {@code destination} in one step, through the
   * destination's own locks and journal, waiting up to {@code lockMillis} for other processes.
   */
  private static void copyThroughSqlite(Path source, Path destination, int lockMillis, String what) {
    boolean created = !Files.exists(destination);
    int rc;
    try {
      rc = backupInto(source, destination, lockMillis);
    } catch (SQLException e) {
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

  /** SQLite's result code of copying {@code source} into {@code destination} (0 when it worked). */
  private static int backupInto(Path source, Path destination, int lockMillis) throws SQLException {
    try (Connection connection = Connections.readOnly(source, lockMillis)) {
      return ((SQLiteConnection) connection).getDatabase().backup("main",
          destination.toAbsolutePath().toString(), null, LOCK_POLL_MILLIS,
          Math.max(1, lockMillis / LOCK_POLL_MILLIS), -1);
    }
  }

  /** The result code a failed copy reports, as {@link #describeResult} reads it. */
  private static int resultCode(SQLException e) {
    if (e.getErrorCode() == ReplaceInPlace.NOT_COMPLETED) {
      return ReplaceInPlace.NOT_COMPLETED;
    }
    if (SqliteErrors.isBusy(e)) {
      return SqliteErrors.BUSY;
    }
    int code = SqliteErrors.primaryCode(e);
    return code != 0 ? code : e.getErrorCode() != 0 ? e.getErrorCode() : ReplaceInPlace.NOT_COMPLETED;
  }

  /** The message for a target whose permissions do not let it be written: nothing was changed. */
  private static String readOnly(Path target) {
    return "cannot replace the content of " + target + ": the file is read-only (its permissions);"
        + " make it writable (chmod u+w '" + target + "') and run again; left unchanged";
  }

  private static String describeResult(int rc, int lockMillis) {
    if (rc == ReplaceInPlace.NOT_COMPLETED) {
      return "SQLite did not complete the copy (another process took the lock meanwhile, or the disk is full?)";
    }
    return switch (rc & 0xff) {
      case 5, 6 -> "it is locked by another process (waited " + lockMillis + " ms)";
      case 8 -> "it is read-only (a WAL database whose page size differs from the archive's?)";
      case 13 -> "the disk is full";
      default -> "SQLite error " + rc;
    };
  }

  private Path backupPath(Path target, Instant made) throws IOException {
    return new BackupFolder(options.backupDirectory() != null
        ? options.backupDirectory() : target.toAbsolutePath().getParent()).newPath(target, made, ".bak");
  }

  /** Records why {@code backup} is kept, in a backup folder (not beside a target outside Git). */
  private void describe(Path backup, String label, Instant made, BackupFolder.Reason reason) throws IOException {
    if (options.backupDirectory() != null) {
      BackupFolder.describe(backup, label, made, reason);
    }
  }

  /**
   * Prunes the backup folder by the policy {@link Options#retention} gives, now that {@code kept}
   * was added to it; a failure is a warning, since the database was brought in step all the same.
   */
  private void prune(Path kept) {
    BackupPolicy policy;
    try {
      policy = options.retention() == null || options.backupDirectory() == null ? null : options.retention().get();
    } catch (HydrateException e) {
      Warnings.report(e.getMessage() + "; backups were not pruned");
      return;
    }
    if (policy == null) {
      return;
    }
    try {
      new BackupFolder(options.backupDirectory()).prune(policy, clock.instant());
    } catch (IOException e) {
      Warnings.report(options.backupDirectory() + ": cannot prune backups (" + e.getMessage() + "); " + kept
          + " was kept");
    }
  }

  private static List<Path> sidecars(Path db) {
    String name = db.getFileName().toString();
    return List.of(db.resolveSibling(name + "-wal"), db.resolveSibling(name + "-journal"));
  }

  /** The result of a check run beside other work, failing as the check would have. */
  private static DatabaseCheck.Health await(CompletableFuture<DatabaseCheck.Health> check) {
    try {
      return check.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /** Waits for a check whose result no longer matters, so that it does not outlive the call. */
  private static void awaitQuietly(CompletableFuture<?> check) {
    if (check != null) {
      check.handle((result, failure) -> null).join();
    }
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
