package io.githydrate.cli;

import io.githydrate.HydrateException;
import io.githydrate.audit.AuditTrail;
import io.githydrate.git.GitHook;
import io.githydrate.git.GitRepository;
import io.githydrate.git.Workspace;
import io.githydrate.hook.Hooks;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** What the installed hook scripts call: {@code git-hydrate hook NAME GIT-ARGUMENTS…}. */
@Command(name = "hook", hidden = true, description = "Run a Git hook's work (called by the installed hooks).")
final class HookCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Parameters(index = "0", paramLabel = "NAME", description = "post-checkout, post-commit, post-merge, post-rewrite, pre-commit or reference-transaction")
  String name;

  /**
   * What Git passed; for reference-transaction, what the installed script read from Git's list: the
   * state, then the old value, new value and name of the ref that moved HEAD.
   */
  @Parameters(index = "1..*", paramLabel = "ARG", arity = "0..*", description = "The arguments Git passed.")
  List<String> args = List.of();

  @Override
  public Integer call() {
    try {
      return run();
    } catch (HydrateException e) {
      if (GitHook.named(name).filter(GitHook::afterGit).isEmpty()) {
        throw e;
      }
      // A post-* hook's exit code would become the checkout's, which has happened all the same: a
      // .hydrateconfig that cannot be used (it came with the checkout) is reported, not failed on.
      AuditTrail.current().failedQuietly("databases were not updated: " + e.getMessage());
      top.err().println("git-hydrate: ERROR: databases were not updated: " + e.getMessage());
      top.err().println("git-hydrate: the checkout itself is fine; fix the above and run 'git hydrate sync'");
      return ExitCodes.OK;
    }
  }

  private int run() {
    Workspace workspace = top.workspace();
    try (GitRepository repository = top.repository(workspace)) {
      Hooks hooks = top.hooks(workspace, repository);
      Optional<GitHook> hook = GitHook.named(name);
      if (hook.isEmpty()) {
        top.err().println("git-hydrate: unknown hook " + name);
        return name.startsWith("post-") ? ExitCodes.OK : ExitCodes.USAGE;
      }
      if (hook.get() != GitHook.PRE_COMMIT) {
        return hooks.afterGit(hook.get(), args);
      }
      int code = hooks.preCommit();
      if (code != ExitCodes.OK) {
        AuditTrail.current().refused(); // the commit is stopped, with the reason on stderr
      }
      return code;
    }
  }
}
