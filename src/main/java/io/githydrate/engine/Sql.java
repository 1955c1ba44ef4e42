package io.githydrate.engine;

import io.githydrate.HydrateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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

  /** Every column of a table of the main schema, generated and hidden ones too, in declaration order. */
  static List<String> allColumnNames(Connection connection, String table) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement("SELECT name FROM pragma_table_xinfo(?, 'main')")) {
      statement.setString(1, table);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }
}
