package io.githydrate.engine;

import static io.githydrate.TestSqlite.exec;
import static io.githydrate.TestSqlite.query;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive format, pinned byte for byte: a database with every kind of value and schema object
 * the format distinguishes must give exactly the archive in {@code src/test/resources/golden/}.
 * A difference here is a format change that every team's committed archives would see as a diff.
 * On a mismatch the archive actually written is left in {@code target/golden-actual/} for comparing.
 */
class GoldenArchiveTest {
  private static final String GOLDEN = "/golden/every-kind.db.json";
  private static final String LABEL = "data/every-kind.db";

  @TempDir
  Path dir;

  static void buildEveryKind(Path db) throws SQLException {
    exec(db,
        "PRAGMA user_version = 42",
        "PRAGMA application_id = 1234567",
        "CREATE TABLE kinds(id INTEGER PRIMARY KEY, v)",
        // Storage classes at their edges, including REAL infinities (9e999) that JSON has no literal for.
        "INSERT INTO kinds(v) VALUES (NULL), (0), (-1), (9223372036854775807), (-9223372036854775808),"
            + " (1.5), (-2.25), (0.1), (3.0), (1e308), (5e-324), (9e999), (-9e999),"
            + " (''), ('3'), ('text'), ('é ü 日本 😀'), ('quote \" backslash \\ newline' || char(10) || 'tab' || char(9)),"
            + " (x''), (x'00ff10'), (zeroblob(3))",
        "CREATE TABLE \"odd \"\"name\"\" ü\"(\"col with space\" TEXT, \"ärger\" INTEGER)",
        "INSERT INTO \"odd \"\"name\"\" ü\"(rowid, \"col with space\", \"ärger\")"
            + " VALUES (5, 'five', 5), (1, 'one', NULL), (2, NULL, 2)",
        "CREATE TABLE auto(id INTEGER PRIMARY KEY AUTOINCREMENT, x TEXT)",
        "INSERT INTO auto(x) VALUES ('a'), ('b'), ('c')",
        "DELETE FROM auto WHERE id = 3",
        "CREATE TABLE pairs(a TEXT, b INTEGER, c, PRIMARY KEY(a, b)) WITHOUT ROWID",
        "INSERT INTO pairs VALUES ('b', 1, 'b1'), ('a', 2, 'a2'), ('a', 1, x'01')",
        "CREATE TABLE gen(a INTEGER, b INTEGER GENERATED ALWAYS AS (a * 2) VIRTUAL, c TEXT AS (a || 'x') STORED)",
        "INSERT INTO gen(a) VALUES (1), (2)",
        "CREATE TABLE unused(x)",
        "CREATE INDEX kinds_v ON kinds(v)",
        "CREATE VIEW doubled AS SELECT a, b FROM gen",
        "CREATE TRIGGER auto_log AFTER INSERT ON auto BEGIN INSERT INTO kinds(v) VALUES ('logged'); END");
  }

  private static Dehydrator dehydrator() {
    return new Dehydrator(1000, Progress.NONE);
  }

  private static String golden() throws IOException {
    try (InputStream in = GoldenArchiveTest.class.getResourceAsStream(GOLDEN)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String dehydrate(Path db) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    dehydrator().dehydrate(db, LABEL, out);
    String actual = out.toString(StandardCharsets.UTF_8);
    if (!actual.equals(golden())) {
      Path kept = Path.of("target", "golden-actual", "every-kind.db.json");
      Files.createDirectories(kept.getParent());
      Files.writeString(kept, actual, StandardCharsets.UTF_8);
    }
    return actual;
  }

  @Test
  void aDatabaseWithEveryKindOfValueGivesTheGoldenArchive() throws Exception {
    Path db = dir.resolve("every-kind.db");
    buildEveryKind(db);
    assertEquals(golden(), dehydrate(db));
  }

  @Test
  void theGoldenArchiveHydratesToADatabaseThatGivesItBack() throws Exception {
    Path archive = dir.resolve("every-kind.db.json");
    Files.writeString(archive, golden(), StandardCharsets.UTF_8);
    Path db = dir.resolve("rebuilt.db");
    new Hydrator(new Hydrator.Options(false, null, Duration.ofSeconds(1)), Progress.NONE, Clock.systemUTC())
        .hydrate(archive, LABEL, db);
    assertEquals(golden(), dehydrate(db));
  }

  @Test
  void hydratingKeepsEachValuesStorageClass() throws Exception {
    Path source = dir.resolve("every-kind.db");
    buildEveryKind(source);
    Path archive = dir.resolve("every-kind.db.json");
    dehydrator().dehydrate(source, LABEL, archive);
    Path db = dir.resolve("rebuilt.db");
    new Hydrator(new Hydrator.Options(false, null, Duration.ofSeconds(1)), Progress.NONE, Clock.systemUTC())
        .hydrate(archive, LABEL, db);
    String sql = "SELECT id, typeof(v), quote(v), hex(v) FROM kinds ORDER BY id";
    assertEquals(query(source, sql), query(db, sql));
    assertEquals(query(source, "SELECT a, b, c FROM gen ORDER BY a"), query(db, "SELECT a, b, c FROM gen ORDER BY a"));
  }
}
