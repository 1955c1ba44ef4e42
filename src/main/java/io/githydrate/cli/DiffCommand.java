package io.githydrate.cli;

import io.githydrate.HydrateException;
import io.githydrate.Messages;
import io.githydrate.engine.Dehydrator;
import io.githydrate.git.GitCli;
import io.githydrate.git.Workspace;
import io.githydrate.merge.ArchiveDiff;
import io.githydrate.sync.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "diff", description = {
    "Show what changed in the databases, row by row.",
    "Settings and schema as SQL, then rows added (+ t 43: ...), removed (- t 7: ...)",
    "and changed (t 42: price 0.99 → 1.29), matched by key. A change that leaves the",
    "content alone (VACUUM) shows nothing.",
    "  git hydrate diff               HEAD against the databases as they are now",
    "  git hydrate diff REV           REV against the work tree",
    "  git hydrate diff REV1 REV2     REV1 against REV2",
    "Paths after -- limit it to those databases (or folders)."})
final class DiffCommand implements Callable<Integer> {
  /** {@code --exit-code}: there were differences (as {@code git diff --exit-code}). */
  static final int DIFFERENCES_FOUND = ExitCodes.FAILED;

  @ParentCommand
  GitHydrateCommand top;

  @Spec
  CommandSpec spec;

  @Option(names = "--exit-code", description = "Exit with 1 when anything differs, 0 when nothing does.")
  boolean exitCode;

  @Parameters(paramLabel = "REV|PATH", arity = "0..*", description = "Up to two revisions, then paths (after --).")
  List<String> arguments = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    Workspace workspace = top.workspace();
    if (workspace.gitDir().isEmpty()) {
      throw new HydrateException(workspace.root() + ": not in a Git repository");
    }
    GitCli git = new GitCli(workspace.root());
    List<String> revisions = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    split(git, revisions, paths);
    DiffSides sides = new DiffSides(workspace, git, top.mode(workspace));
    Map<String, DiffSides.Version> before;
    String beforeName = revisions.isEmpty() ? "HEAD" : revisions.get(0);
    String head = revisions.isEmpty() ? git.tryRun("rev-parse", "-q", "--verify", "HEAD^{commit}")
        : commit(git, revisions.get(0));
    before = head == null ? Map.of() : sides.commit(head, beforeName); // no commit yet: every database is new
    String afterName = revisions.size() == 2 ? revisions.get(1) : "work tree";
    Map<String, DiffSides.Version> after = revisions.size() == 2
        ? sides.commit(commit(git, revisions.get(1)), afterName) : sides.workTree();
    Predicate<String> wanted = DatabasePaths.wanted(top, workspace, paths);

    List<String> errors = new ArrayList<>();
    boolean differences = false;
    TreeSet<String> databases = new TreeSet<>(before.keySet());
    databases.addAll(after.keySet());
    Context context = top.context(workspace);
    // A database is compared as its archive would hold it, with its rules: redacted values as placeholders.
    Dehydrator dehydrator = new Dehydrator((int) context.lockTimeout().toMillis(), context.progress(),
        name -> context.archiveRules(DiffSides.pathOf(name)));
    try (ArchiveInputs inputs = new ArchiveInputs(dehydrator);
         DiffJson json = top.json ? new DiffJson(top.out()) : null) {
      for (String database : databases) {
        if (!wanted.test(database)) {
          continue;
        }
        try {
          differences |= diff(database, before.get(database), after.get(database), beforeName, afterName, inputs,
              workspace, json);
        } catch (HydrateException e) {
          errors.add(Messages.printable(database) + ": " + e.getMessage());
        } finally {
          inputs.close();
        }
      }
      top.progressDone();
      if (json != null) {
        json.finish(differences, errors);
      }
    }
    errors.forEach(error -> top.err().println("git-hydrate: " + Messages.printable(error)));
    if (!errors.isEmpty()) {
      return ExitCodes.FAILED;
    }
    return exitCode && differences ? DIFFERENCES_FOUND : ExitCodes.OK;
  }

  /** Prints one database's diff; returns whether anything differed. */
  private boolean diff(String database, DiffSides.Version old, DiffSides.Version now, String beforeName,
      String afterName, ArchiveInputs inputs, Workspace workspace, DiffJson json) throws IOException {
    if (old == null && now == null || old != null && now != null && old.blob() != null && old.blob().equals(now.blob())) {
      return false;
    }
    Path a = old == null ? null : archive(old, inputs, workspace);
    Path b = now == null ? null : archive(now, inputs, workspace);
    if (a == null && b == null || a != null && b != null && Files.mismatch(a, b) == -1) {
      return false; // archives are canonical: the same bytes are the same content
    }
    String status = a == null ? "added" : b == null ? "deleted" : "modified";
    String oldName = old == null ? null : old.name();
    String newName = now == null ? null : now.name();
    if (json != null) {
      DiffJson.Database sink = json.database(database, status, a == null ? null : beforeName,
          b == null ? null : afterName);
      ArchiveDiff.Totals totals = ArchiveDiff.diff(a, oldName, b, newName, sink);
      return sink.end(a == null || b == null) || totals.differs();
    }
    List<String> heading = new ArrayList<>();
    heading.add("diff --hydrate a/" + database + " b/" + database);
    if (a == null || b == null) {
      heading.add(a == null ? "new database" : "deleted database");
    }
    DiffText text = new DiffText(top.out(), heading);
    if (a == null || b == null) {
      text.head();
    }
    ArchiveDiff.Totals totals = ArchiveDiff.diff(a, oldName, b, newName, text);
    top.out().flush();
    return totals.differs() || a == null || b == null;
  }

  private static Path archive(DiffSides.Version version, ArchiveInputs inputs, Workspace workspace)
      throws IOException {
    return version.blob() != null ? inputs.blob(workspace.root(), version.blob(), version.name())
        : inputs.archiveOf(version.file(), version.name());
  }

  /**
   * Separates revisions from paths as {@code git diff} does: everything before {@code --} is a
   * revision; without {@code --}, leading arguments that name commits are.
   */
  private void split(GitCli git, List<String> revisions, List<String> paths) {
    int before = DatabasePaths.positionalBeforeSeparator(spec);
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      boolean revision = before >= 0 ? i < before
          : paths.isEmpty() && revisions.size() < 2 && !argument.startsWith("-")
              && git.tryRun("rev-parse", "-q", "--verify", argument + "^{commit}") != null;
      (revision ? revisions : paths).add(argument);
    }
    if (revisions.size() > 2) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "expected at most two revisions before --, got " + revisions.size() + ": " + String.join(" ", revisions));
    }
  }

  private String commit(GitCli git, String revision) {
    return DiffSides.commit(git, revision, spec.commandLine());
  }
}
