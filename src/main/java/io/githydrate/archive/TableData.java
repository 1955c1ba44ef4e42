package io.githydrate.archive;

import java.util.List;

/**
 * The heading of one table's rows in an archive.
 *
 * @param name the table's name
 * @param columns the stored (not generated, not hidden) columns, in declaration order
 * @param withRowid whether each row starts with the row's rowid before the column values (tables
 *     whose rowid is not already a column)
 */
public record TableData(String name, List<String> columns, boolean withRowid) {

  public TableData {
    columns = List.copyOf(columns);
  }

  /** Number of values in each row. */
  public int width() {
    return columns.size() + (withRowid ? 1 : 0);
  }
}
