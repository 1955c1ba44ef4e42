package io.githydrate.hook;

import io.githydrate.audit.AuditLog;
import io.githydrate.sync.SyncState;
import io.githydrate.engine.FileStamp;
import io.githydrate.git.DatabaseRules;
import io.githydrate.git.GitCli;
import io.githydrate.git.GitHook;
import io.githydrate.git.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Tells that a hook has nothing to do, from file stamps and a quick {@code git} command or two,
 * without the command-line parser, JGit's repository code or SQLite: most checkouts and commits
 * touch no database, and a hook must not make them feel slow. It only ever answers "nothing to
 * do" or "not sure"; when not sure, the full hook runs and decides. "Nothing to do" needs:
 *
 * <ul>
 *   <li>every database the sync state knows, and its archive, untouched since they were last in
 *       step (the same stamps, none of them racily recent);
 *   <li>post-checkout, post-merge, post-rewrite: no archive ({@code *.json}) and no
 *       {@code .hydrateconfig} differing between the commits Git moved between, so no archive the
 *       state does not know about appeared either (a clone always takes the full path);
 *   <li>pre-commit: a whole-index commit (not {@code git commit -- paths}), no staged file that Git
 *       takes for binary (every SQLite file is), that is a known database or that is an archive, and
 *       no database file in the work tree that the state does not know.
 *   <li>post-commit and reference-transaction: every archive that differs between the commits HEAD
 *       moved between belongs to a database the state knows. Here files written moments ago count
 *       as unchanged when their content check says so: a commit follows the pre-commit that has
 *       just exported a database, and Git wrote no file since.
 * </ul>
 */
public final class HookFastPath {
  private static final long GIT_TIMEOUT_SECONDS = 10;

  /** Git environment settings that change what a pathspec or a work tree means: the full path copes. */
  private static final Set<String> UNUSUAL_ENVIRONMENT = Set.of("GIT_WORK_TREE", "GIT_LITERAL_PATHSPECS",
      "GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS", "GIT_ICASE_PATHSPECS");

  private final Path directory;
  private final Map<String, String> env;

  private HookFastPath(Path directory, Map<String, String> env) {
    this.directory = directory;
    this.env = env;
  }

  /**
   * What the fast path tells of a hook: that it certainly has {@code nothingToDo}, and for
   * post-checkout, post-merge and post-rewrite (rebase), the work-tree paths of the archives that
   * differ between the commits Git moved between, as Git itself lists them (empty when not known:
   * after a clone, when {@code .hydrateconfig} changed too, when {@code git} failed). No archive
   * changing gives an empty list, and still the databases the sync state knows may need work (a
   * {@code checkout -- file} restored an archive), which is when {@code nothingToDo} is false.
   */
  public record Answer(boolean nothingToDo, Optional<List<String>> changedArchives) {
    static final Answer NOT_SURE = new Answer(false, Optional.empty());
  }

  /**
   * What the fast path can tell of the command line {@code hook NAME ARGS…}, run in {@code
   * directory} (Git runs hooks at the top of the work tree) with {@code env}. Any other command
   * line, an unusual environment, and anything unexpected answer {@link Answer#NOT_SURE}.
   */
  public static Answer ask(Path directory, Map<String, String> env, String... args) {
    if (!isPlainHook(env, args)) {
      return Answer.NOT_SURE;
    }
    try {
      Optional<GitHook> hook = GitHook.named(args[1]);
      return hook.isEmpty() ? Answer.NOT_SURE : new HookFastPath(directory.toAbsolutePath().normalize(), env)
          .decide(hook.get(), List.of(args).subList(2, args.length));
    } catch (IOException | RuntimeException e) {
      return Answer.NOT_SURE;
    }
  }

  /** Whether the hook command line certainly has nothing to do (see {@link #ask}). */
  public static boolean nothingToDo(Path directory, Map<String, String> env, String... args) {
    return ask(directory, env, args).nothingToDo();
  }

  /**
   * Records in the audit log that the hook command line {@code args} (begun at {@code startNanos},
   * {@link System#nanoTime}) had nothing to do, as {@link #nothingToDo} answered.
   */
  public static void recordNothingToDo(Path directory, Map<String, String> env, String[] args, long startNanos) {
    Workspace.findGitDir(directory, env).ifPresent(gitDir -> AuditLog.nothingToDo(gitDir, "hook " + args[1], startNanos));
  }

