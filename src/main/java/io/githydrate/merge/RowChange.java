package io.githydrate.merge;

import java.util.List;

/**
 * One row that differs between two versions of a table.
 *
 * <p>An added row has its columns and {@code after} values, a removed one its columns and
 * {@code before} values (the rowid is not among them: the key says it); a changed row has only the
 * columns whose values differ, each with its value before and after.
 *
 * @param key the row's key values (its rowid, INTEGER PRIMARY KEY or primary key)
 */
public record RowChange(Kind kind, String table, List<Object> key, List<String> columns, List<Object> before,
    List<Object> after) {

  /** What happened to the row. */
  public enum Kind {
    ADDED("added"), REMOVED("removed"), CHANGED("changed");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    /** The name in {@code --json} output. */
    public String wireName() {
      return wireName;
    }
  }
}
