package io.githydrate.sync;

import io.githydrate.HydrateException;
import io.githydrate.Messages;
import io.githydrate.engine.ArchiveInspector;
import io.githydrate.engine.ArchiveSummary;
import io.githydrate.engine.AtomicFiles;
import io.githydrate.engine.ContentKind;
import io.githydrate.git.CommitHistory;
import io.githydrate.merge.ArchiveDiff;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The history of databases for {@code git hydrate log}: per commit that changed one, what changed in
 * it, counted rather than listed. Only archives whose blob changed between a commit and its first
 * parent are read, each once: the older side of one commit is the newer side of the next one shown,
 * so its file is kept for that commit. Files are written to the temp directory and deleted; nothing
 * in the repository is.
 */
public final class History {
  /** How a database changed in a commit. */
  public enum Status {
    ADDED("added"), MODIFIED("modified"), DELETED("deleted");

    private final String wireName;

    Status(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /**
   * One database in one commit. {@code counts} holds a modified database's changes; {@code summary}
   * the size of an added database (after) or a deleted one (before).
   */
  public record DatabaseChange(String path, Status status, ChangeCounts counts, ArchiveSummary summary) {}

  /** One commit shown: its details and its databases; {@code errors} names those that could not be read. */
  public record Entry(CommitHistory.Commit commit, List<DatabaseChange> databases, List<String> errors) {}

  /** Receives the entries, newest first, as they are found. */
  public interface Listener {
    void entry(Entry entry) throws IOException;
  }

  private final Context context;
  private final CommitHistory commits;
  /** Archives read for the commit before, by blob: the next commit's older side is among them. */
  private Map<ObjectId, Path> previous = new HashMap<>();

  public History(Context context, CommitHistory commits) {
    this.context = context;
    this.commits = commits;
  }

  /**
   * Walks from {@code start}, reporting up to {@code max} commits (all when negative) that changed a
   * database {@code wanted} accepts. Returns how many were reported.
   */
  public int run(ObjectId start, Predicate<String> wanted, int max, Listener listener) throws IOException {
    int[] shown = {0};
    if (max == 0) {
      return 0;
    }
    try {
      commits.walk(start, wanted, commit -> {
        Map<ObjectId, Path> current = new HashMap<>();
        List<DatabaseChange> databases = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (CommitHistory.Change change : commit.changes()) {
          try {
            databases.add(database(change, commit, current));
          } catch (HydrateException e) {
            errors.add(Messages.printable(change.database()) + ": " + e.getMessage());
          }
        }
        previous.values().removeIf(file -> !current.containsValue(file) && deleted(file));
        previous = current;
        listener.entry(new Entry(commit, databases, errors));
        return ++shown[0] != max;
      });
    } finally {
      previous.values().forEach(AtomicFiles::deleteQuietly);
      previous.clear();
    }
    return shown[0];
  }

  private DatabaseChange database(CommitHistory.Change change, CommitHistory.Commit commit,
      Map<ObjectId, Path> current) throws IOException {
    String shortId = commit.id().substring(0, 12);
    Path before = change.before() == null ? null
        : archive(change.before(), parentId(commit) + ":" + change.before().path(), current);
    Path after = change.after() == null ? null
        : archive(change.after(), shortId + ":" + change.after().path(), current);
    String label = change.database();
    if (before == null && after == null) {
      return new DatabaseChange(label, Status.MODIFIED, new ChangeCounts(), null);
    }
    if (before == null || after == null) {
      ArchiveSummary summary = ArchiveInspector.inspect(before == null ? after : before).summary();
      return new DatabaseChange(label, before == null ? Status.ADDED : Status.DELETED, null, summary);
    }
    return new DatabaseChange(label, Status.MODIFIED, compare(before, parentId(commit) + ":" + change.before().path(),
        after, shortId + ":" + change.after().path()), null);
  }

  /** The first parent's abbreviated id: how messages name the older side of a commit's change. */
  private static String parentId(CommitHistory.Commit commit) {
    return commit.parent() == null ? "" : commit.parent().substring(0, 12);
  }

  /** What changed between two archives of one database. */
  public static ChangeCounts compare(Path before, String beforeLabel, Path after, String afterLabel)
      throws IOException {
    ChangeCounts counts = new ChangeCounts();
    ArchiveDiff.diff(before, beforeLabel, after, afterLabel, counts);
    return counts;
  }

  /**
   * The archive a version is read from: its blob, or, for a database committed as a SQLite file, its
   * export; null for an empty file.
   */
  private Path archive(CommitHistory.Version version, String label, Map<ObjectId, Path> current)
      throws IOException {
    Path known = previous.get(version.blob());
    if (known == null) {
      known = current.get(version.blob());
    }
    if (known == null) {
      known = read(version, label);
    }
    current.put(version.blob(), known);
    return Files.size(known) == 0 ? null : known;
  }

  private Path read(CommitHistory.Version version, String label) throws IOException {
    Path blob = AtomicFiles.tempFile("git-hydrate-log-", ".blob");
    try {
      commits.copyBlob(version.blob(), blob);
      switch (ContentKind.ofFile(blob)) {
        case ARCHIVE, EMPTY:
          return blob;
        case DATABASE:
          Path exported = export(blob, version.path());
          AtomicFiles.deleteQuietly(blob);
          return exported;
        default:
          throw new HydrateException(Messages.printable(label) + ": neither an archive nor a SQLite database");
      }
    } catch (IOException | RuntimeException e) {
      AtomicFiles.deleteQuietly(blob);
      throw e;
    }
  }

  private Path export(Path database, String label) throws IOException {
    Path exported = AtomicFiles.tempFile("git-hydrate-log-", ".json");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(exported), 1 << 16)) {
      context.dehydrator().dehydrate(database, label, out);
      return exported;
    } catch (UncheckedIOException e) {
      AtomicFiles.deleteQuietly(exported);
      throw e.getCause();
    } catch (IOException | RuntimeException e) {
      AtomicFiles.deleteQuietly(exported);
      throw e;
    }
  }

  private static boolean deleted(Path file) {
    AtomicFiles.deleteQuietly(file);
    return true;
  }
}
