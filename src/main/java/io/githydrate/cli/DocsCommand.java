package io.githydrate.cli;

import io.githydrate.HydrateException;
import io.githydrate.diagram.DocsFolder;
import io.githydrate.diagram.DocsSite;
import io.githydrate.git.Workspace;
import io.githydrate.schema.SchemaModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "docs", description = {
    "Write Markdown documentation of the databases, as Git's index holds their archives (what",
    "the next commit holds; run git hydrate add first): for each database,",
    "DATABASE.md (tables, columns, keys, defaults, indexes, views, triggers, row counts) and",
    "its diagram DATABASE.svg, and README.md listing them, in docs/databases/ (or -o DIR).",
    "The same archives give the same bytes: --check writes nothing and fails, naming each",
    "file that is missing or out of date, so that CI can check the docs are current."})
final class DocsCommand implements Callable<Integer> {
  /** Where the pages go, from the top of the work tree, unless {@code -o} says otherwise. */
  static final String DEFAULT_FOLDER = "docs/databases";

  @ParentCommand
  GitHydrateCommand top;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR",
      description = "The folder to write into (default: " + DEFAULT_FOLDER + " at the top of the work tree).")
  String output;

  @Option(names = "--check", description = "Write nothing; exit 1 naming each file that is missing or out of date.")
  boolean check;

  @Override
  public Integer call() throws IOException {
    Workspace workspace = top.workspace();
    SchemaSources sources = new SchemaSources(top, workspace);
    // The archives the next commit holds, not the databases as they are: the pages then say what
    // the commit says, and docs --check in a fresh clone (archives only) gives the same answer.
    Map<String, DiffSides.Version> databases = sources.ofIndex();
    Map<String, SchemaModel> models = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    try (ArchiveInputs inputs = new ArchiveInputs(top.context(workspace).dehydrator())) {
      for (Map.Entry<String, DiffSides.Version> database : databases.entrySet()) {
        try {
          models.put(database.getKey(), sources.read(database.getValue(), inputs));
        } catch (HydrateException e) {
          errors.add(e.getMessage()); // it names the file
        } finally {
          inputs.close(); // deletes this database's temporary files before the next one's are made
        }
      }
    }
    top.progressDone();
    if (!errors.isEmpty()) {
      top.output().documented(null, List.of(), errors); // pages without a database would be wrong: none written
      return ExitCodes.FAILED;
    }
    Path folder = output == null ? workspace.root().resolve(DEFAULT_FOLDER) : top.path(Path.of(output));
    String shown = shown(folder);
    List<Output.DocFile> files = new ArrayList<>();
    for (DocsFolder.File file : DocsFolder.update(folder, DocsSite.files(models), check)) {
      String name = shown + "/" + file.path();
      if (file.state() == DocsFolder.State.MISSING || file.state() == DocsFolder.State.STALE) {
        errors.add(name + ": " + (file.state() == DocsFolder.State.MISSING ? "missing" : "out of date")
            + " (run: git hydrate docs" + (output == null ? "" : " -o " + output) + ")");
      }
      files.add(new Output.DocFile(name, file.state().wireName()));
    }
    top.output().documented(shown, files, errors);
    return errors.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private String shown(Path folder) {
    Path base = top.path(Path.of("."));
    return folder.startsWith(base) && !folder.equals(base) ? base.relativize(folder).toString().replace('\\', '/')
        : folder.toString();
  }
}
