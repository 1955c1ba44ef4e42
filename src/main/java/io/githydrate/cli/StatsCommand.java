package io.githydrate.cli;

import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.Mode;
import io.githydrate.git.Workspace;
import io.githydrate.sync.FilterWorkTree;
import io.githydrate.sync.Stats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    if (top.mode(workspace) == Mode.FILTER) {
      List<String> errors = new ArrayList<>();
      FilterWorkTree workTree = top.filterWorkTree(workspace, errors);
      Map<String, Path> copies = new LinkedHashMap<>();
      List<DatabaseEntry> entries = top.existing(workspace, top.filterEntries(workTree, workspace, paths), paths, errors);
      try (FilterWorkTree.Copies archives = workTree.withArchives(entries, copies)) {
        List<DatabaseEntry> withCopies = entries.stream().filter(e -> copies.containsKey(e.label()))
            .map(e -> new DatabaseEntry(e.label(), e.database(), copies.get(e.label()))).toList();
        Stats.Report found = new Stats(top.context(workspace)).run(withCopies);
        Map<String, Stats.ArchiveStats> byPath = new TreeMap<>();
        withCopies.forEach(e -> {
          Stats.ArchiveStats stats = found.archives().get(top.context(workspace).display(e.archive()));
          if (stats != null) {
            byPath.put(e.label(), stats);
          }
        });
        errors.addAll(found.errors());
        Stats.Report report = new Stats.Report(byPath, errors);
        top.output().stats(report);
        return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
      }
    }
    List<String> errors = new ArrayList<>();
    Stats.Report found = new Stats(top.context(workspace)).run(
        top.existing(workspace, top.entries(workspace, paths), paths, errors));
    errors.addAll(found.errors());
    Stats.Report report = new Stats.Report(found.archives(), errors);
    top.output().stats(report);
    return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
