package io.githydrate.cli;

import io.githydrate.HydrateException;
import io.githydrate.git.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The databases that paths given on a command line name, for commands that read databases from
 * commits as well as from the work tree ({@code diff}, {@code log}, {@code check}): a database, its archive, or a
 * folder, matched as text, since a database need not exist in the work tree to be named.
 */
final class DatabasePaths {
  private DatabasePaths() {}

  /** Which database paths {@code given} names; every database when it names none or the whole work tree. */
  static Predicate<String> wanted(GitHydrateCommand top, Workspace workspace, List<String> given) {
    List<String> labels = new ArrayList<>();
    for (String name : given) {
      Path path = top.path(Path.of(name));
      if (path.equals(workspace.root())) {
        return database -> true;
      }
      String label = workspace.labelOf(path)
          .orElseThrow(() -> new HydrateException(path + ": not inside the repository"));
      labels.add(workspace.rules().databaseOf(label).orElse(label));
    }
    return database -> labels.isEmpty()
        || labels.stream().anyMatch(label -> database.equals(label) || database.startsWith(label + "/"));
  }

  /** How many positional arguments came before {@code --}; -1 when there was no {@code --}. */
  static int positionalBeforeSeparator(CommandSpec spec) {
    List<String> given = spec.commandLine().getParseResult().expandedArgs();
    int positional = 0;
    for (int i = 0; i < given.size(); i++) {
      String argument = given.get(i);
      if (argument.equals("--")) {
        return positional;
      }
      if (argument.equals("-C") || argument.equals("--lock-timeout") || argument.equals("-n")
          || argument.equals("--max-count")) {
        i++; // the option's value
      } else if (!argument.startsWith("-")) {
        positional++;
      }
    }
    return -1;
  }
}
