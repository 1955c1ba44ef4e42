package io.githydrate.merge;

import io.githydrate.archive.Pragmas;
import io.githydrate.archive.SchemaObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The three-way merge of what comes before the rows: the database's path, its pragmas, and its
 * schema objects matched by name. An object (or setting) changed on one side only takes that
 * side's version, dropped included; changed alike on both, either; changed differently, it is a
 * conflict, and the policy's side is kept.
 *
 * <p>The merged schema keeps the archive's canonical order (tables, virtual tables, indexes,
 * views, triggers; creation order within each): the order of the side whose schema changed, or,
 * when both changed, ours with theirs' new objects after ours in each group.
 */
final class SchemaMerge {
  /** Which side a merged object's version is: the same on both, or one side's. */
  enum From { BOTH, OURS, THEIRS, NEITHER }

  /** One object's outcome: {@code merged} null when it is gone. */
  record Entry(String name, SchemaObject base, SchemaObject ours, SchemaObject theirs, SchemaObject merged, From from,
      boolean conflict) {}

  private final Policy policy;
  private final List<Conflict> conflicts = new ArrayList<>();

  SchemaMerge(Policy policy) {
    this.policy = policy;
  }

  List<Conflict> conflicts() {
    return conflicts;
  }

  String database(String base, String ours, String theirs) {
    return pick(base, ours, theirs, "database", Function.identity());
  }

  Pragmas pragmas(Pragmas base, Pragmas ours, Pragmas theirs) {
    Pragmas b = base == null ? ours : base;
    return new Pragmas(
        pick(b.applicationId(), ours.applicationId(), theirs.applicationId(), "application_id", Long::valueOf),
        pick(b.autoVacuum(), ours.autoVacuum(), theirs.autoVacuum(), "auto_vacuum", Long::valueOf),
        pick(b.encoding(), ours.encoding(), theirs.encoding(), "encoding", Function.identity()),
        pick(b.journalMode(), ours.journalMode(), theirs.journalMode(), "journal_mode", Function.identity()),
        pick(b.pageSize(), ours.pageSize(), theirs.pageSize(), "page_size", Long::valueOf),
        pick(b.userVersion(), ours.userVersion(), theirs.userVersion(), "user_version", Long::valueOf));
  }

  private <T> T pick(T base, T ours, T theirs, String name, Function<? super T, ?> shown) {
    if (Objects.equals(ours, theirs) || Objects.equals(base, theirs)) {
      return ours;
    }
    if (Objects.equals(base, ours)) {
      return theirs;
    }
    if (!"database".equals(name)) {
      conflicts.add(new Conflict(Conflict.Kind.PRAGMA, name, List.of(), null, shown(base, shown), shown(ours, shown),
          shown(theirs, shown), null));
    }
    return policy == Policy.THEIRS ? theirs : ours;
  }

  private static <T> Object shown(T value, Function<? super T, ?> shown) {
    return value == null ? null : shown.apply(value);
  }

  /** Every object of the three schemas, merged, in the merged schema's order (gone ones last). */
  List<Entry> objects(List<SchemaObject> base, List<SchemaObject> ours, List<SchemaObject> theirs) {
    Map<String, SchemaObject> a = byName(base);
    Map<String, SchemaObject> o = byName(ours);
    Map<String, SchemaObject> t = byName(theirs);
    List<SchemaObject> order = order(base, ours, theirs);
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (SchemaObject object : order) {
      String name = fold(object.name());
      entries.computeIfAbsent(name, n -> entry(object.name(), a.get(n), o.get(n), t.get(n)));
    }
    for (Map<String, SchemaObject> side : List.of(a, o, t)) {
      for (Map.Entry<String, SchemaObject> object : side.entrySet()) {
        entries.computeIfAbsent(object.getKey(),
            n -> entry(object.getValue().name(), a.get(n), o.get(n), t.get(n)));
      }
    }
    return new ArrayList<>(entries.values());
  }

  /** Ours or theirs may be changed afterwards (a table whose rows cannot follow): the entry as decided then. */
  Entry decide(Entry entry, From from, String why) {
    SchemaObject merged = from == From.THEIRS ? entry.theirs() : entry.ours();
    conflicts.add(new Conflict(Conflict.Kind.SCHEMA, entry.name(), List.of(), null, sql(entry.base()),
        sql(entry.ours()), sql(entry.theirs()), why));
    return new Entry(entry.name(), entry.base(), entry.ours(), entry.theirs(), merged, from, true);
  }

  private Entry entry(String name, SchemaObject a, SchemaObject o, SchemaObject t) {
    if (Objects.equals(o, t)) {
      return new Entry(name, a, o, t, o, From.BOTH, false);
    }
    if (Objects.equals(a, o)) {
      return new Entry(name, a, o, t, t, From.THEIRS, false);
    }
    if (Objects.equals(a, t)) {
      return new Entry(name, a, o, t, o, From.OURS, false);
    }
    String why = o == null ? "dropped on ours, changed on theirs" : t == null ? "changed on ours, dropped on theirs"
        : a == null ? "created on both sides differently" : "changed differently on each side";
    return decide(new Entry(name, a, o, t, null, From.NEITHER, false),
        policy == Policy.THEIRS ? From.THEIRS : From.OURS, why);
  }

  private static String sql(SchemaObject object) {
    return object == null ? null : object.sql();
  }

  /**
   * The order objects are listed in: the changed side's when only one side changed the schema;
   * otherwise the base's for the objects it had, then the objects either side added, by name, so
   * that the order does not depend on which side is ours. Grouped canonically (any order within a
   * group is canonical: a database built from the archive has its objects in the archive's order).
   */
  private static List<SchemaObject> order(List<SchemaObject> base, List<SchemaObject> ours, List<SchemaObject> theirs) {
    List<SchemaObject> order = new ArrayList<>();
    if (base.equals(ours)) {
      order.addAll(theirs);
    } else if (base.equals(theirs)) {
      order.addAll(ours);
    } else {
      order.addAll(base);
      List<SchemaObject> added = new ArrayList<>(ours);
      added.addAll(theirs);
      added.sort(Comparator.comparing((SchemaObject object) -> fold(object.name())));
      order.addAll(added);
    }
    order.addAll(base);
    order.addAll(ours);
    order.addAll(theirs);
    List<SchemaObject> unique = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (SchemaObject object : order) {
      if (seen.add(fold(object.name()))) {
        unique.add(object);
      }
    }
    unique.sort(Comparator.comparingInt(SchemaMerge::rank)); // stable: the order within a group stays
    return unique;
  }

  static int rank(SchemaObject object) {
    return switch (object.type()) {
      case "table" -> object.sql().regionMatches(true, 0, "CREATE VIRTUAL", 0, 14) ? 1 : 0;
      case "index" -> 2;
      case "view" -> 3;
      default -> 4;
    };
  }

  private static Map<String, SchemaObject> byName(List<SchemaObject> objects) {
    Map<String, SchemaObject> map = new LinkedHashMap<>();
    for (SchemaObject object : objects) {
      map.put(fold(object.name()), object);
    }
    return map;
  }

  static String fold(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
