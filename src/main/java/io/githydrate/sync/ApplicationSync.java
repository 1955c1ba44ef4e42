package io.githydrate.sync;

import io.githydrate.HydrateException;
import io.githydrate.engine.ArchiveSummary;
import io.githydrate.engine.FileStamp;
import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.Mode;
import io.githydrate.git.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an application's start and exit do to its databases: at the start, each database that is
 * missing, corrupt or behind its archive is built, and one changed since it was last in step is
 * left as it is; at the exit, each changed database is exported. Both decide from the sync state the
 * hooks keep ({@link SyncState#fileOf}), through {@link Synchronizer}, so hooks, commands and
 * applications agree. A start where every file is as the state last saw it is answered from the
 * state and file stamps alone, without opening a database. Not thread safe; the state file assumes
 * one process at a time.
 */
public final class ApplicationSync {
  /** Where one database stands after a start or an exit. */
  public enum Outcome {
    /** The database and its archive hold the same content; nothing was done. */
    IN_STEP,
    /** Built from its archive where there was no database. */
    CREATED,
    /** Brought up to its newer archive (row by row, or rebuilt). */
    UPDATED,
    /** Found corrupt and rebuilt from its archive; the damaged file is kept. */
    REPAIRED,
    /** Changed since it was last in step with its archive: left as it is (see the detail). */
    LOCAL_CHANGES,
    /** A database without an archive: nothing to build it from (an exit exports it). */
    NO_ARCHIVE,
    /** Its changes were written to its archive. */
    EXPORTED,
    /** Its changes were merged with its archive's newer ones, into both. */
    MERGED,
    /** Unchanged, while its archive moved on: the next start brings it along. */
    ARCHIVE_NEWER,
    /** An archive without its database: the next start builds it. */
    NO_DATABASE,
    /** Failed; the detail is the error. */
    FAILED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One database after a start or an exit.
   *
   * @param summary what the archive built from or written holds; null when neither happened
   * @param backupPath where a replaced (damaged) file was kept, or null
   * @param detail what the user should know, or null
   */
  public record Database(String label, String archivePath, Outcome outcome, ArchiveSummary summary,
      String backupPath, String detail) {}

  /**
   * Every database of one start or exit, by label (sorted), and every error met: one database's
   * failure does not stop the others. {@code quick}: answered from the sync state and file stamps.
   */
  public record Report(Instant timestamp, Duration duration, Map<String, Database> databases, List<String> errors,
      boolean quick) {
    public Report {
      databases = Collections.unmodifiableMap(new TreeMap<>(databases));
      errors = List.copyOf(errors);
    }

    /** Whether nothing needs doing, or was done: every database in step, or without an archive yet. */
    public boolean inStep() {
      return errors.isEmpty() && databases.values().stream()
          .allMatch(d -> d.outcome() == Outcome.IN_STEP || d.outcome() == Outcome.NO_ARCHIVE);
    }
  }

  private final Context context;
  private final Path stateFile;

  public ApplicationSync(Context context) {
    this.context = context;
    this.stateFile = SyncState.fileOf(context.workspace());
  }

  /**
   * At an application's start: {@code entries} are brought in step where they are missing, corrupt
   * or behind; local changes are never touched.
   *
   * @param andKnown also every database the state knows (its files may have gone since, or the
   *     rules changed), as for the whole workspace
   */
  public Report start(List<DatabaseEntry> entries, boolean andKnown) {
    long started = System.nanoTime();
    refuseFilterMode();
    Optional<SyncState> known = SyncState.loadExisting(stateFile);
    if (known.isPresent()) {
      Optional<Map<String, Database>> quick = quickStart(known.get(), entries, andKnown);
      if (quick.isPresent()) {
        return new Report(context.clock().instant(), Duration.ofNanos(System.nanoTime() - started), quick.get(),
            List.of(), true);
      }
    }
    return run(entries, andKnown, started, true);
  }

  /** At an application's exit: each database of {@code entries} that changed is exported. */
  public Report exit(List<DatabaseEntry> entries, boolean andKnown) {
    refuseFilterMode();
    return run(entries, andKnown, System.nanoTime(), false);
  }

  /** In filter mode Git itself builds and exports the databases, at checkouts and at {@code git add}. */
  private void refuseFilterMode() {
    Workspace workspace = context.workspace();
    if (workspace.gitDir().isPresent() && Mode.of(workspace.root()) == Mode.FILTER) {
      throw new HydrateException(workspace.root() + ": this repository keeps its databases in filter mode, where"
          + " Git stores and restores them itself: git restore -- DB builds a database from its archive, git add -- DB"
          + " stores its archive");
    }
  }

  private Report run(List<DatabaseEntry> entries, boolean andKnown, long started, boolean start) {
    SyncState state = SyncState.load(stateFile);
    List<String> errors = new ArrayList<>();
    List<DatabaseEntry> all = withKnown(state, entries, andKnown, errors);
    Synchronizer synchronizer = new Synchronizer(context, state);
    Synchronizer.Report report = start ? synchronizer.start(all) : synchronizer.exit(all);
    errors.addAll(report.errors());
    Map<String, String> failures = new HashMap<>();
    Iterator<String> messages = report.errors().iterator();
    report.failed().forEach(label -> failures.put(label, messages.next()));
    Map<String, Synchronizer.Change> changes = new HashMap<>();
    report.changes().forEach(change -> changes.put(change.label(), change));
    Map<String, Database> databases = new LinkedHashMap<>();
    for (DatabaseEntry entry : all) {
      String archive = context.display(entry.archive());
      if (failures.containsKey(entry.label())) {
        databases.put(entry.label(), new Database(entry.label(), archive, Outcome.FAILED, null, null,
            failures.get(entry.label())));
      } else if (changes.containsKey(entry.label())) {
        databases.put(entry.label(), changed(entry, archive, changes.get(entry.label())));
      } else {
        state.get(entry.label()).map(record -> unchanged(entry.label(), archive, record))
            .ifPresent(database -> databases.put(entry.label(), database));
      }
    }
    return new Report(context.clock().instant(), Duration.ofNanos(System.nanoTime() - started), databases, errors,
        false);
  }

  private Database changed(DatabaseEntry entry, String archive, Synchronizer.Change change) {
    Outcome outcome = switch (change.result()) {
      case CREATED -> Outcome.CREATED;
      case UPDATED_IN_PLACE, REPLACED -> Outcome.UPDATED;
      case REPAIRED -> Outcome.REPAIRED;
      case WRITTEN -> Outcome.EXPORTED;
      case MERGED_AND_EXPORTED, MERGED_KEEPING_LOCAL -> Outcome.MERGED;
      case UNCHANGED -> Outcome.IN_STEP;
    };
    String backup = change.backup() == null ? null : context.display(change.backup());
    String detail = change.note().isEmpty() ? null : change.note().strip();
    return new Database(entry.label(), archive, outcome, change.summary(), backup, detail);
  }

  /** Where a database the run did not change stands, from what the state now records of it. */
  static Database unchanged(String label, String archive, SyncState.Record record) {
    String database = record.databaseDigest();
    String archived = record.archiveDigest();
    String synced = record.synced();
    boolean hasDatabase = !FileStamp.MISSING.equals(record.databaseStamp());
    if (!hasDatabase) {
      return new Database(label, archive, Outcome.NO_DATABASE, null, null, null);
    }
    if (archived == null) {
      return new Database(label, archive, Outcome.NO_ARCHIVE, null, null, null);
    }
    if (archived.equals(database)) {
      return new Database(label, archive, Outcome.IN_STEP, null, null, null);
    }
    if (synced == null) {
      return new Database(label, archive, Outcome.LOCAL_CHANGES, null, null, "it differs from its archive " + archive
          + " and was never in step with it here, so which is newer is not known: export it with git hydrate"
          + " dehydrate " + label + ", or take the archive's with git hydrate hydrate --force " + archive);
    }
    if (synced.equals(database)) {
      return new Database(label, archive, Outcome.ARCHIVE_NEWER, null, null, null);
    }
    return new Database(label, archive, Outcome.LOCAL_CHANGES, null, null, synced.equals(archived)
        ? "changed since it was last in step with its archive " + archive
        : "changed since it was last in step with its archive " + archive + ", and so was the archive");
  }

  /**
   * Every database as the state last saw it, when that shows nothing to do at a start: each entry
   * and each database the state knows has a record, its files' stamps are the ones recorded, and the
   * start's decision on the recorded facts is to do nothing. Empty when that is not certain.
   */
  private Optional<Map<String, Database>> quickStart(SyncState state, List<DatabaseEntry> entries, boolean andKnown) {
    Map<String, DatabaseEntry> all = new LinkedHashMap<>();
    entries.forEach(entry -> all.put(entry.label(), entry));
    Workspace workspace = context.workspace();
    try {
      for (String label : andKnown ? state.labels() : java.util.Set.<String>of()) {
        all.computeIfAbsent(label, l -> new DatabaseEntry(l, workspace.resolve(l),
            workspace.resolve(workspace.rules().archiveOf(l))));
      }
    } catch (HydrateException e) {
      return Optional.empty(); // the full run says which path is refused
    }
    Map<String, Database> databases = new LinkedHashMap<>();
    for (DatabaseEntry entry : all.values()) {
      Optional<SyncState.Record> found = state.get(entry.label());
      if (found.isEmpty()) {
        return Optional.empty();
      }
      SyncState.Record record = found.get();
      if (!FileStamp.unchangedOrSameContent(record.archiveStamp(), FileStamp.of(entry.archive()), entry.archive())
          || !FileStamp.databaseUnchangedOrSameContent(record.databaseStamp(), FileStamp.ofDatabase(entry.database()),
              entry.database())) {
        return Optional.empty();
      }
      boolean hasDatabase = !FileStamp.MISSING.equals(record.databaseStamp());
      boolean hasArchive = !FileStamp.MISSING.equals(record.archiveStamp());
      if (hasDatabase && record.databaseDigest() == null || hasArchive && record.archiveDigest() == null) {
        return Optional.empty(); // unreadable when last seen
      }
      String synced = record.synced();
      boolean databaseChanged = !hasDatabase || !record.databaseDigest().equals(synced);
      boolean archiveChanged = !hasArchive || !record.archiveDigest().equals(synced);
      boolean same = hasDatabase && hasArchive && record.databaseDigest().equals(record.archiveDigest());
      if (!same && SyncAction.decide(SyncAction.Event.START, hasDatabase, hasArchive, databaseChanged, archiveChanged,
          synced != null) != SyncAction.NOTHING) {
        return Optional.empty();
      }
      if (hasDatabase || hasArchive) {
        databases.put(entry.label(), unchanged(entry.label(), context.display(entry.archive()), record));
      }
    }
    return Optional.of(databases);
  }

  /**
   * {@code entries}, each once, and with {@code andKnown} every database the state knows; a refused
   * path is an error, the rest go on.
   */
  private List<DatabaseEntry> withKnown(SyncState state, List<DatabaseEntry> entries, boolean andKnown,
      List<String> errors) {
    Map<String, DatabaseEntry> all = new LinkedHashMap<>();
    entries.forEach(entry -> all.putIfAbsent(entry.label(), entry));
    Workspace workspace = context.workspace();
    for (String label : andKnown ? state.labels() : java.util.Set.<String>of()) {
      if (!all.containsKey(label)) {
        try {
          all.put(label, new DatabaseEntry(label, workspace.resolve(label),
              workspace.resolve(workspace.rules().archiveOf(label))));
        } catch (HydrateException e) {
          errors.add(e.getMessage());
        }
      }
    }
    return new ArrayList<>(all.values());
  }
}
