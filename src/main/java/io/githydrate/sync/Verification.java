package io.githydrate.sync;

import io.githydrate.HydrateException;
import io.githydrate.engine.ArchiveSummary;
import io.githydrate.engine.DatabaseCheck;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Digests;
import io.githydrate.engine.Hydrator;
import io.githydrate.engine.ValueFiles;
import io.githydrate.git.DatabaseEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.io.file.PathUtils;

/**
 * Proves that round trips are exact, for CI: a database is dehydrated, hydrated into a scratch file
 * and dehydrated again, and the two archives must be byte-identical; an archive without its
 * database is hydrated and dehydrated, and must come back byte-identical (which also shows it is in
 * canonical form). Nothing in the workspace is written.
 */
public final class Verification {
  /** One database's verdict; {@code problem} is null when it passed. */
  public record Verdict(String checked, int tables, long rows, String problem) {
    public boolean passed() {
      return problem == null;
    }
  }

  public record Report(Map<String, Verdict> databases, List<String> errors) {
    public boolean passed() {
      return errors.isEmpty() && databases.values().stream().allMatch(Verdict::passed);
    }
  }

  private final Context context;

  public Verification(Context context) {
    this.context = context;
  }

  public Report run(List<DatabaseEntry> entries) {
    Map<String, Verdict> verdicts = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    for (DatabaseEntry entry : entries) {
      Path scratch = null;
      try {
        scratch = Files.createTempDirectory("git-hydrate-verify");
        if (Files.exists(entry.database())) {
          verdicts.put(entry.label(), verifyDatabase(entry, scratch));
        } else if (Files.exists(entry.archive())) {
          verdicts.put(entry.label(), verifyArchive(entry, scratch));
        }
      } catch (HydrateException e) {
        errors.add(e.getMessage());
      } catch (IOException e) {
        errors.add(entry.label() + ": cannot make a scratch folder: " + e.getMessage());
      } finally {
        deleteQuietly(scratch);
      }
    }
    return new Report(verdicts, errors);
  }

  private Verdict verifyDatabase(DatabaseEntry entry, Path scratch) {
    DatabaseCheck.Health health =
        DatabaseCheck.check(entry.database(), DatabaseCheck.Level.FULL, (int) context.lockTimeout().toMillis());
    if (!health.healthy()) {
      return new Verdict("database", 0, 0, "corrupt: " + health.problem());
    }
    Path first = scratch.resolve("first.json");
    Dehydrator dehydrator = context.dehydrator();
    ArchiveSummary summary = dehydrator.dehydrate(entry.database(), entry.label(), first).summary();
    return new Verdict("database", summary.tables(), summary.rows(), roundTrip(entry, first, scratch));
  }

  private Verdict verifyArchive(DatabaseEntry entry, Path scratch) {
    Path copy = scratch.resolve("archive.json");
    try {
      Files.copy(entry.archive(), copy);
      Path values = ValueFiles.folderOf(entry.archive());
      if (Files.isDirectory(values)) {
        PathUtils.copyDirectory(values, ValueFiles.folderOf(copy)); // the copy's large values, beside it
      }
    } catch (IOException e) {
      throw new HydrateException(entry.archive() + ": cannot read: " + e.getMessage(), e);
    }
    String problem = roundTrip(entry, copy, scratch);
    ArchiveSummary summary = io.githydrate.engine.ArchiveInspector.inspect(copy).summary();
    return new Verdict("archive", summary.tables(), summary.rows(), problem == null ? null
        : problem + " (an archive written by another tool, or edited by hand, is not in canonical form)");
  }

  /** Hydrates {@code archive} into a scratch database, dehydrates that, and compares the bytes. */
  private String roundTrip(DatabaseEntry entry, Path archive, Path scratch) {
    Path rebuilt = scratch.resolve("rebuilt.db");
    Path second = scratch.resolve("second.json");
    new Hydrator(new Hydrator.Options(false, scratch, context.lockTimeout()), context.progress(), context.clock())
        .hydrate(archive, entry.label(), rebuilt);
    context.dehydrator().dehydrate(rebuilt, entry.label(), second);
    if (Digests.ofFile(archive).equals(Digests.ofFile(second))) {
      return null;
    }
    return "the rebuilt database differs from the original" + firstDifference(archive, second);
  }

  private static String firstDifference(Path a, Path b) {
    try {
      FirstDifference.Difference difference = FirstDifference.of(a, b);
      return difference == null ? "" : " (first difference at archive line " + difference.line() + ")";
    } catch (IOException e) {
      return "";
    }
  }

  private static void deleteQuietly(Path directory) {
    if (directory != null) {
      try {
        PathUtils.deleteDirectory(directory);
      } catch (IOException e) {
        // a scratch folder in the temp directory; the OS cleans it eventually
      }
    }
  }
}
