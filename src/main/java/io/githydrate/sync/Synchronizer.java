package io.githydrate.sync;

import io.githydrate.HydrateException;
import io.githydrate.audit.AuditTrail;
import io.githydrate.engine.BackupFolder;
import io.githydrate.engine.ArchiveDelta;
import io.githydrate.engine.ArchiveRules;
import io.githydrate.engine.ArchiveSummary;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Digests;
import io.githydrate.engine.FileStamp;
import io.githydrate.engine.Hydrator;
import io.githydrate.engine.LineIndex;
import io.githydrate.engine.PendingDigest;
import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.filter.Filters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Brings databases and archives back in step after Git moved the work tree (checkout, merge,
 * rewrite, or anything without a hook, on the next run), or before it records a commit. Decides per
 * database with {@link SyncAction#decide} from what changed since the last sync, as recorded in
 * {@link SyncState}; checks only file stamps when nothing changed, so a hook with nothing to do reads
 * no database.
 */
public final class Synchronizer {
  /**
   * What happened to one database: the {@code action} taken and its {@code result}, with a
   * {@code note} for the user (or ""). {@code backup} is set when local content was kept aside;
   * {@code summary} is what the archive written or built from holds.
   */
  public record Change(String label, SyncAction action, Result result, String note, Path archive, Path backup,
      ArchiveSummary summary) {
    /** Whether the archive was written for a commit, to be staged. */
    public boolean exported() {
      return action == SyncAction.DEHYDRATE && result != Result.UNCHANGED;
    }

    /** What happened, for the user: the result and its note. */
    public String detail() {
      return result.text() + note;
    }
  }

  /** How a change ended. */
  public enum Result {
    /** The archive was written from the database. */
    WRITTEN("written"),
    /** Nothing needed writing: the file already held the same content. */
    UNCHANGED("unchanged"),
    /** The database took the archive's changed rows in place. */
    UPDATED_IN_PLACE("updated in place"),
    /** The database was built from its archive where there was none. */
    CREATED("created"),
    /** The database was rebuilt from its archive. */
    REPLACED("replaced"),
    /** A corrupt database was rebuilt from its archive. */
    REPAIRED("repaired"),
    /** Local changes and the archive's newer ones were merged, and the merge exported for the commit. */
    MERGED_AND_EXPORTED("merged with the newer changes of its archive, and exported"),
    /** The archive's changes were merged into the database, whose own changes stay uncommitted. */
    MERGED_KEEPING_LOCAL("its own changes kept (not committed yet) and merged with the changes");

    private final String text;

    Result(String text) {
      this.text = text;
    }

    String text() {
      return text;
    }

    static Result of(Hydrator.Action action) {
      return switch (action) {
        case CREATED -> CREATED;
        case REPLACED -> REPLACED;
        case REPAIRED -> REPAIRED;
        case UNCHANGED -> UNCHANGED;
      };
    }
  }

  /**
   * Every change made and every error met, and the databases ({@code failed}, by label) the errors
   * are about; one database's failure does not stop the others.
   */
  public record Report(List<Change> changes, List<String> errors, Set<String> failed) {
    /** A report whose errors are not about particular databases (a command line's, say). */
    public Report(List<Change> changes, List<String> errors) {
      this(changes, errors, Set.of());
    }
  }

  private final Context context;
  private final SyncState state;
  private final Map<String, String> archiveDigests;
  private final PreviousArchives previous;
  private final LineIndexes indexes;

  public Synchronizer(Context context, SyncState state) {
    this(context, state, Map.of(), PreviousArchives.NONE);
  }

  /**
   * @param archiveDigests SHA-256 digests of archives' bytes already known (computed by the launcher
   *     just before, see ChangedArchives), by work-tree label; used in place of reading an archive
   *     whose stamp changed. A file written again meanwhile has a racily recent stamp, recorded
   *     without its content check, which the state never trusts, so the next run reads it again.
   * @param previous the archives as they were before Git moved the work tree: a database still in
   *     step with one of them has only the rows that changed since rewritten ({@link ArchiveDelta})
   */
  public Synchronizer(Context context, SyncState state, Map<String, String> archiveDigests, PreviousArchives previous) {
    this.context = context;
    this.state = state;
    this.archiveDigests = archiveDigests;
    this.previous = previous;
    this.indexes = LineIndexes.of(context.workspace());
  }

  /** After Git updated the work tree: rebuild each database whose archive changed. */
  public Report update(List<DatabaseEntry> entries) {
    return run(entries, SyncAction.Event.UPDATE);
  }

  /** Before a commit: export each database that changed; the caller stages the archives. */
  public Report commit(List<DatabaseEntry> entries) {
    return run(entries, SyncAction.Event.COMMIT);
  }

  /**
   * When an application starts: build each database that is missing, corrupt (the damaged file is
   * kept) or behind its archive; a database changed since it was last in step is left as it is.
   */
  public Report start(List<DatabaseEntry> entries) {
    return run(entries, SyncAction.Event.START);
  }

  /**
   * When an application exits: export each database that changed, as before a commit (see
   * {@link SyncAction.Event#EXIT} for the one it leaves).
   */
  public Report exit(List<DatabaseEntry> entries) {
    return run(entries, SyncAction.Event.EXIT);
  }

  private Report run(List<DatabaseEntry> entries, SyncAction.Event event) {
    List<Change> changes = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Set<String> failed = new LinkedHashSet<>();
    for (DatabaseEntry entry : entries) {
      try {
        sync(entry, event).ifPresent(change -> {
          changes.add(change);
          AuditTrail.current().database(change.label(), change.result().text(),
              change.summary() == null ? null : change.summary().rows(), null);
        });
      } catch (HydrateException e) {
        errors.add(e.getMessage());
        failed.add(entry.label());
        AuditTrail.current().failed(entry.label(), e.getMessage());
      }
    }
    state.save();
    // The hard links first: making one changes the database's inode change time, which the settled
    // list must find earlier than its own.
    markInStep(entries);
    SettledFiles.update(context.workspace(), state);
    indexes.finish();
    return new Report(changes, errors, Collections.unmodifiableSet(failed));
  }

  /**
   * Has each database in step with its archive kept reachable through a hard link, with its stamp:
   * Git overwrites an ignored file without asking once a commit tracks its path (a teammate moving
   * the repository to filter mode), and changes made after this are then kept as a backup.
   */
  private void markInStep(List<DatabaseEntry> entries) {
    Optional<Path> gitDir = context.workspace().gitDir();
    if (gitDir.isEmpty()) {
      return;
    }
    for (DatabaseEntry entry : entries) {
      state.get(entry.label())
          .filter(r -> r.synced() != null && r.synced().equals(r.databaseDigest()) && r.synced().equals(r.archiveDigest()))
          .ifPresent(r -> Filters.markInStep(gitDir.get(), entry.label(), entry.database(), r.databaseStamp()));
    }
  }

  /** Databases whose changes a commit would export, without exporting anything. */
  public List<DatabaseEntry> pendingExports(List<DatabaseEntry> entries) {
    List<DatabaseEntry> pending = new ArrayList<>();
    for (DatabaseEntry entry : entries) {
      SyncAction action = plan(entry, SyncAction.Event.COMMIT).action();
      if (action == SyncAction.DEHYDRATE || action == SyncAction.MERGE) {
        pending.add(entry);
      }
    }
    return pending;
  }

  /** Archives larger than this have their digest taken while an update reads them, not before. */
  private static final long DEFERRED_DIGEST_BYTES = 8L << 20;

  /**
   * What is known of one pair now, and what to do about it. The archive's digest is null when there
   * is no archive, or when it is still being taken ({@code pendingDigest}).
   */
  private record Plan(SyncAction action, String synced, String archiveStamp, String archiveDigest,
      String databaseStamp, String databaseDigest, PendingDigest pendingDigest) {}

  private Plan plan(DatabaseEntry entry, SyncAction.Event event) {
    boolean hasDatabase = Files.exists(entry.database());
    boolean hasArchive = Files.exists(entry.archive());
    Optional<SyncState.Record> record = state.get(entry.label());
    String synced = record.map(SyncState.Record::synced).orElse(null);
    String handedOver = archiveDigests.get(context.display(entry.archive()));
    // Stamping a file written moments ago reads it whole (its content check): beside the rest.
    Supplier<String> databaseStamping = stamping(entry.database());
    // A large archive rewritten (its size, time or identity are not the ones recorded) is read in
    // full once, by the update: its digest and content check are taken meanwhile, not before.
    String statOnly = FileStamp.ofWithoutReading(entry.archive());
    boolean updates = event == SyncAction.Event.UPDATE || event == SyncAction.Event.START;
    PendingDigest pending = updates && hasArchive && record.isPresent() && handedOver == null
        && !FileStamp.sameStat(record.get().archiveStamp(), statOnly) && size(entry.archive()) > DEFERRED_DIGEST_BYTES
        ? PendingDigest.of(entry.archive()) : null;
    String databaseStamp = databaseStamping.get();
    String databaseDigest = !hasDatabase ? null
        : record.isPresent()
            && FileStamp.databaseUnchangedOrSameContent(record.get().databaseStamp(), databaseStamp, entry.database())
            ? record.get().databaseDigest()
        : databaseDigest(entry);
    if (pending != null && synced != null && synced.equals(databaseDigest)) {
      // Under a database still in step with the archive before: the update compares the two (sync()
      // tells an archive that only came back to the database's content by its digest).
      return new Plan(SyncAction.HYDRATE, synced, statOnly, null, databaseStamp, databaseDigest, pending);
    }
    if (pending != null) {
      pending.cancel(); // the database changed too: the digest is taken below, after the full stamp
    }
    String archiveStamp = FileStamp.of(entry.archive());
    boolean archiveUnchanged = hasArchive && record.isPresent()
        && FileStamp.unchangedOrSameContent(record.get().archiveStamp(), archiveStamp, entry.archive());
    String archiveDigest;
    if (!hasArchive) {
      archiveDigest = null;
    } else if (archiveUnchanged) {
      archiveDigest = record.get().archiveDigest();
    } else if (handedOver != null) {
      // Taken before the stamp was: the stamp's content check cannot vouch for it.
      archiveDigest = handedOver;
      archiveStamp = FileStamp.withoutContentCheck(archiveStamp);
    } else {
      archiveDigest = Digests.ofFile(entry.archive()); // read after the stamp: a change meanwhile shows
    }
    boolean databaseChanged = databaseDigest == null || !databaseDigest.equals(synced);
    boolean archiveChanged = archiveDigest == null || !archiveDigest.equals(synced);
    SyncAction action;
    if (databaseDigest != null && databaseDigest.equals(archiveDigest)) {
      action = SyncAction.NOTHING; // in step, whatever happened since (for instance a dehydrate by hand)
    } else if (updates && hasDatabase && hasArchive && databaseDigest == null) {
      // The database cannot be read (corrupt): rebuild it from the archive; the hydrator keeps the
      // damaged file, and leaves a database that is merely locked alone.
      action = SyncAction.BACKUP_AND_HYDRATE;
    } else if (event == SyncAction.Event.EXIT && hasDatabase && databaseDigest == null) {
      action = SyncAction.DEHYDRATE; // refused, saying why: an application must hear its database is damaged
    } else {
      action = SyncAction.decide(event, hasDatabase, hasArchive, databaseChanged, archiveChanged,
          synced != null && databaseDigest != null);
    }
    return new Plan(action, synced, archiveStamp, archiveDigest, databaseStamp, databaseDigest, null);
  }

  /**
   * The database's stamp, taken on another thread when the database is large enough for its content
   * check (a read of the whole file) to be worth a thread; the caller stamps the archive meanwhile.
   */
  private static Supplier<String> stamping(Path database) {
    if (size(database) <= DEFERRED_DIGEST_BYTES) {
      String stamp = FileStamp.ofDatabase(database);
      return () -> stamp;
    }
    CompletableFuture<String> stamp = CompletableFuture.supplyAsync(() -> FileStamp.ofDatabase(database));
    return stamp::join;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private Optional<Change> sync(DatabaseEntry entry, SyncAction.Event event) {
    if (!Files.exists(entry.database()) && !Files.exists(entry.archive())) {
      state.remove(entry.label());
      return Optional.empty();
    }
    Plan plan = plan(entry, event);
    String builtFrom = null; // the digest of the archive bytes the database now holds, when known
    LineIndex index = null; // and their line index, when made
    ArchiveDelta.Applied readOnce = null; // the row-by-row update, when it was one
    Change change = null;
    switch (plan.action()) {
      case NOTHING -> { }
      case HYDRATE, BACKUP_AND_HYDRATE -> {
        Optional<ArchiveDelta.Applied> delta = rowByRow(entry, plan);
        if (delta.isPresent()) {
          readOnce = delta.get();
          builtFrom = delta.get().archiveDigest();
          index = delta.get().index();
          boolean cameBack = builtFrom.equals(plan.synced()) && delta.get().rowsInserted() == 0
              && delta.get().rowsDeleted() == 0; // the archive holds what the database does again
          change = cameBack ? null : new Change(entry.label(), plan.action(), Result.UPDATED_IN_PLACE, " (+"
              + delta.get().rowsInserted() + " -" + delta.get().rowsDeleted() + " rows)", entry.archive(), null,
              delta.get().summary());
        } else {
          Hydrator.Outcome hydrated = hydrate(entry, plan);
          builtFrom = hydrated.archiveDigest();
          index = hydrated.index();
          String onlyThere = onlyInBackup(entry.label(), hydrated.backup());
          change = new Change(entry.label(), plan.action(), Result.of(hydrated.action()),
              onlyThere == null ? "" : " (" + onlyThere + ")", entry.archive(), hydrated.backup(), hydrated.summary());
        }
      }
      case DEHYDRATE -> {
        Dehydrator.Written written = dehydrate(entry);
        index = written.index(); // the database is in step with these bytes now
        change = new Change(entry.label(), SyncAction.DEHYDRATE, written.changed() ? Result.WRITTEN : Result.UNCHANGED,
            "", entry.archive(), null, written.summary());
      }
      case MERGE -> {
        List<String> why = new ArrayList<>();
        Optional<Change> merged = mergeLocalChanges(entry, plan, event, why);
        if (merged.isPresent()) {
          return merged;
        }
        Hydrator.Outcome hydrated = hydrate(entry, plan); // keeps the database as a backup
        builtFrom = hydrated.archiveDigest();
        change = new Change(entry.label(), SyncAction.BACKUP_AND_HYDRATE, Result.of(hydrated.action()),
            " (its own changes could not be merged: " + String.join("; ", why)
                + (onlyInBackup(entry.label(), hydrated.backup()) == null ? ""
                    : "; " + onlyInBackup(entry.label(), hydrated.backup())) + ")", entry.archive(), hydrated.backup(),
            hydrated.summary());
      }
    }
    if (change == null && builtFrom == null) {
      boolean inStep = plan.archiveDigest() != null && plan.archiveDigest().equals(plan.databaseDigest());
      state.put(entry.label(), new SyncState.Record(inStep ? plan.archiveDigest() : plan.synced(),
          plan.archiveStamp(), plan.archiveDigest(), plan.databaseStamp(), plan.databaseDigest()));
    } else {
      // Now the archive's bytes are the database's content: the bytes it was built from, when the
      // archive's stamp is the one it had before (for a file this new, its content check too). A
      // stamp the plan could not vouch for stays so: never trusted later, the archive is read again.
      if (index != null) {
        indexes.keep(entry.label(), index); // bound to the bytes it describes, whatever the state records
      }
      Supplier<String> databaseStamping = stamping(entry.database());
      String archiveStamp;
      boolean sameArchive;
      if (plan.pendingDigest() != null && readOnce != null) {
        // Stamped before both reads, without its content; the update and the digest read the same
        // bytes when their CRC-32Cs agree, and those bytes are the stamp's content check.
        archiveStamp = FileStamp.withContentCheck(plan.archiveStamp(), readOnce.archiveCrc32c());
        sameArchive = readOnce.archiveCrc32c() == plan.pendingDigest().crc32c()
            && FileStamp.sameStat(plan.archiveStamp(), FileStamp.ofWithoutReading(entry.archive()));
        if (!sameArchive) {
          archiveStamp = FileStamp.of(entry.archive());
        }
      } else {
        archiveStamp = FileStamp.of(entry.archive());
        // A stamp that was racy may not be now; then its content check says whether the file is the same.
        sameArchive = FileStamp.unchangedOrSameContent(plan.archiveStamp(), archiveStamp, entry.archive());
        if (plan.archiveStamp().equals(FileStamp.withoutContentCheck(plan.archiveStamp()))) {
          archiveStamp = FileStamp.withoutContentCheck(archiveStamp);
          sameArchive = plan.archiveStamp().equals(archiveStamp);
        }
      }
      String digest = builtFrom != null && sameArchive ? builtFrom : Digests.ofFile(entry.archive());
      state.put(entry.label(), new SyncState.Record(digest, archiveStamp, digest, databaseStamping.get(), digest));
    }
    return Optional.ofNullable(change);
  }

  /** The database's content digest; null when it cannot be read (corrupt), which counts as changed. */
  private String databaseDigest(DatabaseEntry entry) {
    try {
      return context.dehydrator().digest(entry.database(), entry.label());
    } catch (HydrateException e) {
      return null;
    }
  }

  /**
   * A database untouched since it was in step with the archive Git replaced gets only the rows that
   * changed; empty when that does not apply (then it is rebuilt in full).
   */
  private Optional<ArchiveDelta.Applied> rowByRow(DatabaseEntry entry, Plan plan) {
    boolean untouched = plan.action() == SyncAction.HYDRATE && plan.synced() != null
        && plan.synced().equals(plan.databaseDigest()) && Files.isRegularFile(entry.database());
    if (!untouched || !previous.rowUpdates()) {
      return Optional.empty();
    }
    // The archive's digest was taken moments ago (by the launcher or plan()); sync() compares the
    // archive's stamp afterwards, and records one the plan could not vouch for as untrusted.
    Optional<LineIndex.Key> key = indexes.key();
    Optional<LineIndex> kept = indexes.find(entry.label(), plan.synced());
    if (kept.isPresent()) {
      Optional<ArchiveDelta.Applied> applied = ArchiveDelta.apply(entry.database(), kept.get(), entry.archive(),
          archiveDigest(plan), key.get(), context.lockTimeout(), context.placeholderFilling(entry.label()));
      if (applied.isPresent()) {
        return applied;
      }
    }
    Optional<InputStream> bytes = previous.open(context.display(entry.archive()));
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    InputStream in = bytes.get();
    String digest = plan.pendingDigest() != null ? plan.pendingDigest().get() : plan.archiveDigest();
    try {
      return key.isPresent()
          ? ArchiveDelta.apply(entry.database(), in, plan.synced(), entry.archive(), digest, key.get(),
              context.lockTimeout(), context.placeholderFilling(entry.label()))
          : ArchiveDelta.apply(entry.database(), in, plan.synced(), entry.archive(), digest,
              context.lockTimeout(), context.placeholderFilling(entry.label()));
    } finally {
      try {
        in.close();
      } catch (IOException e) {
        // what was applied was checked against the bytes' digest already
      }
    }
  }

  /** What gives the plan's archive digest: known, being taken, or (null) for the update to take. */
  private static Supplier<String> archiveDigest(Plan plan) {
    if (plan.pendingDigest() != null) {
      return plan.pendingDigest();
    }
    String known = plan.archiveDigest();
    return known == null ? null : () -> known;
  }

  /**
   * Both the database and its archive changed since they were in step: the database's changes
   * merged with the archive's. Clean: the database gets the merge (kept aside first), and on a
   * commit so does the archive; after Git moved the work tree the database's own changes stay
   * uncommitted, as they were. Empty after Git moved the work tree when the merge is impossible or
   * conflicts: then the database is kept as a backup and rebuilt, as before. On a commit that is a
   * refusal: exporting the database would revert the archive's changes, unseen.
   */
  private Optional<Change> mergeLocalChanges(DatabaseEntry entry, Plan plan, SyncAction.Event event, List<String> why) {
    Optional<String> unmergeable = LocalChangesMerge.unmergeable(context, entry);
    Optional<LocalChangesMerge.Merged> merged = unmergeable.isPresent() ? Optional.empty()
        : LocalChangesMerge.run(context, entry, plan.synced(), previous);
    boolean commit = event == SyncAction.Event.COMMIT || event == SyncAction.Event.EXIT;
    if (merged.isEmpty() || !merged.get().outcome().clean()) {
      String problem = unmergeable.isPresent() ? unmergeable.get()
          : merged.isEmpty() ? "the archive they were last in step with is no longer in Git"
          : "the changes conflict: " + merged.get().conflicts();
      why.add(problem);
      merged.ifPresent(m -> io.githydrate.engine.AtomicFiles.deleteQuietly(m.archive()));
      if (commit) {
        throw new HydrateException(entry.label() + ": changed here, and its archive changed too since they were"
            + " last in step, so exporting it would undo the archive's changes; " + problem
            + ". Run git hydrate sync (it keeps this database as a backup), redo the change, then commit");
      }
      return Optional.empty();
    }
    Path result = merged.get().archive();
    try {
      Hydrator.Outcome built = context.hydrator(true, true, BackupFolder.Reason.MERGE).hydrate(result, entry.label(), entry.database());
      String mergedDigest = Digests.ofFile(result);
      Result ending;
      if (commit) {
        io.githydrate.engine.AtomicFiles.replace(result, entry.archive());
        result = null;
        state.put(entry.label(), new SyncState.Record(mergedDigest, FileStamp.of(entry.archive()), mergedDigest,
            FileStamp.ofDatabase(entry.database()), mergedDigest));
        ending = Result.MERGED_AND_EXPORTED;
      } else {
        state.put(entry.label(), new SyncState.Record(plan.archiveDigest(), plan.archiveStamp(), plan.archiveDigest(),
            FileStamp.ofDatabase(entry.database()), mergedDigest));
        ending = Result.MERGED_KEEPING_LOCAL;
      }
      List<String> notes = new ArrayList<>(merged.get().outcome().notes());
      String onlyThere = onlyInBackup(entry.label(), built.backup());
      if (onlyThere != null) {
        notes.add(onlyThere);
      }
      String note = notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")";
      return Optional.of(new Change(entry.label(), commit ? SyncAction.DEHYDRATE : SyncAction.MERGE, ending, note,
          entry.archive(), built.backup(), built.summary()));
    } catch (IOException e) {
      throw new HydrateException(entry.label() + ": cannot write the merged archive: " + e.getMessage(), e);
    } finally {
      io.githydrate.engine.AtomicFiles.deleteQuietly(result);
    }
  }

  /**
   * What of a database rebuilt whole only its backup still holds: the rows of its excluded tables and
   * the values of its redacted columns, which no archive has; null when its rules keep nothing out,
   * or no backup was kept.
   */
  private String onlyInBackup(String label, Path backup) {
    if (backup == null) {
      return null;
    }
    ArchiveRules rules = context.archiveRules(label);
    if (rules.rowsExcluded().isEmpty() && rules.redactions().isEmpty()) {
      return null;
    }
    return "rows of excluded tables and redacted values are only in the backup " + context.display(backup);
  }

  private Hydrator.Outcome hydrate(DatabaseEntry entry, Plan plan) {
    // With HYDRATE the database still holds what it held at the last sync, which Git has: no backup
    // needed, and its content differs from the changed archive's (unless the archive only changed
    // its layout; then its content is written again, the same). Outside Git (an application's start
    // in a plain folder) nothing else holds it once its archive was replaced: a backup is kept.
    boolean unchangedDatabase = plan.action() == SyncAction.HYDRATE && plan.databaseDigest() != null
        && plan.databaseDigest().equals(plan.synced());
    String known = plan.pendingDigest() != null ? plan.pendingDigest().get() : plan.archiveDigest();
    boolean inGit = context.workspace().gitDir().isPresent();
    // Rows of excluded tables and values of redacted columns are nowhere in Git.
    ArchiveRules rules = context.archiveRules(entry.label());
    boolean allInGit = inGit && rules.rowsExcluded().isEmpty() && rules.redactions().isEmpty();
    return context.cachingHydrator(plan.action() != SyncAction.HYDRATE || !allInGit)
        .hydrate(entry.archive(), entry.label(), entry.database(),
            new Hydrator.Known(known, unchangedDatabase, () -> indexes.key().orElse(null)));
  }

  private Dehydrator.Written dehydrate(DatabaseEntry entry) {
    return DehydrateAll.exportIfHealthy(context, entry, problem -> entry.label() + ": corrupt ("
        + problem + "); not exported. Rebuild it from its archive with: git hydrate repair " + entry.label(),
        indexes.key().orElse(null));
  }
}
