package io.githydrate.sync;

import static io.githydrate.Messages.printable;

import io.githydrate.HydrateException;
import io.githydrate.engine.DatabaseCheck;
import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.FilterConfig;
import io.githydrate.git.FilterDatabases;
import io.githydrate.git.GitCli;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The repository-wide commands of a repository in filter mode, where Git itself stores, compares
 * and restores databases through the filter: the archive of each is the blob Git holds at its path.
 * What is left for git-hydrate: databases checked out as archive text (before the filter was set
 * up), status against what Git holds, staging, and rebuilding a corrupt database from Git's archive.
 */
public final class FilterWorkTree {
  private final Context context;
  private final GitCli git;
  private final FilterDatabases databases;

  public FilterWorkTree(Context context, GitCli git) {
    this.context = context;
    this.git = git;
    this.databases = new FilterDatabases(context.workspace(), git);
  }

  /** Every database: tracked with the filter, or a file the layout calls a database. */
  public List<DatabaseEntry> entries() {
    return databases.entries();
  }

  /** What is wrong with the filter's configuration here (empty when Git runs it). */
  public List<String> configurationProblems() {
    return new FilterConfig(git).problems();
  }

  /**
   * Turns archive text at tracked database paths into databases, when Git runs the filter here (so
   * it sees them as unchanged); the per-path lines say what was done, {@code errors} what failed.
   */
  public Map<String, String> buildCheckedOutArchives(List<String> errors) {
    List<String> problems = configurationProblems();
    if (!problems.isEmpty()) {
      boolean textFound = databases.tracked().stream().anyMatch(label -> holdsText(label));
      if (textFound) {
        errors.add("databases hold their archives' text, and the hydrate filter is not set up here ("
            + problems.get(0) + "): run git hydrate install --filter (or, once per user, git hydrate install --global)");
      }
      return Map.of();
    }
    return databases.buildCheckedOutArchives(context.clock(), errors);
  }

  private boolean holdsText(String label) {
    try {
      Path file = context.workspace().resolve(label);
      return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && FilterDatabases.holdsArchiveText(file);
    } catch (HydrateException e) {
      return false;
    }
  }

  /** Where each database stands against the archive Git holds for it. */
  public Status.Report status(List<DatabaseEntry> entries) {
    Map<String, Status.DatabaseStatus> states = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    Set<String> tracked = new HashSet<>(databases.tracked());
    List<String> comparable = new ArrayList<>();
    int lockMillis = (int) context.lockTimeout().toMillis();
    for (DatabaseEntry entry : entries) {
      String label = entry.label();
      try {
        Path file = entry.database();
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
          states.put(label, state(label, Status.State.DATABASE_MISSING,
              tracked.contains(label) ? "run: git restore -- " + label : "no such file"));
        } else if (FilterDatabases.holdsArchiveText(file)) {
          states.put(label, state(label, Status.State.ARCHIVE_TEXT,
              "checked out before the hydrate filter was set up; run: git hydrate sync"));
        } else {
          DatabaseCheck.Health health = DatabaseCheck.check(file, DatabaseCheck.Level.QUICK, lockMillis);
          if (!health.healthy()) {
            states.put(label, state(label, Status.State.CORRUPT, health.problem()));
          } else if (!tracked.contains(label)) {
            states.put(label, state(label, Status.State.ARCHIVE_MISSING, "not tracked yet; run: git add -- " + label));
          } else {
            comparable.add(label);
          }
        }
      } catch (HydrateException e) {
        errors.add(e.getMessage());
      }
    }
    if (!comparable.isEmpty()) {
      List<String> problems = configurationProblems();
      if (!problems.isEmpty()) {
        errors.add("the hydrate filter is not set up here (" + problems.get(0)
            + "), so Git cannot compare databases; run: git hydrate install --filter");
        return new Status.Report(states, errors);
      }
      Set<String> unstaged = new HashSet<>(git.entries(List.of("diff", "--name-only", "-z", "--"), comparable));
      Set<String> staged = new HashSet<>(git.entries(List.of("diff", "--cached", "--name-only", "-z", "--"), comparable));
      for (String label : comparable) {
        if (unstaged.contains(label)) {
          states.put(label, state(label, Status.State.LOCAL_CHANGES, "not staged; run: git add -- " + label));
        } else {
          states.put(label, state(label, Status.State.IN_SYNC, staged.contains(label) ? "staged, not committed yet" : null));
        }
      }
    }
    return new Status.Report(states, errors);
  }

  private static Status.DatabaseStatus state(String label, Status.State state, String detail) {
    return new Status.DatabaseStatus(label, state, detail);
  }

  /** Stages the databases that exist ({@code git add}, which runs the filter); returns those newly staged. */
  public List<String> add(List<DatabaseEntry> entries) {
    List<String> labels = new ArrayList<>();
    for (DatabaseEntry entry : entries) {
      if (Files.isRegularFile(entry.database(), LinkOption.NOFOLLOW_LINKS)) {
        labels.add(entry.label());
      }
    }
    if (labels.isEmpty()) {
      return List.of();
    }
    Set<String> before = new HashSet<>(git.entries(List.of("diff", "--cached", "--name-only", "-z", "--"), labels));
    git.run(List.of("add", "--"), labels);
    List<String> staged = new ArrayList<>();
    for (String label : git.entries(List.of("diff", "--cached", "--name-only", "-z", "--"), labels)) {
      if (!before.contains(label)) {
        staged.add(label);
      }
    }
    return staged;
  }

  /** Rebuilds each corrupt database from the archive Git holds for it (the index's), keeping the damaged file. */
  public Repair.FixResult repair(List<DatabaseEntry> entries, DatabaseCheck.Level level) {
    Path scratch = context.workspace().gitDir().orElseThrow().resolve("git-hydrate").resolve("tmp");
    try (IndexArchives archives = new IndexArchives(context.workspace().root(), scratch)) {
      return new Repair(context, level).run(entries, entry -> archives.copyOf(entry.label()));
    }
  }

  /** Copies of archives, deleted when closed. */
  public interface Copies extends AutoCloseable {
    @Override
    void close();
  }

  /** The archives Git holds, as files, for commands that read archives ({@code stats}); the copies go on close. */
  public Copies withArchives(List<DatabaseEntry> entries, Map<String, Path> copies) {
    Path scratch = context.workspace().gitDir().orElseThrow().resolve("git-hydrate").resolve("tmp");
    IndexArchives archives = new IndexArchives(context.workspace().root(), scratch);
    for (DatabaseEntry entry : entries) {
      Optional<Path> copy = archives.copyOf(entry.label());
      copy.ifPresent(path -> copies.put(entry.label(), path));
    }
    return archives::close;
  }

  /** Lines saying what {@link #buildCheckedOutArchives} did, for a command to print. */
  public static List<String> describe(Map<String, String> built) {
    List<String> lines = new ArrayList<>();
    new LinkedHashMap<>(built).forEach((label, what) -> lines.add(printable(label) + ": " + what));
    return lines;
  }
}
