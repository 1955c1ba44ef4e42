package io.githydrate.diagram;

import io.githydrate.schema.SchemaModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The boxes to draw for a schema, compared with an earlier one when given: what was added is marked
 * so, what changed (a column's type, NOT NULL, key or default; a table's columns, indexes or foreign
 * keys) is marked changed, and what was removed is still drawn, marked removed, after what is there.
 */
final class Entities {
  private Entities() {}

  /** The boxes of {@code now}, tables then views by name; {@code before} null: nothing is marked. */
  static List<Entity> of(SchemaModel now, SchemaModel before) {
    List<Entity> entities = new ArrayList<>();
    for (SchemaModel.Table table : now.tables()) {
      Optional<SchemaModel.Table> old = before == null ? Optional.empty() : before.table(table.name());
      entities.add(table(table, old.orElse(null), before != null && old.isEmpty()));
    }
    if (before != null) {
      for (SchemaModel.Table table : before.tables()) {
        if (now.table(table.name()).isEmpty()) {
          entities.add(removed(table));
        }
      }
    }
    for (SchemaModel.View view : now.views()) {
      Optional<SchemaModel.View> old = before == null ? Optional.empty()
          : before.views().stream().filter(v -> v.name().equalsIgnoreCase(view.name())).findFirst();
      Status status = before == null ? Status.SAME : old.isEmpty() ? Status.ADDED
          : old.get().sql().equals(view.sql()) ? Status.SAME : Status.CHANGED;
      entities.add(view(view, status));
    }
    if (before != null) {
      for (SchemaModel.View view : before.views()) {
        if (now.views().stream().noneMatch(v -> v.name().equalsIgnoreCase(view.name()))) {
          entities.add(view(view, Status.REMOVED));
        }
      }
    }
    entities.sort(Comparator.comparing((Entity e) -> e.kind() == Entity.Kind.VIEW)
        .thenComparing(e -> e.name().toLowerCase(Locale.ROOT)).thenComparing(Entity::name));
    return entities;
  }

  private static Entity table(SchemaModel.Table table, SchemaModel.Table old, boolean added) {
    List<Entity.Line> columns = new ArrayList<>();
    for (SchemaModel.Column column : table.columns()) {
      Status status = added ? Status.ADDED : old == null ? Status.SAME : old.column(column.name())
          .map(o -> sameColumn(o, column) ? Status.SAME : Status.CHANGED).orElse(Status.ADDED);
      columns.add(line(table, column, status));
    }
    if (old != null) {
      for (SchemaModel.Column column : old.columns()) {
        if (table.column(column.name()).isEmpty()) {
          columns.add(line(old, column, Status.REMOVED));
        }
      }
    }
    List<Entity.Line> indexes = new ArrayList<>();
    for (SchemaModel.Index index : table.indexes()) {
      Optional<SchemaModel.Index> was = old == null ? Optional.empty() : index(old, index.name());
      Status status = added ? Status.ADDED : old == null ? Status.SAME
          : was.map(o -> o.equals(index) ? Status.SAME : Status.CHANGED).orElse(Status.ADDED);
      indexes.add(indexLine(index, status));
    }
    if (old != null) {
      for (SchemaModel.Index index : old.indexes()) {
        if (index(table, index.name()).isEmpty()) {
          indexes.add(indexLine(index, Status.REMOVED));
        }
      }
    }
    List<Entity.Reference> keys = new ArrayList<>();
    for (SchemaModel.ForeignKey key : table.foreignKeys()) {
      keys.add(new Entity.Reference(key, added ? Status.ADDED
          : old == null || old.foreignKeys().contains(key) ? Status.SAME : Status.ADDED));
    }
    if (old != null) {
      for (SchemaModel.ForeignKey key : old.foreignKeys()) {
        if (!table.foreignKeys().contains(key)) {
          keys.add(new Entity.Reference(key, Status.REMOVED));
        }
      }
    }
    Status status = added ? Status.ADDED
        : old == null || (columns.stream().allMatch(l -> l.status() == Status.SAME)
            && indexes.stream().allMatch(l -> l.status() == Status.SAME)
            && keys.stream().allMatch(k -> k.status() == Status.SAME)) ? Status.SAME : Status.CHANGED;
    return new Entity(table.name(), table.virtual() ? Entity.Kind.VIRTUAL : Entity.Kind.TABLE, status, table.rows(),
        columns, indexes, keys);
  }

  private static Entity removed(SchemaModel.Table table) {
    List<Entity.Line> columns = table.columns().stream().map(c -> line(table, c, Status.REMOVED)).toList();
    List<Entity.Line> indexes = table.indexes().stream().map(i -> indexLine(i, Status.REMOVED)).toList();
    List<Entity.Reference> keys = table.foreignKeys().stream().map(k -> new Entity.Reference(k, Status.REMOVED)).toList();
    return new Entity(table.name(), table.virtual() ? Entity.Kind.VIRTUAL : Entity.Kind.TABLE, Status.REMOVED,
        table.rows(), columns, indexes, keys);
  }

  private static Entity view(SchemaModel.View view, Status status) {
    return new Entity(view.name(), Entity.Kind.VIEW, status, -1, List.of(), List.of(), List.of());
  }

  private static boolean sameColumn(SchemaModel.Column a, SchemaModel.Column b) {
    return a.type().equalsIgnoreCase(b.type()) && a.notNull() == b.notNull() && a.primaryKey() == b.primaryKey()
        && Objects.equals(a.defaultSql(), b.defaultSql());
  }

  private static Optional<SchemaModel.Index> index(SchemaModel.Table table, String name) {
    return table.indexes().stream().filter(i -> i.name().equalsIgnoreCase(name)).findFirst();
  }

  private static Entity.Line line(SchemaModel.Table table, SchemaModel.Column column, Status status) {
    boolean foreign = table.foreignKeys().stream().anyMatch(k -> k.from().stream().anyMatch(column.name()::equalsIgnoreCase));
    String marks = column.primaryKey() > 0 ? (foreign ? "PK FK" : "PK") : foreign ? "FK" : "";
    return new Entity.Line(column.name(), marks, column.type(), column.notNull(), status);
  }

  private static Entity.Line indexLine(SchemaModel.Index index, Status status) {
    return new Entity.Line(index.name(), index.unique() ? "UQ" : "IX", "(" + String.join(", ", index.columns()) + ")",
        false, status);
  }
}
