package io.githydrate.cli;

import io.githydrate.HydrateException;
import io.githydrate.Messages;
import io.githydrate.engine.ArchiveRules;
import io.githydrate.engine.AtomicFiles;
import io.githydrate.git.DatabaseSettings;
import io.githydrate.git.GitCli;
import io.githydrate.git.Workspace;
import io.githydrate.merge.Migration;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "migration", description = {
    "Print the SQL that takes a database from one commit's version to another's.",
    "Schema changes (ALTER TABLE where SQLite can, its table-rebuild procedure where it",
    "cannot) and rows deleted, updated and inserted by key, in one transaction; settings",
    "a transaction cannot change (page_size, journal_mode) after it. Apply it with",
    "  git hydrate migration v1 v2 app.db -o up.sql && sqlite3 -bail /srv/app.db < up.sql",
    "--reverse gives the way back (REV2 to REV1). PATH names the database (or its",
    "archive); it may be left out when only one database differs."})
final class MigrationCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Spec
  CommandSpec spec;

  @Option(names = "--reverse", description = "The rollback: from REV2 back to REV1.")
  boolean reverse;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the SQL to FILE (replaced whole, only once complete) instead of stdout.")
  Path output;

  @Parameters(index = "0", paramLabel = "REV1", description = "The version the database is at.")
  String from;

  @Parameters(index = "1", paramLabel = "REV2", description = "The version to take it to.")
  String to;

  @Parameters(index = "2", paramLabel = "PATH", arity = "0..1", description = "The database, or its archive.")
  Path path;

  @Override
  public Integer call() throws IOException {
    if (top.json && output != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--json puts the SQL in its document and -o writes it to a file: give one of them");
    }
    Workspace workspace = top.workspace();
    if (workspace.gitDir().isEmpty()) {
      throw new HydrateException(workspace.root() + ": not in a Git repository");
    }
    GitCli git = new GitCli(workspace.root());
    DiffSides sides = new DiffSides(workspace, git, top.mode(workspace));
    String start = reverse ? to : from;
    String end = reverse ? from : to;
    Map<String, DiffSides.Version> before = sides.commit(commit(git, start), start);
    Map<String, DiffSides.Version> after = sides.commit(commit(git, end), end);
    String database = database(workspace, before, after);
    DiffSides.Version old = before.get(database);
    DiffSides.Version now = after.get(database);
    ArchiveRules rules = DatabaseSettings.read(workspace.root()).rulesFor(database);
    try (ArchiveInputs inputs = new ArchiveInputs(top.context(workspace).dehydrator())) {
      Path a = old == null ? null : inputs.blob(workspace.root(), old.blob(), old.name());
      Path b = now == null ? null : inputs.blob(workspace.root(), now.blob(), now.name());
      String heading = heading(database, start, end, git);
      if (top.json) {
        StringWriter sql = new StringWriter();
        boolean differs = Migration.write(a, nameOf(old), b, nameOf(now), sql, heading, database, rules);
        top.output().migration(database, start, end, differs ? sql.toString() : null);
      } else if (output != null) {
        write(a, old, b, now, heading, database, start, end, rules);
      } else {
        Writer out = new BufferedWriter(new OutputStreamWriter(top.out(), StandardCharsets.UTF_8));
        boolean differs = Migration.write(a, nameOf(old), b, nameOf(now), out, heading, database, rules);
        out.flush();
        if (!differs) {
          top.err().println("git-hydrate: " + Messages.printable(database) + ": the same in " + start + " and " + end
              + "; nothing to migrate");
        }
      }
    }
    return ExitCodes.OK;
  }

  /** The SQL to {@link #output}, through a temporary file beside it, which replaces it only once complete. */
  private void write(Path a, DiffSides.Version old, Path b, DiffSides.Version now, String heading, String database,
      String start, String end, ArchiveRules rules) throws IOException {
    Path target = top.path(output);
    Path temp = AtomicFiles.tempFileBeside(target);
    try {
      boolean differs;
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        differs = Migration.write(a, nameOf(old), b, nameOf(now), out, heading, database, rules);
      }
      AtomicFiles.sync(temp);
      AtomicFiles.replace(temp, target);
      top.err().println("git-hydrate: " + Messages.printable(database) + ": "
          + (differs ? "migration from " + start + " to " + end + " written to " + output
              : "the same in " + start + " and " + end + "; " + output + " is empty"));
    } finally {
      AtomicFiles.deleteQuietly(temp);
    }
  }

  /** The comment the script starts with: what it migrates, and how to apply it. */
  private static String heading(String database, String start, String end, GitCli git) {
    return "-- Migration of " + Messages.printable(database) + " from " + start + " (" + shortId(git, start)
        + ") to " + end + " (" + shortId(git, end) + "), written by git hydrate migration.\n"
        + "-- Apply it so that it stops at the first error: sqlite3 -bail " + Messages.printable(database)
        + " < FILE\n";
  }

  private static String shortId(GitCli git, String revision) {
    return git.run("rev-parse", "--short", revision + "^{commit}").strip();
  }

  private static String nameOf(DiffSides.Version version) {
    return version == null ? null : version.name();
  }

  /** The database {@link #path} names, or the only one that differs between the versions. */
  private String database(Workspace workspace, Map<String, DiffSides.Version> before,
      Map<String, DiffSides.Version> after) {
    if (path != null) {
      Path given = top.path(path);
      String label = workspace.labelOf(given)
          .orElseThrow(() -> new HydrateException(given + ": not inside the repository"));
      String database = workspace.rules().databaseOf(label).orElse(label);
      if (!before.containsKey(database) && !after.containsKey(database)) {
        throw new HydrateException(Messages.printable(label) + ": no database at this path in " + from + " or " + to);
      }
      return database;
    }
    TreeSet<String> all = new TreeSet<>(before.keySet());
    all.addAll(after.keySet());
    List<String> differing = new ArrayList<>();
    for (String database : all) {
      DiffSides.Version a = before.get(database);
      DiffSides.Version b = after.get(database);
      if (a == null || b == null || !a.blob().equals(b.blob())) {
        differing.add(database);
      }
    }
    if (differing.size() == 1) {
      return differing.get(0);
    }
    if (differing.isEmpty()) {
      throw new HydrateException("no database differs between " + from + " and " + to);
    }
    throw new CommandLine.ParameterException(spec.commandLine(), differing.size() + " databases differ between "
        + from + " and " + to + " (" + String.join(", ", differing.stream().map(Messages::printable).toList())
        + "): name one");
  }

  private String commit(GitCli git, String revision) {
    return DiffSides.commit(git, revision, spec.commandLine());
  }
}
