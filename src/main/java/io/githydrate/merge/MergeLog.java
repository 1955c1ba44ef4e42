package io.githydrate.merge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one merge run found beyond the rows it wrote: conflicts, notes for the person who merges,
 * the rows given new keys, and what the constraint checks after the walk need.
 */
final class MergeLog {
  /** Which side changed something: bit 1 ours, bit 2 theirs. */
  static final int OURS = 1;
  static final int THEIRS = 2;
  /** A row with cells from both sides. */
  static final int COMBINED = OURS | THEIRS | 4;

  /** The most changed rows per table kept for the constraint checks; beyond it they are skipped, and said so. */
  static final int CHECKED_ROWS = 200_000;

  final List<Conflict> conflicts = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  /** Old key to new key, per table, of the rows of theirs given a new key. */
  final Map<String, Map<Long, Long>> renumbered = new HashMap<>();
  /** The largest key given out per renumbered table. */
  final Map<String, Long> largestKey = new HashMap<>();

  /** A row present in the base and gone from the result, and which sides removed it. */
  record Removed(String table, Object[] baseRow, int sides) {}

  /** A row the result changed from the base, with the sides whose version it is (both: combined). */
  record Changed(String table, Object[] row, int sides) {}

  final List<Removed> removed = new ArrayList<>();
  final List<Changed> changed = new ArrayList<>();
  /** Tables whose changed rows were too many to keep for the checks. */
  final List<String> unchecked = new ArrayList<>();
}
