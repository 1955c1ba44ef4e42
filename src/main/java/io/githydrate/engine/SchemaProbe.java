package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.archive.SchemaObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an archive's tables mean, asked of SQLite itself rather than parsed here: the archive's
 * {@code CREATE TABLE} statements (checked as a build checks them) are run on a private database in
 * memory, which then answers which columns form each table's key, how that key sorts, its defaults
 * and foreign keys. Its indexes are created too, so that rows tried with {@link #insert} meet the
 * schema's NOT NULL, CHECK and UNIQUE constraints (triggers are not created; foreign keys are not
 * enforced). Virtual tables are not created (their rows are keyed by rowid).
 */
public final class SchemaProbe implements AutoCloseable {
  /**
   * One column: {@code defaultSql} is the DEFAULT expression's text (null when none); {@code pk} is
   * its position in the primary key (0 when not part of it).
   */
  public record Column(String name, String type, boolean notNull, String defaultSql, int pk) {}

  /** A foreign key of a table: {@code to} is empty when it points at the parent's primary key. */
  public record ForeignKey(String parent, List<String> from, List<String> to) {}

  /**
   * A table as SQLite sees it.
   *
   * @param key the stored columns that identify a row, in key order: the rowid alias (INTEGER
   *     PRIMARY KEY) alone, or a WITHOUT ROWID table's primary key; empty for a rowid table without
   *     an alias (its rows are keyed by their rowid)
   * @param collations the collating sequence of each key column, as rows are ordered by it
   * @param integerKey whether the key is the table's rowid (an alias of it, or the rowid itself)
   */
  public record Table(String name, List<Column> columns, List<String> key, List<String> collations,
      boolean integerKey, List<ForeignKey> foreignKeys) {}

  private final Connection connection;
  private final Map<String, Table> tables = new HashMap<>();

  private SchemaProbe(Connection connection) {
    this.connection = connection;
  }

