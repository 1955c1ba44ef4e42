package io.githydrate.cli;

import io.githydrate.HydrateException;
import io.githydrate.engine.AtomicFiles;
import io.githydrate.diagram.Diagram;
import io.githydrate.git.Workspace;
import io.githydrate.schema.SchemaModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "diagram", description = {
    "Draw an entity-relationship diagram of a database as SVG: tables with their columns,",
    "types, keys (PK, FK) and NOT NULL marks (NN), indexes, views, foreign keys as arrows,",
    "row counts, and the number of tables in the caption.",
    "  git hydrate diagram app.db               a database or an archive",
    "  git hydrate diagram HEAD~3 [PATH...]     the databases of a commit (or those named)",
    "  git hydrate diagram                      the databases of the work tree",
    "--changes-since REV marks what changed since REV: added in green, changed in amber,",
    "removed in red (still drawn, struck through). Without -o, the SVG goes to stdout;",
    "several databases need -o DIR/ (one DATABASE.svg each)."})
final class DiagramCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE|DIR/",
      description = "Write the SVG to FILE; to DIR/DATABASE.svg for each database when DIR is a folder or ends with /.")
  String output;

  @Option(names = "--changes-since", paramLabel = "REV|FILE",
      description = "Mark what changed since this commit (or this database or archive file).")
  String since;

  @Parameters(paramLabel = "DB|ARCHIVE|REV", arity = "0..*",
      description = "A database or archive file; or a revision, then database paths to keep to.")
  List<String> arguments = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    Workspace workspace = top.workspace();
    SchemaSources sources = new SchemaSources(top, workspace);
    Map<String, DiffSides.Version> databases = databases(sources);
    if (databases.isEmpty()) { // as diff: nothing there is nothing to show, not a failure
      top.err().println("git-hydrate: no databases to draw" + (arguments.isEmpty() ? " in the work tree" : " in "
          + String.join(" ", arguments)));
      top.output().drawn(List.of(), List.of());
      return ExitCodes.OK;
    }
    Path folder = folder(databases);
    String sinceCommit = null;
    Map.Entry<String, DiffSides.Version> sinceFile = null;
    if (since != null) {
      sinceFile = sources.file(since).orElse(null);
      sinceCommit = sinceFile == null ? sources.commit(since) : null;
      if (sinceFile == null && sinceCommit == null) {
        throw new HydrateException("--changes-since " + since + ": no such file, and not a commit of this repository");
      }
      if (sinceFile != null && databases.size() > 1) {
        // One earlier file is one database's earlier version; against the others it would mark everything.
        throw new HydrateException("--changes-since " + since + ": a file is one database's earlier version, and "
            + databases.size() + " databases are drawn (" + String.join(", ", databases.keySet()) + "): name one");
      }
    }
    Map<String, DiffSides.Version> earlier = sinceCommit == null ? Map.of() : sources.ofCommit(sinceCommit, since);

    List<Output.Drawn> drawn = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    try (ArchiveInputs inputs = new ArchiveInputs(top.context(workspace).dehydrator())) {
      for (Map.Entry<String, DiffSides.Version> database : databases.entrySet()) {
        String label = database.getKey();
        try {
          SchemaModel now = sources.read(database.getValue(), inputs);
          SchemaModel before = null;
          if (since != null) {
            DiffSides.Version old = sinceFile != null ? sinceFile.getValue() : earlier.get(label);
            before = old == null ? new SchemaModel(label, List.of(), List.of(), List.of()) : sources.read(old, inputs);
          }
          String svg = Diagram.svg(label, now, before, since);
          Path file = folder != null ? folder.resolve(label + ".svg") : output != null ? top.path(Path.of(output)) : null;
          if (file != null) {
            write(file, svg);
          }
          drawn.add(new Output.Drawn(label, file == null ? null : shown(file), file == null ? svg : null));
        } catch (HydrateException e) {
          errors.add(e.getMessage()); // it names the file
        } finally {
          inputs.close(); // deletes this database's temporary files before the next one's are made
        }
      }
    }
    top.progressDone();
    top.output().drawn(drawn, errors);
    return errors.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** The databases the arguments name, by label. */
  private Map<String, DiffSides.Version> databases(SchemaSources sources) {
    if (arguments.isEmpty()) {
      return sources.ofWorkTree();
    }
    String first = arguments.get(0);
    Map<String, DiffSides.Version> named = new TreeMap<>();
    String commit = sources.file(first).isPresent() ? null : sources.commit(first);
    if (commit == null) {
      for (String given : arguments) {
        Map.Entry<String, DiffSides.Version> file = sources.file(given).orElseThrow(() -> new HydrateException(
            given + ": no such file, and not a commit of this repository"));
        named.put(file.getKey(), file.getValue());
      }
      return named;
    }
    Map<String, DiffSides.Version> all = sources.ofCommit(commit, first);
    List<String> wanted = arguments.subList(1, arguments.size());
    for (String path : wanted) {
      // Each path as log, check and diff read it: from the current folder, a database, its archive or a folder.
      Predicate<String> names = DatabasePaths.wanted(top, top.workspace(), List.of(path));
      all.forEach((database, version) -> {
        if (names.test(database)) {
          named.put(database, version);
        }
      });
      if (all.keySet().stream().noneMatch(names)) {
        throw new HydrateException(path + ": no database there in " + first);
      }
    }
    return wanted.isEmpty() ? all : named;
  }

  /** The folder to write one SVG per database into; null to write one file or to stdout. */
  private Path folder(Map<String, DiffSides.Version> databases) {
    boolean many = databases.size() > 1;
    if (output == null) {
      if (many) {
        throw new HydrateException(databases.size() + " databases to draw (" + String.join(", ", databases.keySet())
            + "): name one, or write one SVG each with -o DIR/");
      }
      return null;
    }
    Path path = top.path(Path.of(output));
    if (output.endsWith("/") || output.endsWith("\\") || Files.isDirectory(path)) {
      return path;
    }
    if (many) {
      throw new HydrateException("-o " + output + ": " + databases.size() + " databases to draw ("
          + String.join(", ", databases.keySet()) + "), one file cannot hold them: give a folder (-o DIR/)");
    }
    return null;
  }

  private static void write(Path file, String svg) {
    try {
      AtomicFiles.writeWhole(file, svg.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new HydrateException(file + ": cannot write: " + e.getMessage(), e);
    }
  }

  private String shown(Path file) {
    Path base = top.path(Path.of("."));
    return file.startsWith(base) ? base.relativize(file).toString().replace('\\', '/') : file.toString();
  }
}
