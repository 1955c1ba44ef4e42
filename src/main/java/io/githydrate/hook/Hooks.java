package io.githydrate.hook;

import static io.githydrate.Messages.printable;

import io.githydrate.sync.Context;
import io.githydrate.sync.PreviousArchives;
import io.githydrate.sync.SyncState;
import io.githydrate.sync.Synchronizer;
import io.githydrate.sync.WorkTreeUpdate;
import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.GitCli;
import io.githydrate.git.GitHook;
import io.githydrate.git.GitRepository;
import io.githydrate.git.Mode;
import io.githydrate.git.filter.Filters;
import io.githydrate.git.Workspace;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;

/**
 * What each Git hook does. Post-checkout, post-merge and post-rewrite rebuild the databases whose
 * archives changed and never fail the Git command (a failure is reported loudly, and the next hook
 * run or {@code git hydrate sync} retries); pre-commit exports changed databases, stages their
 * archives, and refuses a commit that would carry a SQLite file or a corrupt database.
 * Messages go to {@code messages} (stderr), one line each, prefixed "git-hydrate:".
 */
public final class Hooks {
  private final Context context;
  private final GitRepository repository;
  private final GitCli git;
  private final Map<String, String> env;
  private final PrintStream messages;

  public Hooks(Context context, GitRepository repository, GitCli git, Map<String, String> env, PrintStream messages) {
    this.context = context;
    this.repository = repository;
    this.git = git;
    this.env = env;
    this.messages = messages;
  }

  private Workspace workspace() {
    return context.workspace();
  }

  private WorkTreeUpdate workTreeUpdate() {
    return new WorkTreeUpdate(context, repository.gitDir(), messages);
  }

  private SyncState state() {
    return SyncState.load(SyncState.file(repository.gitDir()));
  }

  /**
   * A hook Git runs after it moved HEAD or wrote the work tree (post-checkout, post-commit,
   * post-merge, post-rewrite, reference-transaction), with the arguments Git passed: the databases
   * whose archives changed between the commits it moved between ({@link HeadMove}) are brought up to
   * date. A rebase runs post-checkout too, when it checks out the new base: that update is needed,
   * because Git runs post-rewrite only when it replayed at least one commit. post-commit: a plain
   * commit changes no file (pre-commit exported what changed), but Git wrote the work tree before a
   * cherry-pick's, revert's, rebase step's or concluded merge's commit. reference-transaction: the
   * one update that moved HEAD (or its branch), once {@code committed}, as the installed script
   * picks it out of Git's list (see docs/HOOKS.md).
   */
  public int afterGit(GitHook hook, List<String> args) {
    Optional<HeadMove> move = HeadMove.of(hook, args);
    if (move.isEmpty()) {
      return 0; // an amend, or a reference-transaction that moved no HEAD: no file changed
    }
    ObjectId to = repository.commit(move.get().to());
    if (to == null && hook == GitHook.REFERENCE_TRANSACTION) {
      return 0;
    }
    // A move from no commit the databases are known to match: every database whose archive is there.
    return update(move.get().from() == null ? null : repository.commit(move.get().from()), to);
  }

  /** {@code git hydrate sync}: every database of the work tree, whatever happened since the last sync. */
  public Synchronizer.Report sync() {
    SyncState state = state();
    List<DatabaseEntry> entries = workTreeUpdate().withKnown(state, workspace().databases());
    return new Synchronizer(context, state).update(entries);
  }

  private int update(ObjectId from, ObjectId to) {
    if (Mode.of(workspace().root()) == Mode.FILTER) {
      // These hooks are left from hooks mode, and Git has just put tracked databases where ignored
      // ones were: what it overwrote is kept if it held changes.
      Filters.keepReplaced(workspace().root(), env, messages);
      messages.println("git-hydrate: this repository keeps its databases in filter mode now;"
          + " set this clone up for it with: git hydrate install");
      return 0;
    }
    Set<String> changed;
    try {
      changed = from == null ? Set.copyOf(repository.indexPaths()) : repository.changedPaths(from, to);
    } catch (RuntimeException e) {
      messages.println("git-hydrate: ERROR: databases were not updated: " + printable(e.getMessage()));
      messages.println("git-hydrate: the checkout itself is fine; run 'git hydrate sync' to retry");
      return 0;
    }
    PreviousArchives previous = from == null ? PreviousArchives.NONE
        : PreviousArchives.at(workspace().root(), from.name(), env);
    return workTreeUpdate().run(changed, Map.of(), previous);
  }

