package io.githydrate.merge;

import io.githydrate.TestSqlite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A base database and two sides' edits of it, as SQL, made from one seed: a few tables of every
 * kind of key (rowid, INTEGER PRIMARY KEY with and without AUTOINCREMENT, WITHOUT ROWID with TEXT
 * keys, BINARY or NOCASE), maybe a table whose rows point at one of them, and values of every storage
 * class, corners included (64-bit extremes, -0.0, infinities, NaN, text with NUL and emoji, large
 * text and BLOBs).
 *
 * <p>Edits come in two flavours. {@link #disjoint}: the sides touch different rows, or different
 * columns of one row, insert under keys nobody else uses, and delete only rows nothing points at,
 * so that both sides' edits run one after the other give what a merge must. {@link #free}: each
 * side edits on its own, so the sides may change one cell differently, delete what the other
 * changed, insert under one key, point at rows the other deleted, add or drop columns and tables.
 */
final class MergeScenario {
  enum Kind {
    ROWID, INTEGER_KEY, AUTOINCREMENT, TEXT_KEY, NOCASE_KEY;

    boolean integer() {
      return this == ROWID || this == INTEGER_KEY || this == AUTOINCREMENT;
    }
  }

  /** One table: its key column is {@code k} (the rowid for {@link Kind#ROWID}), its values {@code columns}. */
  record Table(String name, Kind kind, List<String> columns, List<String> types, String parent) {
    String keyColumn() {
      return kind == Kind.ROWID ? "rowid" : "k";
    }

    String create() {
      List<String> parts = new ArrayList<>();
      switch (kind) {
        case INTEGER_KEY -> parts.add("k INTEGER PRIMARY KEY");
        case AUTOINCREMENT -> parts.add("k INTEGER PRIMARY KEY AUTOINCREMENT");
        case TEXT_KEY -> parts.add("k TEXT PRIMARY KEY");
        case NOCASE_KEY -> parts.add("k TEXT COLLATE NOCASE PRIMARY KEY");
        default -> { }
      }
      for (int i = 0; i < columns.size(); i++) {
        String type = types.get(i);
        parts.add(quote(columns.get(i)) + (type.isEmpty() ? "" : " " + type)
            + (i == 0 && parent != null ? " REFERENCES " + quote(parent) + "(k)" : ""));
      }
      return "CREATE TABLE " + quote(name) + " (" + String.join(", ", parts) + ")"
          + (kind.integer() ? "" : " WITHOUT ROWID");
    }

    /** Keys equal as SQLite's key collation sees them map to one string. */
    Object identity(Object key) {
      return kind == Kind.NOCASE_KEY ? asciiLower((String) key) : key;
    }
  }

  /** One SQL statement and the values bound to its {@code ?}s. */
  record Statement(String sql, List<Object> arguments) {
    @Override
    public String toString() {
      StringBuilder text = new StringBuilder();
      int next = 0;
      for (char c : sql.toCharArray()) {
        text.append(c == '?' && next < arguments.size() ? literal(arguments.get(next++)) : String.valueOf(c));
      }
      return text.append(';').toString();
    }
  }

  /** Constant defaults for added columns (ALTER TABLE takes no expressions): one of each storage class. */
  private static final List<String> DEFAULTS = List.of("NULL", "0", "-9223372036854775808", "-1.5", "9e999",
      "'it''s 😀'", "X'00FF'");

  private static final List<String> TABLE_NAMES = List.of("items", "my table", "Ünïcödé", "select", "a\"b", "t");
  private static final List<String> TYPES = List.of("", "", "TEXT", "INTEGER", "REAL", "BLOB", "NUMERIC", "ANY");

  final List<Table> tables = new ArrayList<>();
  final List<Statement> base = new ArrayList<>();
  final List<Statement> ours = new ArrayList<>();
  final List<Statement> theirs = new ArrayList<>();
  private final long seed;
  private final String flavour;

  /** The base's rows per table: key to values, in insertion order. */
  private final Map<Table, Map<Object, Object[]>> rows = new LinkedHashMap<>();

  private MergeScenario(long seed, String flavour) {
    this.seed = seed;
    this.flavour = flavour;
  }

  // ---------------------------------------------------------------------------------------------
  // The base

  private void makeBase(Random random) {
    int count = 2 + random.nextInt(3);
    List<String> names = new ArrayList<>(TABLE_NAMES);
    java.util.Collections.shuffle(names, random);
    Kind[] kinds = Kind.values();
    for (int i = 0; i < count; i++) {
      Kind kind = i < kinds.length && random.nextInt(3) > 0 ? kinds[(i + random.nextInt(kinds.length)) % kinds.length]
          : kinds[random.nextInt(kinds.length)];
      tables.add(new Table(names.get(i), kind, List.of("a", "b", "c"), types(random, 3), null));
    }
    Table parent = tables.stream().filter(t -> t.kind() != Kind.ROWID && t.kind().integer()).findFirst().orElse(null);
    if (parent != null && random.nextInt(3) > 0) {
      tables.add(new Table("child", Kind.INTEGER_KEY, List.of("parent", "note"), List.of("INTEGER", ""), parent.name()));
    }
    for (Table table : tables) {
      base.add(new Statement(table.create(), List.of()));
      Map<Object, Object[]> tableRows = new LinkedHashMap<>();
      rows.put(table, tableRows);
      Set<Object> used = new LinkedHashSet<>();
      int wanted = random.nextInt(13);
      for (int attempt = 0; tableRows.size() < wanted && attempt < 50; attempt++) {
        Object key = baseKey(random, table);
        if (!used.add(table.identity(key))) {
          continue;
        }
        Object[] values = new Object[table.columns().size()];
        for (int c = 0; c < values.length; c++) {
          values[c] = table.parent() != null && c == 0 ? parentKey(random, table, Set.of()) : value(random);
        }
        tableRows.put(key, values);
        base.add(insert(table, key, values));
      }
    }
  }

  private static List<String> types(Random random, int count) {
    List<String> types = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      types.add(TYPES.get(random.nextInt(TYPES.size())));
    }
    return types;
  }

  private static Object baseKey(Random random, Table table) {
    if (table.kind() == Kind.NOCASE_KEY) {
      // SQLite's NOCASE stops comparing at a NUL; ArchiveMergeTest covers such keys on their own.
      return ((String) textKey(random)).replace("\0", "");
    }
    if (table.kind().integer()) {
      return switch (random.nextInt(8)) {
        case 0 -> Long.MIN_VALUE + random.nextInt(3);
        case 1 -> (long) random.nextInt(1 << 20) * 1024;
        default -> (long) random.nextInt(40) - 5;
      };
    }
    return textKey(random);
  }

  private static Object textKey(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> text(random);
      default -> KEY_TEXTS.get(random.nextInt(KEY_TEXTS.size())) + (random.nextBoolean() ? "" : random.nextInt(20));
    };
  }

  private static final List<String> KEY_TEXTS = List.of("", "a", "A", "b", "B", "é", "É", "😀", "a b", "a ", "Z", "zz",
      "名前", "'", "\"", "12", "a\0b", "\u007f", "\uFEFF");

  /** A key of the table's parent (what its first column points at), or NULL; never one in {@code avoid}. */
  private Object parentKey(Random random, Table child, Set<Object> avoid) {
    Table parent = table(child.parent());
    List<Object> keys = new ArrayList<>(rows.get(parent).keySet());
    keys.removeAll(avoid);
    if (keys.isEmpty() || random.nextInt(5) == 0) {
      return null;
    }
    return keys.get(random.nextInt(keys.size()));
  }

  private Table table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  // ---------------------------------------------------------------------------------------------
  // Values

  private static final List<Long> LONG_CORNERS = List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L,
      (long) Integer.MAX_VALUE + 1, 1L << 53, (1L << 53) + 1);
  private static final List<Double> DOUBLE_CORNERS = List.of(-0.0, 0.0, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 0.1, 1.5, 3.0, 1e300, 9.223372036854775807E18,
      Double.NaN);
  private static final List<String> TEXT_FRAGMENTS = List.of("", "a", "\0", "line\nbreak", "\r\n", "\t", "😀",
      "👩‍👩‍👧", "Ünïcödé", "名前", "'", "\"", "\\", "12", "-0", "3.0", "NaN", "null", "{\"blob\": \"AA==\"}",
      "<<<<<<< HEAD", "\u2028", "\uFEFF");

  static Object value(Random random) {
    return switch (random.nextInt(13)) {
      case 0, 1 -> null;
      case 2 -> LONG_CORNERS.get(random.nextInt(LONG_CORNERS.size()));
      case 3 -> (long) random.nextInt(2001) - 1000;
      case 4 -> random.nextLong();
      case 5 -> DOUBLE_CORNERS.get(random.nextInt(DOUBLE_CORNERS.size()));
      case 6 -> Double.longBitsToDouble(random.nextLong());
      case 7 -> random.nextDouble() * 2e6 - 1e6;
      case 8, 9 -> text(random);
      case 10 -> "é😀 it's".repeat(50 + random.nextInt(400));
      case 11 -> bytes(random, random.nextInt(25));
      default -> bytes(random, random.nextBoolean() ? 0 : 900 + random.nextInt(2000));
    };
  }

  private static String text(Random random) {
    StringBuilder text = new StringBuilder();
    int parts = random.nextInt(4);
    for (int i = 0; i < parts; i++) {
      text.append(TEXT_FRAGMENTS.get(random.nextInt(TEXT_FRAGMENTS.size())));
    }
    return text.toString();
  }

  private static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  // ---------------------------------------------------------------------------------------------
  // Disjoint edits

  /** Edits of different rows and cells, inserts under keys of their own, deletes of rows nothing points at. */
  static MergeScenario disjoint(long seed) {
    Random random = new Random(seed);
    MergeScenario scenario = new MergeScenario(seed, "disjoint");
    scenario.makeBase(random);
    scenario.makeDisjointEdits(random);
    return scenario;
  }

  private void makeDisjointEdits(Random random) {
    // One side may append a column to one table; the other side's rows take its default.
    Map<Table, List<String>> added = new LinkedHashMap<>();
    List<List<Statement>> sides = List.of(ours, theirs);
    int adder = random.nextInt(4);
    if (adder < 2) {
      Table table = tables.get(random.nextInt(tables.size()));
      String fallback = random.nextBoolean() ? null : DEFAULTS.get(random.nextInt(DEFAULTS.size()));
      sides.get(adder).add(new Statement("ALTER TABLE " + quote(table.name()) + " ADD COLUMN extra"
          + (fallback == null ? "" : " DEFAULT " + fallback), List.of()));
      added.put(table, List.of("extra"));
    }
    Set<Object> pointedAt = new LinkedHashSet<>();
    Map<Table, Set<Object>> deleted = new LinkedHashMap<>();
    for (Table table : tables) {
      if (table.parent() != null) {
        rows.get(table).values().forEach(values -> pointedAt.add(values[0]));
      }
    }
    for (Table table : tables) {
      Set<Object> gone = new LinkedHashSet<>();
      deleted.put(table, gone);
      boolean isParent = tables.stream().anyMatch(t -> table.name().equals(t.parent()));
      List<String> columns = new ArrayList<>(table.columns());
      int addedBy = added.containsKey(table) ? adder : -1;
      for (Map.Entry<Object, Object[]> row : rows.get(table).entrySet()) {
        int owner = random.nextInt(6);
        if (owner < 2) {
          continue;
        }
        if (owner < 4) {
          int side = owner - 2;
          boolean mayDelete = !(isParent && pointedAt.contains(row.getKey()));
          if (mayDelete && random.nextInt(3) == 0) {
            sides.get(side).add(delete(table, row.getKey()));
            gone.add(row.getKey());
          } else {
            List<String> own = new ArrayList<>(columns);
            if (addedBy == side) {
              own.add("extra");
            }
            List<String> changed = own.stream().filter(c -> random.nextBoolean()).toList();
            for (String column : changed) {
              sides.get(side).add(update(table, row.getKey(), column, cellValue(random, table, column, deleted)));
            }
          }
        } else {
          // Both sides change this row, each its own columns.
          for (String column : columns) {
            int side = random.nextInt(3);
            if (side < 2) {
              sides.get(side).add(update(table, row.getKey(), column, cellValue(random, table, column, deleted)));
            }
          }
        }
      }
      // Inserts: keys no one else has, under the collation of the key.
      Set<Object> used = new LinkedHashSet<>();
      rows.get(table).keySet().forEach(k -> used.add(table.identity(k)));
      for (int side = 0; side < 2; side++) {
        int inserts = random.nextInt(4);
        for (int i = 0; i < inserts; i++) {
          Object key = newKey(random, table, used);
          if (key == null) {
            continue;
          }
          Object[] values = new Object[table.columns().size()];
          for (int c = 0; c < values.length; c++) {
            values[c] = cellValue(random, table, table.columns().get(c), deleted);
          }
          sides.get(side).add(insert(table, key, values));
        }
      }
    }
  }

  private Object cellValue(Random random, Table table, String column, Map<Table, Set<Object>> deleted) {
    if (table.parent() != null && column.equals("parent")) {
      return parentKey(random, table, deleted.getOrDefault(table(table.parent()), Set.of()));
    }
    return value(random);
  }

  private static Object newKey(Random random, Table table, Set<Object> used) {
    for (int attempt = 0; attempt < 20; attempt++) {
      Object key;
      if (table.kind().integer()) {
        key = switch (random.nextInt(6)) {
          case 0 -> Long.MAX_VALUE - random.nextInt(3);
          case 1 -> (long) random.nextInt(1 << 20) * 1024 + 1;
          default -> (long) random.nextInt(60) - 10;
        };
      } else {
        key = baseKey(random, table);
      }
      if (used.add(table.identity(key))) {
        return key;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Free edits

  /**
   * Each side edits on its own. With {@code collidingKeys} false the sides never insert under one
   * integer key (that would renumber theirs, which is not symmetric by design); text keys may still
   * meet.
   */
  static MergeScenario free(long seed, boolean collidingKeys) {
    Random random = new Random(seed);
    MergeScenario scenario = new MergeScenario(seed, collidingKeys ? "free" : "free, integer keys apart");
    scenario.makeBase(random);
    scenario.makeFreeEdits(random, scenario.ours, 0, collidingKeys);
    scenario.makeFreeEdits(random, scenario.theirs, 1, collidingKeys);
    return scenario;
  }

  private void makeFreeEdits(Random random, List<Statement> side, int which, boolean collidingKeys) {
    int count = random.nextInt(8);
    long insertKey = 0;
    Set<String> addedColumns = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      Table table = tables.get(random.nextInt(tables.size()));
      List<Object> keys = new ArrayList<>(rows.get(table).keySet());
      Object key = keys.isEmpty() ? null : keys.get(random.nextInt(keys.size()));
      int op = random.nextInt(20);
      if (op < 8 && key != null) {
        String column = table.columns().get(random.nextInt(table.columns().size()));
        Object value = table.parent() != null && column.equals("parent") ? parentKey(random, table, Set.of())
            : random.nextInt(4) == 0 ? rows.get(table).get(key)[table.columns().indexOf(column)] : value(random);
        side.add(update(table, key, column, value));
      } else if (op < 11 && key != null) {
        side.add(delete(table, key));
      } else if (op < 16) {
        Object newKey;
        if (table.kind().integer()) {
          long largest = rows.get(table).keySet().stream().mapToLong(k -> (Long) k).max().orElse(0);
          long next = largest < 1_000_000 ? Math.max(largest, 0) + 1 : 1_000_000;
          newKey = collidingKeys ? next + random.nextInt(3) : next + 2 * (insertKey++) + which;
        } else {
          newKey = random.nextBoolean() ? baseKey(random, table) : KEY_TEXTS.get(random.nextInt(3));
        }
        Object[] values = new Object[table.columns().size()];
        for (int c = 0; c < values.length; c++) {
          values[c] = table.parent() != null && c == 0 ? parentKey(random, table, Set.of()) : value(random);
        }
        if (collidingKeys && table.kind().integer() && random.nextInt(3) == 0) {
          side.add(insertNextKey(table, values)); // SQLite picks the next key: the other side's too
        } else {
          side.add(insert(table, newKey, values));
        }
        if (collidingKeys && table.parent() == null && random.nextInt(3) == 0) {
          addChildOf(random, side, table);
        }
      } else if (op < 18) {
        String column = random.nextBoolean() ? "extra" : "more";
        if (!addedColumns.add(table.name() + "." + column)) {
          continue;
        }
        side.add(new Statement("ALTER TABLE " + quote(table.name()) + " ADD COLUMN " + column
            + (random.nextBoolean() ? "" : " DEFAULT " + DEFAULTS.get(random.nextInt(DEFAULTS.size()))), List.of()));
      } else if (op == 18 && table.parent() == null && table.kind() != Kind.AUTOINCREMENT
          && tables.stream().noneMatch(t -> table.name().equals(t.parent()))) {
        // Not an AUTOINCREMENT table: dropping the last one leaves an empty sqlite_sequence that a
        // rebuilt database does not have (ArchiveMergeTest covers it on its own).
        side.add(new Statement("DROP TABLE " + quote(table.name()), List.of()));
        return; // later edits would name a table that is gone
      }
    }
  }

  /** A row of the child table pointing at the parent row this side inserted last. */
  private void addChildOf(Random random, List<Statement> side, Table parent) {
    for (Table child : tables) {
      if (parent.name().equals(child.parent())) {
        side.add(new Statement("INSERT OR IGNORE INTO " + quote(child.name()) + " (parent, note) VALUES ((SELECT max(k) FROM "
            + quote(parent.name()) + "), ?)", List.of(text(random))));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // SQL

  private static Statement insert(Table table, Object key, Object[] values) {
    List<String> columns = new ArrayList<>();
    columns.add(table.keyColumn());
    table.columns().forEach(c -> columns.add(quote(c)));
    List<Object> arguments = new ArrayList<>();
    arguments.add(key);
    arguments.addAll(java.util.Arrays.asList(values));
    return new Statement("INSERT OR IGNORE INTO " + quote(table.name()) + " (" + String.join(", ", columns)
        + ") VALUES (" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")", arguments);
  }

  private static Statement insertNextKey(Table table, Object[] values) {
    List<String> columns = table.columns().stream().map(MergeScenario::quote).toList();
    return new Statement("INSERT INTO " + quote(table.name()) + " (" + String.join(", ", columns) + ") VALUES ("
        + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")", java.util.Arrays.asList(values));
  }

  private static Statement update(Table table, Object key, String column, Object value) {
    List<Object> arguments = new ArrayList<>();
    arguments.add(value);
    arguments.add(key);
    return new Statement("UPDATE " + quote(table.name()) + " SET " + quote(column) + " = ? WHERE "
        + table.keyColumn() + " = ?", arguments);
  }

  private static Statement delete(Table table, Object key) {
    return new Statement("DELETE FROM " + quote(table.name()) + " WHERE " + table.keyColumn() + " = ?", List.of(key));
  }

  static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String asciiLower(String text) {
    StringBuilder folded = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return folded.toString();
  }

  static String literal(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Double d) {
      return Double.isNaN(d) ? "NULL" : Double.isInfinite(d) ? (d > 0 ? "9e999" : "-9e999") : Double.toString(d);
    }
    if (value instanceof byte[] bytes) {
      return "X'" + HexFormat.of().withUpperCase().formatHex(bytes) + "'";
    }
    if (value instanceof String s) {
      String shown = s.length() > 60 ? s.substring(0, 60) + "…" : s;
      return "'" + shown.replace("'", "''").chars().mapToObj(c -> c < 0x20 ? "' || char(" + c + ") || '"
          : String.valueOf((char) c)).collect(Collectors.joining()) + "'";
    }
    return value.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Databases and archives

  /** Builds the base database in {@code db}. */
  void createBase(Path db) throws SQLException {
    run(db, base);
  }

  /** A copy of {@code base} with {@code statements} run on it, in order. */
  static Path edited(Path base, Path copy, List<Statement> statements) throws Exception {
    Files.copy(base, copy);
    run(copy, statements);
    return copy;
  }

  static void run(Path db, List<Statement> statements) throws SQLException {
    try (Connection connection = TestSqlite.openForSetUp(db)) {
      connection.setAutoCommit(false);
      for (Statement statement : statements) {
        try (PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
          for (int i = 0; i < statement.arguments().size(); i++) {
            bind(prepared, i + 1, statement.arguments().get(i));
          }
          prepared.execute();
        } catch (SQLException e) {
          throw new SQLException(e.getMessage() + " in: " + statement, e);
        }
      }
      connection.commit();
    }
  }

  private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.NULL);
    } else if (value instanceof Long l) {
      statement.setLong(index, l);
    } else if (value instanceof Double d) {
      statement.setDouble(index, d);
    } else if (value instanceof String s) {
      statement.setString(index, s);
    } else {
      statement.setBytes(index, (byte[]) value);
    }
  }

  @Override
  public String toString() {
    return "seed " + seed + " (" + flavour + ")\n-- base\n" + lines(base) + "-- ours\n" + lines(ours)
        + "-- theirs\n" + lines(theirs);
  }

  private static String lines(List<Statement> statements) {
    return statements.stream().map(s -> s + "\n").collect(Collectors.joining());
  }
}
