package io.githydrate.cli;

import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.Mode;
import io.githydrate.git.Workspace;
import io.githydrate.sync.FilterWorkTree;
import io.githydrate.hook.Hooks;
import io.githydrate.sync.Status;
import io.githydrate.sync.SyncState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", description = {
    "Say where each database stands against its archive.",
    "In sync, local changes (not exported yet), archive newer, both changed, differs, database",
    "missing, archive missing, corrupt, or conflict (a merge left it unmerged: which cells)."})
final class StatusCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Parameters(paramLabel = "PATH", arity = "0..*", description = "Databases or archives (default: all).")
  List<Path> paths;

  @Override
  public Integer call() {
    Workspace workspace = top.workspace();
    if (top.mode(workspace) == Mode.FILTER) {
      List<String> errors = new ArrayList<>();
      FilterWorkTree workTree = top.filterWorkTree(workspace, errors);
      List<DatabaseEntry> entries = top.existing(workspace, top.filterEntries(workTree, workspace, paths), paths, errors);
      Status.Report found = workTree.status(entries);
      errors.addAll(found.errors());
      Status.Report report = UnmergedDatabases.intoStatus(new Status.Report(found.databases(), errors),
          UnmergedDatabases.describe(top, workspace, entries));
      top.progressDone();
      top.output().status(report);
      return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
    SyncState state = workspace.gitDir().map(dir -> SyncState.load(SyncState.file(dir))).orElse(null);
    List<String> errors = new ArrayList<>();
    List<DatabaseEntry> entries = top.existing(workspace, top.entries(workspace, paths), paths, errors);
    Status.Report found = new Status(top.context(workspace), state).run(entries);
    errors.addAll(found.errors());
    Status.Report report = UnmergedDatabases.intoStatus(new Status.Report(found.databases(), errors),
        UnmergedDatabases.describe(top, workspace, entries));
    top.progressDone();
    top.output().status(report);
    return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
