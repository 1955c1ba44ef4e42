package io.githydrate.merge;

import io.githydrate.archive.ArchiveWriter;
import io.githydrate.archive.TableData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The three-way merge of one table's rows, streamed: the three sides are walked together in key
 * order, rows matched by key and, where both sides changed one row, merged cell by cell. A row the
 * three sides have alike is copied as its line without being parsed, so a merge costs little more
 * than reading the archives when few rows changed.
 *
 * <p>Rows both sides inserted under one new rowid (every teammate's next id is the same number) are
 * all kept when {@code renumber} allows: theirs are given keys past the largest, in order, at the
 * table's end (see {@link ForeignKeys} for the rows that point at them).
 */
final class TableMerge {
  private final TableData merged;
  private final KeySpec key;
  private final SqliteOrder order;
  private final Policy policy;
  private final boolean renumber;
  private final ForeignKeys.Rewrite rewrite;
  private final boolean tracked;
  private final ArchiveWriter out;
  private final MergeLog log;
  private final List<Object[]> pending = new ArrayList<>();
  private long written;

  /**
   * @param renumber whether rows both sides inserted under one new rowid are all kept (theirs
   *     renumbered) rather than a conflict
   * @param rewrite the new keys of theirs rows that the foreign keys of this table's rows from theirs
   *     must follow
   * @param tracked whether changed and removed rows are logged for the constraint checks
   */
  TableMerge(TableData merged, KeySpec key, SqliteOrder order, Policy policy, boolean renumber,
      ForeignKeys.Rewrite rewrite, boolean tracked, ArchiveWriter out, MergeLog log) {
    this.merged = merged;
    this.key = key;
    this.order = order;
    this.policy = policy;
    this.renumber = renumber && key.integer();
    this.rewrite = rewrite;
    this.tracked = tracked;
    this.out = out;
    this.log = log;
  }

  /** Merges the rows of the three sides (any may be {@link Side#NONE}) into the writer; returns how many it wrote. */
  long run(Side base, Side ours, Side theirs) throws IOException, ArchiveFile.NotInLayout {
    boolean lines = base.identity() && ours.identity() && theirs.identity();
    while (base.has() || ours.has() || theirs.has()) {
      if (lines && base.has() && ours.has() && theirs.has()
          && Arrays.equals(base.line(), ours.line()) && Arrays.equals(base.line(), theirs.line())) {
        out.rawRow(ours.line());
        written++;
        base.advance();
        ours.advance();
        theirs.advance();
        continue;
      }
      Object[] next = null;
      boolean fromBase = false;
      for (Side side : new Side[] {base, ours, theirs}) {
        if (!side.has()) {
          continue;
        }
        int c = next == null ? -1 : key.compare(order, side.key(), next);
        // Keys equal by their collation ('A' and 'a' under NOCASE) name the row as the base does,
        // else by the BINARY order of their values, so that which side is ours changes nothing.
        if (c < 0 || (c == 0 && !fromBase && order.compare(side.key(), next, binary()) < 0)) {
          next = side.key();
          fromBase = side == base;
        }
      }
      Row a = at(base, next);
      Row o = at(ours, next);
      Row t = at(theirs, next);
      merge(next, a, o, t);
    }
    if (!pending.isEmpty()) {
      giveNewKeys(base, ours, theirs);
    }
    return written;
  }

  private List<String> binary() {
    return java.util.Collections.nCopies(key.positions().length, "BINARY");
  }

  private Row at(Side side, Object[] next) throws IOException, ArchiveFile.NotInLayout {
    return side.has() && key.compare(order, side.key(), next) == 0 ? side.take() : null;
  }

  private void merge(Object[] at, Row a, Row o, Row t) throws IOException {
    if (Row.same(o, t)) {
      emit(o, a, MergeLog.OURS | MergeLog.THEIRS, false);
    } else if (Row.same(a, o)) {
      emit(t, a, MergeLog.THEIRS, true);
    } else if (Row.same(a, t)) {
      emit(o, a, MergeLog.OURS, false);
    } else if (a == null) {
      if (renumber) {
        emit(o, null, MergeLog.OURS, false);
        pending.add(t.values());
      } else {
        conflict(Conflict.Kind.INSERTED, at, null, null, o, t);
        choose(o, t, a);
      }
    } else if (o == null || t == null) {
      conflict(Conflict.Kind.DELETED, at, null, a, o, t);
      choose(o, t, a);
    } else {
      emitCombined(at, a, o, t);
    }
  }

  /** Ours or theirs as the policy says, for a row the sides disagree on. */
  private void choose(Row o, Row t, Row a) throws IOException {
    if (policy == Policy.THEIRS) {
      emit(t, a, MergeLog.THEIRS, true);
    } else {
      emit(o, a, MergeLog.OURS, false);
    }
  }

  private void emitCombined(Object[] at, Row a, Row o, Row t) throws IOException {
    Object[] av = a.values();
    Object[] ov = o.values();
    Object[] tv = t.values();
    Object[] result = new Object[ov.length];
    boolean fromTheirs = false;
    for (int i = 0; i < result.length; i++) {
      if (Values.same(ov[i], tv[i]) || Values.same(av[i], tv[i])) {
        result[i] = ov[i];
      } else if (Values.same(av[i], ov[i])) {
        result[i] = tv[i];
        fromTheirs = true;
      } else {
        conflict(Conflict.Kind.CELL, at, columnName(i), av[i], ov[i], tv[i]);
        result[i] = policy == Policy.THEIRS ? tv[i] : ov[i];
      }
    }
    if (fromTheirs && rewrite != null) {
      result = rewrite.apply(result, ov);
    }
    out.row(result);
    written++;
    changed(result, MergeLog.COMBINED);
  }

  /** Writes {@code row} (null: nothing, the row is gone), {@code theirs} when it is theirs' version. */
  private void emit(Row row, Row base, int sides, boolean theirs) throws IOException {
    if (row == null) {
      if (base != null && tracked) {
        log.removed.add(new MergeLog.Removed(merged.name(), base.values(), sides));
      }
      return;
    }
    Object[] values = theirs && rewrite != null ? rewrite.apply(row.values(), null) : null;
    if (values != null && values != row.values()) {
      out.row(values);
    } else if (row.identity()) {
      out.rawRow(row.line());
    } else {
      out.row(row.values());
    }
    written++;
    if (base == null || !Row.same(base, row)) {
      changed(values != null ? values : row.values(), sides);
    }
  }

  private void changed(Object[] row, int sides) {
    if (!tracked) {
      return;
    }
    if (log.changed.size() < MergeLog.CHECKED_ROWS) {
      log.changed.add(new MergeLog.Changed(merged.name(), row, sides));
    } else if (!log.unchecked.contains(merged.name())) {
      log.unchecked.add(merged.name());
    }
  }

  /** Theirs rows inserted under a key ours took: after every other row, with keys past the largest. */
  private void giveNewKeys(Side base, Side ours, Side theirs) throws IOException {
    long largest = Long.MIN_VALUE;
    for (Side side : new Side[] {base, ours, theirs}) {
      Object[] last = side.lastKey();
      if (last != null && last[0] instanceof Long l) {
        largest = Math.max(largest, l);
      }
    }
    int position = key.positions()[0];
    Map<Long, Long> renumbered = log.renumbered.computeIfAbsent(merged.name(), n -> new java.util.TreeMap<>());
    for (Object[] row : pending) {
      if (largest == Long.MAX_VALUE) {
        throw new MergeException("table \"" + merged.name() + "\": no key is left past " + Long.MAX_VALUE
            + " for the rows both sides inserted");
      }
      long old = (Long) row[position];
      long now = ++largest;
      Object[] moved = row.clone();
      moved[position] = now;
      renumbered.put(old, now);
      if (rewrite != null) {
        moved = rewrite.apply(moved, null);
      }
      out.row(moved);
      written++;
      changed(moved, MergeLog.THEIRS);
    }
    log.largestKey.put(merged.name(), largest);
    log.notes.add("table " + merged.name() + ": " + pending.size() + " row" + (pending.size() == 1 ? "" : "s")
        + " inserted on both sides under the same key; theirs renumbered: " + describe(renumbered));
  }

  private static String describe(Map<Long, Long> renumbered) {
    StringBuilder text = new StringBuilder();
    int shown = 0;
    for (Map.Entry<Long, Long> entry : renumbered.entrySet()) {
      if (shown++ == 5) {
        return text.append(", …").toString();
      }
      text.append(shown > 1 ? ", " : "").append(entry.getKey()).append(" → ").append(entry.getValue());
    }
    return text.toString();
  }

  private void conflict(Conflict.Kind kind, Object[] at, String column, Object base, Object ours, Object theirs)
      throws IOException {
    log.conflicts.add(new Conflict(kind, merged.name(), Arrays.asList(at), column, valuesOf(base), valuesOf(ours),
        valuesOf(theirs), null));
  }

  private static Object valuesOf(Object value) throws IOException {
    return value instanceof Row row ? row.values() : value;
  }

  private String columnName(int index) {
    int column = merged.withRowid() ? index - 1 : index;
    return column < 0 ? "rowid" : merged.columns().get(column);
  }
}
