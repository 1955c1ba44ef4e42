package io.githydrate.engine.properties;

import io.githydrate.engine.properties.GeneratedDatabase.Column;
import io.githydrate.engine.properties.GeneratedDatabase.Fts;
import io.githydrate.engine.properties.GeneratedDatabase.Kind;
import io.githydrate.engine.properties.GeneratedDatabase.Settings;
import io.githydrate.engine.properties.GeneratedDatabase.Table;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Generators of SQLite databases and values, shared by all properties. Everything is small (a few
 * tables of up to 40 rows) so that a hundred tries stay fast; the variety is in the corners:
 * names that need quoting, values whose storage class differs from their column's type, every
 * kind of table key, and the objects and settings a real database carries besides its rows.
 */
final class DatabaseArbitraries {
  private DatabaseArbitraries() {}

  /** Pieces of names: SQL keywords, quotes, spaces, comment and statement punctuation, non-BMP letters. */
  static final List<String> NAME_FRAGMENTS = List.of(
      "x", "Y", "select", "order", "table", "from", "where", "group", "index", "values", "default",
      "primary", "key", "my table", "it's", "say \"hi\"", "\"", "'", "\"\"", " ", "Ünïcödé", "名前", "Ωμέγα",
      "𝔘𝔫𝔦", "😀", "a.b", "[x]", "`tick`", "--", "/*", "*/", ";", "(", ",", "1st", "$", "\t", "new\nline");

  static final List<String> DECLARED_TYPES = List.of(
      "INTEGER", "REAL", "TEXT", "BLOB", "ANY", "NUMERIC", "", "INT", "integer", "VARCHAR(10)", "DOUBLE PRECISION",
      "BOOLEAN", "DATETIME", "FLOATING POINT");

  private static final Set<String> STRICT_TYPES = Set.of("INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY");

  private static final List<String> CONSTRAINTS = List.of(
      "", "", "", "COLLATE NOCASE", "COLLATE RTRIM", "DEFAULT 'it''s'", "DEFAULT -0.0", "DEFAULT (x'00')",
      "NOT NULL", "UNIQUE", "CHECK (%s IS NOT 'forbidden')");

  private static final List<String> GENERATED_EXPRESSIONS = List.of(
      "typeof(%s)", "hex(%s)", "coalesce(%s, 'it''s null')", "length(%s)", "%s || '😀'", "lower(%s)", "(%s IS NULL)");

  private static final List<String> FTS_OPTIONS = List.of(
      "", "", ", tokenize = 'porter unicode61'", ", prefix = '2 3'", ", detail = column", ", columnsize = 0",
      ", tokenize = \"unicode61 remove_diacritics 2\"");

  /** Odd but legal object names; unique among themselves under case folding. */
  static Arbitrary<String> names() {
    Arbitrary<String> fragments = Arbitraries.of(NAME_FRAGMENTS).list().ofMinSize(1).ofMaxSize(3)
        .map(parts -> String.join("", parts));
    Arbitrary<String> letters = Arbitraries.strings().withCharRange('a', 'z').withChars("ÄÖÜßéñ名前字 '\".-")
        .ofMinLength(1).ofMaxLength(8);
    // SQLite reserves names starting with "sqlite_"; no piece above makes one, this keeps it so
    return Arbitraries.frequencyOf(Tuple.of(3, fragments), Tuple.of(1, letters))
        .filter(n -> !n.toLowerCase(Locale.ROOT).startsWith("sqlite_"));
  }

