package io.githydrate.cli;

import io.githydrate.git.Workspace;
import io.githydrate.sync.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", description = {
    "Say which databases match their archives: in sync, differs, database missing, archive missing or corrupt."})
final class StatusCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Parameters(paramLabel = "PATH", arity = "0..*", description = "Databases or archives (default: all).")
  List<Path> paths;

  @Override
  public Integer call() {
    Workspace workspace = top.workspace();
    Status.Report report = new Status(top.context(workspace)).run(top.entries(workspace, paths));
    top.progressDone();
    top.output().status(report);
    return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