  /**
   * Creates the ordinary tables and the indexes among {@code schema} in memory; throws naming an
   * entry SQLite or the checks refuse.
   */
  public static SchemaProbe of(List<SchemaObject> schema) {
    Connection connection = Connections.inMemory();
    SchemaProbe probe = new SchemaProbe(connection);
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA foreign_keys=OFF");
      for (SchemaObject object : schema) {
        boolean ordinaryTable = object.isTable() && VirtualTable.parse(object.sql()).isEmpty();
        if (ordinaryTable || "index".equals(object.type())) {
          SchemaSql.check(object);
          try {
            statement.execute(object.sql());
          } catch (SQLException e) {
            throw new HydrateException("schema entry \"" + object.name() + "\": " + SqliteErrors.describe(e), e);
          }
        }
      }
    } catch (SQLException | RuntimeException e) {
      probe.close();
      throw e instanceof HydrateException h ? h : new HydrateException("cannot read the schema: " + e.getMessage(), e);
    }
    return probe;
  }

  /** The ordinary table {@code name}; empty for a virtual table or one the schema lacks. */
  public Optional<Table> table(String name) {
    String folded = name.toLowerCase(Locale.ROOT);
    if (!tables.containsKey(folded)) {
      try {
        tables.put(folded, read(name).orElse(null));
      } catch (SQLException e) {
        throw new HydrateException("table \"" + name + "\": " + SqliteErrors.describe(e), e);
      }
    }
    return Optional.ofNullable(tables.get(folded));
  }

  /**
   * The columns index {@code name} covers, in key order; an expression in the index is shown as
   * {@code <expression>} (SQLite does not name it). Empty when the index is unknown.
   */
  public List<String> indexColumns(String name) {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT name FROM pragma_index_info(?, 'main') ORDER BY seqno")) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1) == null ? "<expression>" : rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new HydrateException("index \"" + name + "\": " + SqliteErrors.describe(e), e);
    }
    return columns;
  }

  /** The value of a DEFAULT expression (constant, as SQLite requires of a column added later), as the expression gives it. */
  public Object evaluate(String defaultSql) {
    if (defaultSql == null) {
      return null;
    }
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT " + defaultSql)) {
      rs.next();
      return value(rs);
    } catch (SQLException e) {
      throw new HydrateException("default value " + defaultSql + ": " + SqliteErrors.describe(e), e);
    }
  }

  /**
   * The value a row that lacks {@code column} holds for it, as {@code ALTER TABLE ADD COLUMN} gives
   * existing rows: its default, stored with the column's affinity ({@code REAL DEFAULT 0} holds 0.0,
   * {@code INTEGER DEFAULT '1'} holds 1), worked out by storing it in a scratch table of that type.
   */
  public Object storedDefault(Column column) {
    if (column.defaultSql() == null) {
      return null;
    }
    String scratch = "temp.\"git-hydrate default\"";
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE " + scratch + " (x " + (column.type() == null ? "" : column.type())
          + " DEFAULT " + column.defaultSql() + ")");
      try {
        statement.execute("INSERT INTO " + scratch + " DEFAULT VALUES");
        try (ResultSet rs = statement.executeQuery("SELECT x FROM " + scratch)) {
          rs.next();
          return value(rs);
        }
      } finally {
        statement.execute("DROP TABLE " + scratch);
      }
    } catch (SQLException e) {
      throw new HydrateException("column " + column.name() + ": default " + column.defaultSql() + ": "
          + SqliteErrors.describe(e), e);
    }
  }

  /** The first value of {@code rs} as an archive holds it: Long, Double, String, byte[] or null. */
  private static Object value(ResultSet rs) throws SQLException {
    Object value = rs.getObject(1);
    return value instanceof Integer i ? Long.valueOf(i) : value;
  }

  private Optional<Table> read(String name) throws SQLException {
    List<Column> columns = new ArrayList<>();
    List<String> key = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo(?, 'main') WHERE hidden = 0 ORDER BY cid")) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          columns.add(new Column(rs.getString(1), rs.getString(2), rs.getInt(3) != 0, rs.getString(4), rs.getInt(5)));
        }
      }
    }
    if (columns.isEmpty()) {
      return Optional.empty();
    }
    boolean withoutRowid = SourceSchema.isWithoutRowid(connection, name);
    List<String> collations = new ArrayList<>();
    if (withoutRowid) {
      columns.stream().filter(c -> c.pk() > 0).sorted(java.util.Comparator.comparingInt(Column::pk))
          .forEach(c -> key.add(c.name()));
      for (String column : key) {
        collations.add(collation(name, column));
      }
    } else {
      SourceSchema.rowidAliasName(connection, name).ifPresent(alias -> {
        key.add(alias);
        collations.add("BINARY");
      });
    }
    return Optional.of(new Table(name, columns, key, collations, !withoutRowid, foreignKeys(name)));
  }

  /** The collation a column sorts by in {@code ORDER BY column}: its declared one. */
  private String collation(String table, String column) throws SQLException {
    // The primary key's own index lists each key column's collation (the declared one, unless the
    // PRIMARY KEY clause names another, which ORDER BY would not use: rare enough to leave).
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT x.coll FROM pragma_index_list(?1, 'main') l, pragma_index_xinfo(l.name, 'main') x"
            + " WHERE l.origin = 'pk' AND x.name = ?2 AND x.key = 1")) {
      statement.setString(1, table);
      statement.setString(2, column);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() && rs.getString(1) != null ? rs.getString(1).toUpperCase(Locale.ROOT) : "BINARY";
      }
    }
  }

  private List<ForeignKey> foreignKeys(String table) throws SQLException {
    Map<Integer, ForeignKey> keys = new java.util.LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?, 'main') ORDER BY id, seq")) {
      statement.setString(1, table);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          ForeignKey key = keys.computeIfAbsent(rs.getInt(1),
              id -> new ForeignKey(null, new ArrayList<>(), new ArrayList<>()));
          if (key.parent() == null) {
            key = new ForeignKey(rs.getString(2), key.from(), key.to());
            keys.put(rs.getInt(1), key);
          }
          key.from().add(rs.getString(3));
          if (rs.getString(4) != null) {
            key.to().add(rs.getString(4));
          }
        }
      }
    }
    return keys.values().stream().map(k -> new ForeignKey(k.parent(), List.copyOf(k.from()), List.copyOf(k.to()))).toList();
  }

  private final Map<String, PreparedStatement> inserts = new HashMap<>();

  /**
   * Inserts one row into the in-memory copy of {@code table} and keeps it there; returns what SQLite
   * refused about it (a NOT NULL, CHECK or UNIQUE constraint, also against rows inserted before), or
   * null when it went in.
   *
   * @param values the row as an archive holds it: {@code columns} in order, preceded by the rowid
   *     when {@code withRowid}
   */
  public String insert(String table, List<String> columns, boolean withRowid, Object[] values) {
    try {
      PreparedStatement statement = inserts.get(table);
      if (statement == null) {
        List<String> names = new ArrayList<>();
        if (withRowid) {
          names.add("rowid");
        }
        columns.forEach(c -> names.add(Sql.quote(c)));
        statement = connection.prepareStatement("INSERT INTO main." + Sql.quote(table) + " (" + String.join(", ", names)
            + ") VALUES (" + String.join(", ", java.util.Collections.nCopies(names.size(), "?")) + ")");
        inserts.put(table, statement);
      }
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      statement.executeUpdate();
      return null;
    } catch (SQLException e) {
      return SqliteErrors.describe(e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // a database in memory: nothing to lose
    }
  }
}
