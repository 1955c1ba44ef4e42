package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.notes;
import static io.githydrate.e2e.GitSandbox.seedNotesAnd;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database changed here meets a newer archive that no hook brought in (a pull with hooks off, as
 * after a hook met the database locked): the next sync, add or commit merges the two rather than
 * export the database over the archive's changes, and refuses where they conflict.
 */
class LocalChangesMergeTest {
  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.start(classDirectory);
  }

  /** A publishes {@code statement}; B pulls it with no hook running, so B's database stays as it was. */
  private Path clonesWithAnUnseenArchive(String statement) throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = sandbox.cloneInstalled(remote, dir.resolve("A"));
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    sql(a.resolve("app.db"), statement);
    sandbox.commitFileChange(a, "a.txt", "from A", "A changes the notes");
    sandbox.git(a, "push", "-q", "origin", "HEAD");
    GitSandbox.Result pull = sandbox.git(b, "-c", "core.hooksPath=/dev/null", "pull", "-q");
    assertEquals(0, pull.exitCode(), pull::toString);
    return b;
  }

  @Test
  void aCommitMergesTheDatabaseWithTheArchiveItHadNotSeen() throws IOException {
    Path b = clonesWithAnUnseenArchive("INSERT INTO notes VALUES (3, 'from A')");
    sql(b.resolve("app.db"), "INSERT INTO notes VALUES (4, 'from B')");

    GitSandbox.Result add = sandbox.git(b, "hydrate", "add");
    GitSandbox.Result commit = sandbox.git(b, "commit", "-q", "-m", "B's note");

    assertEquals(0, commit.exitCode(), commit::toString);
    assertContains(add.stderr() + add.stdout(), "merged with the newer changes of its archive", add);
    String committed = sandbox.git(b, "show", "HEAD:app.db.json").stdout();
    assertTrue(committed.contains("[3, \"from A\"]") && committed.contains("[4, \"from B\"]"), committed);
    assertEquals(seedNotesAnd("3|from A", "4|from B"), notes(b.resolve("app.db")));
    assertEquals(java.util.List.of(), sandbox.status(b));
  }

  @Test
  void aCommitOfConflictingChangesIsRefusedNamingTheCellAndChangesNothing() throws IOException {
    Path b = clonesWithAnUnseenArchive("UPDATE notes SET body = 'A says' WHERE id = 1");
    sql(b.resolve("app.db"), "UPDATE notes SET body = 'B says' WHERE id = 1");
    String archiveBefore = Files.readString(b.resolve("app.db.json"));

    GitSandbox.Result add = sandbox.tryGit(b, "hydrate", "add");

    assertNotEquals(0, add.exitCode(), add::toString);
    assertContains(add.stderr(), "the changes conflict: notes 1 body", add);
    assertEquals(archiveBefore, Files.readString(b.resolve("app.db.json")), "the archive must stay as Git had it");
    assertTrue(notes(b.resolve("app.db")).contains("1|B says"), "the database must keep B's change");
  }

  @Test
  void syncMergesTheArchivesChangesIntoTheDatabaseKeepingItsOwnUncommitted() throws IOException {
    Path b = clonesWithAnUnseenArchive("UPDATE notes SET body = 'A says' WHERE id = 1");
    sql(b.resolve("app.db"), "INSERT INTO notes VALUES (5, 'B, not committed')");

    GitSandbox.Result sync = sandbox.git(b, "hydrate", "sync");

    assertEquals(0, sync.exitCode(), sync::toString);
    assertTrue(notes(b.resolve("app.db")).contains("1|A says"), sync::toString);
    assertTrue(notes(b.resolve("app.db")).contains("5|B, not committed"), sync::toString);
    GitSandbox.Result status = sandbox.git(b, "hydrate", "status");
    assertContains(status.stdout(), "app.db: local changes", status);
  }
}
