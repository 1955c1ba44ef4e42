package io.githydrate.merge;

/**
 * How one side's rows become rows of the merged table: the merged table may have columns appended
 * that this side does not have yet (a column added on the other side), whose value in this side's
 * rows is the column's default, as {@code ALTER TABLE ADD COLUMN} gives existing rows.
 *
 * @param source for each value of a merged row, the index of the value in this side's row, or -1
 * @param defaults for each value of a merged row with no source, its value
 */
record Shape(int[] source, Object[] defaults) {

  boolean identity() {
    for (int i = 0; i < source.length; i++) {
      if (source[i] != i) {
        return false;
      }
    }
    return true;
  }

  Object[] map(Object[] row) {
    Object[] mapped = new Object[source.length];
    for (int i = 0; i < source.length; i++) {
      mapped[i] = source[i] >= 0 ? row[source[i]] : defaults[i];
    }
    return mapped;
  }
}
