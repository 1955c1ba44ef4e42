package io.githydrate.cli;

import io.githydrate.HydrateException;
import io.githydrate.git.Workspace;
import io.githydrate.sync.Backups;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "backups", description = {
    "List the backups of replaced databases: database, when, why, size.",
    "They are kept in .git/git-hydrate/backups/; whenever one is made, the others",
    "are pruned by the [backups] keep-days, keep-count and max-size of",
    ".hydrateconfig."},
    subcommands = {BackupsRestoreCommand.class, BackupsPruneCommand.class, BackupsDeleteCommand.class})
final class BackupsCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Override
  public Integer call() {
    Backups.Listing listing = service().list();
    top.output().backups(listing);
    return listing.errors().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /**
   * A backup's name from what the user gave: the name, or its path (as messages show it), which
   * must then lead into the backup folder.
   */
  String nameOf(String given) {
    if (!given.contains("/") && !given.contains("\\")) {
      return given;
    }
    Path path = top.path(Path.of(given));
    Workspace workspace = top.workspace();
    Optional<Path> folder = workspace.backupDirectory().map(dir -> dir.toAbsolutePath().normalize());
    if (folder.isPresent() && folder.get().equals(path.getParent())) {
      return path.getFileName().toString();
    }
    throw new HydrateException(path + ": not in the backup folder"
        + folder.map(dir -> " " + workspace.labelOf(dir).orElse(dir.toString())).orElse(" (not in a Git repository)"));
  }

  Backups service() {
    return new Backups(top.context(top.workspace()));
  }
}
