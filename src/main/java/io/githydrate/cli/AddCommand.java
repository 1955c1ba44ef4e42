package io.githydrate.cli;

import io.githydrate.git.GitRepository;
import io.githydrate.git.Mode;
import io.githydrate.git.Workspace;
import io.githydrate.sync.FilterWorkTree;
import io.githydrate.hook.Hooks;
import io.githydrate.sync.Synchronizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "add", description = {
    "Export changed databases and stage their archives, ready for 'git commit'."})
final class AddCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Parameters(paramLabel = "DB", arity = "0..*", description = "Databases (default: all of the repository).")
  List<Path> databases;

  @Override
  public Integer call() {
    Workspace workspace = top.workspace();
    if (top.mode(workspace) == Mode.FILTER) {
      List<String> errors = new ArrayList<>();
      FilterWorkTree workTree = top.filterWorkTree(workspace, errors);
      List<String> staged = workTree.add(top.filterEntries(workTree, workspace, databases));
      staged.forEach(label -> top.err().println("git-hydrate: " + label + ": staged"));
      errors.forEach(line -> top.err().println("git-hydrate: " + line));
      if (staged.isEmpty() && errors.isEmpty()) {
        top.out().println("no database changes to add");
      }
      return errors.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
    try (GitRepository repository = top.repository(workspace)) {
      Hooks hooks = top.hooks(workspace, repository);
      Hooks.Added added = hooks.add(top.entries(workspace, databases));
      Synchronizer.Report report = added.report();
      top.progressDone();
      if (!added.staged() && report.errors().isEmpty()) {
        top.out().println("no database changes to add");
      }
      return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}
