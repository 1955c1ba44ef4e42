package io.githydrate.cli;

import io.githydrate.git.GitCli;
import io.githydrate.git.Installer;
import io.githydrate.git.Workspace;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "uninstall", description = {
    "Remove what 'install' added.",
    "Its hooks go (hooks it chained get their names back), and its blocks in .gitignore and",
    ".gitattributes. Databases, archives and backups stay."})
final class UninstallCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Override
  public Integer call() {
    Workspace workspace = top.workspace();
    top.repository(workspace).close();
    List<String> done = new Installer(workspace, new GitCli(workspace.root())).uninstall();
    done.forEach(line -> top.out().println("git-hydrate: " + line));
    if (done.isEmpty()) {
      top.out().println("git-hydrate: not installed here");
    }
    return ExitCodes.OK;
  }
}
