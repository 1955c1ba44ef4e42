package io.githydrate.cli;

import io.githydrate.HydrateException;
import io.githydrate.git.FilterConfig;
import io.githydrate.git.GitCli;
import io.githydrate.git.GitRepository;
import io.githydrate.git.Installer;
import io.githydrate.git.Mode;
import io.githydrate.git.Workspace;
import io.githydrate.sync.FilterWorkTree;
import io.githydrate.hook.Hooks;
import io.githydrate.sync.ModeConversion;
import io.githydrate.sync.SyncState;
import io.githydrate.sync.Synchronizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "install", description = {
    "Set up this clone: hooks, ignore rules, attributes; then bring its databases in step.",
    "Keeps the mode the repository is in (hooks mode for a new one). Once per clone; running it again",
    "changes nothing. Existing hooks are kept and still run first."})
final class InstallCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @ArgGroup(exclusive = true)
  Choice choice = new Choice();

  static final class Choice {
    @Option(names = "--filter", description = {
        "Filter mode: Git tracks each database at its own path and stores it as its archive (the hydrate",
        "filter). A repository in hooks mode is moved over, staged for one commit."})
    boolean filter;

    @Option(names = "--hooks", description = {
        "Hooks mode: databases ignored, an archive file beside each. A repository in filter mode is",
        "moved back, staged for one commit."})
    boolean hooks;

    @Option(names = "--global", description = {
        "Set up the hydrate filter once for this user (~/.gitconfig), so that a plain git clone of a",
        "filter-mode repository checks out working databases. Touches no repository."})
    boolean global;
  }

  @Option(names = "--shared-hooks-path", description = {
      "When Git runs hooks from a core.hooksPath folder outside this repository (one other repositories",
      "use too), write git-hydrate's hooks there. Without it, this repository gets a hooks folder of its",
      "own (.git/git-hydrate/hooks) that still runs the shared folder's hooks."})
  boolean sharedHooksPath;

  @Override
  public Integer call() {
    if (choice.global) {
      GitCli git = new GitCli(top.workingDirectory());
      List<String> done = new ArrayList<>(new FilterConfig(git).write(FilterConfig.Scope.GLOBAL));
      done.addAll(FilterConfig.drivers(git).write(FilterConfig.Scope.GLOBAL));
      Output.Steps steps = top.output().steps();
      done.forEach(steps::done);
      steps.note(done.isEmpty() ? "the hydrate filter was set up for this user already"
          : "the hydrate filter is set up for every repository of this user");
      steps.finish();
      return ExitCodes.OK;
    }
    Workspace workspace = top.workspace();
    try (GitRepository repository = top.repository(workspace)) {
      Mode current = Mode.of(workspace.root());
      Mode wanted = choice.filter ? Mode.FILTER : choice.hooks ? Mode.HOOKS : current;
      return wanted == Mode.FILTER ? filter(workspace, current) : hooks(workspace, repository, current);
    }
  }

  private int filter(Workspace workspace, Mode current) {
    GitCli git = new GitCli(workspace.root());
    List<String> done = new ArrayList<>();
    if (current == Mode.HOOKS) {
      SyncState state = SyncState.load(SyncState.file(workspace.gitDir().orElseThrow()));
      done.addAll(new ModeConversion(top.context(workspace), git).toFilter(state));
    } else {
      done.addAll(new Installer(workspace, git).sharingHooksPath(sharedHooksPath).install(Mode.FILTER));
      FilterConfig config = new FilterConfig(git);
      if (!config.effective()) {
        done.addAll(config.write(FilterConfig.Scope.LOCAL));
      }
    }
    List<String> errors = new ArrayList<>();
    FilterWorkTree workTree = new FilterWorkTree(top.context(workspace), git);
    done.addAll(FilterWorkTree.describe(workTree.buildCheckedOutArchives(errors)));
    top.progressDone();
    Output.Steps steps = top.output().steps();
    done.forEach(steps::done);
    errors.forEach(steps::error);
    if (current == Mode.HOOKS) {
      steps.note("this repository is in filter mode now, staged for one commit:"
          + " git commit -m \"Keep databases in filter mode\"");
      steps.note("teammates run once: git hydrate install --global (then git pull);"
          + " to go back: git hydrate install --hooks");
    } else if (done.isEmpty()) {
      steps.note("already installed (filter mode)");
    }
    steps.finish();
    return errors.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private int hooks(Workspace workspace, GitRepository repository, Mode current) {
    GitCli git = new GitCli(workspace.root());
    List<String> done = current == Mode.FILTER
        ? new ModeConversion(top.context(workspace), git).toHooks()
        : new Installer(workspace, git).sharingHooksPath(sharedHooksPath).install();
    Output.Steps steps = top.output().steps();
    done.forEach(steps::done);
    Hooks hooks = top.hooks(workspace, repository);
    Synchronizer.Report report = hooks.sync();
    top.progressDone();
    hooks.printUpdate(report);
    boolean submodulesSetUp = current == Mode.FILTER || installSubmodules(workspace, steps);
    if (current == Mode.FILTER) {
      steps.note("this repository is in hooks mode now, staged for one commit:"
          + " git commit -m \"Keep databases in hooks mode\"; to go back: git hydrate install --filter");
    } else if (done.isEmpty()) {
      steps.note("already installed");
    }
    top.output().changes(report, top.context(workspace)::display, Map.of(), List.of(), null, steps);
    return report.errors().isEmpty() && submodulesSetUp ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /**
   * The same set-up in each submodule checked out below the work tree, recursively: a submodule is
   * a repository of its own, whose databases the superproject leaves to it and whose hooks live in
   * its own Git directory. So a clone made with --recurse-submodules gets every database at once,
   * and later submodule checkouts (git pull --recurse-submodules) bring them along with their own
   * hooks. A submodule in filter mode is left to its own install. Whether all went well.
   */
  private boolean installSubmodules(Workspace workspace, Output.Steps steps) {
    List<String> paths;
    try {
      paths = new GitCli(workspace.root()).entries("submodule", "foreach", "--quiet", "--recursive",
          "printf '%s\\0' \"$displaypath\"");
    } catch (HydrateException e) {
      steps.error("submodules were not set up: " + e.getMessage());
      return false;
    }
    boolean ok = true;
    for (String path : paths) {
      try {
        Workspace submodule = Workspace.around(workspace.root().resolve(path));
        if (Mode.of(submodule.root()) == Mode.FILTER) {
          steps.note(path + ": a submodule in filter mode; set it up there: git hydrate install");
          continue;
        }
        GitCli git = new GitCli(submodule.root());
        new Installer(submodule, git).sharingHooksPath(sharedHooksPath).install()
            .forEach(line -> steps.done(path + ": " + line));
        try (GitRepository repository = top.repository(submodule)) {
          Hooks hooks = top.hooks(submodule, repository);
          Synchronizer.Report report = hooks.sync();
          hooks.printUpdate(report);
          report.errors().forEach(error -> steps.error(path + ": " + error));
          ok &= report.errors().isEmpty();
        }
      } catch (HydrateException e) {
        steps.error(path + ": " + e.getMessage());
        ok = false;
      }
    }
    return ok;
  }
}
