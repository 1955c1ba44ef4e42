package io.githydrate.sync;

import static io.githydrate.Messages.printable;

import io.githydrate.HydrateException;
import io.githydrate.engine.HealthyExport;
import io.githydrate.engine.ValueFiles;
import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.FilterConfig;
import io.githydrate.git.FilterDatabases;
import io.githydrate.git.GitCli;
import io.githydrate.git.Installer;
import io.githydrate.git.Mode;
import io.githydrate.git.Workspace;
import org.apache.commons.io.file.PathUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Moves a repository between hooks mode and filter mode without rewriting history, staging the move
 * for one commit. The archive bytes are the same in both modes (an archive file in hooks mode, the
 * blob at the database's path in filter mode), so Git records the move as renames. Refuses, before
 * changing anything, when a database is not in step with what Git holds: the move must carry no
 * change nobody asked for.
 */
public final class ModeConversion {
  private final Context context;
  private final GitCli git;
  private final Installer installer;

  public ModeConversion(Context context, GitCli git) {
    this.context = context;
    this.git = git;
    this.installer = new Installer(context.workspace(), git);
  }

  private Workspace workspace() {
    return context.workspace();
  }

  /** Hooks mode to filter mode: each tracked archive becomes the blob at its database's path. */
  public List<String> toFilter(SyncState state) {
    List<DatabaseEntry> moving = new ArrayList<>();
    Set<String> trackedArchives = Set.copyOf(git.entries("ls-files", "-z"));
    List<String> problems = new ArrayList<>();
    Status.Report status = new Status(context, state).run(workspace().databases());
    problems.addAll(status.errors());
    for (DatabaseEntry entry : workspace().databases()) {
      String archive = context.display(entry.archive());
      if (!trackedArchives.contains(archive)) {
        continue; // a database never committed: it stays untracked, for the user to add
      }
      Status.DatabaseStatus state1 = status.databases().get(entry.label());
      if (state1 == null) {
        continue;
      }
      switch (state1.state()) {
        case IN_SYNC -> moving.add(entry);
        case DATABASE_MISSING -> problems.add(entry.label() + " is missing; build it first: git hydrate sync");
        default -> problems.add(entry.label() + " is not in step with " + archive + " (" + state1.state().wireName()
            + (state1.detail() == null ? "" : ": " + state1.detail()) + ")");
      }
    }
    List<String> archives = moving.stream().map(e -> context.display(e.archive())).toList();
    if (!archives.isEmpty()) {
      List<String> staged = git.entries(List.of("diff", "--cached", "--name-only", "-z", "--"), archives);
      for (String path : staged) {
        problems.add(path + " has staged changes; commit them first");
      }
    }
    refuseIf(problems, "filter");
    List<String> done = new ArrayList<>(installer.install(Mode.FILTER));
    FilterConfig config = new FilterConfig(git);
    if (!config.effective()) {
      done.addAll(config.write(FilterConfig.Scope.LOCAL));
    }
    if (!moving.isEmpty()) {
      git.run(List.of("rm", "--cached", "-q", "--"), archives);
      for (DatabaseEntry entry : moving) {
        deleteArchive(entry.archive());
      }
      // The filter's clean keeps every value in line, so the blobs staged here need no values folder.
      git.run(List.of("add", "--"), moving.stream().map(DatabaseEntry::label).toList());
      for (DatabaseEntry entry : moving) {
        done.add("staged " + context.display(entry.archive()) + " as " + entry.label()
            + " (the same archive, now at the database's path)");
      }
      removeValueFolders(moving, done);
    }
    stageSetUpFiles();
    forgetHookState();
    return done;
  }

  /** Filter mode to hooks mode: each tracked database's blob becomes an archive file beside it. */
  public List<String> toHooks() {
    FilterConfig config = new FilterConfig(git);
    boolean configured = config.effective();
    List<String> done = new ArrayList<>();
    if (!configured) {
      done.addAll(config.write(FilterConfig.Scope.LOCAL)); // so Git can read the databases below
    }
    FilterDatabases databases = new FilterDatabases(workspace(), git);
    List<String> errors = new ArrayList<>();
    databases.buildCheckedOutArchives(context.clock(), errors).forEach((label, what) -> done.add(label + ": " + what));
    List<String> tracked = databases.tracked();
    List<String> problems = new ArrayList<>(errors);
    for (String label : tracked) {
      if (!Files.isRegularFile(workspace().resolve(label), LinkOption.NOFOLLOW_LINKS)) {
        problems.add(label + " is missing; restore it first: git restore -- " + label);
      }
    }
    if (!tracked.isEmpty() && problems.isEmpty()) {
      for (String path : git.entries(List.of("diff", "--name-only", "-z", "--"), tracked)) {
        problems.add(path + " has changes not staged; commit them first");
      }
      for (String path : git.entries(List.of("diff", "--cached", "--name-only", "-z", "--"), tracked)) {
        problems.add(path + " has staged changes; commit them first");
      }
    }
    refuseIf(problems, "hooks");
    List<String> archives = new ArrayList<>();
    int lockMillis = (int) context.lockTimeout().toMillis();
    for (String label : tracked) {
      Path database = workspace().resolve(label);
      Path archive = workspace().resolve(workspace().rules().archiveOf(label));
      new HealthyExport(context.dehydrator(), lockMillis, problem -> label + ": corrupt (" + problem
          + "); nothing was changed. Repair it first: git hydrate repair " + label).toFile(database, label, archive);
      archives.add(context.display(archive));
    }
    done.addAll(installer.install(Mode.HOOKS));
    if (!tracked.isEmpty()) {
      git.run(List.of("rm", "--cached", "-q", "--"), tracked);
      git.run(List.of("add", "--"), archives);
      for (int i = 0; i < tracked.size(); i++) {
        done.add("staged " + tracked.get(i) + " as " + archives.get(i) + " (the same archive, in a file of its own)");
      }
    }
    stageSetUpFiles();
    done.addAll(config.remove(FilterConfig.Scope.LOCAL));
    return done;
  }

  private void refuseIf(List<String> problems, String mode) {
    if (!problems.isEmpty()) {
      throw new HydrateException("cannot move to " + mode + " mode, nothing was changed: "
          + printable(String.join("; ", problems)));
    }
  }

  private void stageSetUpFiles() {
    List<String> files = new ArrayList<>();
    for (String name : List.of(".gitattributes", ".gitignore")) {
      if (Files.exists(workspace().root().resolve(name))) {
        files.add(name);
      }
    }
    if (!files.isEmpty()) {
      git.run(List.of("add", "--"), files);
    }
  }

  /**
   * Takes the values folders of the archives moved out of the index and the work tree: the staged
   * blobs hold every value in line, and the databases, in step, hold them too.
   */
  private void removeValueFolders(List<DatabaseEntry> moved, List<String> done) {
    List<String> folders = moved.stream()
        .map(entry -> context.display(ValueFiles.folderOf(entry.archive())))
        .toList();
    List<String> staged = git.entries(List.of("ls-files", "-z", "--cached", "--"),
        GitCli.literal(folders));
    if (!staged.isEmpty()) {
      git.run(List.of("rm", "-r", "-q", "--cached", "--ignore-unmatch", "--"), GitCli.literal(folders));
    }
    for (String folder : folders) {
      Path path = workspace().resolve(folder);
      if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        deleteTree(path);
        done.add("removed " + folder + " (its values are in line in filter mode)");
      }
    }
  }

  private static void deleteTree(Path root) {
    try {
      PathUtils.deleteDirectory(root);
    } catch (IOException e) {
      throw new HydrateException(root + ": cannot remove it from the work tree: " + e.getMessage(), e);
    }
  }

  private void deleteArchive(Path archive) {
    try {
      Files.deleteIfExists(archive);
    } catch (IOException e) {
      throw new HydrateException(archive + ": cannot remove it from the work tree: " + e.getMessage(), e);
    }
  }

  /** The hooks' record of databases and archive files means nothing in filter mode. */
  private void forgetHookState() {
    workspace().gitDir().ifPresent(dir -> {
      try {
        Files.deleteIfExists(SyncState.file(dir));
        Files.deleteIfExists(dir.resolve("git-hydrate").resolve("settled"));
      } catch (IOException e) {
        // stale records are checked against the files anyway
      }
    });
  }
}
