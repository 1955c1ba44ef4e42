package io.githydrate.engine;

import static io.githydrate.TestSqlite.exec;
import static io.githydrate.TestSqlite.open;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.HydrateException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DehydratorTest {
  private static final String EMPTY_ARCHIVE = """
      {
       "format": "git-hydrate-archive",
       "version": 1,
       "database": "data/app.db",
       "pragmas": {
        "application_id": 0,
        "auto_vacuum": 0,
        "encoding": "UTF-8",
        "page_size": 4096,
        "user_version": 0
       },
       "schema": [],
       "tables": {}
      }
      """;

  @TempDir
  Path dir;

  private static Dehydrator dehydrator() {
    return new Dehydrator(1000, Progress.NONE);
  }

  private static String archiveText(Path db) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    dehydrator().dehydrate(db, "data/app.db", out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private Path database(String name, String... sql) throws SQLException {
    Path db = dir.resolve(name);
    exec(db, sql);
    return db;
  }

  private List<String> filesInDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The rows of one table as the archive lists them, each row's line without its indentation. */
  private static List<String> rowsOf(String archive, String table) {
    int start = archive.indexOf("\n  \"" + table + "\": {");
    int end = archive.indexOf("\n  ], \"row_count\"", start);
    List<String> rows = new ArrayList<>();
    for (String line : archive.substring(archive.indexOf('\n', start + 1) + 1, end).split("\n")) {
      rows.add(line.strip().replaceAll(",$", ""));
    }
    return rows;
  }

  @Test
  void aMissingDatabaseIsAClearError() {
    Path db = dir.resolve("gone.db");
    HydrateException e = assertThrows(HydrateException.class,
        () -> dehydrator().dehydrate(db, "gone.db", dir.resolve("gone.db.json")));
    assertEquals(db + ": no such database file", e.getMessage());
    assertFalse(Files.exists(dir.resolve("gone.db.json")));
  }

  @Test
  void anEmptyDatabaseHasAnEmptySchema() throws Exception {
    Path db = dir.resolve("app.db");
    try (Connection connection = open(db)) {
      exec(connection, "CREATE TABLE t(x)", "DROP TABLE t");
    }
    assertEquals(EMPTY_ARCHIVE, archiveText(db));
  }

  @Test
  void aZeroByteFileIsAnEmptyDatabaseAndIsNotWritten() throws Exception {
    Path db = Files.createFile(dir.resolve("app.db"));
    Path archive = dir.resolve("app.db.json");
    Dehydrator.Written written = dehydrator().dehydrate(db, "data/app.db", archive);
    assertEquals(new Dehydrator.Written(new ArchiveSummary(0, 0), true), written);
    assertEquals(EMPTY_ARCHIVE, Files.readString(archive));
    assertEquals(0, Files.size(db));
    assertEquals(List.of("app.db", "app.db.json"), filesInDir());
  }

  @Test
  void aFileThatIsNotADatabaseIsAClearError() throws Exception {
    Path db = dir.resolve("app.db");
    Files.writeString(db, "not a database\n".repeat(400));
    HydrateException e = assertThrows(HydrateException.class,
        () -> dehydrator().dehydrate(db, "app.db", dir.resolve("app.db.json")));
    assertEquals(db + ": cannot read the database: file is not a database", e.getMessage());
    assertEquals(List.of("app.db"), filesInDir());
  }

  @Test
  void changesStillInTheWalFileAreIncluded() throws Exception {
    Path db = dir.resolve("app.db");
    try (Connection application = open(db)) {
      exec(application, "PRAGMA journal_mode = WAL", "PRAGMA wal_autocheckpoint = 0", "CREATE TABLE t(x)",
          "INSERT INTO t VALUES ('in the wal')");
      assertTrue(Files.size(dir.resolve("app.db-wal")) > 0, "the change was checkpointed; the test proves nothing");
      assertEquals(List.of("[1, \"in the wal\"]"), rowsOf(archiveText(db), "t"));
      assertTrue(Files.size(dir.resolve("app.db-wal")) > 0);
    }
  }

  @Test
  void aWalDatabaseThatNobodyHasOpenCanBeRead() throws Exception {
    Path db = database("app.db", "PRAGMA journal_mode = WAL", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
    assertFalse(Files.exists(dir.resolve("app.db-wal")));
    assertEquals(List.of("[1, 1]"), rowsOf(archiveText(db), "t"));
  }

  @ParameterizedTest(name = "journal_mode={0}")
  @ValueSource(strings = {"DELETE", "WAL"})
  void uncommittedRowsAreLeftOut(String journalMode) throws Exception {
    Path db = database("app.db", "PRAGMA journal_mode = " + journalMode, "CREATE TABLE t(x)",
        "INSERT INTO t VALUES ('committed')");
    try (Connection application = open(db)) {
      exec(application, "BEGIN IMMEDIATE", "INSERT INTO t VALUES ('uncommitted')", "UPDATE t SET x = 'changed' WHERE rowid = 1");
      assertEquals(List.of("[1, \"committed\"]"), rowsOf(archiveText(db), "t"));
      exec(application, "ROLLBACK");
    }
  }

  @Test
  void everyArchiveIsOneConsistentSnapshotWhileAnotherConnectionWrites() throws Exception {
    Path db = database("bank.db", "PRAGMA journal_mode = WAL",
        "CREATE TABLE account(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)"
            + " INSERT INTO account SELECT i, 1000 FROM n");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try (Connection connection = open(db)) {
        exec(connection, "PRAGMA busy_timeout = 5000");
        for (int i = 0; !stop.get(); i++) {
          // Money moves between accounts; the total stays 200,000 in every committed state.
          int from = 1 + i % 200;
          int to = 1 + (i * 7 + 3) % 200;
          exec(connection, "BEGIN IMMEDIATE",
              "UPDATE account SET balance = balance - 5 WHERE id = " + from,
              "UPDATE account SET balance = balance + 5 WHERE id = " + to,
              "COMMIT");
        }
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    writer.start();
    try {
      Pattern balance = Pattern.compile("^\\[\\d+, (-?\\d+)\\]$");
      for (int export = 0; export < 10; export++) {
        long total = 0;
        for (String row : rowsOf(archiveText(db), "account")) {
          Matcher m = balance.matcher(row);
          assertTrue(m.matches(), row);
          total += Long.parseLong(m.group(1));
        }
        assertEquals(200_000, total, "an archive mixed two states of the database");
      }
    } finally {
      stop.set(true);
      writer.join();
    }
    if (failure.get() != null) {
      throw new AssertionError("the writer failed: " + failure.get(), failure.get());
    }
  }

  @Test
  void anArchiveWithTheSameBytesIsNotRewritten() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
    Path archive = dir.resolve("app.db.json");
    assertTrue(dehydrator().dehydrate(db, "app.db", archive).changed());
    FileTime old = FileTime.fromMillis(978_307_200_000L);
    Files.setLastModifiedTime(archive, old);
    Object inode = Files.readAttributes(archive, BasicFileAttributes.class).fileKey();
    Dehydrator.Written again = dehydrator().dehydrate(db, "app.db", archive);
    assertEquals(new Dehydrator.Written(new ArchiveSummary(1, 1), false), again);
    assertEquals(old, Files.getLastModifiedTime(archive));
    assertEquals(inode, Files.readAttributes(archive, BasicFileAttributes.class).fileKey());
    assertEquals(List.of("app.db", "app.db.json"), filesInDir());
  }

  @Test
  void aChangedArchiveIsReplacedWhole() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
    Path archive = dir.resolve("app.db.json");
    Files.writeString(archive, "stale\n");
    assertTrue(dehydrator().dehydrate(db, "app.db", archive).changed());
    assertEquals(List.of("[1, 1]"), rowsOf(Files.readString(archive), "t"));
    assertEquals(List.of("app.db", "app.db.json"), filesInDir());
  }

  @Test
  void missingFoldersOfTheArchiveAreCreated() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(x)");
    Path archive = dir.resolve("archives/deep/app.db.json");
    dehydrator().dehydrate(db, "app.db", archive);
    assertTrue(Files.isRegularFile(archive));
  }

  @Test
  void dehydratingLeavesTheDatabaseFileAsItWas() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
    FileTime old = FileTime.fromMillis(978_307_200_000L);
    Files.setLastModifiedTime(db, old);
    byte[] before = Files.readAllBytes(db);
    dehydrator().dehydrate(db, "app.db", dir.resolve("app.db.json"));
    assertArrayEquals(before, Files.readAllBytes(db));
    assertEquals(old, Files.getLastModifiedTime(db));
    assertEquals(List.of("app.db", "app.db.json"), filesInDir());
  }

  @Test
  void rowsComeInKeyOrderWhateverTheOrderTheyWereWrittenIn() throws Exception {
    Path db = database("app.db",
        "CREATE TABLE t(id INTEGER PRIMARY KEY, x)",
        "CREATE INDEX t_x ON t(x)",
        "INSERT INTO t VALUES (3, 'a'), (1, 'c'), (2, 'b')",
        "CREATE TABLE k(a, b, PRIMARY KEY (b, a)) WITHOUT ROWID",
        "INSERT INTO k VALUES (1, 'z'), (2, 'a'), (1, 'a')");
    String archive = archiveText(db);
    assertEquals(List.of("[1, \"c\"]", "[2, \"b\"]", "[3, \"a\"]"), rowsOf(archive, "t"));
    assertEquals(List.of("[1, \"a\"]", "[2, \"a\"]", "[1, \"z\"]"), rowsOf(archive, "k"));
  }

  /**
   * VACUUM rewrites {@code sqlite_schema} in its own order, which the archive must not follow. (It
   * may also renumber the rowids of tables without an INTEGER PRIMARY KEY, which the archive must
   * follow: those rows are kept dense here.)
   */
  @Test
  void vacuumDoesNotChangeTheArchive() throws Exception {
    Path db = database("app.db",
        "CREATE TABLE a(x)",
        "CREATE INDEX a_x ON a(x)",
        "CREATE TABLE b(y)",
        "CREATE VIEW v AS SELECT y FROM b",
        "CREATE TRIGGER b_t AFTER INSERT ON b BEGIN INSERT INTO a VALUES (new.y); END",
        "CREATE TABLE c(z INTEGER PRIMARY KEY AUTOINCREMENT)",
        "CREATE INDEX b_y ON b(y)",
        "CREATE VIRTUAL TABLE f USING fts5(body)",
        "INSERT INTO b VALUES (1), (2)",
        "INSERT INTO c VALUES (NULL)",
        "INSERT INTO f VALUES ('text')",
        "DROP TABLE a",
        "CREATE TABLE a(x)",
        "INSERT INTO a(x) VALUES ('one'), ('two')");
    String before = archiveText(db);
    Path copy = dir.resolve("copy.db");
    Files.copy(db, copy, StandardCopyOption.COPY_ATTRIBUTES);
    exec(copy, "VACUUM");
    assertEquals(before, archiveText(copy));
  }

  @Test
  void theDigestIsTheDigestOfTheArchive() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('é'), (x'00'), (2.5)");
    Path archive = dir.resolve("app.db.json");
    dehydrator().dehydrate(db, "data/app.db", archive);
    assertEquals(Digests.ofFile(archive), dehydrator().digest(db, "data/app.db"));
    assertFalse(Digests.ofFile(archive).equals(dehydrator().digest(db, "other.db")));
  }

  @Test
  void theLabelIsWhatTheArchiveRecords() throws Exception {
    Path db = database("app.db");
    assertTrue(archiveText(db).contains("\n \"database\": \"data/app.db\",\n"));
  }

  @Test
  void contentlessFullTextTablesAreRefusedNamingTheDatabase() throws Exception {
    Path db = database("app.db", "CREATE VIRTUAL TABLE docs USING fts5(body, content='')",
        "INSERT INTO docs(rowid, body) VALUES (1, 'gone once indexed')");
    Path archive = dir.resolve("app.db.json");
    HydrateException e = assertThrows(HydrateException.class, () -> dehydrator().dehydrate(db, "app.db", archive));
    assertEquals(db + ": table \"docs\": contentless full-text tables keep no copy of their text, so they cannot be "
        + "archived", e.getMessage());
    assertEquals(List.of("app.db"), filesInDir());
  }

  @Test
  void aRowidTableOfSqlitesFullWidthIsRefusedNamingTheDatabaseAndTable() throws Exception {
    String columns = IntStream.range(0, 2000).mapToObj(i -> "c" + i).collect(Collectors.joining(", "));
    Path db = database("app.db", "CREATE TABLE wide (" + columns + ")", "INSERT INTO wide (c0) VALUES (1)");
    Path archive = dir.resolve("app.db.json");
    HydrateException e = assertThrows(HydrateException.class, () -> dehydrator().dehydrate(db, "app.db", archive));
    assertEquals(db + ": table \"wide\": its 2000 columns and its rowid are more than the 2000 values SQLite reads"
        + " in one query, so it cannot be archived (give it an INTEGER PRIMARY KEY, or fewer columns)", e.getMessage());
    assertEquals(List.of("app.db"), filesInDir());
  }

  @Test
  void virtualTablesOfOtherModulesAreRefusedNamingTheDatabase() throws Exception {
    Path db = database("app.db", "CREATE VIRTUAL TABLE pages USING dbstat");
    Path archive = dir.resolve("app.db.json");
    HydrateException e = assertThrows(HydrateException.class, () -> dehydrator().dehydrate(db, "app.db", archive));
    assertEquals(db + ": table \"pages\": virtual tables of module \"dbstat\" cannot be archived "
        + "(supported: fts3, fts4, fts5, rtree)", e.getMessage());
    assertEquals(List.of("app.db"), filesInDir());
  }

  @ParameterizedTest
  @ValueSource(strings = {"X'C328'", "X'EDA080'", "X'F4908080'", "X'C0AF'", "X'E282'"})
  void textThatIsNotValidUtf8IsRefusedNamingTableAndRow(String bytes) throws Exception {
    Path db = database("app.db", "CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('fine')",
        "INSERT INTO notes VALUES (CAST(" + bytes + " AS TEXT))");
    Path archive = dir.resolve("app.db.json");
    HydrateException e = assertThrows(HydrateException.class, () -> dehydrator().dehydrate(db, "app.db", archive));
    assertEquals(db + ": table \"notes\", row 2: a TEXT value is not valid Unicode, so it cannot be archived"
        + " exactly (store it as a BLOB)", e.getMessage());
    assertEquals(List.of("app.db"), filesInDir());
  }

  @Test
  void textThatIsNotValidUtf16IsRefusedInAUtf16Database() throws Exception {
    Path db = database("app.db", "PRAGMA encoding = 'UTF-16le'", "CREATE TABLE notes (body TEXT)",
        "INSERT INTO notes VALUES (CAST(X'00D8' AS TEXT))"); // a lone high surrogate
    HydrateException e = assertThrows(HydrateException.class, () -> archiveText(db));
    assertTrue(e.getMessage().endsWith("table \"notes\", row 1: a TEXT value is not valid Unicode, so it cannot"
        + " be archived exactly (store it as a BLOB)"), e.getMessage());
  }

  @Test
  void aStoredReplacementCharacterIsKeptInAUtf16Database() throws Exception {
    Path db = database("app.db", "PRAGMA encoding = 'UTF-16be'", "CREATE TABLE notes (body TEXT)",
        "INSERT INTO notes VALUES ('\uFFFD and \uFEFF')");
    assertEquals(List.of("[1, \"\uFFFD and \uFEFF\"]"), rowsOf(archiveText(db), "notes"));
  }

  @Test
  void emptyTextAndEmptyBlobKeepTheirStorageClass() throws Exception {
    Path db = database("app.db", "CREATE TABLE t (a, b, c)", "INSERT INTO t VALUES ('', X'', NULL)",
        "INSERT INTO t VALUES ('� is a real character', '\u0001\"\\/', -0.0)");
    assertEquals(List.of("[1, \"\", {\"blob\": \"\"}, null]",
        "[2, \"� is a real character\", \"\\u0001\\\"\\\\/\", -0.0]"), rowsOf(archiveText(db), "t"));
  }
}
