package io.githydrate.sync;

import io.githydrate.HydrateException;
import io.githydrate.engine.DatabaseCheck;
import io.githydrate.engine.Digests;
import io.githydrate.git.DatabaseEntry;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Which databases match their archives, byte for byte, and which do not (and why). */
public final class Status {
  /** Where a database stands against its archive. */
  public enum State {
    IN_SYNC, LOCAL_CHANGES, ARCHIVE_NEWER, BOTH_CHANGED, DIFFERS, DATABASE_MISSING, ARCHIVE_MISSING, CORRUPT,
    /** Filter mode: the file holds the archive's text (checked out before the filter was set up). */
    ARCHIVE_TEXT,
    /** A merge left it unmerged: its conflicts are to be resolved. */
    CONFLICT;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One database's state; {@code detail} explains it for the user, or is null. */
  public record DatabaseStatus(String archivePath, State state, String detail) {}

  public record Report(Map<String, DatabaseStatus> databases, List<String> errors) {}

  private final Context context;
  private final SyncState state;

  /** @param state the sync state of a Git work tree, which tells which side changed; null outside Git */
  public Status(Context context, SyncState state) {
    this.context = context;
    this.state = state;
  }

  public Report run(List<DatabaseEntry> entries) {
    Map<String, DatabaseStatus> databases = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    for (DatabaseEntry entry : entries) {
      try {
        databases.put(entry.label(), statusOf(entry));
      } catch (HydrateException e) {
        errors.add(e.getMessage());
      }
    }
    return new Report(databases, errors);
  }

  private DatabaseStatus statusOf(DatabaseEntry entry) {
    String archive = context.display(entry.archive());
    boolean hasDatabase = Files.exists(entry.database());
    boolean hasArchive = Files.exists(entry.archive());
    if (!hasDatabase) {
      return new DatabaseStatus(archive, State.DATABASE_MISSING, "run: git hydrate hydrate");
    }
    DatabaseCheck.Health health =
        DatabaseCheck.check(entry.database(), DatabaseCheck.Level.QUICK, (int) context.lockTimeout().toMillis());
    if (!health.healthy()) {
      return new DatabaseStatus(archive, State.CORRUPT, health.problem());
    }
    if (!hasArchive) {
      return new DatabaseStatus(archive, State.ARCHIVE_MISSING, "run: git hydrate dehydrate");
    }
    String database = context.dehydrator().digest(entry.database(), entry.label());
    String archiveDigest = Digests.ofFile(entry.archive());
    if (database.equals(archiveDigest)) {
      return new DatabaseStatus(archive, State.IN_SYNC, null);
    }
    String synced = state == null ? null : state.get(entry.label()).map(SyncState.Record::synced).orElse(null);
    if (synced == null) {
      return new DatabaseStatus(archive, State.DIFFERS, "the database and its archive hold different content");
    }
    boolean databaseChanged = !database.equals(synced);
    boolean archiveChanged = !archiveDigest.equals(synced);
    if (databaseChanged && archiveChanged) {
      return new DatabaseStatus(archive, State.BOTH_CHANGED, "'git hydrate sync' merges the archive's changes into"
          + " the database, 'git hydrate add' or a commit merges and exports both; conflicting changes are refused");
    }
    return archiveChanged
        ? new DatabaseStatus(archive, State.ARCHIVE_NEWER, "run: git hydrate sync")
        : new DatabaseStatus(archive, State.LOCAL_CHANGES, "not in the archive yet; run: git hydrate add");
  }

}
