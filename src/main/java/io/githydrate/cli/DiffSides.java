package io.githydrate.cli;

import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.FilterDatabases;
import io.githydrate.git.GitCli;
import io.githydrate.git.Mode;
import io.githydrate.git.Workspace;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;

/**
 * Where each side of {@code git hydrate diff} finds each database: in a commit, the blob at the
 * database's path (filter mode) or at its archive's (hooks mode); in the work tree, the database
 * file as it is now, or, in hooks mode, the archive when the database is missing. Both kinds of
 * path are read in a commit whatever the mode, so a diff across the commit that moved a repository
 * between modes shows only what changed in the databases.
 */
final class DiffSides {
  /**
   * One database in one version: a blob of a commit, or a file of the work tree.
   *
   * @param name how messages name it ({@code HEAD:app.db.json}, {@code app.db (work tree)})
   */
  record Version(String blob, Path file, String name) {}

  private final Workspace workspace;
  private final GitCli git;
  private final Mode mode;

  DiffSides(Workspace workspace, GitCli git, Mode mode) {
    this.workspace = workspace;
    this.git = git;
    this.mode = mode;
  }

  /**
   * The commit {@code revision} names, for a command line that gave it; a usage error (exit code 2)
   * when it names none.
   */
  static String commit(GitCli git, String revision, CommandLine commandLine) {
    String commit = revision.startsWith("-") ? null : git.tryRun("rev-parse", "-q", "--verify", revision + "^{commit}");
    if (commit == null) {
      throw new CommandLine.ParameterException(commandLine, revision + ": not a commit of this repository");
    }
    return commit;
  }

  /** Every database of commit {@code commit} (shown as {@code revision}), by database path. */
  Map<String, Version> commit(String commit, String revision) {
    Placed placed = new Placed();
    for (String entry : git.entries("ls-tree", "-r", "-z", "--full-tree", commit)) {
      int tab = entry.indexOf('\t');
      String[] fields = entry.substring(0, Math.max(tab, 0)).split(" ");
      if (tab < 0 || fields.length != 3 || !fields[1].equals("blob")) {
        continue;
      }
      String path = entry.substring(tab + 1);
      placed.add(path, new Version(fields[2], null, revision + ":" + path));
    }
    return placed.byDatabase();
  }

  /**
   * Every database as Git's index holds it (what the next commit will), by database path; a path
   * with a merge conflict open is left out.
   */
  Map<String, Version> index() {
    Placed placed = new Placed();
    for (String entry : git.entries("ls-files", "-s", "-z", "--full-name")) {
      int tab = entry.indexOf('\t');
      String[] fields = entry.substring(0, Math.max(tab, 0)).split(" ");
      if (tab < 0 || fields.length != 3 || !fields[2].equals("0") || fields[0].equals("160000")) {
        continue;
      }
      String path = entry.substring(tab + 1);
      placed.add(path, new Version(fields[1], null, ":" + path));
    }
    return placed.byDatabase();
  }

  /**
   * Blobs at a database's own path and at its archive's path; both kinds are read whatever the
   * mode, the mode's own kind winning where a database has both.
   */
  private final class Placed {
    private final Map<String, Version> atDatabasePath = new TreeMap<>();
    private final Map<String, Version> atArchivePath = new TreeMap<>();

    void add(String path, Version version) {
      if (workspace.rules().isDatabase(path)) {
        atDatabasePath.put(path, version);
      } else {
        workspace.rules().databaseOf(path).ifPresent(database -> atArchivePath.put(database, version));
      }
    }

    Map<String, Version> byDatabase() {
      Map<String, Version> preferred = mode == Mode.FILTER ? atDatabasePath : atArchivePath;
      Map<String, Version> all = new TreeMap<>(mode == Mode.FILTER ? atArchivePath : atDatabasePath);
      all.putAll(preferred);
      return all;
    }
  }

  /** What a work-tree file's name ends with, beside its path. */
  static final String WORK_TREE = " (work tree)";

  /** The path a version's name starts with: a work-tree file's without {@link #WORK_TREE}. */
  static String pathOf(String name) {
    return name.endsWith(WORK_TREE) ? name.substring(0, name.length() - WORK_TREE.length()) : name;
  }

  /** Every database of the work tree, by database path. */
  Map<String, Version> workTree() {
    Map<String, Version> all = new TreeMap<>();
    List<DatabaseEntry> entries = mode == Mode.FILTER ? new FilterDatabases(workspace, git).entries()
        : workspace.databases();
    for (DatabaseEntry entry : entries) {
      Path file = exists(entry.database()) ? entry.database()
          : mode == Mode.HOOKS && exists(entry.archive()) ? entry.archive() : null;
      if (file != null) {
        all.put(entry.label(), new Version(null, file, workspace.labelOf(file).orElse(entry.label()) + WORK_TREE));
      }
    }
    return all;
  }

  private static boolean exists(Path file) {
    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
  }
}
