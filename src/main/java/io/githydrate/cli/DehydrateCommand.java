package io.githydrate.cli;

import io.githydrate.HydrateException;
import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.Workspace;
import io.githydrate.sync.DehydrateAll;
import io.githydrate.sync.OperationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "dehydrate", description = "Export databases to their JSON archives (only rewritten when they change).")
final class DehydrateCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "DB", arity = "0..*", description = "Databases to export (default: all of the repository).")
  List<Path> databases;

  @Option(names = {"-o", "--output"}, paramLabel = "ARCHIVE", description = "Where to write the archive (one DB only).")
  Path output;

  @Override
  public Integer call() {
    Workspace workspace = top.workspace();
    top.refuseWithoutPathsInFilterMode(workspace, databases, "git add -- DB stores a database's archive"
        + " (git diff shows it); name a DB, with -o ARCHIVE, to export one by hand");
    List<DatabaseEntry> entries = top.entries(workspace, databases);
    if (output != null) {
      entries = List.of(SingleTarget.withArchive(spec.commandLine(), entries, top.path(output)));
    }
    if (databases != null) {
      for (DatabaseEntry entry : entries) {
        if (!Files.isRegularFile(entry.database())) {
          throw new HydrateException(entry.database() + ": no such database file");
        }
      }
    }
    OperationResult result = new DehydrateAll(top.context(workspace)).run(entries);
    top.progressDone();
    top.output().operation(result, "dehydrated");
    return result.ok() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
