package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.githydrate.TestJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code git hydrate log} and {@code git hydrate check} through the real {@code git}, in both modes:
 * the history of a database with a schema change and row changes, counted per commit, as text and
 * JSON; and check in a fresh clone, which has archives but neither hooks nor databases.
 */
class LogTest {
  private static final String EDIT = "  app.db:\n"
      + "    user_version 0 → 2\n"
      + "    created index tags_by_note\n"
      + "    notes: 1 added, 1 changed\n"
      + "    tags: 1 removed\n";
  private static final String SEED = "  app.db: new database, 2 tables, 4 rows\n";

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

  private static void editNotes(Path clone) {
    sql(clone.resolve("app.db"), "UPDATE notes SET body = 'edited' WHERE id = 1",
        "INSERT INTO notes VALUES (3, 'third')", "DELETE FROM tags WHERE rowid = 2",
        "PRAGMA user_version = 2", "CREATE INDEX tags_by_note ON tags(note_id)");
  }

  /** The heading {@code git log} would print for {@code revision}, in log's layout. */
  private static String heading(GitSandbox sandbox, Path clone, String revision) {
    List<String> info = sandbox.git(clone, "log", "-1", "--format=%H%n%an <%ae>%n%aI%n%s", revision).stdout()
        .lines().toList();
    return "commit " + info.get(0) + "\nAuthor: " + info.get(1) + "\nDate:   " + info.get(2) + "\n\n    "
        + info.get(3) + "\n\n";
  }

  @Test
  void logShowsEachCommitsSchemaAndRowCounts() throws IOException {
    Path a = hooks.cloneInstalled(hooks.newRemote(dir), dir.resolve("A"));
    editNotes(a);
    hooks.git(a, "hydrate", "add");
    hooks.git(a, "commit", "-q", "-m", "Edit notes");
    hooks.commitFileChange(a, "notes.txt", "no database here", "Notes only");

    GitSandbox.Result log = hooks.git(a, "hydrate", "log");

    assertEquals(heading(hooks, a, "HEAD~1") + EDIT + "\n" + heading(hooks, a, "HEAD~2") + SEED, log.stdout(),
        log::toString);
    assertEquals(heading(hooks, a, "HEAD~1") + EDIT, hooks.git(a, "hydrate", "log", "-n", "1", "--", "app.db")
        .stdout());
    assertEquals(heading(hooks, a, "HEAD~2") + SEED, hooks.git(a, "hydrate", "log", "HEAD~2").stdout());
  }

  @Test
  void logAsJsonCountsRowsPerTable() throws IOException {
    Path a = hooks.cloneInstalled(hooks.newRemote(dir), dir.resolve("A"));
    editNotes(a);
    hooks.git(a, "hydrate", "add");
    hooks.git(a, "commit", "-q", "-m", "Edit notes");

    GitSandbox.Result log = hooks.git(a, "hydrate", "log", "--json");

    Map<String, Object> document = TestJson.object(TestJson.parse(log.stdout()));
    List<?> commits = (List<?>) document.get("commits");
    assertEquals(2, commits.size(), log::toString);
    Map<String, Object> edit = TestJson.object(commits.get(0));
    assertEquals(hooks.head(a), edit.get("commit"));
    assertEquals("Edit notes", edit.get("subject"));
    assertEquals(List.of(Map.of("path", "app.db", "status", "modified",
        "settings", List.of(Map.of("pragma", "user_version", "before", 0L, "after", 2L)),
        "schema", List.of(Map.of("change", "created", "type", "index", "name", "tags_by_note")),
        "tables", Map.of("notes", Map.of("added", 1L, "removed", 0L, "changed", 1L),
            "tags", Map.of("added", 0L, "removed", 1L, "changed", 0L)))), edit.get("databases"));
    Map<String, Object> seed = TestJson.object(commits.get(1));
    assertEquals(List.of(Map.of("path", "app.db", "status", "added", "summary", Map.of("tables", 2L, "rows", 4L),
        "settings", List.of(), "schema", List.of(), "tables", Map.of())), seed.get("databases"));
    assertEquals(List.of(), document.get("errors"));
  }

  @Test
  void logInFilterModeReadsTheArchivesAtTheDatabasesPaths() throws IOException {
    Path a = filter.clone(filter.newRemote(dir), dir.resolve("A"));
    editNotes(a);
    filter.git(a, "add", "app.db");
    filter.git(a, "commit", "-q", "-m", "Edit notes");

    GitSandbox.Result log = filter.git(a, "hydrate", "log");

    assertEquals(heading(filter, a, "HEAD") + EDIT + "\n" + heading(filter, a, "HEAD~1") + SEED, log.stdout(),
        log::toString);
  }

  @Test
  void checkPassesInAFreshCloneWithoutHooksOrDatabases() throws IOException {
    Path a = hooks.clone(hooks.newRemote(dir), dir.resolve("A"));
    List<String> before = GitSandbox.list(a);

    GitSandbox.Result check = hooks.git(a, "hydrate", "check");

    assertEquals("1 archive checked, it passed\n", check.stdout(), check::toString);
    assertEquals(before, GitSandbox.list(a), "check wrote into the work tree");
  }

  @Test
  void checkInFilterModeReadsTheIndexWhereTheWorkTreeHoldsTheDatabase() throws IOException {
    Path a = filter.clone(filter.newRemote(dir), dir.resolve("A"));

    GitSandbox.Result check = filter.git(a, "hydrate", "check", "--json");

    assertEquals(Map.of("archives", List.of(Map.of("path", "app.db", "source", "index", "problems", List.of())),
        "passed", true, "errors", List.of()), TestJson.parse(check.stdout()), check::toString);
  }
}
