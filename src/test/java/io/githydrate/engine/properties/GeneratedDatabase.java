package io.githydrate.engine.properties;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A small SQLite database described as the SQL script that builds it, so that jqwik can generate,
 * shrink and print it: a failing example reads as a script one can paste into {@code sqlite3}
 * (values shown as literals, although they are bound when the script runs).
 *
 * <p>Rows that SQLite refuses (duplicate keys, NOT NULL, STRICT types, a non-integer rowid) are
 * skipped, as {@code INSERT OR IGNORE} would: properties compare with what the file holds, never
 * with the script.
 */
record GeneratedDatabase(Settings settings, List<Table> tables, Fts fts, List<String> extras) {

  /**
   * Settings that shape the file itself, the two header integers applications set, whether the file
   * is in WAL mode, and whether ANALYZE ran last (its statistics are content the archive keeps).
   */
  record Settings(Integer pageSize, int autoVacuum, String encoding, int userVersion, int applicationId, boolean wal,
      boolean analyzed) {

    Settings(Integer pageSize, int autoVacuum, String encoding, int userVersion, int applicationId) {
      this(pageSize, autoVacuum, encoding, userVersion, applicationId, false, false);
    }
  }

  /** How a table keys its rows; the keyed kinds put their key columns first. */
  enum Kind {
    ROWID, ROWID_PK, ROWID_DESC_PK, ALIAS, AUTOINCREMENT, WITHOUT_ROWID, WITHOUT_ROWID_COMPOSITE;

    boolean withoutRowid() {
      return this == WITHOUT_ROWID || this == WITHOUT_ROWID_COMPOSITE;
    }

    /** The key is the rowid itself, so its values must be integers (or NULL for "next"). */
    boolean integerKey() {
      return this == ALIAS || this == AUTOINCREMENT;
    }

    int keyColumns() {
      return switch (this) {
        case ROWID -> 0;
        case WITHOUT_ROWID_COMPOSITE -> 2;
        default -> 1;
      };
    }
  }

  /** A column; {@code generated} is the expression of a generated column, or null. */
  record Column(String name, String definition, String generated) {
    boolean stored() {
      return generated == null;
    }
  }

  /** One table: its CREATE TABLE text, its rows (stored columns only) and how many to delete after. */
  record Table(String name, Kind kind, String createSql, List<Column> columns, List<List<Object>> rows,
      int deletes) {

    List<Column> storedColumns() {
      return columns.stream().filter(Column::stored).toList();
    }

    List<String> keyNames() {
      return columns.subList(0, kind.keyColumns()).stream().map(Column::name).toList();
    }
  }

  /** The FTS5 table, if any: rows hold the rowid (null for "next") then one value per column. */
  record Fts(String name, String createSql, List<String> columns, List<List<Object>> rows, int deletes) {}

  /** One statement of the script with the values bound to its parameters. */
  record Step(String sql, List<Object> arguments, boolean mayFail) {
    static Step of(String sql) {
      return new Step(sql, List.of(), false);
    }
  }

