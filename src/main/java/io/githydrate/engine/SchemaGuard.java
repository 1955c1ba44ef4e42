package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.archive.ArchiveFormatException;
import io.githydrate.archive.Pragmas;
import io.githydrate.archive.SchemaObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link DatabaseBuilder} checks so that an archive, which may come from anyone who can push a
 * branch, builds nothing but this one database: settings in range, each schema entry one CREATE
 * statement of the kind and name it gives ({@link SchemaSql}), kept by SQLite exactly as given, and
 * at the end no object the archive did not declare.
 */
final class SchemaGuard {
  private static final Set<String> ENCODINGS = Set.of("UTF-8", "UTF-16le", "UTF-16be");
  private static final Set<String> TYPES = Set.of("table", "index", "view", "trigger");

  private SchemaGuard() {}

  /** The settings that shape the file: only values SQLite documents. */
  static void checkPragmas(Pragmas pragmas) {
    Integer size = pragmas.pageSize();
    if (size != null && (size < 512 || size > 65536 || Integer.bitCount(size) != 1)) {
      throw new HydrateException("invalid page_size " + size);
    }
    if (pragmas.autoVacuum() != null && (pragmas.autoVacuum() < 0 || pragmas.autoVacuum() > 2)) {
      throw new HydrateException("invalid auto_vacuum " + pragmas.autoVacuum());
    }
    if (pragmas.encoding() != null && !ENCODINGS.contains(pragmas.encoding())) {
      throw new HydrateException("invalid encoding \"" + pragmas.encoding() + "\"");
    }
  }

  /** An entry of a known type whose SQL is the one CREATE statement it names; checked before it runs. */
  static void checkEntry(SchemaObject object, int line) {
    if (!TYPES.contains(object.type())) {
      throw problem(line, "schema entry \"" + object.name() + "\" has unknown type \"" + object.type() + "\"");
    }
    try {
      SchemaSql.check(object);
    } catch (HydrateException e) {
      throw problem(line, e.getMessage());
    }
  }

  /** A problem with the archive's content: located when the line is known, as reading problems are. */
  static HydrateException problem(int line, String message) {
    return line > 0 ? new ArchiveFormatException(line, message) : new HydrateException(message);
  }

  /**
   * SQLite keeps the text of each CREATE statement it ran. A prepared statement runs only the first
   * statement of a text and ignores the rest, so an entry whose text SQLite did not keep whole (a
   * second statement after a ";", or a different object than named) is refused.
   */
  static void requireStoredAsGiven(Connection connection, SchemaObject object, int line) throws SQLException {
    String stored;
    try (PreparedStatement statement =
             connection.prepareStatement("SELECT sql FROM main.sqlite_schema WHERE type = ? AND name = ?")) {
      statement.setString(1, object.type());
      statement.setString(2, object.name());
      try (ResultSet rs = statement.executeQuery()) {
        stored = rs.next() ? rs.getString(1) : null;
      }
    }
    if (stored == null) {
      throw problem(line, "schema entry " + object.type() + " \"" + object.name()
          + "\": its SQL creates something else");
    }
    if (!stored.equals(object.sql().strip().replaceAll(";+$", "").strip())) {
      throw problem(line, "schema entry " + object.type() + " \"" + object.name()
          + "\": its SQL must be exactly one CREATE statement, as SQLite stores it");
    }
  }

  /**
   * Afterwards: the built schema holds exactly the {@code declared} objects, under the names the
   * archive gave, and the temp schema nothing.
   */
  static void requireOnly(Connection connection, List<SchemaObject> declared) throws SQLException {
    Set<String> expected = new HashSet<>();
    declared.forEach(o -> expected.add(o.type() + " " + o.name()));
    Set<String> shadow = new HashSet<>();
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery(
             "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'")) {
      while (rs.next()) {
        shadow.add(rs.getString(1));
      }
    }
    Set<String> actual = new HashSet<>();
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT type, name, sql FROM main.sqlite_schema")) {
      while (rs.next()) {
        String name = rs.getString(2);
        if (rs.getString(3) != null && !shadow.contains(name) && !name.startsWith("sqlite_")) {
          actual.add(rs.getString(1) + " " + name);
        }
      }
    }
    if (!actual.equals(expected)) {
      Set<String> extra = new HashSet<>(actual);
      extra.removeAll(expected);
      Set<String> missing = new HashSet<>(expected);
      missing.removeAll(actual);
      throw new HydrateException("the schema SQL created other objects than it names"
          + (extra.isEmpty() ? "" : "; unexpected: " + extra) + (missing.isEmpty() ? "" : "; missing: " + missing));
    }
    List<String> temporary = new ArrayList<>();
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT type, name FROM sqlite_temp_schema")) {
      while (rs.next()) {
        temporary.add(rs.getString(1) + " " + rs.getString(2));
      }
    }
    if (!temporary.isEmpty()) {
      throw new HydrateException("the schema SQL created objects in the temp schema: " + temporary);
    }
  }
}
