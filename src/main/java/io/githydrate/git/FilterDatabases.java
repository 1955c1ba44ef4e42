package io.githydrate.git;

import static io.githydrate.Messages.printable;

import io.githydrate.HydrateException;
import io.githydrate.engine.AtomicFiles;
import io.githydrate.engine.BackupFolder;
import io.githydrate.engine.ContentKind;
import io.githydrate.engine.Hydrator;
import io.githydrate.engine.PlaceholderValues;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The databases of a repository in filter mode, which Git tracks at their own paths with
 * {@code filter=hydrate}, and the one repair only git-hydrate can make there: a clone made before
 * the filter was configured has the archives' text at the database paths (Git wrote the blobs as
 * they are), and each becomes the database it describes.
 */
public final class FilterDatabases {
  /** A pathspec for every path Git gives the hydrate filter. */
  public static final String PATHSPEC = ":(attr:filter=hydrate)";

  private final Workspace workspace;
  private final GitCli git;

  public FilterDatabases(Workspace workspace, GitCli git) {
    this.workspace = workspace;
    this.git = git;
  }

  /** The paths Git tracks with the hydrate filter, from the top of the work tree. */
  public List<String> tracked() {
    return git.entries("ls-files", "-z", "--", PATHSPEC);
  }

  /**
   * Every database of the work tree: the tracked ones and the files the layout calls databases
   * that are not tracked yet, sorted by path.
   */
  public List<DatabaseEntry> entries() {
    Map<String, DatabaseEntry> all = new TreeMap<>();
    for (String label : tracked()) {
      all.put(label, entry(label));
    }
    for (DatabaseEntry found : workspace.databases()) {
      if (Files.exists(found.database(), LinkOption.NOFOLLOW_LINKS)) {
        all.putIfAbsent(found.label(), entry(found.label()));
      }
    }
    return new ArrayList<>(all.values());
  }

  /** The entry of a database path; it has no archive file (Git holds the archive). */
  private DatabaseEntry entry(String label) {
    Path database = workspace.resolve(label);
    return new DatabaseEntry(label, database, database);
  }

  /** Whether {@code file} holds an archive's text rather than a database. */
  public static boolean holdsArchiveText(Path file) {
    return ContentKind.ofFile(file) == ContentKind.ARCHIVE;
  }

  /**
   * Turns each tracked path whose file holds an archive's text into the database it describes.
   * Text that is not what Git holds for the path (edited since) is kept in the backups first.
   *
   * @return per path built: what was done; failures are collected in {@code errors}
   */
  public Map<String, String> buildCheckedOutArchives(Clock clock, List<String> errors) {
    Map<String, String> done = new LinkedHashMap<>();
    List<String> asGitHasThem = new ArrayList<>();
    for (String label : tracked()) {
      Path file;
      try {
        file = workspace.resolve(label);
      } catch (HydrateException e) {
        errors.add(e.getMessage());
        continue;
      }
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !holdsArchiveText(file)) {
        continue;
      }
      try {
        boolean gitsText = sameAsIndex(label, file);
        done.put(label, build(label, file, gitsText, clock));
        if (gitsText) {
          asGitHasThem.add(label);
        }
      } catch (HydrateException e) {
        errors.add(e.getMessage());
      } catch (IOException e) {
        errors.add(printable(label) + ": cannot build the database from its archive text: " + e.getMessage());
      }
    }
    if (!asGitHasThem.isEmpty()) {
      // Git decides a file changed by its size first: until it records the database's, the file
      // would show as modified. Adding it runs the filter, which gives the archive Git holds.
      git.run(List.of("add", "--"), asGitHasThem);
    }
    return done;
  }

  private String build(String label, Path file, boolean gitsText, Clock clock) throws IOException {
    Path built = AtomicFiles.tempFileBeside(file);
    try {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
        Hydrator.buildChecked(in, label, built, DatabaseSettings.read(workspace.root()).rulesFor(label, Mode.FILTER),
            PlaceholderValues.ofProcess());
      }
      String kept = "";
      if (!gitsText) {
        Path backups = workspace.backupDirectory().orElse(file.toAbsolutePath().getParent());
        Instant made = clock.instant();
        Path backup = new BackupFolder(backups).newPath(file, made, ".json");
        if (workspace.backupDirectory().isPresent()) {
          BackupFolder.describe(backup, label, made, BackupFolder.Reason.ARCHIVE_TEXT);
        }
        Files.copy(file, backup);
        kept = "; its text differed from Git's and is kept as " + workspace.labelOf(backup).orElse(backup.toString());
      }
      AtomicFiles.sync(built);
      AtomicFiles.replace(built, file);
      built = null;
      return "built the database from the archive text Git had checked out" + kept;
    } finally {
      AtomicFiles.deleteQuietly(built);
    }
  }

  /** Whether the file's bytes are the blob the index holds for it. */
  private boolean sameAsIndex(String label, Path file) {
    String staged = git.tryRun("rev-parse", "-q", "--verify", ":" + label);
    String onDisk = git.tryRun("hash-object", "--no-filters", "--", file.toString());
    return staged != null && staged.equals(onDisk);
  }
}
