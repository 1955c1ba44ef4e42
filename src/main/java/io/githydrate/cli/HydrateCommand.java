package io.githydrate.cli;

import io.githydrate.HydrateException;
import io.githydrate.engine.ContentKind;
import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.Workspace;
import io.githydrate.sync.ApplicationSync;
import io.githydrate.sync.HydrateAll;
import io.githydrate.sync.OperationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "hydrate", description = {
    "Rebuild databases from their JSON archives.",
    "Missing databases are created, corrupt ones rebuilt (a copy is kept) and identical ones left alone;",
    "a database whose content differs is replaced only with --force, after a backup is made.",
    "With --if-needed (for start scripts): silent when every database is in step;",
    "else builds those missing, corrupt or behind, never touching local changes."})
final class HydrateCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "ARCHIVE", arity = "0..*", description = "Archives to hydrate (default: all of the repository).")
  List<Path> archives;

  @Option(names = {"-o", "--output"}, paramLabel = "DB", description = "Database to write (one ARCHIVE only).")
  Path output;

  @Option(names = {"-f", "--force"}, description = "Replace databases whose content differs (a backup is kept).")
  boolean force;

  @Option(names = "--if-needed", description = "Only what is missing, corrupt or behind its archive; never local changes.")
  boolean ifNeeded;

  @Option(names = "--strict", description = GitHydrateCommand.STRICT)
  void strict(boolean strict) {
    top.strict(strict);
  }

  @Override
  public Integer call() {
    Workspace workspace = top.workspace();
    if (ifNeeded) {
      return ifNeeded(workspace);
    }
    top.refuseWithoutPathsInFilterMode(workspace, archives, "git restore -- DB builds a database from the archive"
        + " Git holds, git hydrate repair rebuilds corrupt ones; name an ARCHIVE to build one by hand");
    List<DatabaseEntry> entries;
    if (archives == null || archives.isEmpty()) {
      entries = workspace.databases();
      if (output != null) {
        entries = List.of(SingleTarget.withDatabase(spec.commandLine(), entries, top.path(output), workspace));
      }
    } else {
      List<Path> files = archives.stream().map(top::path).toList();
      for (Path file : files) {
        if (!Files.isRegularFile(file)) {
          throw new HydrateException(file + ": no such archive");
        }
        if (ContentKind.ofFile(file) == ContentKind.DATABASE) {
          throw new HydrateException(file + ": a SQLite database, not an archive; hydrate builds a database from"
              + " its archive (to write this one's archive: git hydrate dehydrate " + file + ")");
        }
      }
      if (output != null) {
        // -o names the database, so the archive's own name need not say which database it is for.
        Path database = top.path(output);
        entries = List.of(SingleTarget.withDatabase(spec.commandLine(),
            files.stream().map(file -> new DatabaseEntry(file.getFileName().toString(), database, file)).toList(),
            database, workspace));
      } else {
        entries = files.stream().map(workspace::forArchive).toList();
      }
    }
    OperationResult result = new HydrateAll(top.context(workspace), force).run(entries);
    top.progressDone();
    top.output().operation(result, "hydrated");
    return result.ok() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** As an application's start would: see {@link ApplicationSync#start}. */
  private int ifNeeded(Workspace workspace) {
    if (force || output != null) {
      throw new ParameterException(spec.commandLine(), "--if-needed never replaces local changes: it takes no "
          + (force ? "--force" : "-o"));
    }
    boolean named = archives != null && !archives.isEmpty();
    List<DatabaseEntry> entries = named
        ? archives.stream().map(a -> workspace.forArchive(top.path(a))).toList() : workspace.databases();
    ApplicationSync.Report report = new ApplicationSync(top.context(workspace)).start(entries, !named);
    top.progressDone();
    top.output().ifNeeded(report);
    return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
