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
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "sync", description = {
    "Bring every database in step with its archive.",
    "For when Git changed the work tree without a hook (git reset --hard, git stash, hooks installed",
    "late): rebuilds databases whose archives changed, keeping local changes as a backup. Databases",
    "changed locally are left for the next commit."})
final class SyncCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Option(names = "--strict", description = GitHydrateCommand.STRICT)
  void strict(boolean strict) {
    top.strict(strict);
  }

  @Override
  public Integer call() {
    Workspace workspace = top.workspace();
    if (top.mode(workspace) == Mode.FILTER) {
      top.repository(workspace).close();
      List<String> errors = new ArrayList<>();
      FilterWorkTree workTree = top.filterWorkTree(workspace, errors);
      if (!top.output().json()) {
        errors.forEach(line -> top.err().println("git-hydrate: " + line));
      }
      var unmerged = UnmergedDatabases.describe(top, workspace, workTree.entries());
      top.output().changes(new Synchronizer.Report(List.of(), errors), Path::toString, unmerged, List.of(),
          errors.isEmpty() && unmerged.isEmpty() ? "filter mode: Git keeps every database in step with what it holds"
              : null, null);
      return errors.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
    try (GitRepository repository = top.repository(workspace)) {
      Hooks hooks = top.hooks(workspace, repository);
      Synchronizer.Report report = hooks.sync();
      top.progressDone();
      hooks.printUpdate(report);
      var unmerged = UnmergedDatabases.describe(top, workspace, workspace.databases());
      top.output().changes(report, top.context(workspace)::display, unmerged, List.of(),
          report.changes().isEmpty() && report.errors().isEmpty() && unmerged.isEmpty()
              ? "all databases are in step with their archives" : null, null);
      return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}
