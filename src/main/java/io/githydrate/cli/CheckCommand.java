package io.githydrate.cli;

import io.githydrate.git.DatabaseSettings;
import io.githydrate.git.GitRepository;
import io.githydrate.git.Workspace;
import io.githydrate.sync.ArchiveCheck;
import io.githydrate.sync.Placeholders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "check", description = {
    "Check the tracked archives, for CI: needs no hooks and no databases.",
    "Each archive must parse, SQLite must accept its schema, the database built",
    "from it must keep its foreign keys, it must be in canonical form (building",
    "it and exporting again gives the same bytes) and hold no $${NAME} placeholder.",
    "Prints one FILE:LINE: problem line per problem. An archive is read from the",
    "work tree, or from the index where the work tree holds its database.",
    "Writes nothing in the repository. Exits with 1 when a problem is found."})
final class CheckCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "PATH", arity = "0..*", description = "Databases, archives or folders (default: all).")
  List<String> paths = new ArrayList<>();

  @Override
  public Integer call() {
    Workspace workspace = top.workspace();
    ArchiveCheck.Report report;
    try (GitRepository repository = top.repository(workspace)) {
      DatabaseSettings settings = DatabaseSettings.read(workspace.root());
      report = new ArchiveCheck(Placeholders.NONE_ALLOWED, settings::rulesFor)
          .run(workspace, repository, top.mode(workspace), DatabasePaths.wanted(top, workspace, paths));
    }
    if (!paths.isEmpty() && report.archives().isEmpty() && report.errors().isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "no tracked archive at " + String.join(" ", paths));
    }
    top.progressDone();
    top.output().check(report);
    return report.passed() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
