package io.githydrate.engine;

import io.githydrate.archive.ArchiveLines.Unsuitable;
import java.io.IOException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Pairs up the rows of one table in two archives, for {@link ArchiveDelta}: the previous archive's
 * as entries of its {@link LineIndex}, the new one's as lines with their digests. What is only in
 * the previous archive is deleted, what is only in the new one inserted ({@link TablePatch}).
 */
final class LinePairing {
  /**
   * How far ahead, in rows of each archive, the comparison looks for the next row both share,
   * widening only when needed; a run of changed rows longer than the last goes the full way.
   */
  private static final int[] WINDOWS = {8, 128, 2048};
  /**
   * Rows {@link #skipSame} passes over in one call. A hook's JVM compiles a method by how often it
   * is called, and a loop inside one only much later: short calls reach fast code sooner.
   */
  private static final int SKIPPED_PER_CALL = 256;

  /** A row of the new archive held for pairing: its index entry and its line (without the comma). */
  private record Row(long word, int check, byte[] line) {}

  /** The new archive's rows of one table, in order, one current row at a time. */
  interface Rows {
    /** Moves to the next row; false after the last. */
    boolean next() throws IOException, Unsuitable;

    /** The current row's index entry. */
    long word();

    int check();

    /** The current row's line, without its comma (a copy). */
    byte[] line();
  }

  private final LineIndex previous;
  private final int to;
  private final Rows now;
  private final TablePatch patch;
  private Row[] ahead = new Row[16];
  private int head;
  private int size;
  private boolean exhausted;
  /** The previous archive's next entry not yet paired. */
  private int old;

  private LinePairing(LineIndex previous, int from, int to, Rows now, TablePatch patch) {
    this.previous = previous;
    this.old = from;
    this.to = to;
    this.now = now;
    this.patch = patch;
  }

  /**
   * Pairs entries {@code [from, to)} of {@code previous} (a table's rows) with the rows of
   * {@code now}: equal digests are the same row, left alone; rows between pairs are deleted
   * (previous) or inserted (new). Any pairing of equal rows in order gives the new rows exactly (what
   * is kept is in both); the nearest pair is taken, looking further ahead only when needed.
   */
  static void pair(LineIndex previous, int from, int to, Rows now, TablePatch patch)
      throws IOException, SQLException, Unsuitable {
    new LinePairing(previous, from, to, now, patch).run();
  }

  private void run() throws IOException, SQLException, Unsuitable {
    while (true) {
      if (size == 0 && old < to && !exhausted) {
        skipSame(); // most rows: compared by digest, their lines never copied
        continue;
      }
      boolean hasOld = old < to;
      boolean hasNew = fill(1);
      if (!hasOld && !hasNew) {
        return;
      } else if (!hasOld) {
        patch.insert(poll().line());
      } else if (!hasNew) {
        patch.deleteRun(null, previous, old, to);
        old = to;
      } else if (same(old, get(0))) {
        poll();
        old++;
      } else {
        resynchronize();
      }
    }
  }

  /** Passes over rows that are the previous archive's next ones; the first that is not is held. */
  private void skipSame() throws IOException, Unsuitable {
    for (int n = 0; n < SKIPPED_PER_CALL && old < to; n++) {
      if (!now.next()) {
        exhausted = true;
        return;
      }
      if (previous.word(old) != now.word() || previous.check(old) != now.check()) {
        add();
        return;
      }
      old++;
    }
  }

  /** Deletes and inserts up to the next row both have. */
  private void resynchronize() throws IOException, SQLException, Unsuitable {
    for (int window : WINDOWS) {
      fill(window);
      Map<Long, Integer> newAt = new HashMap<>();
      for (int j = 0; j < size; j++) {
        newAt.putIfAbsent(get(j).word(), j);
      }
      int oldEnd = Math.min(to, old + window);
      int bestOld = -1;
      int bestNew = -1;
      for (int i = 0; old + i < oldEnd && (bestOld < 0 || i < bestOld + bestNew); i++) {
        Integer j = newAt.get(previous.word(old + i));
        if (j != null && same(old + i, get(j)) && (bestOld < 0 || i + j < bestOld + bestNew)) {
          bestOld = i;
          bestNew = j;
        }
      }
      byte[] above = bestOld >= 0 ? get(bestNew).line() : null;
      if (bestOld < 0 && oldEnd == to && exhausted) {
        bestOld = to - old; // nothing left in common: all of the rest changed
        bestNew = size;
      }
      if (bestOld >= 0) {
        if (bestOld > 0) {
          patch.deleteRun(above, previous, old, old + bestOld);
        }
        for (int j = 0; j < bestNew; j++) {
          patch.insert(poll().line());
        }
        old += bestOld;
        return;
      }
    }
    throw new Unsuitable("more than " + WINDOWS[WINDOWS.length - 1] + " rows in a row changed");
  }

  private boolean same(int entry, Row row) {
    return previous.word(entry) == row.word() && previous.check(entry) == row.check();
  }

  // The rows read ahead, as far as the pairing needs: a ring buffer.

  /** Reads ahead to {@code count} rows if there are that many; whether there are. */
  private boolean fill(int count) throws IOException, Unsuitable {
    while (size < count && !exhausted) {
      if (now.next()) {
        add();
      } else {
        exhausted = true;
      }
    }
    return size >= count;
  }

  /** Holds the current row, with a copy of its line. */
  private void add() {
    if (size == ahead.length) {
      Row[] grown = new Row[ahead.length * 2];
      for (int i = 0; i < size; i++) {
        grown[i] = get(i);
      }
      ahead = grown;
      head = 0;
    }
    ahead[(head + size++) & (ahead.length - 1)] = new Row(now.word(), now.check(), now.line());
  }

  private Row get(int index) {
    return ahead[(head + index) & (ahead.length - 1)];
  }

  private Row poll() {
    Row row = get(0);
    ahead[head] = null;
    head = (head + 1) & (ahead.length - 1);
    size--;
    return row;
  }
}
