package io.githydrate.merge;

import io.githydrate.archive.TableData;
import io.githydrate.engine.SchemaProbe;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * How the rows of two versions of one table are matched for a diff: by the new version's key, the
 * old rows taken into the new version's columns by name. A column the new version appended gets
 * its default in old rows (as {@code ALTER TABLE ADD COLUMN} gives them; see {@link Default}), so
 * only rows whose value differs from it show a change; any other column the old version lacks (a
 * renamed one) is not compared. Rows cannot be matched when the key itself changed (other columns,
 * another collation, rowid against a declared key).
 *
 * @param key the key of rows in the new version's shape; null when rows cannot be matched
 * @param shape how old rows become rows of the new shape; null when they are alike
 * @param why when rows cannot be matched, why
 */
record TablePairing(KeySpec key, Shape shape, String why) {
  /** The value of a column the old version does not have and whose value there cannot be told. */
  static final Object UNKNOWN = new Object() {
    @Override
    public String toString() {
      return "(not in the old table)";
    }
  };

  /**
   * An appended column's default, as old rows get it. SQLite stores it with the column's affinity
   * ({@code REAL DEFAULT 0} gives 0.0, {@code INTEGER DEFAULT '1'} gives 1), which the expression
   * alone does not tell: a stored value that is the same number, or the same number as text, matches.
   */
  record Default(Object value) {
    boolean matches(Object stored) {
      if (Values.same(value, stored)) {
        return true;
      }
      BigDecimal a = number(value);
      BigDecimal b = number(stored);
      return a != null && b != null && a.compareTo(b) == 0;
    }

    private static BigDecimal number(Object value) {
      if (!(value instanceof Number) && !(value instanceof String)) {
        return null;
      }
      try {
        return new BigDecimal(value.toString().strip());
      } catch (NumberFormatException e) {
        return null; // not a number (an infinity, or text that is not numeric)
      }
    }
  }

  static TablePairing unmatched(String why) {
    return new TablePairing(null, null, why);
  }

  boolean matched() {
    return key != null;
  }

  static TablePairing of(TableData before, TableData after, SchemaProbe beforeSchema, SchemaProbe afterSchema) {
    return of(before, after, beforeSchema, afterSchema, false);
  }

  /**
   * As {@link #of}, for remaking the new version from the old one: when {@code rebuilt}, the table
   * is remade from a copy of the old rows holding NULL in every column they lack; otherwise its
   * new columns were appended and hold their default. A value that cannot be told is then a
   * difference, not skipped.
   */
  static TablePairing exactly(TableData before, TableData after, SchemaProbe beforeSchema, SchemaProbe afterSchema,
      boolean rebuilt) {
    return of(before, after, beforeSchema, afterSchema, rebuilt);
  }

  private static TablePairing of(TableData before, TableData after, SchemaProbe beforeSchema,
      SchemaProbe afterSchema, boolean copiedWithNulls) {
    Optional<KeySpec> oldKey = TableKeys.of(before, beforeSchema);
    Optional<KeySpec> newKey = TableKeys.of(after, afterSchema);
    if (oldKey.isEmpty() || newKey.isEmpty()) {
      return unmatched("a key column is not stored");
    }
    if (!TableKeys.sortable(newKey.get())) {
      return unmatched("its key sorts by collation " + String.join(", ", newKey.get().collations())
          + ", which git-hydrate does not know");
    }
    if (!TableKeys.names(before, oldKey.get()).equals(TableKeys.names(after, newKey.get()))
        || !upper(oldKey.get().collations()).equals(upper(newKey.get().collations()))
        || oldKey.get().integer() != newKey.get().integer()) {
      return unmatched("its key changed");
    }
    if (before.withRowid() == after.withRowid() && before.columns().equals(after.columns())) {
      return new TablePairing(newKey.get(), null, null);
    }
    return new TablePairing(newKey.get(), shape(before, after, afterSchema, copiedWithNulls), null);
  }

  private static List<String> upper(List<String> names) {
    return names.stream().map(n -> n.toUpperCase(java.util.Locale.ROOT)).toList();
  }

  private static Shape shape(TableData before, TableData after, SchemaProbe afterSchema, boolean copiedWithNulls) {
    int oldOffset = before.withRowid() ? 1 : 0;
    int newOffset = after.withRowid() ? 1 : 0;
    boolean appended = before.withRowid() == after.withRowid() && after.columns().size() > before.columns().size()
        && after.columns().subList(0, before.columns().size()).equals(before.columns());
    Optional<SchemaProbe.Table> definition = afterSchema.table(after.name());
    int[] source = new int[after.width()];
    Object[] defaults = new Object[after.width()];
    for (int i = 0; i < source.length; i++) {
      if (i < newOffset) {
        source[i] = before.withRowid() ? 0 : -1; // the rowid: the key says both versions have it
        defaults[i] = UNKNOWN;
        continue;
      }
      String name = after.columns().get(i - newOffset);
      int at = indexOf(before.columns(), name);
      source[i] = at < 0 ? -1 : at + oldOffset;
      if (at < 0 && copiedWithNulls) {
        defaults[i] = null;
      } else if (at < 0) {
        defaults[i] = appended && definition.isPresent() ? defaultOf(definition.get(), name, afterSchema) : UNKNOWN;
      }
    }
    return new Shape(source, defaults);
  }

  private static Object defaultOf(SchemaProbe.Table table, String column, SchemaProbe schema) {
    for (SchemaProbe.Column c : table.columns()) {
      if (c.name().equalsIgnoreCase(column)) {
        try {
          return new Default(schema.evaluate(c.defaultSql()));
        } catch (RuntimeException e) {
          return UNKNOWN; // a default SQLite cannot work out alone: the column is not compared
        }
      }
    }
    return UNKNOWN;
  }

  private static int indexOf(List<String> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }
}
