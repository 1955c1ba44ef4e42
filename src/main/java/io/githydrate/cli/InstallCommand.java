package io.githydrate.cli;

import io.githydrate.git.GitCli;
import io.githydrate.git.GitRepository;
import io.githydrate.git.Installer;
import io.githydrate.git.Workspace;
import io.githydrate.sync.Hooks;
import io.githydrate.sync.Synchronizer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "install", description = {
    "Set up this repository: hooks, ignore rules, attributes; then hydrate the databases.",
    "Once per clone; running it again changes nothing. Existing hooks are kept and still run first."})
final class InstallCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Override
  public Integer call() {
    Workspace workspace = top.workspace();
    try (GitRepository repository = top.repository(workspace)) {
      List<String> done = new Installer(workspace, new GitCli(workspace.root())).install();
      done.forEach(line -> top.out().println("git-hydrate: " + line));
      Hooks hooks = top.hooks(workspace, repository);
      Synchronizer.Report report = hooks.sync();
      top.progressDone();
      hooks.printUpdate(report);
      if (done.isEmpty()) {
        top.out().println("git-hydrate: already installed");
      }
      return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}