  static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** A name by which {@code columns}' table can read its rowid: one no column has taken. */
  static String rowidName(List<String> columns) {
    List<String> taken = columns.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
    for (String candidate : List.of("rowid", "_rowid_", "oid")) {
      if (!taken.contains(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no name left for the rowid of a table with columns " + columns);
  }

  /** Statements that must run before the first table is created. */
  List<Step> fileSteps() {
    List<Step> steps = new ArrayList<>();
    if (settings.pageSize() != null) {
      steps.add(Step.of("PRAGMA page_size = " + settings.pageSize()));
    }
    if (settings.autoVacuum() != 0) {
      steps.add(Step.of("PRAGMA auto_vacuum = " + settings.autoVacuum()));
    }
    if (!"UTF-8".equals(settings.encoding())) {
      steps.add(Step.of("PRAGMA encoding = '" + settings.encoding() + "'"));
    }
    if (settings.wal()) {
      steps.add(Step.of("PRAGMA journal_mode = WAL"));
    }
    return steps;
  }

  List<Step> tableSteps() {
    List<Step> steps = new ArrayList<>();
    tables.forEach(t -> steps.add(Step.of(t.createSql())));
    if (fts != null) {
      steps.add(Step.of(fts.createSql()));
    }
    return steps;
  }

  /** Inserts, then deletes of the rows with the highest keys (so AUTOINCREMENT counters run ahead). */
  List<Step> dataSteps() {
    List<Step> steps = new ArrayList<>();
    for (Table table : tables) {
      List<String> stored = table.storedColumns().stream().map(Column::name).toList();
      String insert = "INSERT OR IGNORE INTO " + quote(table.name()) + " (" + quotedList(stored) + ") VALUES ("
          + String.join(", ", Collections.nCopies(stored.size(), "?")) + ")";
      table.rows().forEach(row -> steps.add(new Step(insert, row, true)));
      if (table.deletes() > 0) {
        steps.add(Step.of(deleteHighest(table, stored)));
      }
    }
    if (fts != null) {
      String insert = "INSERT INTO " + quote(fts.name()) + " (rowid, " + quotedList(fts.columns()) + ") VALUES (?, "
          + String.join(", ", Collections.nCopies(fts.columns().size(), "?")) + ")";
      fts.rows().forEach(row -> steps.add(new Step(insert, row, true)));
      steps.add(ftsRebuild());
      if (fts.deletes() > 0) {
        String name = quote(fts.name());
        steps.add(Step.of("DELETE FROM " + name + " WHERE rowid IN (SELECT rowid FROM " + name
            + " ORDER BY rowid DESC LIMIT " + fts.deletes() + ")"));
      }
    }
    return steps;
  }

  /**
   * Re-tokenizes the FTS table from its stored rows. In a UTF-16 database FTS5 reads a BLOB bound as
   * a parameter as UTF-8 text, but the same BLOB read back from its content table as UTF-16: without
   * this the index disagrees with the rows, {@code integrity_check} calls the file corrupt and
   * deleting such a row fails with SQLITE_CORRUPT_VTAB.
   */
  private Step ftsRebuild() {
    return Step.of("INSERT INTO " + quote(fts.name()) + " (" + quote(fts.name()) + ") VALUES ('rebuild')");
  }

  private static String deleteHighest(Table table, List<String> stored) {
    String name = quote(table.name());
    if (!table.kind().withoutRowid()) {
      String rowid = rowidName(table.columns().stream().map(Column::name).toList());
      return "DELETE FROM " + name + " WHERE " + rowid + " IN (SELECT " + rowid + " FROM " + name
          + " ORDER BY " + rowid + " DESC LIMIT " + table.deletes() + ")";
    }
    String key = quotedList(table.keyNames());
    String descending = table.keyNames().stream().map(k -> quote(k) + " DESC").collect(Collectors.joining(", "));
    return "DELETE FROM " + name + " WHERE (" + key + ") IN (SELECT " + key + " FROM " + name
        + " ORDER BY " + descending + " LIMIT " + table.deletes() + ")";
  }

  /** Indexes, views and triggers: after the data, so that no trigger fires while it is loaded. */
  List<Step> extraSteps() {
    return extras.stream().map(Step::of).toList();
  }

  List<Step> finalSteps() {
    List<Step> steps = new ArrayList<>(List.of(
        Step.of("PRAGMA user_version = " + settings.userVersion()),
        Step.of("PRAGMA application_id = " + settings.applicationId())));
    if (settings.analyzed()) {
      // sqlite_stat1, and sqlite_stat4 in the driver's build; the same data gives the same statistics.
      steps.add(Step.of("ANALYZE"));
    }
    return steps;
  }

  List<Step> script() {
    List<Step> steps = new ArrayList<>(fileSteps());
    steps.addAll(tableSteps());
    steps.addAll(dataSteps());
    steps.addAll(extraSteps());
    steps.addAll(finalSteps());
    return steps;
  }

  /** Builds the database in {@code file}, which must not exist yet. */
  void create(Path file) throws SQLException {
    try (Connection connection = Sqlite.open(file)) {
      run(connection, fileSteps());
      connection.setAutoCommit(false);
      run(connection, tableSteps());
      run(connection, dataSteps());
      run(connection, extraSteps());
      run(connection, finalSteps());
      connection.commit();
    }
  }

  /**
   * Builds in {@code copy} a database with this schema and exactly the rows {@code original} holds
   * (rowids and AUTOINCREMENT counters included), inserted in an order shuffled by {@code seed}.
   * Indexes, views and triggers are created after the rows, as in {@link #create}.
   */
  void recreateShuffled(Path original, Path copy, long seed) throws SQLException {
    Random random = new Random(seed);
    try (Connection connection = Sqlite.open(copy)) {
      run(connection, fileSteps());
      connection.setAutoCommit(false);
      run(connection, tableSteps());
      List<Step> inserts = new ArrayList<>();
      for (Table table : tables) {
        List<String> stored = table.storedColumns().stream().map(Column::name).toList();
        String rowid = table.kind().withoutRowid()
            ? null : rowidName(table.columns().stream().map(Column::name).toList());
        inserts.addAll(copyRows(original, table.name(), rowid, stored, random));
      }
      if (fts != null) {
        inserts.addAll(copyRows(original, fts.name(), "rowid", fts.columns(), random));
        inserts.add(ftsRebuild());
      }
      run(connection, inserts);
      boolean hasSequence = !Sqlite.rows(original,
          "SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence'", List.of()).isEmpty();
      // The counters in the original's order: the order SQLite added them is content the archive keeps.
      List<List<Object>> sequence = hasSequence
          ? Sqlite.rows(original, "SELECT name, seq FROM sqlite_sequence ORDER BY rowid", List.of()) : List.of();
      if (hasSequence) {
        run(connection, List.of(Step.of("DELETE FROM sqlite_sequence")));
        List<Step> counters = new ArrayList<>();
        sequence.forEach(row -> counters.add(new Step("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", row,
            false)));
        run(connection, counters);
      }
      run(connection, extraSteps());
      run(connection, finalSteps().stream().filter(step -> !step.sql().equals("ANALYZE")).toList());
      if (settings.analyzed()) {
        copyStatistics(original, connection);
      }
      connection.commit();
    }
  }

  /**
   * The original's ANALYZE statistics, row for row: they are content the archive keeps, and those of
   * a full-text table's shadow tables depend on how its index grew, not only on its rows.
   */
  private static void copyStatistics(Path original, Connection connection) throws SQLException {
    run(connection, List.of(Step.of("ANALYZE sqlite_schema")));
    Map<String, String> columns = Map.of(
        "sqlite_stat1", "rowid, tbl, idx, stat", "sqlite_stat4", "rowid, tbl, idx, neq, nlt, ndlt, sample");
    for (Map.Entry<String, String> table : columns.entrySet()) {
      String insert = "INSERT INTO " + table.getKey() + " (" + table.getValue() + ") VALUES ("
          + String.join(", ", Collections.nCopies(table.getValue().split(", ").length, "?")) + ")";
      List<Step> steps = new ArrayList<>(List.of(Step.of("DELETE FROM " + table.getKey())));
      for (List<Object> row : Sqlite.rows(original, "SELECT " + table.getValue() + " FROM " + table.getKey(), List.of())) {
        steps.add(new Step(insert, row, false));
      }
      run(connection, steps);
    }
  }

  private static List<Step> copyRows(Path original, String table, String rowid, List<String> columns,
      Random random) throws SQLException {
    List<String> select = new ArrayList<>();
    if (rowid != null) {
      select.add(rowid);
    }
    columns.forEach(c -> select.add(quote(c)));
    List<List<Object>> rows = Sqlite.rows(original, "SELECT " + String.join(", ", select) + " FROM " + quote(table),
        List.of());
    Collections.shuffle(rows, random);
    String insert = "INSERT INTO " + quote(table) + " (" + String.join(", ", select) + ") VALUES ("
        + String.join(", ", Collections.nCopies(select.size(), "?")) + ")";
    return rows.stream().map(row -> new Step(insert, row, false)).toList();
  }

  static void run(Connection connection, List<Step> steps) throws SQLException {
    for (Step step : steps) {
      if (step.arguments().isEmpty()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute(step.sql());
        } catch (SQLException e) {
          throw new SQLException(e.getMessage() + " in: " + step.sql(), e);
        }
        continue;
      }
      try (PreparedStatement statement = connection.prepareStatement(step.sql())) {
        for (int i = 0; i < step.arguments().size(); i++) {
          bind(statement, i + 1, step.arguments().get(i));
        }
        statement.executeUpdate();
      } catch (SQLException e) {
        // 19: a constraint (including STRICT types); 20: a non-integer value for a rowid.
        if (!step.mayFail() || (e.getErrorCode() != 19 && e.getErrorCode() != 20)) {
          throw new SQLException(e.getMessage() + " in: " + render(step), e);
        }
      }
    }
  }

  static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.NULL);
    } else if (value instanceof Long l) {
      statement.setLong(index, l);
    } else if (value instanceof Integer i) {
      statement.setLong(index, i);
    } else if (value instanceof Double d) {
      statement.setDouble(index, d);
    } else if (value instanceof String s) {
      statement.setString(index, s);
    } else {
      statement.setBytes(index, (byte[]) value);
    }
  }

  private static String quotedList(List<String> names) {
    return names.stream().map(GeneratedDatabase::quote).collect(Collectors.joining(", "));
  }

  /** A step as SQL text, its arguments written in place of the {@code ?} outside quotes. */
  static String render(Step step) {
    StringBuilder text = new StringBuilder();
    String sql = step.sql();
    char quote = 0;
    int next = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '?' && next < step.arguments().size()) {
        text.append(literal(step.arguments().get(next++)));
        continue;
      }
      text.append(c);
    }
    return text.append(';').toString();
  }

  /** {@code value} as an SQL literal, with control characters spelled as char(n) so the text stays readable. */
  static String literal(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Double d) {
      if (Double.isNaN(d)) {
        return "NULL /* NaN */";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? "9e999" : "-9e999";
      }
      return Double.toString(d);
    }
    if (value instanceof byte[] bytes) {
      return "X'" + HexFormat.of().withUpperCase().formatHex(bytes) + "'";
    }
    if (value instanceof String s) {
      List<String> parts = new ArrayList<>();
      StringBuilder plain = new StringBuilder();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c == 0x7f) {
          if (plain.length() > 0) {
            parts.add("'" + plain.toString().replace("'", "''") + "'");
            plain.setLength(0);
          }
          parts.add("char(" + (int) c + ")");
        } else {
          plain.append(c);
        }
      }
      if (plain.length() > 0 || parts.isEmpty()) {
        parts.add("'" + plain.toString().replace("'", "''") + "'");
      }
      return String.join(" || ", parts);
    }
    return value.toString();
  }

  @Override
  public String toString() {
    return "\n" + script().stream().map(GeneratedDatabase::render).collect(Collectors.joining("\n")) + "\n";
  }
}
