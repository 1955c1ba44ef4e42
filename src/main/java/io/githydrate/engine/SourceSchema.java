package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.archive.Pragmas;
import io.githydrate.archive.SchemaObject;
import io.githydrate.archive.SqliteTables;
import io.githydrate.archive.TableData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an existing database holds, in the archive's canonical order: its pragmas, its schema
 * objects and, for each table with rows to archive, the query that reads them in key order.
 *
 * <p>Canonical order groups objects by kind (tables, virtual tables, indexes, views, triggers),
 * keeping creation order within a kind. That is the order VACUUM leaves {@code sqlite_schema} in,
 * so an archive does not change when the database is vacuumed, and it is an order in which the
 * objects can be created again: data before indexes and triggers.
 */
record SourceSchema(Pragmas pragmas, List<SchemaObject> objects, List<TableSource> tables) {

  /**
   * A table whose rows go into the archive and how to read them in archive order.
   *
   * @param values the SQL expressions of a row's values, in archive order
   * @param fromAndOrder the query's {@code FROM ... ORDER BY ...} clauses
   */
  record TableSource(TableData data, List<String> values, String fromAndOrder) {
    TableSource {
      values = List.copyOf(values);
    }
  }

  /** Reads the schema through {@code connection}, inside whatever transaction it has open. */
  static SourceSchema read(Connection connection) throws SQLException {
    Pragmas pragmas = readPragmas(connection);
    Set<String> hidden = internalTables(connection);
    List<Entry> entries = new ArrayList<>();
    Set<String> sqliteTables = new HashSet<>();
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery(
             "SELECT type, name, tbl_name, sql, rowid FROM main.sqlite_schema ORDER BY rowid")) {
      while (rs.next()) {
        String type = rs.getString(1);
        String name = rs.getString(2);
        String sql = rs.getString(4);
        if (SqliteTables.isKept(name) && "table".equals(type)) {
          sqliteTables.add(name);
          continue;
        }
        if (sql == null || hidden.contains(name) || name.startsWith("sqlite_")) {
          continue; // automatic indexes, shadow tables of virtual tables
        }
        SchemaObject object = new SchemaObject(type, name, rs.getString(3), sql);
        entries.add(new Entry(object, rank(object), rs.getLong(5)));
      }
    }
    entries.sort(Comparator.comparingInt(Entry::rank).thenComparingLong(Entry::rowid));
    List<SchemaObject> objects = new ArrayList<>();
    List<TableSource> tables = new ArrayList<>();
    for (Entry entry : entries) {
      objects.add(entry.object);
      if (entry.object.isTable()) {
        tableSource(connection, entry.object).ifPresent(tables::add);
      }
    }
    // An empty sqlite_sequence is left out: SQLite keeps the table after its last AUTOINCREMENT
    // table is dropped, but a database built from the archive would not have it, and the archive of
    // that database must be the same. Its rows are in the order SQLite added them (rowid order, as
    // sqlite3's .dump writes them); their rowids are SQLite's own numbering and are not kept.
    if (sqliteTables.contains(SqliteTables.SEQUENCE) && hasRows(connection, SqliteTables.SEQUENCE)) {
      tables.add(new TableSource(new TableData(SqliteTables.SEQUENCE, List.of("name", "seq"), false),
          List.of("name", "seq"), " FROM main.sqlite_sequence ORDER BY rowid"));
    }
    // ANALYZE statistics, kept with their rowids: analysing one table again rewrites its rows at the
    // end, and the planner reads them in rowid order. Kept even when empty, as ANALYZE left them.
    for (String statistics : SqliteTables.STATISTICS) {
      if (sqliteTables.contains(statistics)) {
        List<String> columns = names(columns(connection, statistics));
        tables.add(select(statistics, columns, "rowid", true));
      }
    }
    return new SourceSchema(pragmas, objects, tables);
  }

  private record Entry(SchemaObject object, int rank, long rowid) {}

  private static boolean hasRows(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM main." + Sql.quote(table) + ")")) {
      return rs.next() && rs.getInt(1) == 1;
    }
  }

  private static int rank(SchemaObject object) {
    return switch (object.type()) {
      case "table" -> VirtualTable.parse(object.sql()).isPresent() ? 1 : 0;
      case "index" -> 2;
      case "view" -> 3;
      default -> 4;
    };
  }

  private static Pragmas readPragmas(Connection connection) throws SQLException {
    return new Pragmas(
        intPragma(connection, "application_id"),
        intPragma(connection, "auto_vacuum"),
        stringPragma(connection, "encoding"),
        // Only WAL is a property of the file (its header says so); other modes are per connection.
        Pragmas.WAL.equalsIgnoreCase(stringPragma(connection, "journal_mode")) ? Pragmas.WAL : null,
        intPragma(connection, "page_size"),
        intPragma(connection, "user_version"));
  }

  static int intPragma(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("PRAGMA main." + name)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static String stringPragma(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("PRAGMA main." + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Shadow tables of virtual tables: SQLite maintains them; the archive holds the visible rows. */
  private static Set<String> internalTables(Connection connection) throws SQLException {
    Set<String> names = new HashSet<>();
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery(
             "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private record Column(String name, String type, int pk, int hidden) {}

  private static List<String> names(List<Column> columns) {
    return columns.stream().map(Column::name).toList();
  }

  /**
   * A table's primary-key columns in key order: what rows archived without their rowid are ordered
   * by (a WITHOUT ROWID table's key, or the INTEGER PRIMARY KEY that is the rowid).
   */
  static List<String> keyColumns(Connection connection, String table) throws SQLException {
    return columns(connection, table).stream().filter(c -> c.pk > 0).sorted(Comparator.comparingInt(Column::pk))
        .map(Column::name).toList();
  }

  private static List<Column> columns(Connection connection, String table) throws SQLException {
    List<Column> columns = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT name, type, pk, hidden FROM pragma_table_xinfo(?, 'main') ORDER BY cid")) {
      statement.setString(1, table);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          columns.add(new Column(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4)));
        }
      }
    }
    return columns;
  }

  private static Optional<TableSource> tableSource(Connection connection, SchemaObject table) throws SQLException {
    String name = table.name();
    List<Column> all = columns(connection, name);
    List<String> stored = new ArrayList<>();
    for (Column column : all) {
      if (column.hidden == 0) { // 1: hidden column of a virtual table; 2, 3: generated
        stored.add(column.name);
      }
    }
    Optional<VirtualTable> virtual = VirtualTable.parse(table.sql());
    if (virtual.isPresent()) {
      VirtualTable vt = virtual.get();
      if (vt.isContentless()) {
        throw new HydrateException("table \"" + name + "\": contentless full-text tables keep no copy of"
            + " their text, so they cannot be archived");
      }
      if (vt.hasExternalContent()) {
        return Optional.empty(); // rebuilt from its content table when hydrated
      }
      if (vt.isFullText()) {
        return Optional.of(select(name, stored, Sql.rowidName(names(all), name), true));
      }
      if (vt.isRtree()) {
        return Optional.of(select(name, stored, null, false));
      }
      throw new HydrateException("table \"" + name + "\": virtual tables of module \"" + vt.module()
          + "\" cannot be archived (supported: fts3, fts4, fts5, rtree)");
    }
    if (isWithoutRowid(connection, name)) {
      List<String> key = new ArrayList<>();
      all.stream().filter(c -> c.pk > 0).sorted(Comparator.comparingInt(Column::pk))
          .forEach(c -> key.add(Sql.quote(c.name)));
      return Optional.of(new TableSource(new TableData(name, stored, false), valueList(null, stored),
          " FROM main." + Sql.quote(name) + " ORDER BY " + String.join(", ", key)));
    }
    Optional<Column> alias = rowidAlias(connection, name, all);
    if (alias.isPresent()) {
      return Optional.of(new TableSource(new TableData(name, stored, false), valueList(null, stored),
          " FROM main." + Sql.quote(name) + " ORDER BY " + Sql.quote(alias.get().name)));
    }
    return Optional.of(select(name, stored, Sql.rowidName(names(all), name), true));
  }

  private static TableSource select(String table, List<String> stored, String rowid, boolean withRowid) {
    String order = rowid == null ? "rowid" : rowid;
    return new TableSource(new TableData(table, stored, withRowid),
        valueList(withRowid ? rowid : null, stored), " FROM main." + Sql.quote(table) + " ORDER BY " + order);
  }

  private static List<String> valueList(String rowid, List<String> columns) {
    List<String> list = new ArrayList<>();
    if (rowid != null) {
      list.add(rowid);
    }
    columns.forEach(c -> list.add(Sql.quote(c)));
    return list;
  }

  static boolean isWithoutRowid(Connection connection, String table) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?")) {
      statement.setString(1, table);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() && rs.getInt(1) == 1;
      }
    }
  }

  /** The name of the INTEGER PRIMARY KEY column that is the table's rowid, if any. */
  static Optional<String> rowidAliasName(Connection connection, String table) throws SQLException {
    return rowidAlias(connection, table, columns(connection, table)).map(Column::name);
  }

  /**
   * The INTEGER PRIMARY KEY column that is the table's rowid, if any. A lone primary-key column
   * declared INTEGER is the rowid unless SQLite had to build an index for it (the
   * {@code INTEGER PRIMARY KEY DESC} quirk), which shows as an index of origin "pk".
   */
  private static Optional<Column> rowidAlias(Connection connection, String table, List<Column> columns)
      throws SQLException {
    List<Column> key = columns.stream().filter(c -> c.pk > 0).toList();
    if (key.size() != 1 || !"INTEGER".equalsIgnoreCase(key.get(0).type)) {
      return Optional.empty();
    }
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT 1 FROM pragma_index_list(?, 'main') WHERE origin = 'pk'")) {
      statement.setString(1, table);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? Optional.empty() : Optional.of(key.get(0));
      }
    }
  }
}
