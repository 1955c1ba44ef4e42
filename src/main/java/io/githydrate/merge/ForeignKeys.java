package io.githydrate.merge;

import io.githydrate.archive.TableData;
import io.githydrate.engine.SchemaProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The merged tables' foreign keys, for two jobs: rows of theirs that point at rows given a new key
 * follow them ({@link Rewrite}), and a row one side changed that points at a row the other side
 * removed is found ({@link #violations}), since neither side's own database could have had it.
 */
final class ForeignKeys {
  /** A table's merged shape, key and foreign keys. */
  record TableFacts(TableData data, KeySpec key, List<SchemaProbe.ForeignKey> foreignKeys) {}

  private final Map<String, TableFacts> tables;

  ForeignKeys(Map<String, TableFacts> tables) {
    this.tables = tables;
  }

  /** Rewrites the foreign-key values of a row of theirs that point at renumbered rows. */
  static final class Rewrite {
    private final int[] positions;
    private final List<Map<Long, Long>> maps;

    private Rewrite(int[] positions, List<Map<Long, Long>> maps) {
      this.positions = positions;
      this.maps = maps;
    }

    /**
     * {@code row} with each foreign-key value that was renumbered replaced (a new array), or
     * {@code row} itself; with {@code ours} given, only values that differ from ours' (theirs' cells).
     */
    Object[] apply(Object[] row, Object[] ours) {
      Object[] result = row;
      for (int i = 0; i < positions.length; i++) {
        int p = positions[i];
        if (row[p] instanceof Long old && maps.get(i).containsKey(old)
            && (ours == null || !Values.same(ours[p], row[p]))) {
          if (result == row) {
            result = row.clone();
          }
          result[p] = maps.get(i).get(old);
        }
      }
      return result;
    }
  }

  /** The rewrite for rows of {@code table}, given the renumbering found so far; null when nothing to do. */
  Rewrite rewrite(String table, Map<String, Map<Long, Long>> renumbered) {
    TableFacts facts = tables.get(table);
    if (facts == null || renumbered.isEmpty()) {
      return null;
    }
    List<Integer> positions = new ArrayList<>();
    List<Map<Long, Long>> maps = new ArrayList<>();
    for (SchemaProbe.ForeignKey key : facts.foreignKeys()) {
      Map<Long, Long> map = renumbered.get(key.parent());
      TableFacts parent = tables.get(key.parent());
      if (map == null || parent == null || key.from().size() != 1 || !pointsAtRowid(key, parent)) {
        continue;
      }
      int position = position(facts.data(), key.from().get(0));
      if (position >= 0) {
        positions.add(position);
        maps.add(map);
      }
    }
    return positions.isEmpty() ? null
        : new Rewrite(positions.stream().mapToInt(Integer::intValue).toArray(), maps);
  }

  /** Whether some table's foreign key points at one of {@code renumbered}'s tables. */
  boolean anyPointsAt(java.util.Set<String> renumbered) {
    for (TableFacts facts : tables.values()) {
      for (SchemaProbe.ForeignKey key : facts.foreignKeys()) {
        if (renumbered.contains(key.parent())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean pointsAtRowid(SchemaProbe.ForeignKey key, TableFacts parent) {
    if (!parent.key().integer()) {
      return false;
    }
    if (key.to().isEmpty()) {
      return true;
    }
    int position = position(parent.data(), key.to().get(0));
    return key.to().size() == 1 && position == parent.key().positions()[0];
  }

  /** Rows changed on one side that point at a row the other side removed. */
  List<Conflict> violations(MergeLog log) {
    List<Conflict> conflicts = new ArrayList<>();
    if (log.removed.isEmpty()) {
      return conflicts;
    }
    // Per foreign key, the removed parents' key values (as text: exact, storage class included)
    // and which sides removed them.
    Map<SchemaProbe.ForeignKey, Map<String, Integer>> removedTargets = new java.util.HashMap<>();
    for (MergeLog.Changed changed : log.changed) {
      TableFacts child = tables.get(changed.table());
      if (child == null) {
        continue;
      }
      for (SchemaProbe.ForeignKey key : child.foreignKeys()) {
        TableFacts parent = tables.get(key.parent());
        Object[] values = values(child.data(), changed.row(), key.from());
        if (parent == null || values == null || java.util.Arrays.asList(values).contains(null)) {
          continue; // NULL points nowhere
        }
        Map<String, Integer> targets = removedTargets.computeIfAbsent(key, k -> removedTargets(log, k, parent));
        Integer removers = targets.get(identity(values));
        if (removers != null && (changed.sides() & ~removers & 3) != 0) {
          conflicts.add(new Conflict(Conflict.Kind.CONSTRAINT, changed.table(),
              java.util.Arrays.asList(child.key().of(changed.row())), null, null, null, null,
              "points at " + key.parent() + " " + Values.show(values.length == 1 ? values[0] : values)
                  + ", which the other side deleted (FOREIGN KEY)"));
        }
      }
    }
    return conflicts;
  }

  private static Map<String, Integer> removedTargets(MergeLog log, SchemaProbe.ForeignKey key, TableFacts parent) {
    Map<String, Integer> targets = new java.util.HashMap<>();
    for (MergeLog.Removed removed : log.removed) {
      if (removed.table().equalsIgnoreCase(key.parent())) {
        Object[] target = key.to().isEmpty() ? parent.key().of(removed.baseRow())
            : values(parent.data(), removed.baseRow(), key.to());
        if (target != null) {
          targets.merge(identity(target), removed.sides(), (x, y) -> x | y);
        }
      }
    }
    return targets;
  }

  /** Values as exact text: equal text, equal values of the same storage class. */
  private static String identity(Object[] values) {
    StringBuilder text = new StringBuilder();
    for (Object value : values) {
      text.append(value == null ? "n" : value.getClass().getSimpleName().charAt(0)).append(Values.show(
          value instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : value)).append('\u0000');
    }
    return text.toString();
  }

  private static Object[] values(TableData data, Object[] row, List<String> columns) {
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      int position = position(data, columns.get(i));
      if (position < 0) {
        return null;
      }
      values[i] = row[position];
    }
    return values;
  }

  /** Where column {@code name}'s value is in a row of {@code data}; -1 when not stored. */
  static int position(TableData data, String name) {
    for (int i = 0; i < data.columns().size(); i++) {
      if (data.columns().get(i).equalsIgnoreCase(name)) {
        return i + (data.withRowid() ? 1 : 0);
      }
    }
    return -1;
  }
}
