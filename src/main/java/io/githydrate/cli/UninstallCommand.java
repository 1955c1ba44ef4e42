package io.githydrate.cli;

import io.githydrate.git.FilterConfig;
import io.githydrate.git.GitCli;
import io.githydrate.git.Installer;
import io.githydrate.git.Mode;
import io.githydrate.git.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "uninstall", description = {
    "Remove what 'install' added.",
    "Its hooks go (hooks it chained get their names back), and in hooks mode its blocks in .gitignore",
    "and .gitattributes; in filter mode the clone's own filter settings, while the repository's",
    ".gitattributes keep the databases stored as archives. Databases, archives and backups stay."})
final class UninstallCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Option(names = "--global", description = "Remove exactly what 'install --global' set in ~/.gitconfig.")
  boolean global;

  @Option(names = "--shared-hooks-path", description = {
      "Also remove git-hydrate's hooks from a core.hooksPath folder outside this repository, which other",
      "repositories use too (without it, they stay there)."})
  boolean sharedHooksPath;

  @Override
  public Integer call() {
    if (global) {
      GitCli git = new GitCli(top.workingDirectory());
      List<String> done = new ArrayList<>(new FilterConfig(git).remove(FilterConfig.Scope.GLOBAL));
      done.addAll(FilterConfig.drivers(git).remove(FilterConfig.Scope.GLOBAL));
      Output.Steps steps = top.output().steps();
      done.forEach(steps::done);
      if (done.isEmpty()) {
        steps.note("the hydrate filter was not set up for this user");
      }
      steps.finish();
      return ExitCodes.OK;
    }
    Workspace workspace = top.workspace();
    top.repository(workspace).close();
    GitCli git = new GitCli(workspace.root());
    boolean filterMode = Mode.of(workspace.root()) == Mode.FILTER;
    List<String> done = new ArrayList<>(new Installer(workspace, git).sharingHooksPath(sharedHooksPath).uninstall());
    if (filterMode) {
      done.addAll(new FilterConfig(git).remove(FilterConfig.Scope.LOCAL));
    }
    done.addAll(FilterConfig.drivers(git).remove(FilterConfig.Scope.LOCAL));
    Output.Steps steps = top.output().steps();
    done.forEach(steps::done);
    if (done.isEmpty()) {
      steps.note("not installed here");
    }
    if (filterMode) {
      steps.note(".gitattributes still has Git store the databases as archives:"
          + " to stop that, move the repository to hooks mode first (git hydrate install --hooks)");
    }
    steps.finish();
    return ExitCodes.OK;
  }
}
