package io.githydrate.hook;

import io.githydrate.TerminalProgress;
import io.githydrate.Warnings;
import io.githydrate.audit.AuditLog;
import io.githydrate.engine.PlaceholderValues;
import io.githydrate.engine.WarmUp;
import io.githydrate.git.GitHook;
import io.githydrate.git.Mode;
import io.githydrate.git.Workspace;
import io.githydrate.sync.AuditedRun;
import io.githydrate.sync.Context;
import io.githydrate.sync.PreviousArchives;
import io.githydrate.sync.WorkTreeUpdate;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The launcher's second try at post-checkout, post-commit, post-merge, post-rewrite and
 * reference-transaction, when {@link QuickHook}
 * found work to do: takes the archives that changed from QuickHook (through the launcher, see
 * {@link ChangedArchives}) or asks Git ({@link HookFastPath#ask}), and brings their databases up to
 * date ({@link WorkTreeUpdate}), in a JVM that loads neither JGit nor the command-line parser, from
 * a class cache of its own. Exits 1, having done nothing, when not sure; the launcher then runs the
 * full {@link Main}.
 */
public final class UpdateHook {
  /** Exit code: not sure, nothing done; the full command decides. */
  static final int NOT_SURE = 1;

  private UpdateHook() {}

  /** {@code args}: the command line as {@link Main} takes it ({@code hook NAME ARGS…}). */
  public static void main(String[] args) {
    // SQLite, the digest and the parser cost tens of milliseconds to load: done on the other core
    // while Git answers and the work tree's state is read.
    WarmUp.forHydrating();
    int code = run(Path.of("").toAbsolutePath(), System.getenv(), System.err, AuditLog.processStartNanos(), args);
    System.err.flush();
    System.exit(code);
  }

  /** Runs the hook command line {@code args} in {@code directory}; the exit code, {@link #NOT_SURE} when it did nothing. */
  public static int run(Path directory, Map<String, String> env, PrintStream err, String... args) {
    return run(directory, env, err, System.nanoTime(), args);
  }

  /**
   * As {@link #run(Path, Map, PrintStream, String...)}, recorded in the audit log as begun at
   * {@code startNanos} ({@link System#nanoTime}) when it did the hook's work; not when it hands the
   * hook on, since the full command then records it.
   */
  static int run(Path directory, Map<String, String> env, PrintStream err, long startNanos, String... args) {
    AuditedRun audited = AuditedRun.start(Workspace.findGitDir(directory, env),
        args.length > 1 ? "hook " + args[1] : "hook", startNanos);
    int code = NOT_SURE;
    try {
      code = update(directory, env, err, args);
    } finally {
      if (code == NOT_SURE) {
        audited.abandon();
      } else {
        audited.finish(code);
      }
    }
    return code;
  }

  private static int update(Path directory, Map<String, String> env, PrintStream err, String... args) {
    Optional<ChangedArchives> changed = ChangedArchives.decode(env.get(ChangedArchives.VARIABLE));
    if (changed.isEmpty()) {
      changed = HookFastPath.ask(directory, env, args).changedArchives().map(paths -> new ChangedArchives(paths, Map.of()));
    }
    if (changed.isEmpty()) {
      return NOT_SURE;
    }
    Workspace workspace;
    try {
      workspace = Workspace.around(directory);
    } catch (RuntimeException e) {
      return NOT_SURE; // an unusable .hydrateconfig, say: the full command reports it
    }
    if (workspace.gitDir().isEmpty() || Mode.of(workspace.root()) == Mode.FILTER) {
      return NOT_SURE; // hooks left from hooks mode in a repository now in filter mode: the full hook says so
    }
    Warnings.to(err);
    Context context = new Context(workspace, Context.DEFAULT_LOCK_TIMEOUT, TerminalProgress.forTerminal(err),
        Clock.systemUTC(), PlaceholderValues.of(env));
    String movedFrom = GitHook.named(args[1]).flatMap(hook -> HeadMove.of(hook, List.of(args).subList(2, args.length)))
        .map(HeadMove::from).orElse(null);
    return new WorkTreeUpdate(context, workspace.gitDir().orElseThrow(), err)
        .run(changed.get().paths(), changed.get().digests(), PreviousArchives.at(workspace.root(), movedFrom, env));
  }
}
