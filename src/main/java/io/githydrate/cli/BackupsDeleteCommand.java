package io.githydrate.cli;

import io.githydrate.engine.BackupFolder;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "delete", description = {
    "Delete backups by name, whatever the policy keeps (the newest of a database",
    "too). Every name must be a backup; none is deleted otherwise."})
final class BackupsDeleteCommand implements Callable<Integer> {
  @ParentCommand
  BackupsCommand backups;

  @Parameters(paramLabel = "NAME", arity = "1..*", description = "Backups, as git hydrate backups lists them.")
  List<String> names;

  @Override
  public Integer call() {
    List<BackupFolder.Backup> deleted = backups.service().delete(names.stream().map(backups::nameOf).toList());
    backups.top.output().deleted(deleted);
    return ExitCodes.OK;
  }
}
