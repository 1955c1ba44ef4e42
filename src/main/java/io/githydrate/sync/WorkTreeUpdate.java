package io.githydrate.sync;

import static io.githydrate.Messages.printable;

import io.githydrate.HydrateException;
import io.githydrate.audit.AuditTrail;
import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.Workspace;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What post-checkout, post-merge and post-rewrite do once the paths Git changed are known: rebuild
 * the database of each changed archive, and of each archive changed since the last sync, and say
 * what happened on {@code messages}, one line each, prefixed "git-hydrate:". Needs neither JGit
 * nor the command line parser, so that the launcher can run it in a small JVM (see UpdateHook).
 */
public final class WorkTreeUpdate {
  private final Context context;
  private final Path stateFile;
  private final PrintStream messages;

  public WorkTreeUpdate(Context context, Path gitDir, PrintStream messages) {
    this.context = context;
    this.stateFile = SyncState.file(gitDir);
    this.messages = messages;
  }

  SyncState state() {
    return SyncState.load(stateFile);
  }

  private Workspace workspace() {
    return context.workspace();
  }

  /**
   * Brings the databases of {@code changedPaths} (work-tree paths; those that are not archives are
   * passed over) and every database the sync state knows in step with their archives. Never fails
   * the Git command that ran the hook, which has happened all the same: errors are reported, and
   * the next hook run or {@code git hydrate sync} retries. Returns the hook's exit code, 0.
   */
  public int run(Collection<String> changedPaths) {
    return run(changedPaths, Map.of(), PreviousArchives.NONE);
  }

  /**
   * Like {@link #run(Collection)}, with the SHA-256 digests of some archives known already (by
   * label), and the archives as they were before Git moved the work tree.
   */
  public int run(Collection<String> changedPaths, Map<String, String> archiveDigests, PreviousArchives previous) {
    try {
      SyncState state = state();
      List<DatabaseEntry> entries = new ArrayList<>();
      for (String path : changedPaths) {
        workspace().rules().databaseOf(path).flatMap(this::usableEntry).ifPresent(entries::add);
      }
      print(new Synchronizer(context, state, archiveDigests, previous).update(withKnown(state, entries)));
    } catch (RuntimeException e) {
      AuditTrail.current().failedQuietly("databases were not updated: " + e.getMessage());
      messages.println("git-hydrate: ERROR: databases were not updated: " + printable(e.getMessage()));
      messages.println("git-hydrate: the checkout itself is fine; run 'git hydrate sync' to retry");
    }
    return 0;
  }

  /** {@code entries} plus every database the state knows (so resets and stashes are noticed too). */
  public List<DatabaseEntry> withKnown(SyncState state, List<DatabaseEntry> entries) {
    Map<String, DatabaseEntry> all = new LinkedHashMap<>();
    entries.forEach(e -> all.put(e.label(), e));
    for (String label : state.labels()) {
      if (!all.containsKey(label)) {
        usableEntry(label).ifPresent(entry -> all.put(label, entry));
      }
    }
    return new ArrayList<>(all.values());
  }

  /**
   * The entry for {@code label}, or empty after saying why its path is refused (a pushed symbolic
   * link or .hydrateconfig can make it lead outside the work tree): the other databases still update.
   */
  private Optional<DatabaseEntry> usableEntry(String label) {
    try {
      return Optional.of(new DatabaseEntry(label, workspace().resolve(label),
          workspace().resolve(workspace().rules().archiveOf(label))));
    } catch (HydrateException e) {
      messages.println("git-hydrate: ERROR: " + printable(e.getMessage()) + "; skipped");
      return Optional.empty();
    }
  }

  /** Says what an update did: each database rebuilt (and where replaced changes were kept), each error. */
  public void print(Synchronizer.Report report) {
    for (Synchronizer.Change change : report.changes()) {
      messages.println("git-hydrate: " + printable(change.label()) + ": " + change.detail() + " from "
          + context.display(change.archive()));
      if (change.action() == SyncAction.BACKUP_AND_HYDRATE && change.backup() != null) {
        messages.println("git-hydrate: " + printable(change.label()) + " had changes not in its archive; they are kept in "
            + change.backup());
        messages.println("git-hydrate:   to get them back: cp '" + change.backup() + "' '"
            + context.display(workspace().resolve(change.label())) + "'");
        messages.println("git-hydrate:   or, keeping what is there now as a backup too: git hydrate backups restore "
            + change.backup().getFileName());
      }
    }
    for (String error : report.errors()) {
      messages.println("git-hydrate: ERROR: " + printable(error));
    }
    if (!report.errors().isEmpty()) {
      messages.println("git-hydrate: the checkout itself is fine; fix the above and run 'git hydrate sync'");
    }
  }
}
