package io.githydrate.cli;

import static io.githydrate.TestSqlite.exec;
import static io.githydrate.TestSqlite.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.git.DatabaseSettings;
import io.githydrate.sync.ArchiveCheck;
import io.githydrate.sync.Placeholders;
import io.githydrate.testing.InProcess;
import io.githydrate.testing.InProcess.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .hydrateconfig}'s redacted columns and excluded tables through the commands, in-process. */
class SensitiveDataCommandTest {
  private static final String SECRET = "sk-live-0123456789";

  @TempDir
  Path dir;

  private Path db;

  private Run run(Map<String, String> env, String... args) {
    return InProcess.run(dir, env, args).withoutStackTrace();
  }

  @BeforeEach
  void aDatabaseWithASecretAndSessions() throws Exception {
    Files.createDirectory(dir.resolve(".git"));
    Files.writeString(dir.resolve(".hydrateconfig"),
        "[database \"app.db\"]\n\texclude-rows = sessions\n\tredact = users.api_token\n");
    db = dir.resolve("app.db");
    exec(db, "CREATE TABLE users (id INTEGER PRIMARY KEY, api_token TEXT)",
        "INSERT INTO users VALUES (1, '" + SECRET + "')",
        "CREATE TABLE sessions (id INTEGER PRIMARY KEY, data TEXT)", "INSERT INTO sessions VALUES (1, 'cookie')");
    assertEquals(0, run(Map.of(), "dehydrate").exitCode());
    Files.delete(db);
  }

  @Test
  void theArchiveHoldsThePlaceholderAndNoSessionRow() throws Exception {
    String archive = Files.readString(dir.resolve("app.db.json"), StandardCharsets.UTF_8);
    assertTrue(archive.contains("[1, \"${USERS_API_TOKEN}\"]"), archive);
    assertFalse(archive.contains(SECRET), archive);
    assertFalse(archive.contains("cookie"), archive);
  }

  @Test
  void hydrateFillsInTheVariable() throws Exception {
    Run run = run(Map.of("USERS_API_TOKEN", SECRET), "hydrate");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.err());
    assertEquals(List.of(List.of(1L, SECRET)), query(db, "SELECT * FROM users"));
    assertEquals(List.of(), query(db, "SELECT * FROM sessions"));
  }

  @Test
  void withoutTheVariableThePlaceholderStandsInWithAWarning() throws Exception {
    Run run = run(Map.of(), "hydrate");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("git-hydrate: warning: app.db: users.api_token: ${USERS_API_TOKEN} is not set;"
        + " its rows hold the placeholder text\n", run.err());
    assertEquals(List.of(List.of(1L, "${USERS_API_TOKEN}")), query(db, "SELECT * FROM users"));
  }

  @Test
  void strictFailsAndBuildsNothing() {
    String message = "app.db: users.api_token: ${USERS_API_TOKEN} is not set, and --strict (or GIT_HYDRATE_STRICT=1)"
        + " makes that an error; nothing was changed";
    Run option = run(Map.of(), "hydrate", "--strict");
    assertEquals(1, option.exitCode(), option::toString);
    assertEquals("git-hydrate: " + message + "\n", option.err());
    assertFalse(Files.exists(db));
    Run variable = run(Map.of("GIT_HYDRATE_STRICT", "1"), "hydrate");
    assertEquals(1, variable.exitCode(), variable::toString);
    assertEquals("git-hydrate: " + message + "\n", variable.err());
    assertFalse(Files.exists(db));
  }
  /** Exports {@code db}, made by {@code sql}, under {@code redact = setting}: the error, or "" when it is written. */
  private String refusalOf(String setting, String... sql) throws Exception {
    Files.writeString(dir.resolve(".hydrateconfig"), "[database \"app.db\"]\n\tredact = " + setting + "\n");
    Files.deleteIfExists(dir.resolve("app.db.json"));
    exec(db, sql);
    Run run = run(Map.of(), "dehydrate");
    if (run.exitCode() != 0) {
      assertFalse(Files.exists(dir.resolve("app.db.json")), "nothing written");
      return run.err();
    }
    return "";
  }

  private static String refused(String setting, String why) {
    return "git-hydrate: .hydrateconfig: [database \"app.db\"] redact = " + setting + ": " + why + "\n";
  }

  private static final String SHARED = "so its rows cannot share one placeholder";

  @Test
  void aKeyColumnIsNotRedactedSinceNoCloneCouldBuildTheArchive() throws Exception {
    String key = "the column is part of the primary key or a UNIQUE index, " + SHARED;
    assertEquals(refused("users.email", key), refusalOf("users.email",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE)", "INSERT INTO users VALUES (1, 'a'), (2, 'b')"));
    Files.delete(db);
    assertEquals(refused("users.id", key), refusalOf("users.id",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)", "INSERT INTO users VALUES (1, 'a')"));
    Files.delete(db);
    assertEquals(refused("tokens.name", key), refusalOf("tokens.name",
        "CREATE TABLE tokens (name TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID", "INSERT INTO tokens VALUES ('a', 'b')"));
    Files.delete(db);
    assertEquals(refused("users.email", key), refusalOf("users.email",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)", "CREATE UNIQUE INDEX by_email ON users (email)"));
    Files.delete(db);
    assertEquals(refused("users.code", "the column is the parent key of a foreign key of \"orders\", " + SHARED),
        refusalOf("users.code", "CREATE TABLE users (id INTEGER PRIMARY KEY, code TEXT)",
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_code TEXT REFERENCES users (code))"));
    Files.delete(db);
    assertEquals(refused("users.pin", "the table is STRICT and the column's type is INTEGER, which cannot hold"
        + " the placeholder text"), refusalOf("users.pin",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, pin INTEGER) STRICT", "INSERT INTO users VALUES (1, 1234)"));
  }

  @Test
  void aMisspeltColumnIsRefusedButAMissingTableIsNot() throws Exception {
    assertEquals(refused("users.api_tokn", "the table \"users\" has no such column, so its values would be"
        + " archived as they are"), refusalOf("users.api_tokn", "CREATE TABLE users (id INTEGER PRIMARY KEY,"
        + " api_token TEXT)", "INSERT INTO users VALUES (1, '" + SECRET + "')"));
    assertEquals("", refusalOf("accounts.token"));
    Files.delete(db);
    assertEquals("", refusalOf("users.note", "CREATE TABLE users (id INTEGER PRIMARY KEY, note TEXT) STRICT",
        "INSERT INTO users VALUES (1, 'x')"));
  }
  @Test
  void checkPassesAnArchiveWhoseForeignKeysPointAtAnExcludedTable() throws Exception {
    Files.writeString(dir.resolve(".hydrateconfig"), "[database \"app.db\"]\n\texclude-rows = sessions\n");
    exec(db, "CREATE TABLE sessions (id INTEGER PRIMARY KEY)", "INSERT INTO sessions VALUES (7)",
        "CREATE TABLE events (id INTEGER PRIMARY KEY, session INTEGER REFERENCES sessions (id))",
        "INSERT INTO events VALUES (1, 7)");
    assertEquals(0, run(Map.of(), "dehydrate").exitCode());
    assertEquals(List.of(), new ArchiveCheck(Placeholders.NONE_ALLOWED,
        DatabaseSettings.read(dir)::rulesFor).check(dir.resolve("app.db.json"), "app.db"));
  }
}
