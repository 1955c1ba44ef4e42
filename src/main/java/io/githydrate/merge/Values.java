package io.githydrate.merge;

import java.util.Arrays;

/** Equality and display of archive values: {@code null}, Long, Double, String, {@code byte[]}, and rows of them. */
final class Values {
  private Values() {}

  /** Whether two values (or rows) are the same value of the same storage class. */
  static boolean same(Object a, Object b) {
    if (a instanceof Object[] x && b instanceof Object[] y) {
      if (x.length != y.length) {
        return false;
      }
      for (int i = 0; i < x.length; i++) {
        if (!same(x[i], y[i])) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    return a == null ? b == null : a.equals(b); // Double.equals: the same bits, as the archive keeps them
  }

  /** A value as SQL would write it: {@code NULL}, {@code 42}, {@code 0.5}, {@code 'text'}, {@code x'00ff'}. */
  static String show(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof String s) {
      return "'" + s.replace("'", "''") + "'";
    }
    if (value instanceof byte[] b) {
      return b.length > 32 ? "x'" + hex(Arrays.copyOf(b, 32)) + "…' (" + b.length + " bytes)" : "x'" + hex(b) + "'";
    }
    if (value instanceof Object[] row) {
      StringBuilder text = new StringBuilder("(");
      for (int i = 0; i < row.length; i++) {
        text.append(i > 0 ? ", " : "").append(show(row[i]));
      }
      return text.append(')').toString();
    }
    return value.toString();
  }

  private static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }
}
