package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.HydrateException;
import io.githydrate.TestSqlite;
import io.githydrate.Warnings;
import io.githydrate.engine.ArchiveRules.Redaction;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redacted columns and excluded tables through the engine: what the archive holds, what a build
 * fills in from the environment, the stand-in and its warning, --strict, and row-by-row updates.
 */
class RedactionTest {
  private static final String LABEL = "data/app.db";
  private static final String SECRET = "tok-\"quoted\"-é-secret";
  private static final ArchiveRules RULES = new ArchiveRules(Set.of("Sessions"),
      List.of(new Redaction("users", "api_token", "USERS_API_TOKEN"), new Redaction("users", "pin", "PIN")), 0);

  @TempDir
  Path dir;

  private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();

  @AfterEach
  void restoreWarnings() {
    Warnings.to(System.err);
  }

  private Path database() throws Exception {
    Path db = dir.resolve("app.db");
    TestSqlite.exec(db,
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, api_token TEXT, pin INTEGER)",
        "INSERT INTO users VALUES (1, 'ada', '" + SECRET.replace("'", "''") + "', 1234), (2, 'bob', NULL, NULL)",
        "CREATE TABLE sessions (id INTEGER PRIMARY KEY AUTOINCREMENT, user INTEGER, cookie TEXT)",
        "INSERT INTO sessions (user, cookie) VALUES (1, 'session-cookie-1'), (2, 'session-cookie-2')");
    return db;
  }

  private Dehydrator dehydrator() {
    return new Dehydrator(1000, Progress.NONE, label -> RULES);
  }

  private Hydrator hydrator(Map<String, String> env, boolean strict) {
    return new Hydrator(new Hydrator.Options(true, dir.resolve("backups"), Duration.ofSeconds(1)), Progress.NONE,
        Clock.systemUTC(), label -> RULES, new PlaceholderValues(env, strict));
  }

  private Path archive(Path db) throws Exception {
    Path archive = dir.resolve("app.db.json");
    dehydrator().dehydrate(db, LABEL, archive);
    return archive;
  }

  @Test
  void theArchiveHoldsPlaceholdersAndNoRowOfAnExcludedTable() throws Exception {
    String text = Files.readString(archive(database()), StandardCharsets.UTF_8);

    assertTrue(text.contains("  [1, \"ada\", \"${USERS_API_TOKEN}\", \"${PIN}\"],\n   [2, \"bob\", null, null]\n"),
        text);
    assertTrue(text.contains("\"sessions\": {\"columns\": [\"id\", \"user\", \"cookie\"], \"rowid\": false,"
        + " \"rows\": [], \"row_count\": 0}"), text);
    assertTrue(text.contains("CREATE TABLE sessions"), "the schema is archived: " + text);
    assertFalse(text.contains("tok-"), text);
    assertFalse(text.contains("session-cookie"), text);
    assertFalse(text.contains("\"sessions\", 2"), "its AUTOINCREMENT counter is left out too: " + text);
  }

  @Test
  void hydratingFillsInTheEnvironmentsValuesWithTheColumnsAffinity() throws Exception {
    Path archive = archive(database());
    Path built = dir.resolve("built.db");

    hydrator(Map.of("USERS_API_TOKEN", SECRET, "PIN", "1234"), false).hydrate(archive, LABEL, built);

    assertEquals(List.of(List.of(1L, "ada", SECRET, 1234L), TestSqlite.row(2L, "bob", null, null)),
        TestSqlite.query(built, "SELECT * FROM users ORDER BY id"));
    assertEquals(0L, TestSqlite.scalar(built, "SELECT count(*) FROM sessions"));
    Path again = dir.resolve("again.json");
    dehydrator().dehydrate(built, LABEL, again);
    assertArrayEquals(Files.readAllBytes(archive), Files.readAllBytes(again));
  }

  @Test
  void anUnsetVariableLeavesThePlaceholderTextWithOneWarningPerVariable() throws Exception {
    Path db = database();
    TestSqlite.exec(db, "INSERT INTO users VALUES (3, 'cy', 'other', NULL)");
    Path archive = archive(db);
    Path built = dir.resolve("built.db");
    Warnings.to(new PrintStream(warnings, true, StandardCharsets.UTF_8));

    hydrator(Map.of("PIN", "1234"), false).hydrate(archive, LABEL, built);

    assertEquals("git-hydrate: warning: data/app.db: users.api_token: ${USERS_API_TOKEN} is not set;"
        + " its rows hold the placeholder text\n", warnings.toString(StandardCharsets.UTF_8));
    assertEquals(List.of(List.of("${USERS_API_TOKEN}"), List.of("${USERS_API_TOKEN}")),
        TestSqlite.query(built, "SELECT api_token FROM users WHERE api_token IS NOT NULL ORDER BY id"));
    Path again = dir.resolve("again.json");
    dehydrator().dehydrate(built, LABEL, again);
    assertArrayEquals(Files.readAllBytes(archive), Files.readAllBytes(again));
  }

  @Test
  void strictRefusesAnUnsetVariableAndChangesNothing() throws Exception {
    Path db = database();
    Path archive = archive(db);
    TestSqlite.exec(db, "UPDATE users SET name = 'ada lovelace' WHERE id = 1");
    byte[] before = Files.readAllBytes(db);

    HydrateException e = assertThrows(HydrateException.class,
        () -> hydrator(Map.of("PIN", "1"), true).hydrate(archive, LABEL, db));

    assertEquals("data/app.db: users.api_token: ${USERS_API_TOKEN} is not set, and --strict (or"
        + " GIT_HYDRATE_STRICT=1) makes that an error; nothing was changed", e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(db));
  }

  @Test
  void aLocallyTypedValueIsArchivedAsThePlaceholderToo() throws Exception {
    Path db = database();
    byte[] first = Files.readAllBytes(archive(db));
    TestSqlite.exec(db, "UPDATE users SET api_token = 'typed-here', pin = 99 WHERE id = 1",
        "INSERT INTO sessions (user, cookie) VALUES (1, 'session-cookie-3')");

    assertArrayEquals(first, Files.readAllBytes(archive(db)));
  }

  @Test
  void rowUpdatesFillInTheRowsTheyInsertAndKeepTheOthers() throws Exception {
    Path db = database();
    Path previous = archive(db);
    Path copy = dir.resolve("other.db");
    Files.copy(db, copy);
    TestSqlite.exec(copy, "INSERT INTO users VALUES (3, 'cy', 'whatever', 7)", "UPDATE users SET name = 'b' WHERE id = 2");
    Path next = dir.resolve("next.json");
    dehydrator().dehydrate(copy, LABEL, next);

    Optional<ArchiveDelta.Applied> applied;
    try (InputStream old = Files.newInputStream(previous)) {
      applied = ArchiveDelta.apply(db, old, Digests.ofFile(previous), next, null, Duration.ofSeconds(1),
          new PlaceholderFilling(LABEL, RULES, new PlaceholderValues(Map.of("USERS_API_TOKEN", "new", "PIN", "8"),
              false)));
    }

    assertTrue(applied.isPresent(), "applied row by row");
    assertEquals(List.of(List.of(1L, "ada", SECRET, 1234L), TestSqlite.row(2L, "b", null, null),
        List.of(3L, "cy", "new", 8L)), TestSqlite.query(db, "SELECT * FROM users ORDER BY id"));
    assertEquals(2L, TestSqlite.scalar(db, "SELECT count(*) FROM sessions"), "the excluded rows stay");
    Path again = dir.resolve("again.json");
    dehydrator().dehydrate(db, LABEL, again);
    assertArrayEquals(Files.readAllBytes(next), Files.readAllBytes(again));
  }

  @Test
  void aStrictRowUpdateWithAnUnsetVariableChangesNothing() throws Exception {
    Path db = database();
    Path previous = archive(db);
    Path copy = dir.resolve("other.db");
    Files.copy(db, copy);
    TestSqlite.exec(copy, "INSERT INTO users VALUES (3, 'cy', 'whatever', NULL)");
    Path next = dir.resolve("next.json");
    dehydrator().dehydrate(copy, LABEL, next);
    byte[] before = Files.readAllBytes(db);

    Optional<ArchiveDelta.Applied> applied;
    try (InputStream old = Files.newInputStream(previous)) {
      applied = ArchiveDelta.apply(db, old, Digests.ofFile(previous), next, null, Duration.ofSeconds(1),
          new PlaceholderFilling(LABEL, RULES, new PlaceholderValues(Map.of(), true)));
    }

    assertTrue(applied.isEmpty());
    assertArrayEquals(before, Files.readAllBytes(db));
  }

  @Test
  void statisticsOfAnExcludedTableAndSamplesOfARedactedOneStayOut() throws Exception {
    Path db = database();
    TestSqlite.exec(db, "CREATE INDEX users_by_token ON users(api_token)",
        "CREATE INDEX sessions_by_cookie ON sessions(cookie)", "ANALYZE");
    Path archive = archive(db);
    String text = Files.readString(archive, StandardCharsets.UTF_8);

    assertTrue(text.contains("\"sqlite_stat1\""), text);
    assertTrue(text.contains("\"users\", \"users_by_token\""), "the statistics of users stay: " + text);
    assertFalse(text.contains("\"sessions\", \"sessions_by_cookie\""), text);
    assertFalse(text.contains("\"sessions\", null"), text);
    assertTrue(text.contains("\"sqlite_stat4\": {\"columns\": [\"tbl\", \"idx\", \"neq\", \"nlt\", \"ndlt\", \"sample\"],"
        + " \"rowid\": true, \"rows\": [], \"row_count\": 0}"), "no sample of users or sessions: " + text);
    assertFalse(text.contains("tok-"), text);
    Path built = dir.resolve("built.db");
    hydrator(Map.of("USERS_API_TOKEN", SECRET, "PIN", "1234"), false).hydrate(archive, LABEL, built);
    Path again = dir.resolve("again.json");
    dehydrator().dehydrate(built, LABEL, again);
    assertArrayEquals(Files.readAllBytes(archive), Files.readAllBytes(again));
  }

  @Test
  void theBuildCacheNeverGivesBackAnotherEnvironmentsValue() throws Exception {
    Path db = database();
    Path x = archive(db);
    Path y = dir.resolve("y.json");
    TestSqlite.exec(db, "INSERT INTO users VALUES (9, 'zed', NULL, NULL)");
    dehydrator().dehydrate(db, LABEL, y);
    Path target = dir.resolve("target.db");
    Path cache = dir.resolve("cache");
    Function<String, Hydrator> caching = token -> new Hydrator(
        new Hydrator.Options(true, dir.resolve("backups"), Duration.ofSeconds(1), false, new BuildCache(cache), true),
        Progress.NONE, Clock.systemUTC(), label -> RULES,
        new PlaceholderValues(Map.of("USERS_API_TOKEN", token, "PIN", "1"), false));

    caching.apply("first-value").hydrate(y, LABEL, target);
    caching.apply("first-value").hydrate(x, LABEL, target);
    caching.apply("first-value").hydrate(y, LABEL, target);
    caching.apply("second-value").hydrate(x, LABEL, target);

    assertEquals(List.of(List.of("second-value")), TestSqlite.query(target, "SELECT api_token FROM users WHERE id = 1"));
  }

  @Test
  void strictComesFromTheEnvironmentOrTheCommandLine() {
    assertTrue(PlaceholderValues.of(Map.of("GIT_HYDRATE_STRICT", "1")).strict());
    assertFalse(PlaceholderValues.of(Map.of("GIT_HYDRATE_STRICT", "0")).strict());
    assertTrue(PlaceholderValues.of(Map.of()).orStrict(true).strict());
  }
}
