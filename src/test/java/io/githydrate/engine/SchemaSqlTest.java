package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.githydrate.HydrateException;
import io.githydrate.archive.SchemaObject;
import io.githydrate.engine.SchemaSql.Kind;
import io.githydrate.engine.SchemaSql.Token;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaSqlTest {

  private static String problem(String type, String name, String sql) {
    return SchemaSql.problem(type, name, sql);
  }

  @Test
  void tokensFollowSqlitesQuotingAndCommentRules() {
    List<Token> tokens = SchemaSql.tokens(
        "a \"b\"\"c\" [d\"] `e``f` 'g''h' x'00ff' 1.5e-3 .5 0x1F -- one ; comment\n/* two ; */ t.$x;");
    assertEquals(List.of(
        new Token(Kind.WORD, "a", "a"),
        new Token(Kind.QUOTED, "\"b\"\"c\"", "b\"c"),
        new Token(Kind.QUOTED, "[d\"]", "d\""),
        new Token(Kind.QUOTED, "`e``f`", "e`f"),
        new Token(Kind.STRING, "'g''h'", "g'h"),
        new Token(Kind.BLOB, "x'00ff'", "x'00ff'"),
        new Token(Kind.NUMBER, "1.5e-3", "1.5e-3"),
        new Token(Kind.NUMBER, ".5", ".5"),
        new Token(Kind.NUMBER, "0x1F", "0x1F"),
        new Token(Kind.WORD, "t", "t"),
        new Token(Kind.PUNCT, ".", "."),
        new Token(Kind.PUNCT, "$", "$"),
        new Token(Kind.WORD, "x", "x"),
        new Token(Kind.PUNCT, ";", ";")), tokens);
  }

  @Test
  void nonAsciiCharactersArePartOfNamesAsInSqlite() {
    assertEquals(List.of(new Token(Kind.WORD, "名前\u00a0x$1", "名前\u00a0x$1")), SchemaSql.tokens("名前\u00a0x$1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "CREATE TABLE t(x)",
      "CREATE TABLE t(x);",
      "CREATE TABLE t (x) ; -- the end\n/* really */  ",
      "  /* leading */ CREATE TABLE t(x)",
      "create table t(x)",
      "CREATE TABLE IF NOT EXISTS t(x)",
      "CREATE TABLE t(x DEFAULT 'temp.x; ATTACH', \"temp\" TEXT, y CHECK (y <> x'00'), z DEFAULT -1.5e+10)",
      "CREATE TABLE t(x /* ; */, y -- ;\n)",
      "CREATE TABLE t(\"load\"\"extension\" TEXT, temporary INT, main INT, CHECK (main.t.x > 0))",
      "CREATE TABLE t(id INTEGER PRIMARY KEY, parent REFERENCES t(id)) WITHOUT ROWID, STRICT",
      "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'porter ascii')",
      "CREATE VIRTUAL TABLE t USING FTS4(body)",
      "CREATE VIRTUAL TABLE t USING rtree(id, minX, maxX)",
  })
  void tablesThatSqliteWouldStoreAsOneStatementPass(String sql) {
    assertNull(problem("table", "t", sql));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "a\"b      | CREATE TABLE \"a\"\"b\"(x)",
      "my table | CREATE TABLE [my table](x)",
      "a`b      | CREATE TABLE `a``b`(x)",
      "it's     | CREATE TABLE 'it''s'(x)",
      "名前      | CREATE TABLE 名前(x)",
      "select   | CREATE TABLE \"select\" (x)",
      "temp     | CREATE TABLE \"temp\"(x)",
  })
  void quotedNamesAreComparedAsSqliteStoresThem(String name, String sql) {
    assertNull(problem("table", name.strip(), sql));
  }

  @Test
  void indexesViewsAndTriggersPass() {
    assertNull(problem("index", "i", "CREATE UNIQUE INDEX i ON t(x COLLATE NOCASE DESC) WHERE x IS NOT NULL"));
    assertNull(problem("index", "i", "CREATE INDEX i ON t(lower(x))"));
    assertNull(problem("view", "v", "CREATE VIEW v(a, b) AS SELECT t.x, u.y FROM t JOIN main.u ON u.id = t.id"
        + " UNION ALL SELECT 1, 2"));
    assertNull(problem("trigger", "tr", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN"
        + " INSERT INTO audit VALUES ('; END;'); SELECT CASE WHEN new.x THEN 1 END; END"));
    assertNull(problem("trigger", "tr", "CREATE TRIGGER tr BEFORE DELETE ON t FOR EACH ROW WHEN old.x IS NULL"
        + " BEGIN SELECT RAISE(ABORT, 'kept'); END;"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "CREATE TABLE t(x); DROP TABLE t | has a second statement after \";\": \"DROP TABLE t\"",
      "CREATE TABLE t(x);; | has a second statement after \";\": \";\"",
      "ATTACH 'a.db' AS a | starts with \"ATTACH\", not CREATE",
      "PRAGMA writable_schema = ON | starts with \"PRAGMA\", not CREATE",
      "VACUUM INTO 'copy.db' | starts with \"VACUUM\", not CREATE",
      "backup to stolen.db | starts with \"backup\", not CREATE",
      "SELECT load_extension('x.so') | starts with \"SELECT\", not CREATE",
      "-- CREATE TABLE t(x)\\nDETACH a | starts with \"DETACH\", not CREATE",
      "CREATE TABLE t(x DEFAULT (load_extension('x.so'))) | mentions load_extension, which loads native code",
      "CREATE TABLE t(x DEFAULT (\"LOAD_EXTENSION\"('x.so'))) | mentions load_extension, which loads native code",
      "CREATE TEMP TABLE t(x) | creates a TEMP object; every object belongs to the main schema",
      "CREATE TEMPORARY TABLE t(x) | creates a TEMP object; every object belongs to the main schema",
      "CREATE TABLE temp.t(x) | qualifies the name with a schema (\"temp.t\"); names in an archive are unqualified",
      "CREATE TABLE main.t(x) | qualifies the name with a schema (\"main.t\"); names in an archive are unqualified",
      "CREATE TABLE t AS SELECT 1 | is CREATE TABLE ... AS SELECT, which runs a query; an archive holds the table's columns",
      "CREATE TABLE u(x) | creates table \"u\", not \"t\"",
      "CREATE TABLE T(x) | creates table \"T\", not \"t\" (the entry must spell the name as SQLite stores it)",
      "CREATE TABLE \"t \"(x) | creates table \"t \", not \"t\"",
      "CREATE VIEW t AS SELECT 1 | creates a view, but the entry is of type \"table\"",
      "CREATE INDEX t ON u(x) | creates an index, but the entry is of type \"table\"",
      "CREATE DATABASE t | is CREATE \"DATABASE\", not CREATE TABLE",
      "CREATE TABLE IF EXISTS t(x) | has CREATE TABLE IF without NOT EXISTS",
      "CREATE TABLE | names no object after CREATE TABLE (got the end of the text)",
      "CREATE TABLE t | has the end of the text where the column list should start",
      "CREATE VIRTUAL TABLE t USING dbstat | uses module \"dbstat\"; archives hold only fts3, fts4, fts5, rtree and rtree_i32 tables",
      "CREATE VIRTUAL TABLE t(x) | has no USING module after the name",
      "CREATE TABLE t(x) /* open | has an unterminated /* comment",
      "CREATE TABLE t(x DEFAULT 'open) | has an unterminated string starting \"'open)\"",
      "CREATE TABLE \"t(x) | has an unterminated quoted name starting \"\"t(x)\"",
      "CREATE TABLE [t(x) | has an unterminated [identifier",
      "CREATE TABLE t(x DEFAULT x'4') | has a malformed BLOB literal starting \"x'4')\"",
      "CREATE TABLE t(x DEFAULT x'4g') | has a malformed BLOB literal starting \"x'4g')\"",
      "~~ | is empty",
      "~  -- nothing\\n~ | is empty",
  })
  void everyOtherFormOfATableEntryIsRefused(String sql, String problem) {
    assertEquals(problem.strip(), problem("table", "t", sql.replace("\\n", "\n").strip()));
  }

  @Test
  void controlCharactersThatSqliteCannotReadAreRefused() {
    assertEquals("has control character U+0000 outside a string or quoted name",
        problem("table", "t", "CREATE TABLE t(x)\0; ATTACH 'a' AS a"));
    assertEquals("has control character U+000B outside a string or quoted name",
        problem("view", "v", "CREATE VIEW v AS SELECT * FROM temp\u000b.x"));
    assertNull(problem("table", "t", "CREATE TABLE t(\"tab\there\" DEFAULT 'new\nline')"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "CREATE VIEW v AS SELECT * FROM temp.x",
      "CREATE VIEW v AS SELECT * FROM TEMP . x",
      "CREATE VIEW v AS SELECT * FROM \"temp\".x",
      "CREATE VIEW v AS SELECT * FROM [TeMp]/* hidden */.x",
      "CREATE VIEW v AS SELECT * FROM 'temp'.x",
      "CREATE VIEW v AS SELECT temp.x.y FROM x",
      "CREATE VIEW v AS SELECT (SELECT count(*) FROM `temp`.sqlite_schema)",
  })
  void viewsThatReachTheTempSchemaAreRefused(String sql) {
    String problem = problem("view", "v", sql);
    assertNotNull(problem, sql);
    assertEquals("refers to the temp schema", problem.substring(0, problem.indexOf(" (")), problem);
  }

  @Test
  void triggersMustEndAtTheirEnd() {
    assertEquals("refers to the temp schema (\"temp.log\"); objects may refer only to the main schema",
        problem("trigger", "tr", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM temp.log; END"));
    assertEquals("refers to the temp schema (\"temp.t\"); objects may refer only to the main schema",
        problem("trigger", "tr", "CREATE TRIGGER tr AFTER INSERT ON temp.t BEGIN SELECT 1; END"));
    assertEquals("has a second statement after the trigger's END: \"DROP TABLE t\"",
        problem("trigger", "tr", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END; DROP TABLE t"));
    assertEquals("has a second statement after the trigger's END: \"ATTACH 'x' AS y\"",
        problem("trigger", "tr", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END ATTACH 'x' AS y"));
    assertEquals("has a second statement after \";\": \"ATTACH 'x' AS y ; END\"",
        problem("trigger", "tr", "CREATE TRIGGER tr AFTER INSERT ON t; ATTACH 'x' AS y; END"));
    assertEquals("has no body ending in \"; END\"",
        problem("trigger", "tr", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1 END"));
    assertEquals("creates a TEMP object; every object belongs to the main schema",
        problem("trigger", "tr", "CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END"));
  }

  @Test
  void theErrorNamesTheEntryAndWhatIsAllowed() {
    HydrateException e = assertThrows(HydrateException.class,
        () -> SchemaSql.check(new SchemaObject("table", "t", "t", "CREATE TABLE t(x); DROP TABLE t")));
    assertEquals("schema entry \"t\": its SQL has a second statement after \";\": \"DROP TABLE t\""
        + " (only one CREATE TABLE statement for \"t\" is allowed)", e.getMessage());
    HydrateException index = assertThrows(HydrateException.class,
        () -> SchemaSql.check(new SchemaObject("index", "i", "t", "CREATE INDEX j ON t(x)")));
    assertEquals("schema entry \"i\": its SQL creates index \"j\", not \"i\""
        + " (only one CREATE INDEX statement for \"i\" is allowed)", index.getMessage());
  }

  @Test
  void longOrStrangeTextIsShownShortAndOnOneLine() {
    assertEquals("starts with \"SELECT\", not CREATE", problem("table", "t", "SELECT\n1"));
    assertEquals("has a second statement after \";\": \"INSERT INTO t VALUES ( 'aaaaaaaaaaaaaaaa...\"",
        problem("table", "t", "CREATE TABLE t(x); INSERT INTO t VALUES ('" + "a".repeat(100) + "')"));
    assertEquals("creates table \"a\\u000ab\", not \"t\"", problem("table", "t", "CREATE TABLE \"a\nb\"(x)"));
  }
}
