package io.githydrate.git;

import io.githydrate.HydrateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;

/**
 * How the repository wants its archives merged, from {@code .hydrateconfig}:
 *
 * <pre>
 * [hydrate]
 *   keepIds = orders     # a table whose ids are used outside the database (repeatable; * for all)
 * </pre>
 *
 * Rows both sides inserted under one new id are renumbered on merge, except in these tables, where
 * they are a conflict: an id printed on an invoice or sent to another system must not change.
 */
public final class MergeSettings {
  private MergeSettings() {}

  /** Which tables keep their ids, for the repository whose work tree is {@code root}. */
  public static Predicate<String> keepsIds(Path root) {
    Path file = root.resolve(Workspace.CONFIG_FILE);
    if (!Files.isRegularFile(file)) {
      return table -> false;
    }
    Config config = new Config();
    try {
      config.fromText(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | ConfigInvalidException e) {
      throw new HydrateException(file + ": " + e.getMessage(), e);
    }
    Set<String> tables = Arrays.stream(config.getStringList("hydrate", null, "keepIds"))
        .flatMap(value -> Arrays.stream(value.split("[,\\s]+")))
        .filter(name -> !name.isEmpty())
        .map(name -> name.toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
    return tables.contains("*") ? table -> true : table -> tables.contains(table.toLowerCase(Locale.ROOT));
  }
}
