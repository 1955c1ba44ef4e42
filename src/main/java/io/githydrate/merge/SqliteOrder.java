package io.githydrate.merge;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The order SQLite sorts values in, so that rows read in an archive's key order can be matched
 * across three archives: NULL, then numbers (INTEGER and REAL by value), then TEXT by the column's
 * collating sequence, then BLOBs by their bytes. Knows SQLite's built-in collations; anything else
 * is {@link #supports refused} and the table is merged whole.
 */
final class SqliteOrder {
  private static final List<String> COLLATIONS = List.of("BINARY", "NOCASE", "RTRIM");

  private final Charset encoding;

  /** @param encoding the database's text encoding (BINARY compares the encoded bytes) */
  SqliteOrder(String encoding) {
    this.encoding = encoding == null ? StandardCharsets.UTF_8 : switch (encoding.toUpperCase(Locale.ROOT)) {
      case "UTF-16LE" -> StandardCharsets.UTF_16LE;
      case "UTF-16BE" -> StandardCharsets.UTF_16BE;
      default -> StandardCharsets.UTF_8;
    };
  }

  static boolean supports(String collation) {
    return COLLATIONS.contains(collation.toUpperCase(Locale.ROOT));
  }

  /** Compares two keys value by value, each with its collation. */
  int compare(Object[] a, Object[] b, List<String> collations) {
    for (int i = 0; i < a.length; i++) {
      int c = compare(a[i], b[i], collations.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  int compare(Object a, Object b, String collation) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    return switch (ra) {
      case 0 -> 0;
      case 1 -> compareNumbers((Number) a, (Number) b);
      case 2 -> compareText((String) a, (String) b, collation);
      default -> Arrays.compareUnsigned((byte[]) a, (byte[]) b);
    };
  }

  private static int rank(Object value) {
    if (value == null) {
      return 0;
    }
    if (value instanceof Number) {
      return 1;
    }
    return value instanceof String ? 2 : 3;
  }

  private static int compareNumbers(Number a, Number b) {
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if (a instanceof Double x && b instanceof Double y) {
      return Double.compare(x, y);
    }
    double d = a instanceof Double x ? x : (Double) b;
    if (Double.isInfinite(d)) {
      int sign = d > 0 ? 1 : -1;
      return a instanceof Double ? sign : -sign;
    }
    return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
  }

  private int compareText(String a, String b, String collation) {
    switch (collation.toUpperCase(Locale.ROOT)) {
      case "NOCASE" -> {
        // As SQLite's sqlite3StrNICmp: ASCII letters folded, the UTF-8 bytes compared up to the
        // shorter length or the first NUL in the left one; then the lengths decide.
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(x.length, y.length);
        for (int i = 0; i < n; i++) {
          if (x[i] == 0 || fold(x[i]) != fold(y[i])) {
            int c = Integer.compare(fold(x[i]), fold(y[i]));
            if (c != 0) {
              return c;
            }
            break;
          }
        }
        return Integer.compare(x.length, y.length);
      }
      case "RTRIM" -> {
        return Arrays.compareUnsigned(trimSpaces(a).getBytes(encoding), trimSpaces(b).getBytes(encoding));
      }
      default -> {
        return Arrays.compareUnsigned(a.getBytes(encoding), b.getBytes(encoding));
      }
    }
  }

  private static String trimSpaces(String text) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == ' ') {
      end--;
    }
    return text.substring(0, end);
  }

  private static int fold(byte b) {
    int c = b & 0xff;
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }
}
