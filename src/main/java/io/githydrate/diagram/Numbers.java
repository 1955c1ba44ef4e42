package io.githydrate.diagram;

/** Numbers as the diagram and the docs print them, the same on every machine whatever its locale. */
final class Numbers {
  private Numbers() {}

  /** {@code 1 row}, {@code 3,503 rows}. */
  static String rows(long rows) {
    return grouped(rows) + (rows == 1 ? " row" : " rows");
  }

  /** {@code n} with a comma every three digits. */
  static String grouped(long n) {
    String digits = Long.toString(Math.abs(n));
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && (digits.length() - i) % 3 == 0) {
        text.append(',');
      }
      text.append(digits.charAt(i));
    }
    return (n < 0 ? "-" : "") + text;
  }

  /** A coordinate with one decimal at most: {@code 12}, {@code 12.5}. */
  static String coordinate(double value) {
    long tenths = Math.round(value * 10);
    long whole = tenths / 10;
    long fraction = Math.abs(tenths % 10);
    String sign = tenths < 0 && whole == 0 ? "-" : "";
    return sign + whole + (fraction == 0 ? "" : "." + fraction);
  }

  /** {@code 1 table}, {@code 2 tables}. */
  static String count(long n, String one, String many) {
    return grouped(n) + " " + (n == 1 ? one : many);
  }
}