  /** {@code hook NAME…}, the fast paths not turned off, and no Git setting that changes what paths mean. */
  private static boolean isPlainHook(Map<String, String> env, String... args) {
    if (args.length < 2 || !"hook".equals(args[0]) || "0".equals(env.get("GIT_HYDRATE_FAST_PATH"))) {
      return false;
    }
    for (String name : UNUSUAL_ENVIRONMENT) {
      if (env.containsKey(name)) {
        return false;
      }
    }
    return true;
  }

  /** The workspace, when the hook runs at the top of a work tree whose Git directory is the one Git set. */
  private Optional<Workspace> workspace() throws IOException {
    Workspace workspace = Workspace.around(directory);
    Optional<Path> gitDir = workspace.gitDir();
    if (gitDir.isEmpty() || !workspace.root().equals(directory) || !sameGitDir(gitDir.get())) {
      return Optional.empty();
    }
    return Optional.of(workspace);
  }

  private Answer decide(GitHook hook, List<String> hookArgs) throws IOException {
    Optional<Workspace> found = workspace();
    if (found.isEmpty()) {
      return Answer.NOT_SURE;
    }
    Workspace workspace = found.get();
    Optional<SyncState> state = SyncState.loadExisting(SyncState.file(workspace.gitDir().orElseThrow()));
    boolean inStep = state.isPresent() && allInStep(workspace, state.get());
    Optional<HeadMove> move = HeadMove.of(hook, hookArgs);
    Optional<List<String>> changed = move.isEmpty() || move.get().from() == null ? Optional.empty()
        : move.get().inPlace() ? Optional.of(List.of())
        : archivesBetween(move.get().from(), move.get().to());
    return switch (hook) {
      case POST_CHECKOUT, POST_MERGE -> new Answer(inStep && changed.isPresent() && changed.get().isEmpty(), changed);
      // An amend changes no files: only a rebase's post-rewrite has archives to look at.
      case POST_REWRITE -> move.isPresent()
          ? new Answer(inStep && changed.isPresent() && changed.get().isEmpty(), changed)
          : new Answer(inStep, Optional.empty());
      case PRE_COMMIT -> new Answer(inStep && nothingToCommit(workspace, state.get()), Optional.empty());
      case POST_COMMIT, REFERENCE_TRANSACTION -> new Answer(changed.isPresent() && state.isPresent()
          && allKnown(workspace, state.get(), changed.get()) && allInStep(workspace, state.get(), true), changed);
    };
  }

