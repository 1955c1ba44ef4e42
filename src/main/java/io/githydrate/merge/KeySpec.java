package io.githydrate.merge;

import java.util.List;

/**
 * Which values of a merged row identify it, and how they sort.
 *
 * @param positions indexes of the key values in a row (the rowid is index 0 when rows carry it)
 * @param collations each key value's collating sequence
 * @param integer whether the key is the table's rowid (an INTEGER: a new one can be given out)
 */
record KeySpec(int[] positions, List<String> collations, boolean integer) {

  Object[] of(Object[] row) {
    Object[] key = new Object[positions.length];
    for (int i = 0; i < positions.length; i++) {
      key[i] = row[positions[i]];
    }
    return key;
  }

  int compare(SqliteOrder order, Object[] a, Object[] b) {
    if (integer && a[0] instanceof Long x && b[0] instanceof Long y) {
      return Long.compare(x, y);
    }
    return order.compare(a, b, collations);
  }
}
