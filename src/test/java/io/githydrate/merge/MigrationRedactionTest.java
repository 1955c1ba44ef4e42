package io.githydrate.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.HydrateException;
import io.githydrate.TestSqlite;
import io.githydrate.engine.ArchiveRules;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Progress;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations between archives of a database with a redacted column and an excluded table: no
 * statement writes or compares a placeholder as a value, and the database's own excluded rows stay.
 */
class MigrationRedactionTest {
  private static final ArchiveRules RULES = new ArchiveRules(Set.of("sessions"),
      List.of(new ArchiveRules.Redaction("users", "token", "TOK")), 0);
  private static final String REFUSED = "app.db: table \"users\" column \"token\" is redacted (.hydrateconfig), so"
      + " its archives hold the placeholder ${TOK}, not its values, and a migration script cannot write or compare"
      + " them; hydrate the database instead";

  @TempDir
  Path dir;

  private int files;

  private Path archive(ArchiveRules rules, String... sql) throws Exception {
    Path db = dir.resolve("db" + files++ + ".db");
    TestSqlite.exec(db, sql);
    Path archive = dir.resolve("archive" + files++ + ".json");
    new Dehydrator(0, Progress.NONE, label -> rules).dehydrate(db, "app.db", archive);
    return archive;
  }

  private static String migration(Path before, Path after) throws IOException {
    StringWriter out = new StringWriter();
    Migration.write(before, "old", after, "new", out, "", "app.db", RULES);
    return out.toString();
  }

  private static final String USERS = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, token TEXT)";

  @Test
  void insertingOrUpdatingARedactedValueIsRefused() throws Exception {
    Path before = archive(RULES, USERS, "INSERT INTO users VALUES (1, 'a', 'x')");
    Path inserted = archive(RULES, USERS, "INSERT INTO users VALUES (1, 'a', 'x'), (2, 'b', 'y')");
    assertEquals(REFUSED, assertThrows(HydrateException.class, () -> migration(before, inserted)).getMessage());
    Path nulled = archive(RULES, USERS, "INSERT INTO users VALUES (1, 'a', NULL)");
    assertTrue(migration(before, nulled).contains("UPDATE main.users SET token = NULL WHERE id = 1;"),
        "a NULL is the same in the archive and the database");
    assertEquals(REFUSED, assertThrows(HydrateException.class, () -> migration(nulled, before)).getMessage());
  }

  @Test
  void aRebuiltTableCopiesRedactedValuesButWritesNone() throws Exception {
    Path before = archive(RULES, USERS, "INSERT INTO users VALUES (1, 'a', 'x')");
    Path renamed = archive(RULES, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, token TEXT)",
        "INSERT INTO users VALUES (1, 'b', 'x')");
    String sql = migration(before, renamed);
    assertTrue(sql.contains("UPDATE temp.git_hydrate_rows SET name = 'b' WHERE id = 1;"), sql);
    assertFalse(sql.contains("${TOK}"), sql);
    Path added = archive(RULES, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, token TEXT)",
        "INSERT INTO users VALUES (1, 'a', 'x'), (2, 'b', 'y')");
    assertEquals(REFUSED, assertThrows(HydrateException.class, () -> migration(before, added)).getMessage());
  }

  @Test
  void theDatabasesOwnExcludedRowsAreNotDeleted() throws Exception {
    String sessions = "CREATE TABLE sessions (id INTEGER PRIMARY KEY, data TEXT)";
    Path all = archive(ArchiveRules.NONE, USERS, sessions, "INSERT INTO sessions VALUES (1, 'cookie')");
    Path excluded = archive(RULES, USERS, sessions, "INSERT INTO users VALUES (1, 'a', NULL)");
    String sql = migration(all, excluded);
    assertEquals(String.join("\n",
        "PRAGMA foreign_keys = OFF; -- for the table rebuilds; SQLite ignores it inside a transaction",
        "BEGIN;",
        "INSERT INTO main.users (id, name, token) VALUES (1, 'a', NULL);",
        "-- the rows of sessions are excluded from its archives (.hydrateconfig): the database's own are left as"
            + " they are",
        "COMMIT;", ""), sql);
    assertTrue(Files.readString(all).contains("cookie"));
  }
}
