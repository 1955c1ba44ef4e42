package io.githydrate.cli;

import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.GitCli;
import io.githydrate.git.Workspace;
import io.githydrate.sync.MergeConflicts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "conflicts", description = {
    "List what a merge left in conflict, cell by cell: table, key, column, and the base, ours and",
    "theirs values (a row deleted on one side and changed on the other, a key inserted twice, a",
    "schema or constraint conflict likewise). Worked out from Git's index, so it holds in both modes.",
    "Resolve with 'git hydrate resolve', or with Git's own 'git checkout --ours/--theirs' and 'git add'."})
final class ConflictsCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Parameters(paramLabel = "DB", arity = "0..*", description = "Databases or archives (default: all).")
  List<Path> paths;

  @Override
  public Integer call() {
    Workspace workspace = top.workspace();
    top.repository(workspace).close();
    List<String> errors = new ArrayList<>();
    List<DatabaseEntry> entries = top.existing(workspace, top.entriesOfMode(workspace, paths, errors), paths, errors);
    MergeConflicts conflicts = new MergeConflicts(top.context(workspace), new GitCli(workspace.root()),
        top.mode(workspace));
    List<MergeConflicts.Conflicted> found = conflicts.find(entries);
    top.progressDone();
    top.output().conflicts(found, errors);
    return errors.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