  public void printUpdate(Synchronizer.Report report) {
    workTreeUpdate().print(report);
  }

  /** pre-commit: 0 to let the commit go on, 1 to stop it. */
  public int preCommit() {
    List<String> staged = repository.stagedSqliteFiles();
    if (Mode.of(workspace().root()) == Mode.FILTER) {
      // Git stores the databases through the filter; raw bytes mean it did not run for this clone.
      for (String path : staged) {
        messages.println("git-hydrate: " + printable(path) + " is staged as a raw SQLite file, so the hydrate filter"
            + " did not run: set it up (git hydrate install --filter), then git add -- '" + path + "' again");
      }
      boolean archivesHydrate = say(stagedArchives().filterMode());
      return staged.isEmpty() && archivesHydrate ? 0 : 1;
    }
    if (!staged.isEmpty()) {
      for (String path : staged) {
        messages.println("git-hydrate: " + printable(path) + " is a SQLite database; databases stay out of Git, their archives"
            + " go in. Unstage it: git rm --cached '" + path + "'");
      }
      return 1;
    }
    SyncState state = state();
    List<DatabaseEntry> entries = workTreeUpdate().withKnown(state, workspace().databases());
    Synchronizer synchronizer = new Synchronizer(context, state);
    if (isPartialCommit(env)) {
      List<String> pending = synchronizer.pendingExports(entries);
      if (!pending.isEmpty()) {
        messages.println("git-hydrate: " + printable(String.join(", ", pending)) + " changed but "
            + (pending.size() == 1 ? "its archive is" : "their archives are") + " not up to date, and a commit"
            + " of chosen paths cannot stage it. Run 'git hydrate add', then commit again");
        return 1;
      }
      return say(stagedArchives().hooksMode(state, Set.of())) ? 0 : 1;
    }
    boolean nothingElseStaged = repository.stagedPaths().isEmpty();
    Synchronizer.Report report = exportAndStage(synchronizer, entries);
    if (nothingElseStaged && report.changes().stream().anyMatch(c -> c.exported())) {
      messages.println("git-hydrate: nothing else was staged, so Git may answer \"nothing to commit\":"
          + " the archive is staged now, run the same 'git commit' again (next time: git hydrate add)");
    }
    Set<String> exported = new HashSet<>();
    report.changes().stream().filter(c -> c.exported())
        .forEach(c -> exported.add(context.display(c.archive()).replace('\\', '/')));
    boolean archivesHydrate = say(stagedArchives().hooksMode(state, exported));
    return report.errors().isEmpty() && archivesHydrate ? 0 : 1;
  }

  private StagedArchiveCheck stagedArchives() {
    return new StagedArchiveCheck(workspace(), repository, git);
  }

  /** Prints each problem; whether there were none. */
  private boolean say(List<String> problems) {
    problems.forEach(problem -> messages.println("git-hydrate: " + printable(problem)));
    return problems.isEmpty();
  }

  /** {@code git hydrate add}: export changed databases and stage their archives, ready to commit. */
  public Synchronizer.Report add(List<DatabaseEntry> entries) {
    SyncState state = state();
    return exportAndStage(new Synchronizer(context, state), workTreeUpdate().withKnown(state, entries));
  }

  private Synchronizer.Report exportAndStage(Synchronizer synchronizer, List<DatabaseEntry> entries) {
    Synchronizer.Report report = synchronizer.commit(entries);
    List<String> archives = new ArrayList<>();
    for (Synchronizer.Change change : report.changes()) {
      if (change.exported()) {
        archives.add(context.display(change.archive()));
      }
    }
    if (!archives.isEmpty()) {
      List<String> add = new ArrayList<>(List.of("add", "--"));
      add.addAll(archives);
      git.run(add.toArray(String[]::new));
      for (Synchronizer.Change change : report.changes()) {
        if (change.exported()) {
          messages.println("git-hydrate: " + printable(change.label()) + ": "
              + (change.result() == Synchronizer.Result.WRITTEN ? "exported" : change.detail()) + " to " + context.display(change.archive())
              + " and staged");
        }
      }
    }
    for (String error : report.errors()) {
      messages.println("git-hydrate: " + printable(error));
    }
    return report;
  }

  /** {@code git commit -- paths} / {@code --only}: Git builds the commit in a separate "next-index" file. */
  static boolean isPartialCommit(Map<String, String> env) {
    String index = env.get("GIT_INDEX_FILE");
    return index != null && Path.of(index).getFileName().toString().startsWith("next-index");
  }
}
