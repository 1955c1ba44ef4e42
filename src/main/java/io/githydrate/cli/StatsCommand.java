package io.githydrate.cli;

import io.githydrate.git.Workspace;
import io.githydrate.sync.Stats;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "stats", description = "Show what each archive holds: tables, rows, size, format.")
final class StatsCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Parameters(paramLabel = "PATH", arity = "0..*", description = "Archives or databases (default: all).")
  List<Path> paths;

  @Override
  public Integer call() {
    Workspace workspace = top.workspace();
    Stats.Report report = new Stats(top.context(workspace)).run(top.entries(workspace, paths));
    top.output().stats(report);
    return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
