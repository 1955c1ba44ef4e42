package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.seedNotesAnd;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pre-commit refuses to record an archive that no clone could hydrate, whoever staged it: the
 * message names the archive and the line, the commit does not happen, and what was staged stays
 * staged. What is judged is the index's content, not the work-tree file.
 */
class StagedArchiveCheckTest {
  private static final String FIX = "; no clone could hydrate it, so it is not committed: fix it, then git add -- 'app.db.json'";

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

  /** The 1-based number of the first line of {@code text} that contains {@code part}. */
  private static int lineOf(String text, String part) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(part)) {
        return i + 1;
      }
    }
    throw new AssertionError(part + " not in\n" + text);
  }

  /** Stages {@code edited} as the archive, commits, and checks that the commit was refused with {@code message}. */
  private GitSandbox.Result refusedCommit(Path clone, String edited, String message) throws IOException {
    Files.writeString(clone.resolve("app.db.json"), edited);
    sandbox.git(clone, "add", "app.db.json");
    String before = sandbox.head(clone);

    GitSandbox.Result commit = sandbox.tryGit(clone, "commit", "-m", "Edited archive");

    assertEquals(1, commit.exitCode(), commit::toString);
    assertTrue(commit.hydrateLines().contains(message), "expected the line\n" + message + "\n" + commit);
    assertEquals(before, sandbox.head(clone), "nothing should have been committed");
    assertEquals(List.of("app.db.json"), sandbox.git(clone, "diff", "--cached", "--name-only").stdout().lines().toList(),
        "the archive should stay staged");
    return commit;
  }

  @Test
  void anArchiveWithConflictMarkersIsNotCommitted() throws IOException {
    Path a = installedClone();
    String archive = Files.readString(a.resolve("app.db.json"));
    String row = "   [2, \"second note\"]";
    String edited = archive.replace(row, "<<<<<<< HEAD\n" + row + "\n=======\n   [2, \"other note\"]\n>>>>>>> theirs");
    int line = lineOf(edited, "<<<<<<<");

    refusedCommit(a, edited, "git-hydrate: staged archive app.db.json line " + line + ": not valid JSON: Unexpected"
        + " character ('<' (code 60)): expected a valid value (JSON String, Number, Array, Object or token 'null',"
        + " 'true' or 'false') (a merge-conflict marker? resolve the conflict in the archive first)" + FIX);
  }

  @Test
  void aSchemaEntryWithTwoStatementsIsNotCommitted() throws IOException {
    Path a = installedClone();
    String archive = Files.readString(a.resolve("app.db.json"));
    String sql = "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL)";
    String edited = archive.replace("\"sql\": \"" + sql + "\"", "\"sql\": \"" + sql + "; CREATE TABLE x(y)\"");
    int line = lineOf(edited, "CREATE TABLE x(y)");

    GitSandbox.Result commit = refusedCommit(a, edited, expectedLine(a, edited, line));
    assertContains(commit.stderr(), "staged archive app.db.json line " + line + ": ", commit);
  }

  /** The refusal line the check prints for {@code edited}, as hydrate reports the same archive. */
  private String expectedLine(Path clone, String edited, int line) throws IOException {
    Path copy = dir.resolve("copy.db.json");
    Files.writeString(copy, edited);
    GitSandbox.Result hydrate = sandbox.tryGit(clone, "hydrate", "hydrate", copy.toString(), "-o",
        dir.resolve("copy.db").toString());
    String prefix = "git-hydrate: archive " + copy + " line " + line + ": ";
    String reported = hydrate.stderr().lines().filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("hydrate should refuse it too:\n" + hydrate));
    return "git-hydrate: staged archive app.db.json line " + line + ": " + reported.substring(prefix.length()) + FIX;
  }

  @Test
  void aMalformedRowIsNotCommitted() throws IOException {
    Path a = installedClone();
    String archive = Files.readString(a.resolve("app.db.json"));
    String edited = archive.replace("   [2, \"second note\"]", "   [2, \"second note\"");
    int line = lineOf(edited, "[2, \"second note\"");

    // The row's array is closed by the line after it, which then holds no row.
    GitSandbox.Result commit = refusedCommit(a, edited, expectedLine(a, edited, line + 1));
    assertContains(commit.stderr(), "expected a row array", commit);
  }

  @Test
  void aRowTheSchemaRefusesIsNotCommitted() throws IOException {
    Path a = installedClone();
    String archive = Files.readString(a.resolve("app.db.json"));
    String edited = archive.replace("   [2, \"second note\"]", "   [2, null]");
    int line = lineOf(edited, "[2, null]");

    GitSandbox.Result commit = refusedCommit(a, edited, expectedLine(a, edited, line));
    assertContains(commit.stderr(), "NOT NULL constraint failed", commit);
  }

  /** The staged blob is judged: a bad archive staged and then mended only in the work tree is still refused. */
  @Test
  void theStagedContentIsCheckedNotTheWorkTreeFile() throws IOException {
    Path a = installedClone();
    Path file = a.resolve("app.db.json");
    String good = Files.readString(file);
    Files.writeString(file, good.replace("   [2, \"second note\"]", "   [2, \"second note\""));
    sandbox.git(a, "add", "app.db.json");
    Files.writeString(file, good);
    String before = sandbox.head(a);

    GitSandbox.Result commit = sandbox.tryGit(a, "commit", "-m", "Edited archive");

    assertEquals(1, commit.exitCode(), commit::toString);
    assertContains(commit.stderr(), "git-hydrate: staged archive app.db.json line ", commit);
    assertEquals(before, sandbox.head(a));
  }

  @Test
  void aHandEditedArchiveThatHydratesIsCommitted() throws IOException {
    Path a = installedClone();
    Path file = a.resolve("app.db.json");
    Files.writeString(file, Files.readString(file).replace("\"second note\"", "\"second note, edited\""));
    sandbox.git(a, "add", "app.db.json");

    GitSandbox.Result commit = sandbox.git(a, "commit", "-m", "Edited archive");

    assertEquals(List.of("app.db.json"), sandbox.filesOf(a, "HEAD"), commit::toString);
    sandbox.git(a, "hydrate", "sync");
    assertEquals(List.of("1|first note", "2|second note, edited"), GitSandbox.notes(a.resolve("app.db")));
  }

  @Test
  void anArchiveTheHookExportsIsCommittedWithoutComplaint() throws IOException {
    Path a = installedClone();
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'third note')");
    sandbox.git(a, "hydrate", "add");

    GitSandbox.Result commit = sandbox.git(a, "commit", "-m", "A note");

    assertEquals(List.of("app.db.json"), sandbox.filesOf(a, "HEAD"), commit::toString);
    assertEquals(List.of(), commit.hydrateLines(), commit::toString);
    assertEquals(seedNotesAnd("3|third note"), GitSandbox.notes(a.resolve("app.db")));
  }
}
