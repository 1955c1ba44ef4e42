package io.githydrate.sync;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.githydrate.HydrateException;
import io.githydrate.engine.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What was true of each database and its archive when they were last in sync, kept in the Git
 * directory (per worktree) so that events Git runs no hook for ({@code reset --hard}, stash, a
 * hook installed late) are put right by the next hook run or {@code git hydrate sync}.
 *
 * <p>Not thread safe; one process at a time (hooks do not overlap within one work tree).
 */
public final class SyncState {
  /**
   * One database's record. In sync, a database dehydrates to exactly its archive's bytes, so one
   * SHA-256 describes both: {@code synced} is that digest at the last sync. The stamps and digests
   * of each file as last seen save recomputing a digest while a file is untouched.
   */
  public record Record(String synced, String archiveStamp, String archiveDigest, String databaseStamp,
      String databaseDigest) {}

  private static final int VERSION = 1;

  private final Path file;
  private final Map<String, Record> records;

  private SyncState(Path file, Map<String, Record> records) {
    this.file = file;
    this.records = records;
  }

  /** The state stored in {@code file}; empty when there is none or it cannot be read (it is only a cache of facts). */
  /** The state file, per worktree, inside the Git directory. */
  public static Path file(Path gitDir) {
    return gitDir.resolve("git-hydrate").resolve("state.json");
  }

  /**
   * Where {@code workspace}'s state is kept: in its Git directory, so that the hooks and every
   * command agree; outside Git, in {@code .git-hydrate/state.json} at the workspace's root.
   */
  public static Path fileOf(io.githydrate.git.Workspace workspace) {
    return workspace.gitDir().map(SyncState::file)
        .orElseGet(() -> workspace.root().resolve(".git-hydrate").resolve("state.json"));
  }

  public static SyncState load(Path file) {
    // A damaged cache is no cache: everything is looked at afresh.
    return loadExisting(file).orElseGet(() -> new SyncState(file, new TreeMap<>()));
  }

  /** The state stored in {@code file}; empty when there is none or it cannot be read whole. */
  public static Optional<SyncState> loadExisting(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Map<String, Record> records = new TreeMap<>();
    try {
      Object databases = StateJson.parse(Files.readString(file, StandardCharsets.UTF_8)).get("databases");
      if (databases != null) {
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) databases).entrySet()) {
          Map<?, ?> values = (Map<?, ?>) entry.getValue();
          records.put((String) entry.getKey(), new Record(text(values, "synced"), text(values, "archive_stamp"),
              text(values, "archive_digest"), text(values, "database_stamp"), text(values, "database_digest")));
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.of(new SyncState(file, records));
  }

  private static String text(Map<?, ?> values, String key) {
    Object value = values.get(key);
    return value == null ? null : (String) value;
  }

  /** Every database the state has a record of. */
  public java.util.Set<String> labels() {
    return java.util.Set.copyOf(records.keySet());
  }

  public Optional<Record> get(String label) {
    return Optional.ofNullable(records.get(label));
  }

  public void put(String label, Record record) {
    records.put(label, record);
  }

  public void remove(String label) {
    records.remove(label);
  }

  /** Writes the state atomically. */
  public void save() {
    AtomicFiles.removeStaleTemps(file);
    Path temp = null;
    try {
      temp = AtomicFiles.tempFileBeside(file);
      try (OutputStream out = Files.newOutputStream(temp);
           JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
        json.setPrettyPrinter(new DefaultPrettyPrinter());
        json.writeStartObject();
        json.writeNumberField("version", VERSION);
        json.writeObjectFieldStart("databases");
        for (Map.Entry<String, Record> entry : records.entrySet()) {
          Record r = entry.getValue();
          json.writeObjectFieldStart(entry.getKey());
          json.writeStringField("synced", r.synced());
          json.writeStringField("archive_stamp", r.archiveStamp());
          json.writeStringField("archive_digest", r.archiveDigest());
          json.writeStringField("database_stamp", r.databaseStamp());
          json.writeStringField("database_digest", r.databaseDigest());
          json.writeEndObject();
        }
        json.writeEndObject();
        json.writeEndObject();
      }
      AtomicFiles.replace(temp, file);
      temp = null;
    } catch (IOException e) {
      throw new HydrateException(file + ": cannot save the sync state: " + e.getMessage(), e);
    } finally {
      AtomicFiles.deleteQuietly(temp);
    }
  }
}