  /** Column names: the object names plus the names that shadow a table's rowid. */
  static Arbitrary<String> columnNames() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, names()),
        Tuple.of(1, Arbitraries.of("rowid", "oid", "_rowid_", "ROWID")));
  }

  // ---------------------------------------------------------------------------------------------
  // Values

  static Arbitrary<Long> integers() {
    return Arbitraries.oneOf(
        Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L, (long) Integer.MIN_VALUE,
            (long) Integer.MAX_VALUE + 1, 1L << 53, (1L << 53) + 1, -(1L << 53) - 1),
        Arbitraries.longs().between(-1000, 1000),
        Arbitraries.longs());
  }

  static Arbitrary<Double> reals() {
    return Arbitraries.oneOf(
        Arbitraries.of(-0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 1e-300, 1e300, 0.1, 1.5,
            3.0, -7.0, 9.223372036854775807E18, -9.223372036854775808E18, 1e15, 1e16, 123456789.123456789,
            Double.NaN),
        Arbitraries.doubles().between(-1e6, 1e6),
        // every bit pattern: subnormals, huge and tiny exponents, NaN payloads (SQLite stores NULL)
        Arbitraries.longs().map(Double::longBitsToDouble));
  }

  static final List<String> TEXT_FRAGMENTS = List.of(
      "", "a", "\0", "a\0b", "line\nbreak", "\r\n", "\t", "😀", "👩‍👩‍👧", "Ünïcödé", "名前", "𝔘𝔫𝔦", "'", "\"", "\\",
      "12", "-0", "1e5", " 7 ", "0x1F", "3.0", "9223372036854775808", "-9223372036854775809", "NaN", "Infinity",
      "null", "{\"blob\": \"AA==\"}", "<<<<<<< HEAD", "forbidden", "FORBIDDEN", "\u007f", "\u2028", "\uFEFF");

  static Arbitrary<String> texts() {
    Arbitrary<String> joined = Arbitraries.of(TEXT_FRAGMENTS).list().ofMaxSize(4).map(l -> String.join("", l));
    Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(12).filter(DatabaseArbitraries::wellFormed);
    // long enough to spill onto overflow pages, even at a page size of 64 KiB in UTF-16
    Arbitrary<String> spilling = Combinators.combine(Arbitraries.of("é😀 ", "it's\0", "abc"),
        Arbitraries.integers().between(300, 12000)).as(String::repeat);
    return Arbitraries.frequencyOf(Tuple.of(6, joined), Tuple.of(3, random), Tuple.of(1, spilling));
  }

  /** No unpaired surrogates: SQLite holds text as UTF-8 or UTF-16, where they have no encoding. */
  static boolean wellFormed(String s) {
    return StandardCharsets.UTF_8.newEncoder().canEncode(s);
  }

  static Arbitrary<byte[]> blobs() {
    Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(24);
    Arbitrary<byte[]> large = Arbitraries.bytes().array(byte[].class).ofMinSize(900).ofMaxSize(3000);
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just(new byte[0])),
        Tuple.of(1, Arbitraries.of("SQLite format 3\0", "😀", "12").map(s -> s.getBytes(StandardCharsets.UTF_8))),
        Tuple.of(6, small),
        Tuple.of(1, large));
  }

  /** Any value of any storage class: null, Long, Double, String or byte[]. */
  static Arbitrary<Object> values() {
    return Arbitraries.frequencyOf(
        weighted(3, integers()),
        weighted(3, reals()),
        weighted(3, texts()),
        weighted(2, blobs()))
        .injectNull(0.12);
  }

  private static Tuple2<Integer, Arbitrary<?>> weighted(int weight, Arbitrary<?> arbitrary) {
    return Tuple.of(weight, arbitrary);
  }

  /** Values for an INTEGER PRIMARY KEY: mostly NULL ("the next rowid"), sometimes extreme. */
  static Arbitrary<Long> rowids() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.longs().between(-20, 200)),
        Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, -1L, 0L)))
        .injectNull(0.5);
  }

  // ---------------------------------------------------------------------------------------------
  // Databases

  static Arbitrary<Settings> settings() {
    Arbitrary<Integer> pageSize = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.just((Integer) null)),
        Tuple.of(2, Arbitraries.of(1024, 8192)),
        Tuple.of(1, Arbitraries.of(512, 65536)));
    Arbitrary<Integer> autoVacuum = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(0)), Tuple.of(1, Arbitraries.just(1)), Tuple.of(1, Arbitraries.just(2)));
    Arbitrary<String> encoding = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.just("UTF-8")), Tuple.of(1, Arbitraries.of("UTF-16le", "UTF-16be")));
    Arbitrary<Integer> header = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers());
    Arbitrary<Boolean> wal = Arbitraries.of(false, false, true);
    Arbitrary<Boolean> analyzed = Arbitraries.of(false, false, true);
    return Combinators.combine(pageSize, autoVacuum, encoding, header, header, wal, analyzed).as(Settings::new);
  }

  /** A table before it has names: the names are handed out once the whole database is known. */
  record TableShape(Kind kind, boolean strict, boolean decorated, List<ColumnShape> columns,
      List<RowShape> rows, int deletes) {}

  /** {@code generated}: 0 for a stored column, 1 VIRTUAL, 2 STORED; {@code base} picks the column it reads. */
  record ColumnShape(String name, String type, String constraint, int generated, int expression, int base) {}

  record RowShape(Long rowid, List<Object> values) {}

  record IndexShape(int table, List<Integer> columns, boolean unique, int flavour) {}

  record ViewShape(int table, int flavour) {}

  record TriggerShape(int table, int flavour) {}

  record FtsShape(List<String> columns, List<Boolean> unindexed, String options, List<RowShape> rows, int deletes) {}

  private static final int MAX_COLUMNS = 6;
  private static final int MAX_ROWS = 40;

  static Arbitrary<RowShape> rows(int width) {
    return Combinators.combine(rowids(), values().list().ofSize(width)).as(RowShape::new);
  }

  static Arbitrary<TableShape> tables() {
    Arbitrary<ColumnShape> column = Combinators.combine(
        columnNames(),
        Arbitraries.of(DECLARED_TYPES),
        Arbitraries.of(CONSTRAINTS),
        Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(0)), Tuple.of(1, Arbitraries.of(1, 2))),
        Arbitraries.integers().between(0, GENERATED_EXPRESSIONS.size() - 1),
        Arbitraries.integers().between(0, MAX_COLUMNS - 1)).as(ColumnShape::new);
    Arbitrary<List<ColumnShape>> columns = column.list().ofMinSize(1).ofMaxSize(MAX_COLUMNS)
        .uniqueElements(c -> c.name().toLowerCase(Locale.ROOT))
        .filter(DatabaseArbitraries::rowidStaysReachable);
    Arbitrary<List<RowShape>> rows = rows(MAX_COLUMNS).list().ofMaxSize(MAX_ROWS)
        .withSizeDistribution(RandomDistribution.biased());
    return Combinators.combine(
        Arbitraries.of(Kind.class),
        Arbitraries.of(false, false, false, true),
        Arbitraries.of(false, false, true),
        columns,
        rows,
        Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 3))))
        .as(TableShape::new);
  }

  /** A table whose columns take all of rowid, _rowid_ and oid cannot be archived with its rowids. */
  private static boolean rowidStaysReachable(List<ColumnShape> columns) {
    Set<String> names = columns.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    return !names.containsAll(List.of("rowid", "_rowid_", "oid"));
  }

  static Arbitrary<FtsShape> fts() {
    Arbitrary<List<String>> columns = names().list().ofMinSize(1).ofMaxSize(3)
        .uniqueElements(n -> n.toLowerCase(Locale.ROOT));
    return Combinators.combine(
        columns,
        Arbitraries.of(false, false, true).list().ofSize(3),
        Arbitraries.of(FTS_OPTIONS),
        rows(3).list().ofMaxSize(20),
        Arbitraries.integers().between(0, 2))
        .as(FtsShape::new);
  }

  static Arbitrary<IndexShape> indexes() {
    return Combinators.combine(
        Arbitraries.integers().between(0, 3),
        Arbitraries.integers().between(0, MAX_COLUMNS - 1).list().ofMinSize(1).ofMaxSize(3),
        Arbitraries.of(false, true),
        Arbitraries.integers().between(0, 3))
        .as(IndexShape::new);
  }

  private static final int MAX_TABLES = 4;
  private static final int MAX_OBJECTS = MAX_TABLES + 1 + 3 + 2 + 2;

  /** Databases of every shape the properties care about. */
  static Arbitrary<GeneratedDatabase> databases() {
    return Combinators.combine(
        settings(),
        tables().list().ofMaxSize(MAX_TABLES),
        fts().injectNull(0.6),
        indexes().list().ofMaxSize(3),
        Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 3))
            .as(ViewShape::new).list().ofMaxSize(2),
        Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 3))
            .as(TriggerShape::new).list().ofMaxSize(2),
        names().list().ofSize(MAX_OBJECTS).uniqueElements(n -> n.toLowerCase(Locale.ROOT)))
        .as(DatabaseArbitraries::assemble);
  }

  // ---------------------------------------------------------------------------------------------
  // Assembly: shapes and names into SQL

  static GeneratedDatabase assemble(Settings settings, List<TableShape> tableShapes, FtsShape ftsShape,
      List<IndexShape> indexShapes, List<ViewShape> viewShapes, List<TriggerShape> triggerShapes,
      List<String> names) {
    int nextName = 0;
    List<Table> tables = new ArrayList<>();
    for (TableShape shape : tableShapes) {
      tables.add(table(names.get(nextName++), shape));
    }
    Fts fts = ftsShape == null ? null : fts(names.get(nextName++), ftsShape);
    List<String> extras = new ArrayList<>();
    for (IndexShape shape : indexShapes) {
      String name = names.get(nextName++);
      if (!tables.isEmpty()) {
        extras.add(index(name, tables.get(shape.table() % tables.size()), shape));
      }
    }
    List<String> views = new ArrayList<>();
    for (ViewShape shape : viewShapes) {
      String name = names.get(nextName++);
      views.add(name);
      extras.add(view(name, tables, fts, shape));
    }
    for (TriggerShape shape : triggerShapes) {
      String name = names.get(nextName++);
      if (!tables.isEmpty()) {
        extras.add(trigger(name, tables, views, shape));
      }
    }
    return new GeneratedDatabase(settings, List.copyOf(tables), fts, List.copyOf(extras));
  }

  private static String q(String name) {
    return GeneratedDatabase.quote(name);
  }

  private static Table table(String name, TableShape shape) {
    Kind kind = shape.kind();
    List<ColumnShape> shapes = shape.columns();
    if (kind == Kind.WITHOUT_ROWID_COMPOSITE && shapes.size() < 2) {
      kind = Kind.WITHOUT_ROWID;
    }
    int keys = kind.keyColumns();
    boolean strict = shape.strict();
    // Generated columns need a stored column to read, and cannot be keys.
    List<Boolean> generated = new ArrayList<>();
    for (int i = 0; i < shapes.size(); i++) {
      generated.add(i >= keys && shapes.get(i).generated() != 0);
    }
    if (!generated.contains(false)) {
      generated.set(0, false);
    }
    List<String> storedNames = new ArrayList<>();
    for (int i = 0; i < shapes.size(); i++) {
      if (!generated.get(i)) {
        storedNames.add(shapes.get(i).name());
      }
    }
    List<Column> columns = new ArrayList<>();
    List<String> definitions = new ArrayList<>();
    for (int i = 0; i < shapes.size(); i++) {
      ColumnShape c = shapes.get(i);
      String type = c.type();
      String clause = "";
      if (i < keys) {
        switch (kind) {
          case ALIAS -> {
            type = "INTEGER";
            clause = " PRIMARY KEY";
          }
          case AUTOINCREMENT -> {
            type = "INTEGER";
            clause = " PRIMARY KEY AUTOINCREMENT";
          }
          case ROWID_DESC_PK -> {
            type = "INTEGER";
            clause = " PRIMARY KEY DESC";
          }
          case ROWID_PK -> {
            // INTEGER would make it the rowid; INT keeps it an ordinary key with its own index
            type = type.equalsIgnoreCase("INTEGER") ? "INT" : type;
            clause = " PRIMARY KEY";
          }
          case WITHOUT_ROWID -> clause = " PRIMARY KEY";
          default -> clause = "";
        }
        if (c.constraint().startsWith("COLLATE") && !kind.integerKey()) {
          clause += " " + c.constraint();
        }
      } else if (!generated.get(i) && !c.constraint().isEmpty()) {
        clause = " " + String.format(c.constraint(), q(c.name()));
      }
      if (strict && (generated.get(i) || !STRICT_TYPES.contains(type.toUpperCase(Locale.ROOT)))) {
        // a STRICT table rejects a value its column's type cannot hold; ANY holds all of them
        type = "ANY";
      }
      String expression = null;
      if (generated.get(i)) {
        String base = storedNames.get(c.base() % storedNames.size());
        expression = String.format(GENERATED_EXPRESSIONS.get(c.expression()), q(base));
        clause = " GENERATED ALWAYS AS (" + expression + ")" + (c.generated() == 2 ? " STORED" : " VIRTUAL");
      }
      String definition = q(c.name()) + (type.isEmpty() ? "" : " " + type) + clause;
      definitions.add(definition);
      columns.add(new Column(c.name(), definition, expression));
    }
    if (kind == Kind.WITHOUT_ROWID_COMPOSITE) {
      definitions.add("PRIMARY KEY (" + q(shapes.get(0).name()) + ", " + q(shapes.get(1).name()) + ")");
    }
    String separator = shape.decorated() ? ",\n  " : ", ";
    String sql = (shape.decorated() ? "create  table " : "CREATE TABLE ") + q(name)
        + (shape.decorated() ? " ( -- it's \"commented\"\n  " : " (")
        + String.join(separator, definitions)
        + (shape.decorated() ? "\n  /* ) WITHOUT ROWID */\n)" : ")")
        + (kind.withoutRowid() ? " WITHOUT ROWID" : "")
        + (strict ? (kind.withoutRowid() ? ", STRICT" : " STRICT") : "");
    int stored = storedNames.size();
    List<List<Object>> rows = new ArrayList<>();
    for (RowShape row : shape.rows()) {
      List<Object> values = new ArrayList<>(row.values().subList(0, stored));
      if (kind.integerKey()) {
        Long rowid = row.rowid();
        if (kind == Kind.AUTOINCREMENT && rowid != null && Math.abs((double) rowid) > 1_000_000) {
          // near the largest rowid AUTOINCREMENT fails with SQLITE_FULL, which may roll back everything
          rowid = rowid % 1_000_000;
        }
        values.set(0, rowid);
      }
      rows.add(values);
    }
    return new Table(name, kind, sql, List.copyOf(columns), List.copyOf(rows), shape.deletes());
  }

  private static Fts fts(String name, FtsShape shape) {
    // FTS5 reserves rowid and rank, and gives the table's own name to a hidden column.
    Set<String> reserved = Set.of("rowid", "rank", "oid", "_rowid_", name.toLowerCase(Locale.ROOT));
    List<String> columns = shape.columns().stream().filter(c -> !reserved.contains(c.toLowerCase(Locale.ROOT)))
        .collect(Collectors.toCollection(ArrayList::new));
    if (columns.isEmpty()) {
      columns.add(name.equalsIgnoreCase("body") ? "text" : "body");
    }
    List<String> definitions = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      definitions.add(q(columns.get(i)) + (shape.unindexed().get(i) ? " UNINDEXED" : ""));
    }
    String sql = "CREATE VIRTUAL TABLE " + q(name) + " USING fts5(" + String.join(", ", definitions)
        + shape.options() + ")";
    List<List<Object>> rows = new ArrayList<>();
    for (RowShape row : shape.rows()) {
      List<Object> values = new ArrayList<>();
      values.add(row.rowid());
      values.addAll(row.values().subList(0, columns.size()));
      rows.add(values);
    }
    return new Fts(name, sql, List.copyOf(columns), List.copyOf(rows), shape.deletes());
  }

  private static String index(String name, Table table, IndexShape shape) {
    List<String> all = table.columns().stream().map(Column::name).toList();
    List<String> picked = new ArrayList<>(new LinkedHashSet<>(
        shape.columns().stream().map(i -> all.get(i % all.size())).toList()));
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < picked.size(); i++) {
      String column = q(picked.get(i));
      terms.add(switch (shape.flavour()) {
        case 2 -> i % 2 == 0 ? "lower(" + column + ")" : "typeof(" + column + ")";
        case 3 -> column + " COLLATE NOCASE" + (i % 2 == 0 ? " DESC" : "");
        default -> column + (i % 2 == 1 ? " DESC" : "");
      });
    }
    // A key stays unique whatever is added to it; anything else may hold duplicates.
    boolean unique = shape.unique() && table.kind() != Kind.ROWID;
    if (unique) {
      List<String> key = table.keyNames().stream().map(DatabaseArbitraries::q).toList();
      terms.removeAll(key);
      terms.addAll(0, key);
    }
    String where = shape.flavour() == 1 ? " WHERE " + q(picked.get(0)) + " IS NOT NULL" : "";
    return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + q(name) + " ON " + q(table.name())
        + " (" + String.join(", ", terms) + ")" + where;
  }

  private static String view(String name, List<Table> tables, Fts fts, ViewShape shape) {
    List<String> sources = new ArrayList<>();
    List<String> firstColumns = new ArrayList<>();
    tables.forEach(t -> {
      sources.add(t.name());
      firstColumns.add(t.columns().get(0).name());
    });
    if (fts != null) {
      sources.add(fts.name());
      firstColumns.add(fts.columns().get(0));
    }
    if (sources.isEmpty() || shape.flavour() == 3) {
      return "CREATE VIEW " + q(name) + " AS SELECT 1 AS \"one\", 'it''s' AS \"select\", x'00' AS \"😀\"";
    }
    int pick = shape.table() % sources.size();
    String source = q(sources.get(pick));
    String column = q(firstColumns.get(pick));
    return switch (shape.flavour()) {
      case 0 -> "CREATE VIEW " + q(name) + " AS SELECT * FROM " + source;
      case 1 -> "CREATE VIEW " + q(name) + " (\"it's\", \"n 😀\") AS SELECT " + column + ", count(*) FROM " + source
          + " GROUP BY " + column;
      default -> "CREATE VIEW " + q(name) + " AS SELECT typeof(" + column + ") AS \"type of\", " + column
          + " FROM " + source + " WHERE " + column + " IS NOT NULL ORDER BY 1";
    };
  }

  private static String trigger(String name, List<Table> tables, List<String> views, TriggerShape shape) {
    Table table = tables.get(shape.table() % tables.size());
    String t = q(table.name());
    String column = q(table.storedColumns().get(0).name());
    return switch (shape.flavour()) {
      case 1 -> "CREATE TRIGGER " + q(name) + " BEFORE DELETE ON " + t + " FOR EACH ROW WHEN old." + column
          + " IS NULL BEGIN SELECT RAISE(ABORT, 'it''s kept'); END";
      case 2 -> "CREATE TRIGGER " + q(name) + " AFTER UPDATE OF " + column + " ON " + t + " BEGIN UPDATE " + t
          + " SET " + column + " = new." + column + " WHERE 0; END";
      case 3 -> views.isEmpty()
          ? "CREATE TRIGGER " + q(name) + " AFTER INSERT ON " + t + " BEGIN SELECT 1; END"
          : "CREATE TRIGGER " + q(name) + " INSTEAD OF INSERT ON " + q(views.get(0))
              + " BEGIN SELECT 1; END";
      default -> "CREATE TRIGGER " + q(name) + " AFTER INSERT ON " + t + " BEGIN SELECT typeof(new." + column
          + "); END";
    };
  }
}
