package io.githydrate.engine.properties;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Everything a database holds that git-hydrate promises to keep, read with plain SQL so that it is
 * independent of the code under test: the {@code sqlite_schema} entries, each table's
 * {@code table_xinfo}, the file-wide pragmas (the journal mode included), and every row of every table
 * that holds data, SQLite's own included: visible rows of virtual tables, the ANALYZE statistics
 * with their rowids, and the {@code sqlite_sequence} counters in their order but without their
 * rowids (SQLite numbers them itself; a dropped table leaves a gap that a rebuilt file closes).
 *
 * <p>Cells keep their storage class and their exact value: REALs by their raw bits (so -0.0 and 0.0
 * differ), TEXT as the exact string, BLOBs by their bytes. Rows are sorted, since a table's rows are
 * a set (each carries its rowid or primary key); the counters, which carry neither, keep their order.
 */
record Snapshot(List<SchemaEntry> schema, Map<String, List<String>> columns, Map<String, String> pragmas,
    Map<String, List<List<Cell>>> rows) {

  record SchemaEntry(String type, String name, String table, String sql) {}

  /** One value: its {@code typeof()} and an exact rendering of it. */
  record Cell(String type, String exact) {
    static Cell of(String type, ResultSet rs, int index) throws SQLException {
      return switch (type) {
        case "integer" -> new Cell(type, Long.toString(rs.getLong(index)));
        case "real" -> {
          double d = rs.getDouble(index);
          yield new Cell(type, String.format("%016x (%s)", Double.doubleToRawLongBits(d), d));
        }
        case "text" -> new Cell(type, rs.getString(index));
        case "blob" -> new Cell(type, HexFormat.of().formatHex(rs.getBytes(index)));
        default -> new Cell(type, "");
      };
    }

    @Override
    public String toString() {
      return switch (type) {
        case "null" -> "NULL";
        case "text" -> "text " + escape(exact);
        case "blob" -> "blob x'" + exact + "'";
        default -> type + " " + exact;
      };
    }
  }

  static final List<String> PRAGMAS =
      List.of("user_version", "application_id", "page_size", "auto_vacuum", "encoding", "journal_mode");

  static Snapshot of(Path db) throws SQLException {
    if (!Files.isRegularFile(db)) {
      throw new IllegalArgumentException(db + " does not exist");
    }
    try (Connection connection = Sqlite.open(db)) {
      List<SchemaEntry> schema = new ArrayList<>();
      for (List<Object> row : Sqlite.rows(connection, "SELECT type, name, tbl_name, sql FROM sqlite_schema", List.of())) {
        schema.add(new SchemaEntry((String) row.get(0), (String) row.get(1), (String) row.get(2), (String) row.get(3)));
      }
      schema.sort(Comparator.comparing(SchemaEntry::type).thenComparing(SchemaEntry::name));
      Map<String, String> pragmas = new LinkedHashMap<>();
      for (String pragma : PRAGMAS) {
        pragmas.put(pragma, String.valueOf(Sqlite.rows(connection, "PRAGMA " + pragma, List.of()).get(0).get(0)));
      }
      Map<String, List<String>> columns = new TreeMap<>();
      Map<String, List<List<Cell>>> rows = new TreeMap<>();
      for (List<Object> table : Sqlite.rows(connection,
          "SELECT name, type, wr FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual', 'shadow')"
              + " AND (name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
              + " OR name IN ('sqlite_sequence', 'sqlite_stat1', 'sqlite_stat4'))", List.of())) {
        String name = (String) table.get(0);
        List<List<Object>> info = Sqlite.rows(connection,
            "SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid",
            List.of(name));
        columns.put(name, info.stream().map(Object::toString).toList());
        if ("shadow".equals(table.get(1))) {
          continue; // SQLite's own bookkeeping for a virtual table, rebuilt from its visible rows
        }
        List<String> visible = info.stream().filter(c -> !Objects.equals(c.get(6), 1L))
            .map(c -> (String) c.get(1)).toList();
        boolean sequence = "sqlite_sequence".equals(name);
        rows.put(name, cells(connection, name, visible, Objects.equals(table.get(2), 0L) && !sequence, !sequence));
      }
      return new Snapshot(List.copyOf(schema), columns, pragmas, rows);
    }
  }

  private static List<List<Cell>> cells(Connection connection, String table, List<String> columns, boolean withRowid,
      boolean sorted) throws SQLException {
    List<String> expressions = new ArrayList<>();
    if (withRowid) {
      expressions.add(GeneratedDatabase.rowidName(columns));
    }
    columns.forEach(c -> expressions.add(GeneratedDatabase.quote(c)));
    String select = expressions.stream().map(e -> "typeof(" + e + "), " + e).collect(Collectors.joining(", "));
    List<List<Cell>> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT " + select + " FROM " + GeneratedDatabase.quote(table) + (sorted ? "" : " ORDER BY rowid"));
         ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        List<Cell> row = new ArrayList<>();
        for (int i = 0; i < expressions.size(); i++) {
          row.add(Cell.of(rs.getString(2 * i + 1), rs, 2 * i + 2));
        }
        rows.add(row);
      }
    }
    if (sorted) {
      rows.sort(Comparator.comparing(Object::toString));
    }
    return rows;
  }

  /** The sql texts of the schema, as a sorted set (entries without sql, such as automatic indexes, left out). */
  TreeSet<String> sqlTexts() {
    return schema.stream().map(SchemaEntry::sql).filter(Objects::nonNull).collect(Collectors.toCollection(TreeSet::new));
  }

  /** How the rows of {@code actual} differ from those of {@code expected}, for a failure message; empty when equal. */
  static List<String> rowDifferences(Snapshot expected, Snapshot actual) {
    List<String> differences = new ArrayList<>();
    if (!expected.rows.keySet().equals(actual.rows.keySet())) {
      differences.add("tables with rows: expected " + expected.rows.keySet() + ", got " + actual.rows.keySet());
    }
    for (var entry : expected.rows.entrySet()) {
      List<List<Cell>> want = entry.getValue();
      List<List<Cell>> got = actual.rows.get(entry.getKey());
      if (got == null || got.equals(want)) {
        continue;
      }
      if (want.size() != got.size()) {
        differences.add("table " + escape(entry.getKey()) + ": expected " + want.size() + " rows, got " + got.size());
      }
      for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
        if (!want.get(i).equals(got.get(i))) {
          differences.add("table " + escape(entry.getKey()) + " row " + i + ": expected " + want.get(i) + ", got "
              + got.get(i));
          break;
        }
      }
    }
    return differences;
  }

  /** Java-style escapes for control characters, so a failure message shows what the text holds. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.codePoints().forEach(c -> {
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
        out.append(c == '"' || c == '\\' ? "\\" + (char) c : String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.append('"').toString();
  }
}
