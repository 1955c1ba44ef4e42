package io.githydrate.cli;

import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.GitRepository;
import io.githydrate.git.Mode;
import io.githydrate.git.Workspace;
import io.githydrate.sync.FilterWorkTree;
import io.githydrate.hook.Hooks;
import io.githydrate.sync.Synchronizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
      List<DatabaseEntry> entries = top.existing(workspace, top.filterEntries(workTree, workspace, databases), databases, errors);
      List<String> staged = workTree.add(entries);
      staged.forEach(label -> top.err().println("git-hydrate: " + label + ": staged"));
      if (!top.output().json()) {
        errors.forEach(line -> top.err().println("git-hydrate: " + line));
      }
      top.output().changes(new Synchronizer.Report(List.of(), errors), Path::toString, Map.of(), staged,
          staged.isEmpty() && errors.isEmpty() ? "no database changes to add" : null, null);
      return errors.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
    try (GitRepository repository = top.repository(workspace)) {
      Hooks hooks = top.hooks(workspace, repository);
      List<String> missing = new ArrayList<>();
      List<DatabaseEntry> entries = top.existing(workspace, top.entries(workspace, databases), databases, missing);
      if (!top.output().json()) {
        missing.forEach(line -> top.err().println("git-hydrate: " + line));
      }
      Hooks.Added added = hooks.add(entries);
      top.progressDone();
      missing.addAll(added.report().errors());
      Synchronizer.Report report = new Synchronizer.Report(
          added.report().changes().stream().filter(Synchronizer.Change::exported).toList(), missing);
      // Archives staged as they were written are listed as staged, as filter mode lists its databases.
      top.output().changes(report, top.context(workspace)::display, Map.of(), added.stagedAsWritten(),
          !added.staged() && report.errors().isEmpty() ? "no database changes to add" : null, null);
      return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}
