package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.query;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.TestJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/**
 * {@code git hydrate migration} through the real {@code git}: between two tagged commits of a
 * clone, the SQL applied (by the {@code sqlite3} shell, as the README says, when it is installed)
 * to the old version's database gives the new version's, and {@code --reverse} takes it back.
 */
class MigrationCommandTest {
  @TempDir
  static Path classDirectory;

  static GitSandbox hooks;
  static GitSandbox filter;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandboxes() throws IOException {
    hooks = GitSandbox.start(Files.createDirectories(classDirectory.resolve("hooks")));
    filter = GitSandbox.startFilterMode(Files.createDirectories(classDirectory.resolve("filter")));
  }

  /** v1 as the seed has it; v2 with notes rebuilt (a NOT NULL column filled), rows changed, an index. */
  private static void twoVersions(GitSandbox sandbox, Path clone) throws IOException {
    sandbox.git(clone, "tag", "v1");
    sql(clone.resolve("app.db"),
        "CREATE TABLE new_notes(id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL)",
        "INSERT INTO new_notes SELECT id, 'note ' || id, body FROM notes",
        "DROP TABLE notes", "ALTER TABLE new_notes RENAME TO notes",
        "UPDATE notes SET body = 'edited' WHERE id = 1", "INSERT INTO notes VALUES (3, 'third', 'it''s new')",
        "DELETE FROM tags WHERE tag = 'done'", "CREATE INDEX tags_by_note ON tags(note_id)",
        "PRAGMA user_version = 2");
    sandbox.git(clone, "hydrate", "add");
    sandbox.git(clone, "commit", "-q", "-am", "Titles for notes");
    sandbox.git(clone, "tag", "v2");
  }

  private static List<String> content(Path db) {
    List<String> content = new ArrayList<>();
    content.addAll(query(db, "SELECT type, name, sql FROM sqlite_schema ORDER BY name"));
    content.addAll(query(db, "SELECT * FROM notes ORDER BY id"));
    content.addAll(query(db, "SELECT rowid, * FROM tags ORDER BY rowid"));
    content.addAll(query(db, "PRAGMA user_version"));
    return content;
  }

  /** Runs the script as a user would: the sqlite3 shell with -bail, or SQLite's exec where there is no shell. */
  private static void apply(Path db, Path script) throws IOException, InterruptedException, SQLException {
    if (onPath("sqlite3")) {
      Process shell = new ProcessBuilder("sqlite3", "-bail", db.toString())
          .redirectInput(script.toFile()).redirectErrorStream(true).start();
      String output = new String(shell.getInputStream().readAllBytes());
      assertTrue(shell.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, shell.exitValue(), output);
      return;
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      assertEquals(0, connection.unwrap(SQLiteConnection.class).getDatabase()._exec(Files.readString(script)));
    }
  }

  private static void assertContains(String text, String part) {
    assertTrue(text.contains(part), () -> "expected " + part + " in:\n" + text);
  }

  private static boolean onPath(String program) {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(folder, program))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void theSqlTakesTheOldDatabaseToTheNewAndReverseTakesItBack() throws Exception {
    Path a = hooks.cloneInstalled(hooks.newRemote(dir), dir.resolve("A"));
    Path old = dir.resolve("old.db");
    Files.copy(a.resolve("app.db"), old);
    List<String> v1 = content(old);
    twoVersions(hooks, a);

    // The README's check that a database holds v1 before the script is applied.
    hooks.git(a, "worktree", "add", "-q", "../at-v1", "v1");
    Files.copy(old, dir.resolve("at-v1/app.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertEquals(0, hooks.tryGit(dir.resolve("at-v1"), "hydrate", "diff", "--exit-code").exitCode());
    Files.copy(a.resolve("app.db"), dir.resolve("at-v1/app.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertEquals(1, hooks.tryGit(dir.resolve("at-v1"), "hydrate", "diff", "--exit-code").exitCode());

    GitSandbox.Result up = hooks.git(a, "hydrate", "migration", "v1", "v2", "app.db", "-o", "up.sql");
    assertContains(up.stderr(), "app.db: migration from v1 to v2 written to up.sql");
    String script = Files.readString(a.resolve("up.sql"));
    assertContains(script, "-- Migration of app.db from v1 (");
    assertContains(script, "CREATE TEMP TABLE git_hydrate_rows");
    apply(old, a.resolve("up.sql"));
    assertEquals(content(a.resolve("app.db")), content(old), script);

    hooks.git(a, "hydrate", "migration", "--reverse", "v1", "v2", "-o", "down.sql"); // the only database: no path
    apply(old, a.resolve("down.sql"));
    assertEquals(v1, content(old), Files.readString(a.resolve("down.sql")));
  }

  @Test
  void toStdoutAndAsJson() throws Exception {
    Path a = hooks.cloneInstalled(hooks.newRemote(dir), dir.resolve("A"));
    twoVersions(hooks, a);

    String sqlText = hooks.git(a, "hydrate", "migration", "v1", "v2").stdout();
    assertContains(sqlText, "PRAGMA user_version = 2;");
    assertContains(sqlText, "COMMIT;");
    Map<String, Object> json = TestJson.object(TestJson.parse(hooks.git(a, "hydrate", "migration", "v1", "v2", "--json").stdout()));
    assertEquals("app.db", json.get("database"));
    assertEquals(sqlText, json.get("sql"));
    assertEquals(List.of(), json.get("errors"));

    GitSandbox.Result same = hooks.git(a, "hydrate", "migration", "v2", "HEAD", "app.db");
    assertEquals("", same.stdout());
    assertContains(same.stderr(), "app.db: the same in v2 and HEAD; nothing to migrate");
  }

  @Test
  void badRevisionsAndPathsAreRefusedClearly() throws Exception {
    Path a = hooks.cloneInstalled(hooks.newRemote(dir), dir.resolve("A"));
    twoVersions(hooks, a);

    GitSandbox.Result unknown = hooks.tryGit(a, "hydrate", "migration", "v1", "nope");
    assertEquals(2, unknown.exitCode(), unknown::toString);
    assertContains(unknown.stderr(), "nope: not a commit of this repository");
    GitSandbox.Result missing = hooks.tryGit(a, "hydrate", "migration", "v1", "v2", "other.db");
    assertEquals(1, missing.exitCode(), missing::toString);
    assertContains(missing.stderr(), "other.db: no database at this path in v1 or v2");
  }

  @Test
  void filterModeReadsTheSameVersions() throws Exception {
    Path a = filter.clone(filter.newRemote(dir), dir.resolve("A"));
    Path old = dir.resolve("old.db");
    Files.copy(a.resolve("app.db"), old);
    filter.git(a, "tag", "v1");
    sql(a.resolve("app.db"), "UPDATE notes SET body = 'edited' WHERE id = 1", "ALTER TABLE notes ADD COLUMN seen INTEGER");
    filter.git(a, "commit", "-q", "-am", "Seen notes");

    filter.git(a, "hydrate", "migration", "v1", "HEAD", "app.db", "-o", "up.sql");
    String script = Files.readString(a.resolve("up.sql"));
    assertContains(script, "ALTER TABLE main.notes ADD COLUMN seen INTEGER;");
    apply(old, a.resolve("up.sql"));
    assertEquals(content(a.resolve("app.db")), content(old), script);
  }
}
