package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * SQLite is the judge of what a real schema entry looks like: whatever it stores in
 * {@code sqlite_schema} for names and statements a database may hold passes {@link SchemaSql}, and
 * the same statement with anything after it does not. (The round-trip properties check the same for
 * every entry dehydrated from their generated databases, since hydrating runs the check.)
 */
class SchemaSqlPropertyTest {

  /** Pieces of names: keywords, quotes of every kind, comment and statement punctuation, "temp". */
  private static final List<String> FRAGMENTS = List.of(
      "x", "Y", "temp", "main", "TEMP", "select", "end", "begin", "create", "table", "my table", "it's",
      "say \"hi\"", "\"", "'", "`", "[x]", "]", "a.b", ".", "--", "/*", "*/", ";", "(", ",", "1st", "$", " ",
      "\t", "new\nline", "Ünïcödé", "名前", "😀", "load_extension");

  @Provide
  Arbitrary<String> names() {
    Arbitrary<String> fragments = Arbitraries.of(FRAGMENTS).list().ofMinSize(1).ofMaxSize(3)
        .map(parts -> String.join("", parts));
    Arbitrary<String> random = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(10)
        .filter(s -> s.indexOf('\0') < 0 && StandardCharsets.UTF_8.newEncoder().canEncode(s));
    return Arbitraries.frequencyOf(Tuple.of(4, fragments), Tuple.of(1, random))
        .filter(n -> !n.toLowerCase(Locale.ROOT).startsWith("sqlite_") && !n.equalsIgnoreCase("load_extension"));
  }

  @Provide
  Arbitrary<Integer> quoting() {
    return Arbitraries.integers().between(0, 4);
  }

  /** {@code name} quoted in one of SQLite's ways; bare only where that reads back as the same name. */
  private static String quote(String name, int style) {
    return switch (style) {
      case 1 -> name.contains("]") ? doubled(name, '"') : "[" + name + "]";
      case 2 -> doubled(name, '`');
      case 3 -> doubled(name, '\'');
      // bare only where no keyword can be meant
      case 4 -> name.matches("[xY][A-Za-z0-9_]*") ? name : doubled(name, '"');
      default -> doubled(name, '"');
    };
  }

  private static String doubled(String name, char quote) {
    return quote + name.replace(String.valueOf(quote), "" + quote + quote) + quote;
  }

  private record Stored(String type, String name, String sql) {}

  @Property(tries = 200)
  void everythingSqliteStoresPasses(@ForAll("names") String table, @ForAll("names") String column,
      @ForAll("names") String other, @ForAll("quoting") int style, @ForAll("quoting") int otherStyle)
      throws SQLException {
    if (table.equalsIgnoreCase(other)) {
      other = other + "2";
    }
    if (column.equalsIgnoreCase("n_key_column")) {
      column = column + "2";
    }
    String t = quote(table, style);
    // a column in quotes SQLite reads as a name wherever it appears (a 'string' may be a value)
    String c = quote(column, otherStyle % 3);
    String o = quote(other, style);
    List<String> statements = List.of(
        "CREATE TABLE IF NOT EXISTS " + t + " (" + c + " TEXT DEFAULT 'temp.x; it''s' CHECK (" + c + " <> x'00'),"
            + " n_key_column INTEGER PRIMARY KEY) -- trailing",
        "CREATE UNIQUE INDEX " + o + " ON " + t + " (" + c + " COLLATE NOCASE) WHERE " + c + " IS NOT NULL",
        "create view " + quote(other + " v", otherStyle) + " (" + c + ") as select main." + t + "." + c
            + " from main." + t + " union all select 'a;b' /* ; */",
        "CREATE TRIGGER " + quote(other + " tr", style) + " AFTER UPDATE OF " + c + " ON " + t
            + " WHEN new." + c + " IS NOT NULL BEGIN UPDATE " + t + " SET " + c + " = CASE WHEN new." + c
            + " = 'END' THEN 'end;' END WHERE 0; SELECT RAISE(IGNORE); END",
        "CREATE VIRTUAL TABLE " + quote(other + " fts", otherStyle) + " USING fts5(" + doubled(column, '"')
            + ", content=" + doubled(table, '\'') + ", tokenize = 'unicode61')");
    List<Stored> stored = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
         Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
      try (ResultSet rs = statement.executeQuery(
          "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT IN"
              + " (SELECT name FROM pragma_table_list WHERE type = 'shadow')")) {
        while (rs.next()) {
          stored.add(new Stored(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    assertEquals(statements.size(), stored.size(), stored::toString);
    for (Stored entry : stored) {
      assertNull(SchemaSql.problem(entry.type(), entry.name(), entry.sql()), entry::toString);
      assertNull(SchemaSql.problem(entry.type(), entry.name(), entry.sql() + ";\n-- done\n"), entry::toString);
    }
  }

  @Provide
  Arbitrary<String> followers() {
    return Arbitraries.of("DROP TABLE t", "ATTACH 'x.db' AS x", "PRAGMA writable_schema=ON", "VACUUM INTO 'x.db'",
        "SELECT load_extension('x')", "CREATE TABLE u(x)", ";", "backup to x.db", "END");
  }

  @Property(tries = 100)
  void aSecondStatementIsAlwaysRefused(@ForAll("names") String name, @ForAll("quoting") int style,
      @ForAll("followers") String follower, @ForAll boolean trigger) {
    String q = quote(name, style);
    String first = trigger
        ? "CREATE TRIGGER " + q + " AFTER INSERT ON t BEGIN SELECT 1; END"
        : "CREATE TABLE " + q + "(x)";
    String type = trigger ? "trigger" : "table";
    assertNull(SchemaSql.problem(type, name, first));
    String problem = SchemaSql.problem(type, name, first + "; " + follower);
    assertNotNull(problem, first + "; " + follower);
  }

  @Property(tries = 100)
  void anyNameMeetsItselfAndNoOther(@ForAll("names") String name, @ForAll("names") String other,
      @ForAll("quoting") int style) {
    String sql = "CREATE TABLE " + quote(name, style) + "(x)";
    assertNull(SchemaSql.problem("table", name, sql));
    if (!other.equals(name)) {
      assertNotNull(SchemaSql.problem("table", other, sql));
    }
  }
}
