package io.githydrate.cli;

import io.githydrate.HydrateException;
import io.githydrate.Messages;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Progress;
import io.githydrate.git.DatabaseSettings;
import io.githydrate.merge.ArchiveDiff;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "diff-driver", hidden = true, description = {
    "Show one database's changes row by row (diff.hydrate.command: Git's external",
    "diff for diff=hydrate). Git runs: git-hydrate diff-driver PATH OLD-FILE OLD-HEX",
    "OLD-MODE NEW-FILE NEW-HEX NEW-MODE [NEW-PATH INFO]; either file may be",
    "/dev/null, an archive, or (filter mode) the database itself."})
final class DiffDriverCommand implements Callable<Integer> {
  private static final String NO_FILE = "/dev/null";

  @ParentCommand
  GitHydrateCommand top;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "ARG", arity = "1..9", description = "What Git passes to an external diff.")
  List<String> arguments = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    String path = arguments.get(0);
    if (arguments.size() == 1) {
      top.out().println("* Unmerged path " + path); // what Git itself prints for one
      return ExitCodes.OK;
    }
    if (arguments.size() < 7) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "expected the 7 arguments Git gives an external diff, got " + arguments.size());
    }
    String newPath = arguments.size() >= 8 ? arguments.get(7) : path;
    Path oldFile = file(arguments.get(1));
    Path newFile = file(arguments.get(4));
    List<String> heading = new ArrayList<>();
    heading.add("diff --hydrate a/" + path + " b/" + newPath);
    if (oldFile == null || newFile == null) {
      heading.add(oldFile == null ? "new database" : "deleted database");
    }
    DiffText text = new DiffText(top.out(), heading);
    // Databases are shown as their archives hold them: redacted values as placeholders, never in the clear.
    DatabaseSettings settings = DatabaseSettings.read(top.workspace().root());
    Dehydrator dehydrator = new Dehydrator(lockTimeoutMillis(), Progress.NONE,
        label -> settings.rulesFor(label.startsWith("a/") || label.startsWith("b/") ? label.substring(2) : label));
    try (ArchiveInputs inputs = new ArchiveInputs(dehydrator)) {
      Path a = inputs.archiveOf(oldFile, "a/" + path);
      Path b = inputs.archiveOf(newFile, "b/" + newPath);
      if (a == null || b == null) {
        text.head();
      }
      ArchiveDiff.diff(a, "a/" + path, b, "b/" + newPath, text);
    } catch (HydrateException e) {
      // Exiting non-zero would stop Git's whole diff at this path: say why here, and go on.
      text.head();
      top.out().println("# not compared row by row: " + Messages.printable(e.getMessage()));
      top.err().println("git-hydrate: " + Messages.printable(path) + ": not compared row by row: "
          + Messages.printable(e.getMessage()));
    }
    top.out().flush();
    return ExitCodes.OK;
  }

  private Path file(String given) {
    return given.equals(NO_FILE) ? null : top.path(Path.of(given));
  }

  private int lockTimeoutMillis() {
    return (int) (top.lockTimeoutSeconds * 1000);
  }
}
