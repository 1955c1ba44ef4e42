package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.seedNotesAnd;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Database changes reach Git through {@code git commit}: the pre-commit hook exports them and stages
 * the archives, the {@code .db} file itself never enters Git, and a commit that would carry a
 * database file is refused with the command that fixes it. A commit of chosen paths carries a
 * database's changes only when it names the archive.
 */
class CommitTest {
  private static final String STAY_LOCAL = "git-hydrate: app.db has changes that are not in its archive; they stay"
      + " local, as this commit names other paths (to commit them: git hydrate add, then git commit)";
  private static final String NOTHING_ELSE_STAGED = "git-hydrate: nothing else was staged, so Git may answer"
      + " \"nothing to commit\": the archive is staged now, run the same 'git commit' again (next time: git hydrate add)";

  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.start(classDirectory);
  }

  private Path installedClone() throws IOException {
    return sandbox.cloneInstalled(sandbox.newRemote(dir), dir.resolve("A"));
  }

  @Test
  void commitAfterEditingOnlyTheDatabaseStagesTheArchiveThenTheSecondCommitRecordsIt() throws IOException {
    Path a = installedClone();
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'third note')");
    String before = sandbox.head(a);

    GitSandbox.Result first = sandbox.tryGit(a, "commit", "-m", "Add a note");

    assertEquals(1, first.exitCode(), first::toString);
    assertContains(first.output(), "nothing to commit", first);
    assertContains(first.stderr(), "git-hydrate: app.db: exported to app.db.json and staged", first);
    assertContains(first.stderr(), NOTHING_ELSE_STAGED, first);
    assertEquals(before, sandbox.head(a), "the first commit should not have happened");
    assertEquals(List.of("app.db.json"), sandbox.git(a, "diff", "--cached", "--name-only").stdout().lines().toList(),
        "the hook should have left the archive staged:\n" + first);

    GitSandbox.Result second = sandbox.git(a, "commit", "-m", "Add a note");

    assertEquals(List.of("app.db.json"), sandbox.filesOf(a, "HEAD"), second::toString);
    List<String> tracked = sandbox.trackedFiles(a);
    assertTrue(tracked.contains("app.db.json"), tracked::toString);
    assertFalse(tracked.contains("app.db"), tracked::toString);
    assertEquals(List.of(), sandbox.status(a));
  }

  @Test
  void hydrateAddThenCommitRecordsTheDatabaseInOneGo() throws IOException {
    Path a = installedClone();
    sql(a.resolve("app.db"), "UPDATE notes SET body = 'edited' WHERE id = 1");

    GitSandbox.Result add = sandbox.git(a, "hydrate", "add");
    GitSandbox.Result commit = sandbox.git(a, "commit", "-m", "Edit a note");

    assertContains(add.stderr(), "git-hydrate: app.db: exported to app.db.json and staged", add);
    assertEquals(List.of("app.db.json"), sandbox.filesOf(a, "HEAD"), commit::toString);
    assertContains(sandbox.git(a, "show", "HEAD:app.db.json").stdout(), "edited", commit);
    assertFalse(sandbox.trackedFiles(a).contains("app.db"));
    assertEquals(List.of(), sandbox.status(a));
  }

  @Test
  void commitAllWithAChangedDatabaseAndAChangedFileCommitsBoth() throws IOException {
    Path a = installedClone();
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'third note')");
    GitSandbox.appendLine(a.resolve("notes.txt"), "more notes");

    GitSandbox.Result commit = sandbox.git(a, "commit", "-a", "-m", "Notes and a note");

    assertEquals(List.of("app.db.json", "notes.txt"), sandbox.filesOf(a, "HEAD"), commit::toString);
    assertEquals(List.of(), sandbox.status(a), commit::toString);
  }

  @Test
  void commitAllWithOnlyTheDatabaseChangedSucceedsTheSecondTimeAndLeavesStatusClean() throws IOException {
    Path a = installedClone();
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'third note')");

    GitSandbox.Result first = sandbox.tryGit(a, "commit", "-a", "-m", "Add a note");
    assertEquals(1, first.exitCode(), first::toString);
    assertContains(first.stderr(), NOTHING_ELSE_STAGED, first);

    GitSandbox.Result second = sandbox.git(a, "commit", "-a", "-m", "Add a note");

    assertEquals(List.of("app.db.json"), sandbox.filesOf(a, "HEAD"), second::toString);
    assertEquals(List.of(), sandbox.status(a), second::toString);
  }

  @Test
  void commitOfOtherChosenPathsGoesThroughAndTheDatabaseChangesStayLocal() throws IOException {
    Path a = installedClone();
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'third note')");
    GitSandbox.appendLine(a.resolve("notes.txt"), "more notes");

    GitSandbox.Result commit = sandbox.git(a, "commit", "-m", "Just the notes", "--", "notes.txt");

    assertContains(commit.stderr(), STAY_LOCAL, commit);
    assertEquals(List.of("notes.txt"), sandbox.filesOf(a, "HEAD"), commit::toString);
    assertEquals(List.of(), sandbox.status(a), "the archive must stay as committed, unstaged and unchanged");
    assertEquals("app.db: local changes (not in the archive yet; run: git hydrate add)\n",
        sandbox.tryGit(a, "hydrate", "status").stdout(), commit::toString);
    assertEquals(seedNotesAnd("3|third note"), GitSandbox.notes(a.resolve("app.db")));

    sandbox.git(a, "hydrate", "add");
    GitSandbox.Result later = sandbox.git(a, "commit", "-m", "The note");

    assertEquals(List.of("app.db.json"), sandbox.filesOf(a, "HEAD"), later::toString);
    assertContains(sandbox.git(a, "show", "HEAD:app.db.json").stdout(), "third note", later);
    assertEquals(List.of(), sandbox.status(a), later::toString);
  }

  @Test
  void commitNamingTheArchiveExportsTheDatabaseAndLeavesTheIndexAsTheCommit() throws IOException {
    Path a = installedClone();
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'third note')");
    GitSandbox.appendLine(a.resolve("notes.txt"), "more notes");
    GitSandbox.appendLine(a.resolve(".gitignore"), "# not committed");

    GitSandbox.Result commit = sandbox.git(a, "commit", "-m", "The note", "--", "app.db.json", "notes.txt");

    assertContains(commit.stderr(), "git-hydrate: app.db: exported to app.db.json and staged", commit);
    assertEquals(List.of("app.db.json", "notes.txt"), sandbox.filesOf(a, "HEAD"), commit::toString);
    assertContains(sandbox.git(a, "show", "HEAD:app.db.json").stdout(), "third note", commit);
    // Git's index must hold the committed archive, or the next commit would take the row back out.
    assertEquals(List.of(" M .gitignore"), sandbox.status(a), commit::toString);
    assertEquals("app.db: in sync\n", sandbox.git(a, "hydrate", "status").stdout(), commit::toString);
  }

  @Test
  void commitNamingOnlyTheArchiveExportsItAndTheSameCommitAgainRecordsIt() throws IOException {
    Path a = installedClone();
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'third note')");
    String before = sandbox.head(a);

    GitSandbox.Result first = sandbox.tryGit(a, "commit", "-m", "The note", "--", "app.db.json");

    assertEquals(1, first.exitCode(), first::toString);
    assertContains(first.stderr(), "git-hydrate: nothing else named has changed, so Git may answer \"nothing to"
        + " commit\": the archive is exported now, run the same 'git commit' again", first);
    assertEquals(before, sandbox.head(a));
    assertEquals(List.of(" M app.db.json"), sandbox.status(a), "the export must be kept:\n" + first);

    GitSandbox.Result second = sandbox.git(a, "commit", "-m", "The note", "--", "app.db.json");

    assertContains(sandbox.git(a, "show", "HEAD:app.db.json").stdout(), "third note", second);
    assertEquals(List.of(), sandbox.status(a), second::toString);
    assertEquals("app.db: in sync\n", sandbox.git(a, "hydrate", "status").stdout(), second::toString);
  }

  @Test
  void commitNamingTheArchiveFromASubfolderOrByAWildcardExportsIt() throws IOException {
    Path a = installedClone();
    Path docs = Files.createDirectories(a.resolve("docs"));
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'third note')");
    GitSandbox.appendLine(a.resolve("notes.txt"), "more notes");
    Map<String, String> shell = new HashMap<>(sandbox.environment());
    shell.put("PWD", docs.toString()); // as a shell started in docs/ sets it

    GitSandbox.Result fromDocs = sandbox.run(docs, shell, "commit", "-m", "The note", "--", "../app.db.json",
        "../notes.txt");

    assertEquals(0, fromDocs.exitCode(), fromDocs::toString);
    assertEquals(List.of("app.db.json", "notes.txt"), sandbox.filesOf(a, "HEAD"), fromDocs::toString);
    assertContains(sandbox.git(a, "show", "HEAD:app.db.json").stdout(), "third note", fromDocs);

    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (4, 'fourth note')");
    GitSandbox.appendLine(a.resolve("notes.txt"), "even more notes");
    GitSandbox.Result wildcard = sandbox.git(a, "commit", "-qm", "Another", "--only", "--", "*.json", "*.txt");

    assertContains(sandbox.git(a, "show", "HEAD:app.db.json").stdout(), "fourth note", wildcard);
    assertEquals(List.of(), sandbox.status(a), wildcard::toString);
  }

  @Test
  void hydrateAddStagesAnArchiveThatDehydrateAlreadyWrote() throws IOException {
    Path a = installedClone();
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'third note')");
    sandbox.git(a, "hydrate", "dehydrate");

    GitSandbox.Result add = sandbox.git(a, "hydrate", "add");
    GitSandbox.Result commit = sandbox.git(a, "commit", "-m", "The note");

    assertContains(add.stderr(), "git-hydrate: app.db.json: staged (it was newer than Git's index)", add);
    assertEquals(List.of("app.db.json"), sandbox.filesOf(a, "HEAD"), commit::toString);
    assertEquals(List.of(), sandbox.status(a), commit::toString);
  }

  @Test
  void stagingASqliteFileUnderAnyNameRefusesTheCommit() throws IOException {
    Path a = installedClone();
    Path disguised = a.resolve("data.bin");
    sql(disguised, "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
    sandbox.git(a, "add", "data.bin");
    String before = sandbox.head(a);

    GitSandbox.Result refused = sandbox.tryGit(a, "commit", "-m", "Add data");

    assertEquals(1, refused.exitCode(), refused::toString);
    assertContains(refused.stderr(), "git-hydrate: data.bin is a SQLite database", refused);
    assertContains(refused.stderr(), "git rm --cached 'data.bin'", refused);
    assertEquals(before, sandbox.head(a));
    assertTrue(Files.exists(disguised));
  }

  @Test
  void theDatabaseFileItselfNeverEntersGit() throws IOException {
    Path a = installedClone();
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'third note')");

    GitSandbox.Result add = sandbox.tryGit(a, "add", "app.db");

    assertEquals(1, add.exitCode(), "the ignore rules should keep app.db out:\n" + add);
    assertEquals(seedNotesAnd("3|third note"), GitSandbox.notes(a.resolve("app.db")));
  }
}
