package io.githydrate.cli;

import io.githydrate.HydrateException;
import io.githydrate.git.GitRepository;
import io.githydrate.git.Workspace;
import io.githydrate.sync.Hooks;
import java.util.List;
import java.util.Set;
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

  /** The hooks that run after Git changed the work tree or HEAD. */
  private static final Set<String> AFTER_GIT = Set.of("post-checkout", "post-commit", "post-merge", "post-rewrite",
      "reference-transaction");

  @Override
  public Integer call() {
    try {
      return run();
    } catch (HydrateException e) {
      if (!AFTER_GIT.contains(name)) {
        throw e;
      }
      // A post-* hook's exit code would become the checkout's, which has happened all the same: a
      // .hydrateconfig that cannot be used (it came with the checkout) is reported, not failed on.
      top.err().println("git-hydrate: ERROR: databases were not updated: " + e.getMessage());
      top.err().println("git-hydrate: the checkout itself is fine; fix the above and run 'git hydrate sync'");
      return ExitCodes.OK;
    }
  }

  private int run() {
    Workspace workspace = top.workspace();
    try (GitRepository repository = top.repository(workspace)) {
      Hooks hooks = top.hooks(workspace, repository);
      return switch (name) {
        case "post-checkout" -> hooks.postCheckout(arg(0), arg(1));
        case "post-commit" -> hooks.postCommit();
        case "post-merge" -> hooks.postMerge();
        case "post-rewrite" -> hooks.postRewrite(arg(0));
        case "pre-commit" -> hooks.preCommit();
        case "reference-transaction" -> hooks.referenceTransaction(arg(0), arg(1), arg(2));
        default -> {
          top.err().println("git-hydrate: unknown hook " + name);
          yield name.startsWith("post-") ? ExitCodes.OK : ExitCodes.USAGE;
        }
      };
    }
  }

  private String arg(int index) {
    return index < args.size() ? args.get(index) : null;
  }
}
