package io.githydrate.schema;

import java.util.List;
import java.util.Optional;

/**
 * What a database's schema holds, as a diagram or a page of documentation shows it: its tables with
 * their columns, keys, foreign keys, indexes and row counts, its views and triggers. Every list is in
 * a fixed order (tables and views by name, columns as declared), so what is drawn from it is the same
 * byte for byte from the same archive.
 *
 * @param database the database's path as the archive records it (informational)
 */
public record SchemaModel(String database, List<Table> tables, List<View> views, List<Trigger> triggers) {

  public SchemaModel {
    tables = List.copyOf(tables);
    views = List.copyOf(views);
    triggers = List.copyOf(triggers);
  }

  /**
   * One column.
   *
   * @param type the declared type, empty when none
   * @param primaryKey its position in the primary key, from 1; 0 when not part of it
   * @param defaultSql the DEFAULT expression's text; null when none
   */
  public record Column(String name, String type, int primaryKey, boolean notNull, String defaultSql) {}

  /** A foreign key: {@code to} lists the parent's columns, or its primary key's when the key names none. */
  public record ForeignKey(List<String> from, String parent, List<String> to) {
    public ForeignKey {
      from = List.copyOf(from);
      to = List.copyOf(to);
    }
  }

  /** An index created by the schema (not the ones SQLite makes for UNIQUE and PRIMARY KEY). */
  public record Index(String name, boolean unique, List<String> columns) {
    public Index {
      columns = List.copyOf(columns);
    }
  }

  /**
   * A table.
   *
   * @param virtual a virtual table (full-text, R-tree): its columns are what the archive stores
   * @param rows the rows its archive holds
   */
  public record Table(String name, boolean virtual, List<Column> columns, List<ForeignKey> foreignKeys,
      List<Index> indexes, long rows) {
    public Table {
      columns = List.copyOf(columns);
      foreignKeys = List.copyOf(foreignKeys);
      indexes = List.copyOf(indexes);
    }

    public Optional<Column> column(String name) {
      return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }
  }

  /** A view, with the statement that creates it. */
  public record View(String name, String sql) {}

  /** A trigger, the table (or view) it belongs to, and its statement. */
  public record Trigger(String name, String table, String sql) {}

  /** The table {@code name}, matched as SQLite matches names (ignoring ASCII case). */
  public Optional<Table> table(String name) {
    return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
  }

  /** Rows over all tables. */
  public long rows() {
    return tables.stream().mapToLong(Table::rows).sum();
  }
}
