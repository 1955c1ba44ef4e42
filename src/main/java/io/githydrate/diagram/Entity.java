package io.githydrate.diagram;

import io.githydrate.schema.SchemaModel;
import java.util.List;

/**
 * One box of the diagram: a table, virtual table or view, with its lines and how it changed.
 *
 * @param rows the table's rows; -1 for a view
 * @param foreignKeys the table's foreign keys, each with how it changed
 */
record Entity(String name, Kind kind, Status status, long rows, List<Line> columns, List<Line> indexes,
    List<Reference> foreignKeys) {

  enum Kind { TABLE, VIRTUAL, VIEW }

  Entity {
    columns = List.copyOf(columns);
    indexes = List.copyOf(indexes);
    foreignKeys = List.copyOf(foreignKeys);
  }

  /**
   * One line of a box: a column (marks {@code PK}, {@code FK}, type, NOT NULL) or an index (its
   * columns in {@code type}).
   */
  record Line(String name, String marks, String type, boolean notNull, Status status) {}

  /** A foreign key drawn as an edge. */
  record Reference(SchemaModel.ForeignKey key, Status status) {}

  /** The line of column {@code column}, from 0; -1 when the box has no such column. */
  int lineOf(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equalsIgnoreCase(column)) {
        return i;
      }
    }
    return -1;
  }
}
