package io.githydrate.cli;

import io.githydrate.sync.Backups;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "prune", description = {
    "Remove the backups the policy does not keep (done whenever one is made).",
    "Kept: every backup younger than backups.keep-days and the newest of each",
    "database; of the others, the newest that fit within backups.keep-count and",
    "backups.max-size."})
final class BackupsPruneCommand implements Callable<Integer> {
  @ParentCommand
  BackupsCommand backups;

  @Override
  public Integer call() {
    Backups.Pruned pruned = backups.service().prune();
    backups.top.output().pruned(pruned);
    return ExitCodes.OK;
  }
}
