package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The semantic diff through the real {@code git}, in both modes: {@code git hydrate diff} against
 * HEAD, between two commits and as JSON; and {@code git diff} / {@code git log -p} with the diff
 * driver and textconv configured as {@code install} configures them.
 */
class DiffTest {
  private static final String CHANGE_HEADING = "diff --hydrate a/app.db b/app.db\n";
  private static final String CHANGED_ROWS = "notes 1: body 'first note' → 'edited'\n"
      + "+ notes 3: id=3, body='third'\n"
      + "- tags 2: note_id=2, tag='done'\n";

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

  private Path hooksClone() throws IOException {
    return hooks.cloneInstalled(hooks.newRemote(dir), dir.resolve("A"));
  }

  private Path filterClone() throws IOException {
    return filter.clone(filter.newRemote(dir), dir.resolve("A"));
  }

  /** The settings {@code install} is to write, set by hand here. */
  private static void configureDriver(GitSandbox sandbox, Path clone) {
    sandbox.git(clone, "config", "diff.hydrate.command", "git-hydrate diff-driver");
    sandbox.git(clone, "config", "diff.hydrate.textconv", "git-hydrate textconv");
    sandbox.git(clone, "config", "diff.hydrate.cachetextconv", "true");
  }

  private static void changeRows(Path clone) {
    sql(clone.resolve("app.db"), "UPDATE notes SET body = 'edited' WHERE id = 1",
        "INSERT INTO notes VALUES (3, 'third')", "DELETE FROM tags WHERE rowid = 2");
  }

  @Test
  void diffShowsTheRowsChangedInTheWorkTreeSinceHead() throws IOException {
    Path a = hooksClone();
    assertEquals("", hooks.git(a, "hydrate", "diff").stdout(), "nothing changed yet");
    changeRows(a);

    GitSandbox.Result diff = hooks.git(a, "hydrate", "diff");

    assertEquals(CHANGE_HEADING + CHANGED_ROWS, diff.stdout(), diff::toString);
    assertEquals(1, hooks.tryGit(a, "hydrate", "diff", "--exit-code").exitCode(), "--exit-code: differences");
  }

  @Test
  void aVacuumedDatabaseShowsNoDifference() throws IOException {
    Path a = hooksClone();
    sql(a.resolve("app.db"), "PRAGMA user_version = 0", "VACUUM");

    GitSandbox.Result diff = hooks.tryGit(a, "hydrate", "diff", "--exit-code");

    assertEquals(0, diff.exitCode(), diff::toString);
    assertEquals("", diff.stdout());
  }

  @Test
  void diffBetweenTwoCommitsOfOneDatabaseAlsoAsJson() throws IOException {
    Path a = hooksClone();
    changeRows(a);
    sql(a.resolve("app.db"), "PRAGMA user_version = 2", "CREATE INDEX tags_by_note ON tags(note_id)");
    hooks.git(a, "hydrate", "add");
    hooks.git(a, "commit", "-q", "-m", "Edit notes");

    GitSandbox.Result diff = hooks.git(a, "hydrate", "diff", "HEAD~1", "HEAD", "--", "app.db");
    assertEquals(CHANGE_HEADING + "PRAGMA user_version = 2; -- was 0\n"
        + "CREATE INDEX tags_by_note ON tags(note_id);\n" + CHANGED_ROWS, diff.stdout(), diff::toString);
    assertEquals("", hooks.git(a, "hydrate", "diff", "HEAD~1", "HEAD", "--", "other.db").stdout());

    GitSandbox.Result json = hooks.git(a, "hydrate", "diff", "--json", "HEAD~1", "HEAD");
    String out = json.stdout();
    assertContains(out, "\"path\" : \"app.db\"", json);
    assertContains(out, "\"sql\" : [ \"CREATE INDEX tags_by_note ON tags(note_id);\" ]", json);
    assertContains(out, "\"key\" : [ 3 ],\n          \"row\" : {\n            \"id\" : 3,\n            \"body\" : \"third\"", json);
    assertContains(out, "\"body\" : {\n              \"before\" : \"first note\",\n              \"after\" : \"edited\"", json);
    assertContains(out, "\"differences\" : true", json);
  }

  @Test
  void gitDiffAndLogShowRowsThroughTheDriverAndTextconv() throws IOException {
    Path a = hooksClone();
    configureDriver(hooks, a);
    changeRows(a);
    hooks.git(a, "hydrate", "add");
    hooks.git(a, "commit", "-q", "-m", "Edit notes");

    GitSandbox.Result diff = hooks.git(a, "diff", "HEAD~1", "HEAD");
    assertEquals("diff --hydrate a/app.db.json b/app.db.json\n" + CHANGED_ROWS, diff.stdout(), diff::toString);

    GitSandbox.Result log = hooks.git(a, "log", "-p", "-1", "--format=");
    assertContains(log.stdout(), "\n-notes 1: id=1, body='first note'\n+notes 1: id=1, body='edited'\n", log);
    assertContains(log.stdout(), "\n+notes 3: id=3, body='third'\n", log);
    assertContains(log.stdout(), "\n-tags 2: note_id=2, tag='done'\n", log);
  }

  @Test
  void filterModeDiffReadsTheDatabaseItselfAndGitDiffUsesTheDriver() throws IOException {
    Path a = filterClone();
    configureDriver(filter, a);
    changeRows(a);

    GitSandbox.Result ours = filter.git(a, "hydrate", "diff");
    assertEquals(CHANGE_HEADING + CHANGED_ROWS, ours.stdout(), ours::toString);
    GitSandbox.Result gits = filter.git(a, "diff");
    assertEquals(CHANGE_HEADING + CHANGED_ROWS, gits.stdout(), gits::toString);
    GitSandbox.Result textconv = filter.git(a, "diff", "--no-ext-diff");
    assertContains(textconv.stdout(), "\n-notes 1: id=1, body='first note'\n+notes 1: id=1, body='edited'\n", textconv);
  }

  @Test
  void filterModeVacuumShowsNothingAndCommitsShowInLog() throws IOException {
    Path a = filterClone();
    configureDriver(filter, a);
    sql(a.resolve("app.db"), "VACUUM");
    assertEquals("", filter.git(a, "hydrate", "diff").stdout());
    assertEquals("", filter.git(a, "diff").stdout());

    changeRows(a);
    filter.git(a, "commit", "-q", "-am", "Edit notes");
    GitSandbox.Result between = filter.git(a, "hydrate", "diff", "HEAD~1", "HEAD", "--", "app.db");
    assertEquals(CHANGE_HEADING + CHANGED_ROWS, between.stdout(), between::toString);
    GitSandbox.Result log = filter.git(a, "log", "-p", "-1", "--format=");
    assertContains(log.stdout(), "\n+notes 3: id=3, body='third'\n", log);
    assertFalse(log.stdout().contains("\"format\""), "the rows, not the archive's JSON");
  }
}
