package io.githydrate.cli;

import io.githydrate.HydrateException;
import io.githydrate.git.GitCli;
import io.githydrate.git.Workspace;
import io.githydrate.schema.SchemaModel;
import io.githydrate.schema.SchemaReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where {@code diagram} and {@code docs} find the databases they draw: a file given on the command
 * line (a database or an archive), every database of a commit, or of the work tree, through
 * {@link DiffSides}; and the schema of each, read through {@link ArchiveInputs}.
 */
final class SchemaSources {
  private final GitHydrateCommand top;
  private final Workspace workspace;

  SchemaSources(GitHydrateCommand top, Workspace workspace) {
    this.top = top;
    this.workspace = workspace;
  }

  /** {@code given} as a file of its own (a database or an archive); empty when no such file exists. */
  Optional<Map.Entry<String, DiffSides.Version>> file(String given) {
    Path path = top.path(Path.of(given));
    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(path)) {
      return Optional.empty();
    }
    String label = workspace.gitDir().isEmpty() ? given
        : workspace.labelOf(path).map(l -> workspace.rules().databaseOf(l).orElse(l)).orElse(given);
    return Optional.of(Map.entry(label, new DiffSides.Version(null, path, given)));
  }

  /** The commit {@code revision} names; null when it names none (or there is no repository). */
  String commit(String revision) {
    if (workspace.gitDir().isEmpty() || revision.startsWith("-")) {
      return null;
    }
    return git().tryRun("rev-parse", "-q", "--verify", revision + "^{commit}");
  }

  /** Every database of {@code commit}, by database path. */
  Map<String, DiffSides.Version> ofCommit(String commit, String revision) {
    return new TreeMap<>(sides().commit(commit, revision));
  }

  /** Every database as Git's index holds its archive (what the next commit will), by database path. */
  Map<String, DiffSides.Version> ofIndex() {
    if (workspace.gitDir().isEmpty()) {
      throw new HydrateException(workspace.root() + ": not in a Git repository");
    }
    return new TreeMap<>(sides().index());
  }

  /** Every database of the work tree, by database path. */
  Map<String, DiffSides.Version> ofWorkTree() {
    if (workspace.gitDir().isEmpty()) {
      throw new HydrateException(workspace.root() + ": not in a Git repository (give a database or an archive)");
    }
    return new TreeMap<>(sides().workTree());
  }

  /** The schema of {@code version}; an empty schema when the file or blob is empty. */
  SchemaModel read(DiffSides.Version version, ArchiveInputs inputs) throws IOException {
    Path archive = version.blob() != null ? inputs.blob(workspace.root(), version.blob(), version.name())
        : inputs.archiveOf(version.file(), version.name());
    if (archive == null) {
      return new SchemaModel("", List.of(), List.of(), List.of()); // an empty file: SQLite's empty database
    }
    return SchemaReader.read(archive, version.name());
  }

  private DiffSides sides() {
    return new DiffSides(workspace, git(), top.mode(workspace));
  }

  private GitCli git() {
    return new GitCli(workspace.root());
  }
}
