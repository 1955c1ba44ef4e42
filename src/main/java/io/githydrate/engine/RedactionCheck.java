package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.engine.ArchiveRules.Redaction;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Refuses, before an export writes anything, a redaction whose archive no clone could build: all of
 * a column's values become one placeholder, so the column cannot identify rows (primary key, rowid
 * alias, UNIQUE index, parent of a foreign key), and a STRICT table's column must accept text. A
 * redaction naming a column its table does not have is refused too, since a misspelt name would
 * archive the value it meant to keep out. A redaction naming a table the database does not have is
 * allowed: one {@code [database "*.db"]} section may apply to databases of different schemas.
 * SQLite's own PRAGMAs answer each question, on the connection the export reads.
 */
final class RedactionCheck {
  private RedactionCheck() {}

  /** Throws naming the first redaction of {@code rules} that {@code label}'s database cannot take. */
  static void check(Connection connection, String label, ArchiveRules rules, List<String> tables)
      throws SQLException {
    for (Redaction redaction : rules.redactions()) {
      String table = tables.stream()
          .filter(t -> ArchiveRules.folded(t).equals(ArchiveRules.folded(redaction.table())))
          .findFirst().orElse(null);
      if (table != null) {
        String why = refusal(connection, table, redaction.column(), tables);
        if (why != null) {
          throw new HydrateException(".hydrateconfig: [database \"" + label + "\"] redact = " + redaction.table()
              + "." + redaction.column() + ": " + why);
        }
      }
    }
  }

  /** Why {@code table}'s {@code column} cannot be redacted; null when it can. */
  private static String refusal(Connection connection, String table, String column, List<String> tables)
      throws SQLException {
    String folded = ArchiveRules.folded(column);
    String type = null;
    boolean key = false;
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("PRAGMA table_xinfo(" + Sql.quote(table) + ")")) {
      while (rs.next()) {
        if (ArchiveRules.folded(rs.getString("name")).equals(folded)) {
          type = rs.getString("type");
          key = rs.getInt("pk") > 0;
        }
      }
    }
    if (type == null) {
      return "the table \"" + table + "\" has no such column, so its values would be archived as they are";
    }
    if (key || inUniqueIndex(connection, table, folded)) {
      return "the column is part of the primary key or a UNIQUE index, so its rows cannot share one placeholder";
    }
    for (String child : tables) {
      String parentKey = parentKeyFrom(connection, child, table, folded);
      if (parentKey != null) {
        return "the column is the parent key of a foreign key of \"" + child
            + "\", so its rows cannot share one placeholder";
      }
    }
    String upper = type.toUpperCase(Locale.ROOT);
    if (strict(connection, table) && !upper.equals("TEXT") && !upper.equals("ANY")) {
      return "the table is STRICT and the column's type is " + type
          + ", which cannot hold the placeholder text";
    }
    return null;
  }

  private static boolean inUniqueIndex(Connection connection, String table, String folded) throws SQLException {
    List<String> unique = new ArrayList<>();
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("PRAGMA index_list(" + Sql.quote(table) + ")")) {
      while (rs.next()) {
        if (rs.getInt("unique") != 0) {
          unique.add(rs.getString("name"));
        }
      }
    }
    for (String index : unique) {
      try (Statement statement = connection.createStatement();
           ResultSet rs = statement.executeQuery("PRAGMA index_info(" + Sql.quote(index) + ")")) {
        while (rs.next()) {
          String name = rs.getString("name");
          if (name != null && ArchiveRules.folded(name).equals(folded)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The column of {@code child} whose foreign key points at {@code parent}'s column; null when none does. */
  private static String parentKeyFrom(Connection connection, String child, String parent, String folded)
      throws SQLException {
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("PRAGMA foreign_key_list(" + Sql.quote(child) + ")")) {
      while (rs.next()) {
        String to = rs.getString("to");
        // A key without parent columns points at the parent's primary key, refused above.
        if (ArchiveRules.folded(rs.getString("table")).equals(ArchiveRules.folded(parent))
            && to != null && ArchiveRules.folded(to).equals(folded)) {
          return rs.getString("from");
        }
      }
    }
    return null;
  }

  private static boolean strict(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("PRAGMA table_list(" + Sql.quote(table) + ")")) {
      while (rs.next()) {
        if ("main".equals(rs.getString("schema")) && rs.getInt("strict") != 0) {
          return true;
        }
      }
    }
    return false;
  }
}
