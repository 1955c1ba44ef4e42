package io.githydrate.cli;

import io.githydrate.HydrateException;
import io.githydrate.git.Workspace;
import io.githydrate.sync.Backups;
import io.githydrate.sync.Context;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "restore", description = {
    "Put a backup back as its database.",
    "The backup must pass SQLite's integrity_check. The database's current content",
    "is kept as a backup first, and the file stays the one applications have open.",
    "The database then has local changes (git hydrate status shows them); the",
    "backup restored stays."})
final class BackupsRestoreCommand implements Callable<Integer> {
  @ParentCommand
  BackupsCommand backups;

  @Parameters(paramLabel = "NAME", description = "The backup, as git hydrate backups lists it.")
  String name;

  @Option(names = "--to", paramLabel = "PATH",
      description = "The database to restore it to (default: the one it was made from).")
  Path to;

  @Override
  public Integer call() {
    GitHydrateCommand top = backups.top;
    Workspace workspace = top.workspace();
    Context context = top.context(workspace);
    Optional<String> label = Optional.ofNullable(to).map(given -> workspace.labelOf(top.path(given))
        .orElseThrow(() -> new HydrateException(top.path(given) + ": not inside the repository")));
    Backups.Restored restored = new Backups(context).restore(backups.nameOf(name), label);
    top.progressDone();
    top.output().restored(restored);
    return ExitCodes.OK;
  }
}
