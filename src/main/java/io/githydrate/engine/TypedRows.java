package io.githydrate.engine;

import io.githydrate.archive.Utf8Text;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A table query that also returns each value's storage class, packed three bits a value into
 * integers after the values, so that every value is read with one typed call. The driver's
 * {@code getObject} asks SQLite for each value's type with a native call of its own, and decodes
 * TEXT into a {@link String} that the archive would only encode back into the same UTF-8 bytes.
 */
final class TypedRows {
  private static final int BITS = 3;
  private static final int PER_MASK = Long.SIZE / BITS;

  // The position of each type name's first letter in "nirtb", as the query computes it.
  private static final int NULL = 1;
  private static final int INTEGER = 2;
  private static final int REAL = 3;
  private static final int TEXT = 4;
  private static final int BLOB = 5;

  private TypedRows() {}

  /** The query: {@code values}, then their storage classes, then {@code fromAndOrder}. */
  static String select(List<String> values, String fromAndOrder) {
    if (values.isEmpty()) {
      return "SELECT 1" + fromAndOrder;
    }
    List<String> columns = new ArrayList<>(values);
    for (int start = 0; start < values.size(); start += PER_MASK) {
      StringJoiner types = new StringJoiner(" | ");
      for (int i = start; i < Math.min(values.size(), start + PER_MASK); i++) {
        types.add("(instr('nirtb', substr(typeof(" + values.get(i) + "), 1, 1)) << " + BITS * (i - start) + ")");
      }
      columns.add(types.toString());
    }
    return "SELECT " + String.join(", ", columns) + fromAndOrder;
  }

  /**
   * Reads the current row's values into {@code values} (sized to the number of values): null,
   * {@link Long}, {@link Double}, {@code byte[]} for BLOB, and for TEXT a {@link Utf8Text} holding
   * the stored bytes when the database's encoding is UTF-8, else a {@link String}. The bytes are not
   * checked here.
   */
  static void read(ResultSet rs, Object[] values, boolean utf8) throws SQLException {
    int width = values.length;
    long types = 0;
    for (int i = 0; i < width; i++) {
      if (i % PER_MASK == 0) {
        types = rs.getLong(width + 1 + i / PER_MASK);
      }
      int column = i + 1;
      int type = (int) (types >>> (BITS * (i % PER_MASK))) & ((1 << BITS) - 1);
      values[i] = switch (type) {
        case NULL -> null;
        case INTEGER -> rs.getLong(column);
        case REAL -> rs.getDouble(column);
        case TEXT -> utf8 ? new Utf8Text(rs.getBytes(column)) : rs.getString(column);
        case BLOB -> rs.getBytes(column);
        default -> throw new IllegalStateException("unknown storage class " + type + " in column " + column);
      };
    }
  }
}
