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
    IN_SYNC, DIFFERS, DATABASE_MISSING, ARCHIVE_MISSING, CORRUPT;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One database's state; {@code detail} explains it for the user, or is null. */
  public record DatabaseStatus(String archivePath, State state, String detail) {}

  public record Report(Map<String, DatabaseStatus> databases, List<String> errors) {}

  private final Context context;

  public Status(Context context) {
    this.context = context;
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
    return database.equals(Digests.ofFile(entry.archive()))
        ? new DatabaseStatus(archive, State.IN_SYNC, null)
        : new DatabaseStatus(archive, State.DIFFERS,
            "the database and its archive hold different content");
  }

}
