package io.githydrate.cli;

import io.githydrate.HydrateException;
import io.githydrate.Messages;
import io.githydrate.git.GitRepository;
import io.githydrate.git.Workspace;
import io.githydrate.sync.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.ObjectId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "log", description = {
    "Show the history of the databases, newest first.",
    "Each commit that changed a database, with what changed in it: schema objects",
    "created, altered, redefined or dropped, and per table how many rows were",
    "added, removed and changed. Each commit is compared with its first parent;",
    "commits are chosen as `git log -- PATHS` chooses them.",
    "  git hydrate log                every database, from HEAD",
    "  git hydrate log REV -- PATH    one database, from REV"})
final class LogCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Spec
  CommandSpec spec;

  @Option(names = {"-n", "--max-count"}, paramLabel = "N", description = "Show at most N commits.")
  Integer maxCount;

  @Parameters(paramLabel = "REV|PATH", arity = "0..*", description = "A revision to start from, then paths (after --).")
  List<String> arguments = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    if (maxCount != null && maxCount < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-count: expected 0 or more, got " + maxCount);
    }
    Workspace workspace = top.workspace();
    List<String> errors = new ArrayList<>();
    try (GitRepository repository = top.repository(workspace);
         LogOutput output = new LogOutput(top.out(), top.json)) {
      List<String> paths = new ArrayList<>();
      String revision = split(repository, paths);
      ObjectId start = revision == null ? repository.commit("HEAD") : commit(repository, revision);
      if (start != null) { // no commit yet: no history
        Predicate<String> wanted = DatabasePaths.wanted(top, workspace, paths);
        History history = new History(top.context(workspace), repository.history(workspace.rules(), top.mode(workspace)));
        history.run(start, wanted, maxCount == null ? -1 : maxCount, entry -> {
          output.entry(entry);
          errors.addAll(entry.errors());
        });
      }
      top.progressDone();
      output.finish(errors);
    }
    errors.forEach(error -> top.err().println("git-hydrate: " + Messages.printable(error)));
    return errors.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /**
   * The revision to start from, and the paths: what comes before {@code --} is the revision; without
   * {@code --}, a first argument that names a commit is.
   */
  private String split(GitRepository repository, List<String> paths) {
    int before = DatabasePaths.positionalBeforeSeparator(spec);
    List<String> revisions = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      // Without --: the first argument is a revision when it names a commit; a later one when it
      // names a commit and no file (a second revision is then refused below, as git log refuses it).
      boolean revision = before >= 0 ? i < before
          : !argument.startsWith("-") && repository.commit(argument) != null
              && (i == 0 || !Files.exists(top.path(Path.of(argument))));
      (revision ? revisions : paths).add(argument);
    }
    if (revisions.size() > 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "expected at most one revision before --, got " + revisions.size() + ": " + String.join(" ", revisions));
    }
    return revisions.isEmpty() ? null : revisions.get(0);
  }

  private ObjectId commit(GitRepository repository, String revision) {
    ObjectId commit = revision.startsWith("-") ? null : repository.commit(revision);
    if (commit == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), revision + ": not a commit of this repository");
    }
    return commit;
  }
}
