package io.githydrate.merge;

import java.util.Arrays;

/**
 * One side's row at a key: its archive line, and its values in the merged table's shape.
 *
 * @param identity whether {@code line} is also how the merged table writes these values
 */
record Row(byte[] line, Object[] values, boolean identity) {

  /** Whether two rows hold the same values (comparing lines when both can be). */
  static boolean same(Row a, Row b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.identity && b.identity) {
      return Arrays.equals(a.line, b.line);
    }
    return Values.same(a.values, b.values);
  }
}
