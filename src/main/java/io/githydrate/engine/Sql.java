package io.githydrate.engine;

import io.githydrate.HydrateException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** SQL text built from names: identifiers are always quoted, values are always bound. */
final class Sql {
  private Sql() {}

  /** {@code name} as a quoted identifier: {@code a"b} becomes {@code "a""b"}. */
  static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** The name through which a table's rowid can be read: one that none of its columns has taken. */
  static String rowidName(Collection<String> columnNames, String table) {
    Set<String> taken = columnNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    for (String candidate : List.of("rowid", "_rowid_", "oid")) {
      if (!taken.contains(candidate)) {
        return candidate;
      }
    }
    throw new HydrateException("table \"" + table + "\": columns named rowid, _rowid_ and oid hide its rowid");
  }
}
