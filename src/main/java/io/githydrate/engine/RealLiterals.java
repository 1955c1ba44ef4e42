package io.githydrate.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Floating-point values as SQL literals that SQLite reads back as the same double. SQLite's
 * text-to-double conversion is not correctly rounded for every input: Java's shortest decimal,
 * and even the longer one SQLite's own {@code quote()} writes, can come back one unit in the last
 * place away (seen with values near 1e269). So the shortest decimal is tried on SQLite itself, and
 * when it does not come back exactly the value is written as arithmetic SQLite cannot get wrong:
 * its integer significand times or divided by powers of two, each a whole number of at most 16
 * digits, which every step of IEEE arithmetic keeps exact.
 */
public final class RealLiterals implements AutoCloseable {
  /** 2^52: the largest power of two one factor holds. */
  private static final int STEP = 52;

  private Connection connection;
  private PreparedStatement read;

  /** {@code value} as an SQL literal SQLite reads back as the same double. */
  public String of(double value) {
    if (Double.isInfinite(value)) {
      return value > 0 ? "9e999" : "-9e999"; // what SQLite reads as its infinities
    }
    String shortest = Double.toString(value);
    if (readsBack(shortest, value)) {
      return shortest;
    }
    return exactly(value);
  }

  /** {@code value} as its significand times a power of two, in factors SQLite reads exactly. */
  static String exactly(double value) {
    long bits = Double.doubleToRawLongBits(value);
    boolean negative = bits < 0;
    int exponent = (int) ((bits >>> 52) & 0x7ff);
    long significand = bits & 0xfffffffffffffL;
    if (exponent == 0) {
      exponent = 1; // subnormal: no implicit bit
    } else {
      significand |= 1L << 52;
    }
    int power = exponent - 1075; // value = significand * 2^power
    if (significand == 0) {
      return negative ? "(-1.0 * 0.0)" : "0.0";
    }
    int zeros = Long.numberOfTrailingZeros(significand);
    significand >>= zeros;
    power += zeros;
    StringBuilder text = new StringBuilder("(").append(negative ? "-" : "").append(significand).append(".0");
    String operator = power < 0 ? " / " : " * ";
    for (int left = Math.abs(power); left > 0; left -= STEP) {
      text.append(operator).append(1L << Math.min(left, STEP)).append(".0");
    }
    return text.append(')').toString();
  }

  private boolean readsBack(String literal, double value) {
    try {
      if (read == null) {
        connection = Connections.inMemory();
        read = connection.prepareStatement("SELECT CAST(? AS REAL)");
      }
      read.setString(1, literal);
      try (ResultSet result = read.executeQuery()) {
        return result.next() && Double.doubleToRawLongBits(result.getDouble(1)) == Double.doubleToRawLongBits(value);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SQLite could not read " + literal + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException e) {
      // an in-memory database has nothing to lose on close
    }
  }
}
