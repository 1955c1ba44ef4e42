package io.githydrate.cli;

import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.Workspace;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The {@code -o} option: it names the other end of exactly one database/archive pair. */
final class SingleTarget {
  private SingleTarget() {}

  static DatabaseEntry withArchive(CommandLine command, List<DatabaseEntry> entries, Path archive) {
    DatabaseEntry entry = only(command, entries);
    return new DatabaseEntry(entry.label(), entry.database(), archive);
  }

  static DatabaseEntry withDatabase(CommandLine command, List<DatabaseEntry> entries, Path database,
      Workspace workspace) {
    DatabaseEntry entry = only(command, entries);
    String label = workspace.labelOf(database).orElse(database.getFileName().toString());
    return new DatabaseEntry(label, database, entry.archive());
  }

  private static DatabaseEntry only(CommandLine command, List<DatabaseEntry> entries) {
    if (entries.size() != 1) {
      throw new ParameterException(command, "-o needs exactly one input path, got " + entries.size());
    }
    return entries.get(0);
  }
}
