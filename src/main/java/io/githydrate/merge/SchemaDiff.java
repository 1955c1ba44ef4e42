package io.githydrate.merge;

import io.githydrate.archive.Pragmas;
import io.githydrate.archive.SchemaObject;
import io.githydrate.engine.SchemaProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What differs before the rows: the settings, and the schema objects matched by name. Changes come
 * in the order a script would apply them: drops first (dependent objects before their tables),
 * then creations and changes in the new schema's order.
 */
final class SchemaDiff {
  /** What SQLite gives a new database; an archive without a setting (older shape) means these. */
  private static final Pragmas DEFAULTS = new Pragmas(0, 0, "UTF-8", "delete", 4096, 0);

  private SchemaDiff() {}

  static List<SettingChange> settings(Pragmas before, Pragmas after) {
    Pragmas b = before == null ? DEFAULTS : before;
    Pragmas a = after == null ? DEFAULTS : after;
    List<SettingChange> changes = new ArrayList<>();
    compare(changes, "application_id", b.applicationId(), a.applicationId(), DEFAULTS.applicationId());
    compare(changes, "auto_vacuum", b.autoVacuum(), a.autoVacuum(), DEFAULTS.autoVacuum());
    compare(changes, "encoding", b.encoding(), a.encoding(), DEFAULTS.encoding());
    compare(changes, "journal_mode", b.journalMode(), a.journalMode(), DEFAULTS.journalMode());
    compare(changes, "page_size", b.pageSize(), a.pageSize(), DEFAULTS.pageSize());
    compare(changes, "user_version", b.userVersion(), a.userVersion(), DEFAULTS.userVersion());
    return changes;
  }

  private static void compare(List<SettingChange> changes, String pragma, Object before, Object after, Object unset) {
    Object b = before == null ? unset : before;
    Object a = after == null ? unset : after;
    if (!Objects.equals(b, a)) {
      changes.add(new SettingChange(pragma, b instanceof Integer i ? Long.valueOf(i) : b,
          a instanceof Integer i ? Long.valueOf(i) : a));
    }
  }

  /** The objects that differ; {@code beforeProbe} and {@code afterProbe} tell the tables' columns. */
  static List<SchemaChange> objects(List<SchemaObject> before, List<SchemaObject> after, SchemaProbe beforeProbe,
      SchemaProbe afterProbe) {
    Map<String, SchemaObject> old = byName(before);
    Map<String, SchemaObject> now = byName(after);
    List<SchemaChange> changes = new ArrayList<>();
    List<SchemaObject> reversed = new ArrayList<>(before);
    java.util.Collections.reverse(reversed);
    for (SchemaObject object : reversed) {
      if (!now.containsKey(SchemaMerge.fold(object.name()))) {
        changes.add(new SchemaChange(SchemaChange.Kind.DROPPED, object.type(), object.name(), object.sql(), null,
            List.of()));
      }
    }
    for (SchemaObject object : after) {
      SchemaObject was = old.get(SchemaMerge.fold(object.name()));
      if (was == null) {
        changes.add(new SchemaChange(SchemaChange.Kind.CREATED, object.type(), object.name(), null, object.sql(),
            List.of()));
      } else if (!was.type().equals(object.type()) || !was.sql().equals(object.sql())) {
        Optional<List<String>> added = object.isTable() && was.isTable()
            ? appended(object.name(), was.sql(), object.sql(), beforeProbe, afterProbe) : Optional.empty();
        changes.add(new SchemaChange(added.isPresent() ? SchemaChange.Kind.ALTERED : SchemaChange.Kind.REDEFINED,
            object.type(), object.name(), was.sql(), object.sql(), added.orElse(List.of())));
      }
    }
    return changes;
  }

  /** The definitions of the columns appended to an ordinary table, if that is all that changed. */
  private static Optional<List<String>> appended(String table, String beforeSql, String afterSql,
      SchemaProbe beforeProbe, SchemaProbe afterProbe) {
    Optional<SchemaProbe.Table> b = beforeProbe.table(table);
    Optional<SchemaProbe.Table> a = afterProbe.table(table);
    if (b.isEmpty() || a.isEmpty()) {
      return Optional.empty();
    }
    List<String> oldColumns = names(b.get());
    List<String> newColumns = names(a.get());
    if (newColumns.size() <= oldColumns.size() || !newColumns.subList(0, oldColumns.size()).equals(oldColumns)) {
      return Optional.empty();
    }
    return AddedColumns.of(beforeSql, afterSql, newColumns.subList(oldColumns.size(), newColumns.size()));
  }

  private static List<String> names(SchemaProbe.Table table) {
    return table.columns().stream().map(SchemaProbe.Column::name).toList();
  }

  private static Map<String, SchemaObject> byName(List<SchemaObject> objects) {
    Map<String, SchemaObject> map = new LinkedHashMap<>();
    for (SchemaObject object : objects) {
      map.put(SchemaMerge.fold(object.name()), object);
    }
    return map;
  }
}
