package io.githydrate.engine;

import io.githydrate.archive.ArchiveLines.Unsuitable;
import io.githydrate.archive.WrittenLines;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Pairs up the row lines of one table in two archives, for {@link ArchiveDelta}: what is only in
 * the previous archive is deleted, what is only in the new one inserted ({@link TablePatch}).
 */
final class LinePairing {
  /**
   * How far ahead, in lines of each archive, the comparison looks for the next line both share,
   * widening only when needed; a run of changed rows longer than the last goes the full way.
   */
  private static final int[] WINDOWS = {8, 128, 2048};

  private LinePairing() {}

  /**
   * Pairs up the lines of one table's rows: equal lines are the same row, left alone; lines between
   * pairs are rows deleted (previous) or inserted (new). Any pairing of equal lines in order gives
   * the new rows exactly (what is kept is in both); the nearest pair is taken, looking further ahead
   * only when needed.
   */
  static void pair(WrittenLines.TableRows oldRows, WrittenLines.TableRows newRows, TablePatch patch)
      throws IOException, SQLException, Unsuitable {
    Lookahead old = new Lookahead(oldRows);
    Lookahead now = new Lookahead(newRows);
    while (true) {
      boolean hasOld = old.fill(1);
      boolean hasNew = now.fill(1);
      if (!hasOld && !hasNew) {
        return;
      } else if (!hasOld) {
        patch.insert(now.poll());
      } else if (!hasNew) {
        patch.delete(old.poll());
      } else if (Arrays.equals(old.get(0), now.get(0))) {
        old.poll();
        now.poll();
      } else {
        resynchronize(old, now, patch);
      }
    }
  }

  private static void resynchronize(Lookahead old, Lookahead now, TablePatch patch)
      throws IOException, SQLException, Unsuitable {
    for (int window : WINDOWS) {
      old.fill(window);
      now.fill(window);
      Map<ByteBuffer, Integer> newAt = new HashMap<>();
      for (int j = 0; j < now.size(); j++) {
        newAt.putIfAbsent(ByteBuffer.wrap(now.get(j)), j);
      }
      int bestOld = -1;
      int bestNew = -1;
      for (int i = 0; i < old.size() && (bestOld < 0 || i < bestOld + bestNew); i++) {
        Integer j = newAt.get(ByteBuffer.wrap(old.get(i)));
        if (j != null && (bestOld < 0 || i + j < bestOld + bestNew)) {
          bestOld = i;
          bestNew = j;
        }
      }
      if (bestOld < 0 && old.exhausted() && now.exhausted()) {
        bestOld = old.size(); // nothing left in common: all of the rest changed
        bestNew = now.size();
      }
      if (bestOld >= 0) {
        for (int i = 0; i < bestOld; i++) {
          patch.delete(old.poll());
        }
        for (int j = 0; j < bestNew; j++) {
          patch.insert(now.poll());
        }
        return;
      }
    }
    throw new Unsuitable("more than " + WINDOWS[WINDOWS.length - 1] + " rows in a row changed");
  }

  /** The next lines of one table's rows, read ahead as far as the pairing needs. */
  private static final class Lookahead {
    private final WrittenLines.TableRows source;
    private byte[][] lines = new byte[16][];
    private int head;
    private int size;
    private boolean exhausted;

    Lookahead(WrittenLines.TableRows source) {
      this.source = source;
    }

    /** Reads ahead to {@code count} lines if there are that many; whether there are. */
    boolean fill(int count) throws IOException, Unsuitable {
      while (size < count && !exhausted) {
        byte[] line = source.next();
        if (line == null) {
          exhausted = true;
        } else {
          if (size == lines.length) {
            byte[][] grown = new byte[lines.length * 2][];
            for (int i = 0; i < size; i++) {
              grown[i] = get(i);
            }
            lines = grown;
            head = 0;
          }
          lines[(head + size++) & (lines.length - 1)] = line;
        }
      }
      return size >= count;
    }

    byte[] get(int index) {
      return lines[(head + index) & (lines.length - 1)];
    }

    byte[] poll() {
      byte[] line = get(0);
      lines[head] = null;
      head = (head + 1) & (lines.length - 1);
      size--;
      return line;
    }

    int size() {
      return size;
    }

    boolean exhausted() {
      return exhausted;
    }
  }
}
