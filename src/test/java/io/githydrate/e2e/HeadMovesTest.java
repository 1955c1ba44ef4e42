package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.SEED_NOTES;
import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.notes;
import static io.githydrate.e2e.GitSandbox.seedNotesAnd;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every move of HEAD brings the databases along in hooks mode, also those no post-checkout,
 * post-merge or post-rewrite follows: cherry-pick, revert and a concluded merge (post-commit), each
 * commit a rebase stops at, its --abort, and reset --hard (reference-transaction).
 */
class HeadMovesTest {
  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  @TempDir
  Path dir;

  Path clone;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.start(classDirectory);
  }

  @BeforeEach
  void cloneInstalled() throws IOException {
    clone = sandbox.cloneInstalled(sandbox.newRemote(dir.resolve("remote")), dir.resolve("clone"));
  }

  /** Changes the database with {@code statement}, then exports, stages and commits it. */
  private void commitDatabaseChange(String statement, String message) {
    sql(clone.resolve("app.db"), statement);
    sandbox.git(clone, "hydrate", "add");
    sandbox.git(clone, "commit", "-q", "-m", message);
  }

  private List<String> notesNow() {
    return notes(clone.resolve("app.db"));
  }

  private List<String> tags() {
    return GitSandbox.query(clone.resolve("app.db"), "SELECT note_id, tag FROM tags ORDER BY note_id");
  }

  @Test
  void cherryPickBringsThePickedCommitsRows() {
    sandbox.git(clone, "switch", "-q", "-c", "feature");
    commitDatabaseChange("INSERT INTO notes VALUES (3, 'feature note')", "A feature note");
    sandbox.git(clone, "switch", "-q", "main");
    assertEquals(SEED_NOTES, notesNow());

    GitSandbox.Result pick = sandbox.git(clone, "cherry-pick", "feature");

    assertEquals(seedNotesAnd("3|feature note"), notesNow(), pick::toString);
    assertEquals(List.of(), sandbox.status(clone));
  }

  @Test
  void revertTakesTheRevertedRowsAway() {
    commitDatabaseChange("INSERT INTO notes VALUES (3, 'soon reverted')", "A note to revert");

    GitSandbox.Result revert = sandbox.git(clone, "revert", "--no-edit", "HEAD");

    assertEquals(SEED_NOTES, notesNow(), revert::toString);
    assertEquals(List.of(), sandbox.status(clone));
  }

  @Test
  void concludingAMergeWithAResolvedArchiveRebuildsTheDatabase() throws IOException {
    sandbox.git(clone, "switch", "-q", "-c", "topic");
    commitDatabaseChange("UPDATE notes SET body = 'topic wording' WHERE id = 2", "Topic rewords a note");
    sandbox.git(clone, "switch", "-q", "main");
    commitDatabaseChange("UPDATE notes SET body = 'main wording' WHERE id = 2", "Main rewords it too");
    GitSandbox.Result merge = sandbox.tryGit(clone, "merge", "topic");
    assertEquals(1, merge.exitCode(), () -> "a conflict in the archive was expected:\n" + merge);

    // Resolved by hand, taking topic's side, without any command that runs a hook.
    Files.writeString(clone.resolve("app.db.json"), sandbox.git(clone, "show", "topic:app.db.json").stdout(),
        StandardCharsets.UTF_8);
    sandbox.git(clone, "add", "app.db.json");
    GitSandbox.Result commit = sandbox.git(clone, "commit", "--no-edit");

    assertEquals(List.of("1|first note", "2|topic wording"), notesNow(), commit::toString);
    assertEquals(List.of(), sandbox.status(clone));
  }

  @Test
  void anInteractiveRebaseStopsAtEachCommitWithItsDatabaseAndAmendingThereKeepsItsRows() {
    commitDatabaseChange("INSERT INTO notes VALUES (3, 'third')", "A third note");
    commitDatabaseChange("INSERT INTO notes VALUES (4, 'fourth')", "A fourth note");
    Map<String, String> editEverything = new HashMap<>(sandbox.environment());
    editEverything.put("GIT_SEQUENCE_EDITOR", "sed -i 's/^pick/edit/'");

    GitSandbox.Result rebase = sandbox.run(clone, editEverything, "rebase", "-i", "HEAD~2");
    assertEquals(0, rebase.exitCode(), rebase::toString);
    assertEquals(seedNotesAnd("3|third"), notesNow(), () -> "stopped at the third note's commit:\n" + rebase);

    // The row the next commit's line touches stays as it is, so that the rebase goes on without a conflict.
    sql(clone.resolve("app.db"), "UPDATE notes SET body = 'first, amended' WHERE id = 1");
    GitSandbox.Result amend = sandbox.git(clone, "commit", "-q", "-a", "--amend", "--no-edit");
    List<String> amended = List.of("1|first, amended", "2|second note", "3|third");
    assertEquals(amended, notesNow(), amend::toString);
    String archive = sandbox.git(clone, "show", "HEAD:app.db.json").stdout();
    assertContains(archive, "first, amended", amend);
    assertContains(archive, "\"third\"", amend);

    GitSandbox.Result next = sandbox.git(clone, "rebase", "--continue");
    List<String> all = List.of("1|first, amended", "2|second note", "3|third", "4|fourth");
    assertEquals(all, notesNow(), () -> "stopped at the fourth note's commit:\n" + next);
    GitSandbox.Result done = sandbox.git(clone, "rebase", "--continue");
    assertEquals(all, notesNow(), done::toString);
    assertEquals(List.of(), sandbox.status(clone));
  }

  @Test
  void rebaseAbortPutsTheBranchsDatabaseBack() {
    sandbox.git(clone, "switch", "-q", "-c", "feature");
    commitDatabaseChange("INSERT INTO notes VALUES (3, 'feature note')", "A feature note");
    sandbox.git(clone, "switch", "-q", "main");
    commitDatabaseChange("UPDATE tags SET tag = 'main tag' WHERE note_id = 1", "Main renames a tag");
    sandbox.git(clone, "switch", "-q", "feature");
    Map<String, String> editEverything = new HashMap<>(sandbox.environment());
    editEverything.put("GIT_SEQUENCE_EDITOR", "sed -i 's/^pick/edit/'");
    GitSandbox.Result rebase = sandbox.run(clone, editEverything, "rebase", "-i", "main");
    assertEquals(0, rebase.exitCode(), rebase::toString);
    assertEquals(seedNotesAnd("3|feature note"), notesNow(), rebase::toString);
    assertEquals(List.of("1|main tag", "2|done"), tags(), rebase::toString);

    GitSandbox.Result abort = sandbox.git(clone, "rebase", "--abort");

    assertEquals(seedNotesAnd("3|feature note"), notesNow(), abort::toString);
    assertEquals(List.of("1|todo", "2|done"), tags(), abort::toString);
    assertEquals(List.of(), sandbox.status(clone));
  }

  @Test
  void resetHardToAnOlderCommitTakesThatCommitsDatabase() {
    commitDatabaseChange("INSERT INTO notes VALUES (3, 'soon undone')", "A commit to undo");

    GitSandbox.Result reset = sandbox.git(clone, "reset", "-q", "--hard", "HEAD~1");

    assertEquals(SEED_NOTES, notesNow(), reset::toString);
    assertContains(reset.stderr(), "git-hydrate: app.db: updated in place (+0 -1 rows) from app.db.json", reset);
    assertEquals(List.of(), sandbox.status(clone));
  }

  @Test
  void resetHardOverLocalChangesLosesNone() {
    commitDatabaseChange("INSERT INTO notes VALUES (3, 'committed')", "A commit to undo");
    sql(clone.resolve("app.db"), "INSERT INTO notes VALUES (7, 'only here')");

    GitSandbox.Result reset = sandbox.git(clone, "reset", "-q", "--hard", "HEAD~1");

    // The reset's rows arrive, and the local row is merged with them: the archive the database was
    // last in step with is in Git, the base of a three-way merge.
    assertEquals(seedNotesAnd("7|only here"), notesNow(), reset::toString);
    assertEquals(List.of("git-hydrate: app.db: its own changes kept (not committed yet) and merged with the changes"
        + " from app.db.json"), reset.hydrateLines(), reset::toString);
  }

  @Test
  void aPlainCommitAfterItsExportRebuildsNothing() throws IOException {
    sql(clone.resolve("app.db"), "INSERT INTO notes VALUES (3, 'committed as is')");
    sandbox.git(clone, "hydrate", "add");
    Object before = identity(clone.resolve("app.db"));

    GitSandbox.Result commit = sandbox.git(clone, "commit", "-m", "A note");

    assertEquals(List.of(), commit.hydrateLines(), commit::toString);
    assertEquals(before, identity(clone.resolve("app.db")), "the database file should be left alone");
    assertEquals(seedNotesAnd("3|committed as is"), notesNow());
    assertTrue(io.githydrate.hook.HookFastPath.nothingToDo(clone, sandbox.environment(), "hook", "post-commit"),
        "the fast path should answer the plain commit's post-commit");
  }

  /** What changes when a file is written or replaced: its identity, size and modification time. */
  private static Object identity(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return List.of(String.valueOf(attributes.fileKey()), attributes.size(), attributes.lastModifiedTime());
  }
}