  /** Whether every archive of {@code archivePaths} belongs to a database the state knows. */
  private static boolean allKnown(Workspace workspace, SyncState state, List<String> archivePaths) {
    for (String path : archivePaths) {
      Optional<String> database = workspace.rules().databaseOf(path);
      if (database.isPresent() && state.get(database.get()).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** A {@code GIT_DIR} that Git set for the hook must be the one found from the work tree. */
  private boolean sameGitDir(Path found) throws IOException {
    String set = env.get("GIT_DIR");
    return set == null || Files.isSameFile(directory.resolve(set), found);
  }

  private static boolean allInStep(Workspace workspace, SyncState state) {
    return allInStep(workspace, state, false);
  }

  /**
   * Whether every database the state knows and its archive are in step and unchanged since. With
   * {@code sameContentCounts}, a file written too recently for its stamp to vouch for it is compared
   * by the content check its stamp carries, as {@link Synchronizer} compares it.
   */
  private static boolean allInStep(Workspace workspace, SyncState state, boolean sameContentCounts) {
    for (String label : state.labels()) {
      SyncState.Record record = state.get(label).orElseThrow();
      Path database = workspace.resolve(label);
      Path archive = workspace.resolve(workspace.rules().archiveOf(label));
      String archiveNow = FileStamp.of(archive);
      String databaseNow = FileStamp.ofDatabase(database);
      boolean inStep = record.synced() != null
          && record.synced().equals(record.archiveDigest()) && record.synced().equals(record.databaseDigest())
          && (sameContentCounts
              ? FileStamp.unchangedOrSameContent(record.archiveStamp(), archiveNow, archive)
                  && FileStamp.databaseUnchangedOrSameContent(record.databaseStamp(), databaseNow, database)
              : FileStamp.unchanged(record.archiveStamp(), archiveNow)
                  && FileStamp.unchanged(record.databaseStamp(), databaseNow));
      if (!inStep) {
        return false;
      }
    }
    return true;
  }

  /** The archives that differ between two commits; empty when not sure (git failed, the layout changed). */
  private Optional<List<String>> archivesBetween(String from, String to) {
    GitResult result = finish(start("diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv",
        from, to, "--", "*" + DatabaseRules.ARCHIVE_SUFFIX, Workspace.CONFIG_FILE));
    List<String> paths = result.paths();
    if (result.exitCode() != 0 || paths.contains(Workspace.CONFIG_FILE)) {
      return Optional.empty();
    }
    return Optional.of(paths);
  }

  private boolean nothingToCommit(Workspace workspace, SyncState state) {
    if (Hooks.isPartialCommit(env)) {
      return false; // a commit of chosen paths: the full hook works out whether it names an archive
    }
    List<String> pathspecs = workspace.rules().gitPathspecs();
    if (pathspecs.isEmpty()) {
      return false;
    }
    // Both questions go to Git at once.
    List<String> listFiles = new ArrayList<>(List.of("ls-files", "-z", "--cached", "--others", "--"));
    listFiles.addAll(pathspecs);
    Process listing = start(listFiles.toArray(String[]::new));
    // --numstat marks a file Git takes for binary with "-" counts. A SQLite file always is one (its
    // header holds a NUL byte), so any staged binary file sends the commit the full way, where the
    // staged content itself is read.
    GitResult staged = finish(start("diff", "--cached", "--numstat", "-z", "--no-renames", "--diff-filter=d"));
    GitResult databaseFiles = finish(listing);
    if (databaseFiles.exitCode() != 0 || staged.exitCode() != 0) {
      return false;
    }
    for (String path : databaseFiles.paths()) {
      if (workspace.rules().isDatabase(path) && state.get(path).isEmpty()) {
        return false; // a database the state has never seen: the full hook exports it
      }
    }
    for (String entry : staged.paths()) {
      String[] counts = entry.split("\t", 3);
      // A staged archive may not be the one this clone exported (a merge, a resolved conflict, a
      // reset): the full hook checks that it hydrates (StagedArchiveCheck).
      if (counts.length < 3 || counts[0].equals("-") || state.get(counts[2]).isPresent()
          || workspace.rules().databaseOf(counts[2]).isPresent()) {
        return false;
      }
    }
    return true;
  }

  private record GitResult(int exitCode, byte[] output) {
    List<String> paths() {
      List<String> paths = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < output.length; i++) {
        if (output[i] == 0) {
          paths.add(new String(output, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      return paths;
    }
  }

  /** Starts {@code git args…} in the work tree with the hook's environment; null when it cannot start. */
  private Process start(String... args) {
    try {
      return GitCli.withEnvironment(directory, env).start(List.of(args), null, false, Map.of());
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Reads a started git's output to the end and waits for it; exit code -1 when it could not run,
   * and not 0 when it did not finish within the timeout (it is killed). Output comes through a pipe:
   * a temporary file would cost more than the whole answer (creating one seeds a secure random
   * generator). Two gits started together are finished one after the other; the second one's pipe
   * holds what it writes meanwhile, and it waits when the pipe is full, which cannot stall it.
   */
  private static GitResult finish(Process process) {
    if (process == null) {
      return new GitResult(-1, new byte[0]);
    }
    Thread watchdog = new Thread(() -> killAfterTimeout(process), "git-hydrate git watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    try (InputStream output = process.getInputStream()) {
      byte[] bytes = output.readAllBytes();
      return new GitResult(process.waitFor(), bytes);
    } catch (IOException e) {
      process.destroyForcibly();
      return new GitResult(-1, new byte[0]);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return new GitResult(-1, new byte[0]);
    }
  }

  private static void killAfterTimeout(Process process) {
    try {
      if (!process.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
    }
  }
}
