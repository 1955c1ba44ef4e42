package io.githydrate.hook;

import static io.githydrate.Messages.printable;

import io.githydrate.audit.AuditTrail;
import io.githydrate.engine.ValueFiles;
import io.githydrate.sync.Context;
import io.githydrate.sync.PreviousArchives;
import io.githydrate.sync.SyncState;
import io.githydrate.sync.Synchronizer;
import io.githydrate.sync.WorkTreeUpdate;
import io.githydrate.git.CommittedPaths;
import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.GitCli;
import io.githydrate.git.GitHook;
import io.githydrate.git.GitRepository;
import io.githydrate.git.Mode;
import io.githydrate.git.filter.Filters;
import io.githydrate.git.Workspace;
import java.io.PrintStream;
import java.nio.file.Files;
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
      AuditTrail.current().failedQuietly("databases were not updated: " + e.getMessage());
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
      return commitOfChosenPaths(synchronizer, state, entries);
    }
    boolean nothingElseStaged = repository.stagedPaths().isEmpty();
    Synchronizer.Report report = exportAndStage(synchronizer, entries);
    if (nothingElseStaged && report.changes().stream().anyMatch(c -> c.exported())) {
      messages.println("git-hydrate: nothing else was staged, so Git may answer \"nothing to commit\":"
          + " the archive is staged now, run the same 'git commit' again (next time: git hydrate add)");
    }
    Set<String> exported = new HashSet<>();
    report.changes().stream().filter(c -> c.exported())
        .forEach(c -> exported.add(context.display(c.archive())));
    boolean archivesHydrate = say(stagedArchives().hooksMode(state, exported));
    return report.errors().isEmpty() && archivesHydrate ? 0 : 1;
  }

  /**
   * A commit of chosen paths ({@code git commit -- PATH…}): it carries what was named and nothing
   * else. A database with changes its archive does not have yet is exported and staged when the
   * commit names that archive (and Git's own index gets the same archive, so that it does not go
   * back to the old one once the commit is made); otherwise its changes stay local, as the user's
   * other unnamed changes do, and {@code status} goes on saying so.
   */
  private int commitOfChosenPaths(Synchronizer synchronizer, SyncState state, List<DatabaseEntry> entries) {
    List<DatabaseEntry> pending = synchronizer.pendingExports(entries);
    Optional<CommittedPaths> named = pending.isEmpty() ? Optional.empty()
        : CommittedPaths.of(env.get("GIT_INDEX_FILE"), workspace().root());
    List<DatabaseEntry> exported = new ArrayList<>();
    for (DatabaseEntry entry : pending) {
      String archive = context.display(entry.archive());
      if (named.isPresent() && named.get().names(archive)) {
        exported.add(entry);
      } else {
        messages.println("git-hydrate: " + printable(entry.label()) + " has changes that are not in its archive;"
            + " they stay local, as this commit " + (named.isPresent() ? "names other paths"
                : "is of chosen paths that could not be read here")
            + " (to commit them: git hydrate add, then git commit)");
      }
    }
    Set<String> staged = new HashSet<>();
    if (!exported.isEmpty()) {
      Path realIndex = Path.of(env.get("GIT_INDEX_FILE")).resolveSibling("index.lock");
      if (!Files.isRegularFile(realIndex)) {
        messages.println("git-hydrate: " + printable(String.join(", ", exported.stream().map(DatabaseEntry::label).toList()))
            + ": the archive named cannot be staged in this commit, since Git's index is not where it should be;"
            + " run 'git hydrate add', then commit again");
        return 1;
      }
      boolean nothingElse = repository.stagedPaths().isEmpty();
      Synchronizer.Report report = exportAndStage(synchronizer, exported);
      if (!report.errors().isEmpty()) {
        return 1;
      }
      if (nothingElse) {
        // Git decided what the commit holds before this hook ran; the archive differs from HEAD now.
        messages.println("git-hydrate: nothing else named has changed, so Git may answer \"nothing to commit\":"
            + " the archive is exported now, run the same 'git commit' again");
      }
      List<String> archives = new ArrayList<>();
      report.changes().stream().filter(Synchronizer.Change::exported)
          .forEach(change -> archives.add(context.display(change.archive())));
      if (!archives.isEmpty()) {
        // Git makes the commit from the temporary index the hook was given, then makes its index.lock
        // (the named paths as they were before this hook) the index: it gets the exported archive too.
        stage(Map.of("GIT_INDEX_FILE", realIndex.toString()), report, archives);
        staged.addAll(archives);
      }
    }
    return say(stagedArchives().hooksMode(state, staged)) ? 0 : 1;
  }

  private StagedArchiveCheck stagedArchives() {
    return new StagedArchiveCheck(workspace(), repository, git, new StagedSecrets(workspace(), git, env));
  }

  /** Prints each problem; whether there were none. */
  private boolean say(List<String> problems) {
    problems.forEach(problem -> messages.println("git-hydrate: " + printable(problem)));
    return problems.isEmpty();
  }

  /**
   * What {@code git hydrate add} did: the export (databases whose changes were exported and staged)
   * and the archives staged as they were written, newer than Git's index (exported earlier by
   * {@code dehydrate}, say).
   */
  public record Added(Synchronizer.Report report, List<String> stagedAsWritten) {
    /** Whether anything was staged. */
    public boolean staged() {
      return !stagedAsWritten.isEmpty() || report.changes().stream().anyMatch(Synchronizer.Change::exported);
    }
  }

  /**
   * {@code git hydrate add}: export changed databases and stage their archives, ready to commit;
   * also stages each archive that is newer than Git's index however it was written, as
   * {@code git add} would.
   */
  public Added add(List<DatabaseEntry> entries) {
    SyncState state = state();
    List<DatabaseEntry> known = workTreeUpdate().withKnown(state, entries);
    Synchronizer.Report report = exportAndStage(new Synchronizer(context, state), known);
    Set<String> exported = new HashSet<>();
    report.changes().stream().filter(Synchronizer.Change::exported)
        .forEach(change -> exported.add(context.display(change.archive())));
    List<String> archives = known.stream()
        .filter(entry -> Files.isRegularFile(entry.archive()))
        .map(entry -> context.display(entry.archive()))
        .filter(archive -> !exported.contains(archive))
        .toList();
    if (archives.isEmpty()) {
      return new Added(report, List.of());
    }
    List<String> newer = new ArrayList<>(git.entries(List.of("diff", "--name-only", "-z", "--"), archives));
    newer.addAll(git.entries(List.of("ls-files", "-z", "--others", "--exclude-standard", "--"), archives));
    if (!newer.isEmpty()) {
      git.run(List.of("add", "--"), newer);
      newer.forEach(archive -> messages.println("git-hydrate: " + printable(archive)
          + ": staged (it was newer than Git's index)"));
    }
    // An archive written earlier (by dehydrate, say) may reference files its folder got then, and
    // staged by a plain git add it is staged without them: the folders go in whatever staged it.
    List<String> folders = archives.stream()
        .map(archive -> ValueFiles.folderOf(Path.of(archive)).toString())
        .filter(folder -> Files.isDirectory(workspace().resolve(folder)))
        .toList();
    if (!folders.isEmpty()) {
      git.run(List.of("add", "-A", "--"), GitCli.literal(folders));
    }
    return new Added(report, newer);
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
      stage(Map.of(), report, archives);
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

  /**
   * Stages the exported {@code archives} with their values folders (new value files, and those the
   * export removed), in the index {@code environment} names.
   */
  private void stage(Map<String, String> environment, Synchronizer.Report report, List<String> archives) {
    List<String> add = new ArrayList<>(archives);
    List<String> gone = new ArrayList<>();
    for (Synchronizer.Change change : report.changes()) {
      if (change.exported()) {
        Path folder = ValueFiles.folderOf(change.archive());
        (Files.isDirectory(folder) ? add : gone).add(context.display(folder));
      }
    }
    List<String> command = new ArrayList<>(List.of("add", "-A", "--"));
    command.addAll(GitCli.literal(add));
    git.run(environment, command.toArray(String[]::new));
    unstage(environment, gone);
  }

  /**
   * Takes out of the index the values folders of archives that keep no value out of line any more
   * (their folder is gone from the work tree, so {@code git add} would not find it); a folder never
   * staged is passed over.
   */
  private void unstage(Map<String, String> environment, List<String> goneFolders) {
    if (!goneFolders.isEmpty()) {
      List<String> rm = new ArrayList<>(List.of("rm", "-r", "-q", "--cached", "--ignore-unmatch", "--"));
      rm.addAll(GitCli.literal(goneFolders));
      git.run(environment, rm.toArray(String[]::new));
    }
  }

  /** {@code git commit -- paths} / {@code --only}: Git builds the commit in a separate "next-index" file. */
  static boolean isPartialCommit(Map<String, String> env) {
    String index = env.get("GIT_INDEX_FILE");
    return index != null && Path.of(index).getFileName().toString().startsWith("next-index");
  }
}
