package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.notes;
import static io.githydrate.e2e.GitSandbox.seedNotesAnd;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filter mode with the real {@code git}: Git itself sees, stages, stashes and restores the database,
 * through the hydrate filter, in clones made by a plain {@code git clone} after a one-time
 * {@code git hydrate install --global}. After each operation the database holds what Git holds and
 * {@code git status} is clean.
 */
class FilterModeTest {
  /** The rows of the seed with note 2 edited and a third note, as the branch {@code other} has them. */
  private static final List<String> OTHER_NOTES = List.of("1|first note", "2|edited on other", "3|third note");

  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.startFilterMode(classDirectory);
  }

  private Path cloneOf(Path remote, String name) throws IOException {
    return sandbox.clone(remote, dir.resolve(name));
  }

  private Path aClone() throws IOException {
    return cloneOf(sandbox.newRemote(dir), "A");
  }

  /** The database holds {@code expected} and Git sees nothing to commit: the work tree is what Git holds. */
  private void assertInStep(Path clone, List<String> expected, String after) {
    assertEquals(expected, notes(clone.resolve("app.db")), "the database's notes after " + after);
    assertEquals(List.of(), sandbox.status(clone), "git status after " + after);
  }

  /** Commits a change of the database's rows with one {@code git commit -a}. */
  private void commitRows(Path clone, String message, String... statements) {
    sql(clone.resolve("app.db"), statements);
    sandbox.git(clone, "commit", "-q", "-a", "-m", message);
  }

  /** A branch {@code other} whose one commit has {@link #OTHER_NOTES}; the clone is left on main. */
  private void makeOtherBranch(Path clone) {
    sandbox.git(clone, "switch", "-q", "-c", "other");
    commitRows(clone, "Edit note 2, add note 3",
        "UPDATE notes SET body = 'edited on other' WHERE id = 2", "INSERT INTO notes VALUES (3, 'third note')");
    sandbox.git(clone, "switch", "-q", "main");
  }

  private String archiveAt(Path clone, String revision) {
    return sandbox.git(clone, "show", revision + ":app.db").stdout();
  }

  @Test
  void aPlainCloneChecksOutAWorkingDatabase() throws IOException {
    Path a = cloneOf(sandbox.newRemote(dir), "A");

    assertEquals(GitSandbox.SEED_NOTES, notes(a.resolve("app.db")));
    assertEquals(List.of(), sandbox.status(a));
  }

  @Test
  void gitStatusShowsAChangedDatabaseAndGitDiffItsChangedRows() throws IOException {
    Path a = cloneOf(sandbox.newRemote(dir), "A");
    sql(a.resolve("app.db"), "UPDATE notes SET body = 'edited' WHERE id = 2");

    assertEquals(List.of(" M app.db"), sandbox.status(a));
    GitSandbox.Result diff = sandbox.git(a, "diff");
    assertContains(diff.stdout(), "notes 2: body 'second note' → 'edited'\n", diff); // the diff driver
    GitSandbox.Result lines = sandbox.git(a, "diff", "--no-ext-diff");
    assertContains(lines.stdout(), "-notes 2: id=2, body='second note'\n+notes 2: id=2, body='edited'\n", lines);
  }

  @Test
  void aDatabaseOnlyChangeIsCommittedWithOnePlainCommitAndPulledByATeammate() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = cloneOf(remote, "A");
    Path b = cloneOf(remote, "B");
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'third note')");

    sandbox.git(a, "add", "app.db");
    sandbox.git(a, "commit", "-m", "Add a note");
    sandbox.git(a, "push", "-q");
    sandbox.git(b, "pull", "-q");

    assertEquals(List.of(), sandbox.status(a));
    assertEquals(seedNotesAnd("3|third note"), notes(b.resolve("app.db")));
    assertEquals(List.of(), sandbox.status(b));
  }

  @Test
  void aBlobOverTheLargeValuesLimitIsCommittedInLineAndAClonesBuildsIt() throws IOException {
    // Filter mode keeps every value in line whatever large-values says: Git stores the blob alone,
    // so a reference to a file beside it would reach no clone.
    Path remote = sandbox.newRemote(dir);
    Path a = cloneOf(remote, "A");
    Files.writeString(a.resolve(".hydrateconfig"), "[database \"app.db\"]\n\tlarge-values = 1k\n");
    sql(a.resolve("app.db"), "CREATE TABLE images(id INTEGER PRIMARY KEY, png BLOB)",
        "INSERT INTO images VALUES (1, randomblob(5000))");
    String hex = String.join("", GitSandbox.query(a.resolve("app.db"), "SELECT hex(png) FROM images"));

    sandbox.git(a, "add", ".hydrateconfig", "app.db");
    sandbox.git(a, "commit", "-q", "-m", "An image over the limit");
    sandbox.git(a, "push", "-q");

    String archive = archiveAt(a, "HEAD");
    assertFalse(archive.contains("\"file\""), archive);
    assertFalse(Files.exists(a.resolve("app.db.values")), "no values folder in filter mode");
    Path b = cloneOf(remote, "B");
    assertEquals(List.of(hex), GitSandbox.query(b.resolve("app.db"), "SELECT hex(png) FROM images"));
    assertEquals(List.of(), sandbox.status(b));
  }

  // ---- moving between commits --------------------------------------------------------------------

  @Test
  void switchingToABranchThatChangedRowsAndBackBringsTheDatabaseAlong() throws IOException {
    Path a = aClone();
    makeOtherBranch(a);
    assertInStep(a, GitSandbox.SEED_NOTES, "git switch main (back from other)");

    sandbox.git(a, "switch", "-q", "other");
    assertInStep(a, OTHER_NOTES, "git switch other");

    sandbox.git(a, "switch", "-q", "main");
    assertInStep(a, GitSandbox.SEED_NOTES, "git switch main");
  }

  @Test
  void pullingATeammatesDatabaseChangeFastForwards() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = cloneOf(remote, "A");
    Path b = cloneOf(remote, "B");
    commitRows(b, "Add a note", "INSERT INTO notes VALUES (3, 'from B')");
    sandbox.git(b, "push", "-q");

    sandbox.git(a, "pull", "-q", "--ff-only");

    assertEquals(sandbox.head(b), sandbox.head(a), "A's main should be B's commit");
    assertInStep(a, seedNotesAnd("3|from B"), "git pull (fast-forward)");
  }

  @Test
  void pullingATeammatesDatabaseChangeOverALocalNotesChangeMakesAMergeCommit() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = cloneOf(remote, "A");
    Path b = cloneOf(remote, "B");
    commitRows(b, "Add a note", "INSERT INTO notes VALUES (3, 'from B')");
    sandbox.git(b, "push", "-q");
    sandbox.commitFileChange(a, "notes.txt", "a line from A", "Note from A");

    sandbox.git(a, "pull", "-q", "--no-rebase", "--no-edit");

    assertEquals(3, sandbox.git(a, "rev-list", "--parents", "-n", "1", "HEAD").stdout().trim().split(" ").length,
        "git pull should have made a merge commit (two parents)");
    assertInStep(a, seedNotesAnd("3|from B"), "git pull (merge commit)");
    assertTrue(sandbox.git(a, "show", "HEAD:notes.txt").stdout().contains("a line from A"), "A's notes.txt change");
  }

  @Test
  void pullingWithRebaseReplaysALocalNotesChangeOnATeammatesDatabaseChange() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = cloneOf(remote, "A");
    Path b = cloneOf(remote, "B");
    commitRows(b, "Add a note", "INSERT INTO notes VALUES (3, 'from B')");
    sandbox.git(b, "push", "-q");
    sandbox.commitFileChange(a, "notes.txt", "a line from A", "Note from A");

    sandbox.git(a, "pull", "-q", "--rebase");

    assertEquals(sandbox.head(b), sandbox.git(a, "rev-parse", "HEAD~1").stdout().trim(),
        "A's commit should sit on top of B's");
    assertEquals(List.of("notes.txt"), sandbox.filesOf(a, "HEAD"), "the replayed commit");
    assertInStep(a, seedNotesAnd("3|from B"), "git pull --rebase");
  }

  @Test
  void mergingALocalBranchThatChangedTheDatabase() throws IOException {
    Path a = aClone();
    sandbox.git(a, "switch", "-q", "-c", "feature");
    commitRows(a, "Add a note", "INSERT INTO notes VALUES (3, 'from feature')");
    sandbox.git(a, "switch", "-q", "main");
    sandbox.commitFileChange(a, "notes.txt", "a line on main", "Note on main");

    sandbox.git(a, "merge", "-q", "--no-edit", "feature");

    assertEquals(3, sandbox.git(a, "rev-list", "--parents", "-n", "1", "HEAD").stdout().trim().split(" ").length,
        "git merge should have made a merge commit (two parents)");
    assertInStep(a, seedNotesAnd("3|from feature"), "git merge feature");
  }

  @Test
  void cherryPickingACommitThatInsertedARowBringsOnlyThatRow() throws IOException {
    Path a = aClone();
    sandbox.git(a, "switch", "-q", "-c", "feature");
    commitRows(a, "Add note 3", "INSERT INTO notes VALUES (3, 'picked')");
    String picked = sandbox.head(a);
    commitRows(a, "Add note 4", "INSERT INTO notes VALUES (4, 'left behind')");
    sandbox.git(a, "switch", "-q", "main");
    sandbox.commitFileChange(a, "notes.txt", "a line on main", "Note on main");

    sandbox.git(a, "cherry-pick", picked);

    assertEquals(List.of("app.db"), sandbox.filesOf(a, "HEAD"), "the cherry-picked commit");
    assertInStep(a, seedNotesAnd("3|picked"), "git cherry-pick");
  }

  @Test
  void revertingACommitThatChangedTheDatabaseTakesItsRowsBack() throws IOException {
    Path a = aClone();
    commitRows(a, "Edit note 1, add note 3",
        "UPDATE notes SET body = 'edited' WHERE id = 1", "INSERT INTO notes VALUES (3, 'third note')");
    sandbox.commitFileChange(a, "notes.txt", "a later line", "A later note");

    sandbox.git(a, "revert", "--no-edit", "HEAD~1");

    assertInStep(a, GitSandbox.SEED_NOTES, "git revert");
    assertEquals(archiveAt(a, "HEAD~3"), archiveAt(a, "HEAD"), "HEAD's archive should be the seed's again");
  }

  // ---- taking local changes back -----------------------------------------------------------------

  @Test
  void stashingADatabaseChangeAndPoppingItBack() throws IOException {
    Path a = aClone();
    sql(a.resolve("app.db"), "UPDATE notes SET body = 'stashed edit' WHERE id = 1");

    sandbox.git(a, "stash", "-q");
    assertInStep(a, GitSandbox.SEED_NOTES, "git stash");

    sandbox.git(a, "stash", "pop", "-q");
    assertEquals(List.of("1|stashed edit", "2|second note"), notes(a.resolve("app.db")), "after git stash pop");
    assertEquals(List.of(" M app.db"), sandbox.status(a), "git status after git stash pop");
    assertEquals("", sandbox.git(a, "stash", "list").stdout(), "the stash should be gone");
  }

  @Test
  void resetHardThrowsALocalDatabaseChangeAway() throws IOException {
    Path a = aClone();
    sql(a.resolve("app.db"), "DELETE FROM notes WHERE id = 1", "INSERT INTO notes VALUES (3, 'unwanted')");

    sandbox.git(a, "reset", "-q", "--hard");

    assertInStep(a, GitSandbox.SEED_NOTES, "git reset --hard");
  }

  @Test
  void restoreThrowsALocalDatabaseChangeAway() throws IOException {
    Path a = aClone();
    sql(a.resolve("app.db"), "UPDATE notes SET body = 'unwanted' WHERE id = 2");

    sandbox.git(a, "restore", "app.db");

    assertInStep(a, GitSandbox.SEED_NOTES, "git restore app.db");
  }

  @Test
  void aNewWorktreeOfAnotherBranchHasAWorkingDatabase() throws IOException {
    Path a = aClone();
    makeOtherBranch(a);

    sandbox.git(a, "worktree", "add", "-q", "../wt", "other");

    Path wt = dir.resolve("wt");
    assertInStep(wt, OTHER_NOTES, "git worktree add ../wt other (in the new worktree)");
    assertInStep(a, GitSandbox.SEED_NOTES, "git worktree add (in the first worktree)");
  }

  // ---- committing ----------------------------------------------------------------------------------

  @Test
  void commitAllCommitsADatabaseOnlyChangeAndAmendReplacesIt() throws IOException {
    Path a = aClone();
    String seed = sandbox.head(a);
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'first try')");

    sandbox.git(a, "commit", "-q", "-a", "-m", "Add a note");
    assertEquals(List.of("app.db"), sandbox.filesOf(a, "HEAD"), "git commit -a should commit the database");
    assertInStep(a, seedNotesAnd("3|first try"), "git commit -a");

    sql(a.resolve("app.db"), "UPDATE notes SET body = 'amended' WHERE id = 3");
    sandbox.git(a, "commit", "-q", "-a", "--amend", "--no-edit");

    assertEquals(seed, sandbox.git(a, "rev-parse", "HEAD~1").stdout().trim(), "the amended commit's parent");
    String archive = archiveAt(a, "HEAD");
    assertTrue(archive.contains("[3, \"amended\"]") && !archive.contains("first try"),
        () -> "HEAD's archive should hold the amended row only:\n" + archive);
    assertInStep(a, seedNotesAnd("3|amended"), "git commit --amend");
  }

  @Test
  void vacuumAloneChangesNothingGitStores() throws IOException {
    Path a = aClone();
    Path db = a.resolve("app.db");
    // Free pages for VACUUM to drop: rows added and deleted again, the content the same as HEAD's.
    sql(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)"
            + " INSERT INTO notes SELECT 100 + i, printf('%.2000c', 'x') FROM n",
        "DELETE FROM notes WHERE id > 2");
    sandbox.git(a, "add", "app.db");
    assertInStep(a, GitSandbox.SEED_NOTES, "rows added and deleted again, and git add app.db");
    long before = Files.size(db);

    sql(db, "VACUUM");

    assertTrue(Files.size(db) < before, "VACUUM should have made the file smaller");
    GitSandbox.Result diff = sandbox.git(a, "diff", "--", "app.db");
    assertEquals("", diff.stdout(), () -> "git diff after VACUUM should print nothing:\n" + diff);
    // The file's size changed, which git status takes for a change without reading the file (as
    // git diff, which does read it, shows nothing); git add then stages nothing.
    assertEquals(List.of(" M app.db"), sandbox.status(a), "git status after VACUUM");

    sandbox.git(a, "add", "app.db");

    assertInStep(a, GitSandbox.SEED_NOTES, "VACUUM and git add app.db");
    assertEquals("", sandbox.git(a, "diff", "--cached", "--name-only").stdout(), "nothing should be staged");
  }

  // ---- changes SQLite has not written into the database file yet ---------------------------------

  @Test
  void switchingBranchesKeepsRowsThatSatOnlyInTheWalOfAnOpenConnection() throws IOException, SQLException {
    Path a = aClone();
    makeOtherBranch(a);
    Path db = a.resolve("app.db");
    sql(db, "PRAGMA journal_mode=WAL"); // written to the file's header: it stays in WAL mode
    assertEquals(List.of(" M app.db"), sandbox.status(a), "git status: the archive keeps the journal mode");
    sandbox.git(a, "commit", "-q", "-a", "-m", "WAL mode");
    // An older time than the index's, so Git trusts the file's stat data from here on (no racy-git re-read).
    Files.setLastModifiedTime(db, FileTime.from(Instant.now().minusSeconds(10)));
    assertEquals(List.of(), sandbox.status(a), "git status with the database in WAL mode, committed");

    GitSandbox.Result switched;
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath().toUri().toASCIIString());
         Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA wal_autocheckpoint=0");
      statement.execute("INSERT INTO notes VALUES (9, 'only in the wal')");
      assertTrue(Files.size(a.resolve("app.db-wal")) > 0, "the new row should sit in app.db-wal");

      switched = sandbox.git(a, "switch", "other");

      assertFalse(Files.exists(a.resolve("app.db-wal")), () -> "no app.db-wal beside the new database:\n" + switched);
      assertFalse(Files.exists(a.resolve("app.db-shm")), () -> "no app.db-shm beside the new database:\n" + switched);
    }
    assertFalse(Files.exists(a.resolve("app.db-wal")), "no app.db-wal once the old connection is closed");
    assertFalse(Files.exists(a.resolve("app.db-shm")), "no app.db-shm once the old connection is closed");
    assertInStep(a, OTHER_NOTES, "git switch other");

    Path backups = a.resolve(".git/git-hydrate/backups");
    List<Path> kept;
    try (Stream<Path> files = Files.list(backups)) {
      kept = files.filter(file -> file.getFileName().toString().endsWith(".bak")).toList();
    }
    assertEquals(1, kept.size(), () -> "one backup in " + backups + ": " + kept + "\n" + switched);
    assertEquals(seedNotesAnd("9|only in the wal"), notes(kept.get(0)), "the backup should hold the WAL's row");
    assertContains(switched.stderr(), kept.get(0).getFileName().toString(), switched);
  }
}
