package io.githydrate.cli;

import io.githydrate.engine.DatabaseCheck;
import io.githydrate.git.Mode;
import io.githydrate.git.Workspace;
import io.githydrate.sync.FilterWorkTree;
import io.githydrate.sync.Repair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "repair", description = {
    "Rebuild corrupt databases from their archives.",
    "Checks the SQLite header and PRAGMA quick_check (--full: integrity_check), and keeps each damaged",
    "file as a backup."})
final class RepairCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Parameters(paramLabel = "DB", arity = "0..*", description = "Databases (default: all of the repository).")
  List<Path> databases;

  @Option(names = "--full", description = "Use integrity_check, which also finds indexes that no longer match their tables.")
  boolean full;

  @Option(names = "--strict", description = GitHydrateCommand.STRICT)
  void strict(boolean strict) {
    top.strict(strict);
  }

  @Override
  public Integer call() {
    Workspace workspace = top.workspace();
    DatabaseCheck.Level level = full ? DatabaseCheck.Level.FULL : DatabaseCheck.Level.QUICK;
    if (top.mode(workspace) == Mode.FILTER) {
      List<String> errors = new ArrayList<>();
      FilterWorkTree workTree = top.filterWorkTree(workspace, errors);
      Repair.FixResult found = workTree.repair(
          top.existing(workspace, top.filterEntries(workTree, workspace, databases), databases, errors), level);
      errors.addAll(found.errors());
      Repair.FixResult result = new Repair.FixResult(found.checked(), found.corrupted(), found.fixed(), errors,
          found.backups());
      top.progressDone();
      top.output().fix(result);
      return result.errors().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
    List<String> errors = new ArrayList<>();
    Repair.FixResult found = new Repair(top.context(workspace), level)
        .run(top.existing(workspace, top.entries(workspace, databases), databases, errors));
    errors.addAll(found.errors());
    Repair.FixResult result = new Repair.FixResult(found.checked(), found.corrupted(), found.fixed(), errors,
        found.backups());
    top.progressDone();
    top.output().fix(result);
    return result.errors().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
