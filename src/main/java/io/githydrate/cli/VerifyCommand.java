package io.githydrate.cli;

import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.Mode;
import io.githydrate.git.Workspace;
import io.githydrate.sync.FilterWorkTree;
import io.githydrate.sync.Verification;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "verify", description = {
    "Prove round trips are exact (for CI).",
    "Each database is dehydrated, hydrated into a scratch file and dehydrated again, and the archives",
    "must be identical; an archive without its database must come back byte for byte. Writes nothing",
    "in the repository."})
final class VerifyCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Parameters(paramLabel = "PATH", arity = "0..*", description = "Databases or archives (default: all).")
  List<Path> paths;

  @Override
  public Integer call() {
    Workspace workspace = top.workspace();
    List<DatabaseEntry> entries;
    List<String> errors = new ArrayList<>();
    if (top.mode(workspace) == Mode.FILTER) {
      FilterWorkTree workTree = top.filterWorkTree(workspace, errors);
      if (!errors.isEmpty()) {
        top.output().verification(new Verification.Report(Map.of(), errors));
        return ExitCodes.FAILED;
      }
      entries = top.filterEntries(workTree, workspace, paths);
    } else {
      entries = top.entries(workspace, paths);
    }
    entries = top.existing(workspace, entries, paths, errors);
    Verification.Report found = new Verification(top.context(workspace)).run(entries);
    errors.addAll(found.errors());
    Verification.Report report = new Verification.Report(found.databases(), errors);
    top.progressDone();
    top.output().verification(report);
    if (!report.errors().isEmpty()) {
      return ExitCodes.FAILED;
    }
    return report.passed() ? ExitCodes.OK : ExitCodes.DIFFERENCES;
  }
}
