package io.githydrate.archive;

/**
 * One entry of {@code sqlite_schema}: a table, virtual table, index, view or trigger, with the exact
 * SQL text SQLite keeps for it.
 *
 * @param type {@code table}, {@code index}, {@code view} or {@code trigger} (virtual tables are
 *     tables whose SQL starts with {@code CREATE VIRTUAL TABLE})
 * @param name the object's name
 * @param table the table (or view) the object belongs to; equal to {@code name} for tables and views
 * @param sql the statement that creates it
 */
public record SchemaObject(String type, String name, String table, String sql) {

  public boolean isTable() {
    return "table".equals(type);
  }
}
