package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.SEED_NOTES;
import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.notes;
import static io.githydrate.e2e.GitSandbox.query;
import static io.githydrate.e2e.GitSandbox.seedNotesAnd;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Git changes the work tree and the databases follow: pulls, branch switches, rebases, merges,
 * worktrees; and what no hook saw (a reset with hooks off) or Git cannot fix (a corrupt file) is put right
 * by {@code git hydrate sync} and {@code git hydrate repair}.
 */
class UpdateTest {
  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.start(classDirectory);
  }

  /** A's database change, committed the everyday way and pushed. */
  private void publishNote(Path a, String body) throws IOException {
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, '" + body + "')");
    sandbox.commitFileChange(a, "a.txt", "from A", "A adds a note");
    assertTrue(sandbox.filesOf(a, "HEAD").contains("app.db.json"), "A's commit should carry the archive");
    sandbox.git(a, "push", "-q", "origin", "HEAD");
  }

  @Test
  void pullBringsTheOtherClonesDatabaseChanges() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = sandbox.cloneInstalled(remote, dir.resolve("A"));
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    publishNote(a, "written in A");

    GitSandbox.Result pull = sandbox.git(b, "pull");

    assertEquals(seedNotesAnd("3|written in A"), notes(b.resolve("app.db")), pull::toString);
    assertContains(pull.stderr(), "git-hydrate: app.db: updated in place (+1 -0 rows) from app.db.json", pull);
    assertEquals(List.of(), sandbox.status(b));
  }

  @Test
  void aDatabaseWithTriggersIsUpdatedInPlaceAfterAPullWithoutFiringThem() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = sandbox.cloneInstalled(remote, dir.resolve("A"));
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    sql(a.resolve("app.db"), "CREATE TABLE log(body TEXT)",
        "CREATE TRIGGER logged AFTER INSERT ON notes BEGIN INSERT INTO log VALUES (new.body); END");
    sandbox.commitFileChange(a, "a.txt", "a trigger", "A adds a trigger");
    sandbox.git(a, "push", "-q", "origin", "HEAD");
    sandbox.git(b, "pull", "-q");
    publishNote(a, "written in A");

    // The archive holds the row the trigger wrote in A; in B the trigger must not write it again.
    GitSandbox.Result pull = sandbox.git(b, "pull");

    assertContains(pull.stderr(), "git-hydrate: app.db: updated in place (+2 -0 rows) from app.db.json", pull);
    assertEquals(seedNotesAnd("3|written in A"), notes(b.resolve("app.db")), pull::toString);
    assertEquals(List.of("written in A"), query(b.resolve("app.db"), "SELECT body FROM log"));
    assertEquals(List.of("logged"), query(b.resolve("app.db"), "SELECT name FROM sqlite_schema WHERE type = 'trigger'"));
    assertEquals(List.of(), sandbox.status(b));
  }

  @Test
  void switchingToAnotherBranchAndBackTakesEachBranchsDatabase() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = sandbox.cloneInstalled(remote, dir.resolve("A"));
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    sql(a.resolve("app.db"), "UPDATE notes SET body = 'feature work' WHERE id = 2");
    sandbox.commitFileChange(a, "a.txt", "feature", "Feature changes a note");
    sandbox.git(a, "push", "-q", "origin", "HEAD:refs/heads/feature");
    sandbox.git(b, "fetch", "-q");

    GitSandbox.Result there = sandbox.git(b, "switch", "feature");
    assertEquals(List.of("1|first note", "2|feature work"), notes(b.resolve("app.db")), there::toString);

    GitSandbox.Result back = sandbox.git(b, "switch", "main");
    assertEquals(SEED_NOTES, notes(b.resolve("app.db")), back::toString);
    assertEquals(List.of(), sandbox.status(b));
  }

  @Test
  void pullWithRebaseOverALocalCommitTakesTheRebasedDatabase() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = sandbox.cloneInstalled(remote, dir.resolve("A"));
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    publishNote(a, "written in A");
    sandbox.commitFileChange(b, "b.txt", "local work in B", "B's own commit");

    GitSandbox.Result pull = sandbox.git(b, "pull", "--rebase");

    assertEquals(seedNotesAnd("3|written in A"), notes(b.resolve("app.db")), pull::toString);
    assertEquals(List.of("b.txt"), sandbox.filesOf(b, "HEAD"), "B's commit should sit on top of A's");
    assertEquals(sandbox.git(b, "rev-parse", "origin/main").stdout(), sandbox.git(b, "rev-parse", "HEAD~1").stdout());
    assertEquals(List.of(), sandbox.status(b));
  }

  @Test
  void rebaseOntoTheUpstreamWithoutLocalCommitsTakesTheUpstreamDatabase() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = sandbox.cloneInstalled(remote, dir.resolve("A"));
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    publishNote(a, "written in A");
    sandbox.git(b, "fetch", "-q");

    // Nothing to replay, so Git rewrites no commit and runs no post-rewrite hook.
    GitSandbox.Result rebase = sandbox.git(b, "rebase", "origin/main");

    assertEquals(sandbox.git(b, "rev-parse", "origin/main").stdout(), sandbox.git(b, "rev-parse", "HEAD").stdout());
    assertEquals(seedNotesAnd("3|written in A"), notes(b.resolve("app.db")), rebase::toString);
  }

  @Test
  void mergingABranchThatChangedTheArchiveUpdatesTheDatabase() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = sandbox.cloneInstalled(remote, dir.resolve("A"));
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'topic note')");
    sandbox.commitFileChange(a, "a.txt", "topic", "Topic adds a note");
    sandbox.git(a, "push", "-q", "origin", "HEAD:refs/heads/topic");
    sandbox.commitFileChange(b, "b.txt", "main moves on", "Main moves on");
    sandbox.git(b, "fetch", "-q");

    GitSandbox.Result merge = sandbox.git(b, "merge", "--no-edit", "origin/topic");

    assertEquals(2, sandbox.git(b, "rev-list", "--parents", "-n", "1", "HEAD").stdout().trim().split(" ").length - 1,
        "a real merge commit was expected:\n" + merge);
    assertEquals(seedNotesAnd("3|topic note"), notes(b.resolve("app.db")), merge::toString);
    assertEquals(List.of(), sandbox.status(b));
  }

  @Test
  void syncAfterStashAndStashPopFollowsTheArchive() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    sql(b.resolve("app.db"), "INSERT INTO notes VALUES (3, 'stashed note')");
    sandbox.git(b, "hydrate", "add");

    sandbox.git(b, "stash");
    GitSandbox.Result sync = sandbox.git(b, "hydrate", "sync");
    assertEquals(SEED_NOTES, notes(b.resolve("app.db")), sync::toString);

    sandbox.git(b, "stash", "pop");
    GitSandbox.Result syncAgain = sandbox.git(b, "hydrate", "sync");
    assertEquals(seedNotesAnd("3|stashed note"), notes(b.resolve("app.db")), syncAgain::toString);
  }

  @Test
  void syncAfterResetHardWithoutHooksTakesThatCommitsDatabase() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    sql(b.resolve("app.db"), "INSERT INTO notes VALUES (3, 'soon undone')");
    sandbox.commitFileChange(b, "b.txt", "soon undone", "A commit to undo");

    // As Git before 2.28 does it: no reference-transaction hook runs.
    sandbox.git(b, "-c", "core.hooksPath=/dev/null", "reset", "-q", "--hard", "HEAD~1");
    GitSandbox.Result sync = sandbox.git(b, "hydrate", "sync");

    assertEquals(SEED_NOTES, notes(b.resolve("app.db")), sync::toString);
    // The commit's export left the line index of its archive: the row it added is taken out in place.
    assertContains(sync.stderr(), "git-hydrate: app.db: updated in place (+0 -1 rows) from app.db.json", sync);
    assertEquals(List.of(), sandbox.status(b));
  }

  @Test
  void pullOverLocalDatabaseChangesMergesThemKeepingTheLocalOnesUncommitted() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = sandbox.cloneInstalled(remote, dir.resolve("A"));
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    publishNote(a, "written in A");
    sql(b.resolve("app.db"), "INSERT INTO notes VALUES (7, 'only in B')");

    GitSandbox.Result pull = sandbox.git(b, "pull");

    assertEquals(seedNotesAnd("3|written in A", "7|only in B"), notes(b.resolve("app.db")), pull::toString);
    assertContains(pull.stderr(), "git-hydrate: app.db: its own changes kept (not committed yet) and merged with the"
        + " changes from app.db.json", pull);
    GitSandbox.Result status = sandbox.git(b, "hydrate", "status");
    assertContains(status.stdout(), "app.db: local changes", status);
  }

  @Test
  void pullOverConflictingLocalDatabaseChangesKeepsThemAsABackup() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = sandbox.cloneInstalled(remote, dir.resolve("A"));
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    sql(a.resolve("app.db"), "UPDATE notes SET body = 'A says' WHERE id = 1");
    sandbox.commitFileChange(a, "a.txt", "from A", "A changes note 1");
    sandbox.git(a, "push", "-q", "origin", "HEAD");
    sql(b.resolve("app.db"), "UPDATE notes SET body = 'B says' WHERE id = 1");

    GitSandbox.Result pull = sandbox.git(b, "pull");

    assertTrue(notes(b.resolve("app.db")).contains("1|A says"), pull::toString);
    assertContains(pull.stderr(), "could not be merged: the changes conflict: notes 1 body", pull);
    Matcher kept = Pattern.compile("git-hydrate: app\\.db had changes not in its archive; they are kept in (.+)")
        .matcher(pull.stderr());
    assertTrue(kept.find(), () -> "the hook should name the backup:\n" + pull);
    Path backup = Path.of(kept.group(1).trim());
    assertTrue(backup.toRealPath().startsWith(b.resolve(".git/git-hydrate/backups").toRealPath()),
        () -> "backup outside .git/git-hydrate/backups: " + backup);
    assertTrue(notes(backup).contains("1|B says"), "the backup should hold B's local content");
    assertContains(pull.stderr(), "to get them back: cp '" + backup + "' 'app.db'", pull);
  }

  @Test
  void addingASecondWorktreeHydratesItsDatabase() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));

    GitSandbox.Result add = sandbox.git(b, "worktree", "add", "../wt", "-b", "x");

    Path wt = dir.resolve("wt");
    assertEquals(SEED_NOTES, notes(wt.resolve("app.db")), add::toString);
    assertEquals(List.of(), sandbox.status(wt));
  }

  @Test
  void repairRebuildsACorruptDatabaseFromItsArchiveAndKeepsTheDamagedFile() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    Path db = b.resolve("app.db");
    byte[] damaged = corrupt(db);

    GitSandbox.Result repair = sandbox.git(b, "hydrate", "repair");

    assertContains(repair.stdout(), "checked 1, corrupt 1, rebuilt 1: app.db", repair);
    Matcher kept = Pattern.compile("damaged file kept in (\\S+)").matcher(repair.stdout());
    assertTrue(kept.find(), repair::toString);
    Path backup = b.resolve(kept.group(1));
    assertTrue(backup.startsWith(b.resolve(".git").resolve("git-hydrate").resolve("backups")), repair::toString);
    assertArrayEquals(damaged, Files.readAllBytes(backup), "the damaged file should be kept as it was");
    assertEquals(SEED_NOTES, notes(db), repair::toString);
    assertEquals(List.of("1|todo", "2|done"), query(db, "SELECT note_id, tag FROM tags ORDER BY note_id"));

    corrupt(db);
    GitSandbox.Result json = sandbox.git(b, "hydrate", "repair", "--json");
    Map<String, List<String>> result = arrays(json.stdout());
    assertEquals(List.of("app.db"), result.get("checked"), json::toString);
    assertEquals(List.of("app.db"), result.get("corrupted"), json::toString);
    assertEquals(List.of("app.db"), result.get("fixed"), json::toString);
    assertEquals(List.of(), result.get("errors"), json::toString);
    assertEquals(SEED_NOTES, notes(db), json::toString);
  }

  @Test
  void aHookThatMeetsACorruptDatabaseRebuildsItFromItsArchive() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    Path db = b.resolve("app.db");
    byte[] damaged = corrupt(db);

    GitSandbox.Result sync = sandbox.git(b, "hydrate", "sync");

    assertContains(sync.stderr(), "git-hydrate: app.db: repaired from app.db.json", sync);
    assertEquals(SEED_NOTES, notes(db), sync::toString);
    Path backups = b.resolve(".git").resolve("git-hydrate").resolve("backups");
    List<String> kept = GitSandbox.list(backups).stream().filter(name -> name.endsWith(".bak")).toList();
    assertEquals(1, kept.size(), sync::toString);
    assertArrayEquals(damaged, Files.readAllBytes(backups.resolve(kept.get(0))), "the damaged file should be kept");
  }

  /**
   * Overwrites the second page (the first table's b-tree root), keeping the header intact so the file
   * still looks like SQLite; returns the damaged bytes.
   */
  private static byte[] corrupt(Path db) throws IOException {
    byte[] bytes = Files.readAllBytes(db);
    int pageSize = ((bytes[16] & 0xff) << 8) | (bytes[17] & 0xff);
    pageSize = pageSize == 1 ? 65536 : pageSize;
    assertTrue(bytes.length >= 3 * pageSize, "expected a database of at least three pages, got " + bytes.length);
    byte[] garbage = new byte[pageSize];
    Arrays.fill(garbage, (byte) 0x5a);
    try (FileChannel channel = FileChannel.open(db, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(garbage), pageSize);
    }
    return Files.readAllBytes(db);
  }

  /** The top-level arrays of strings in a JSON object. */
  private static Map<String, List<String>> arrays(String json) throws IOException {
    Map<String, List<String>> arrays = new LinkedHashMap<>();
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      assertEquals(JsonToken.START_OBJECT, parser.nextToken(), json);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        assertEquals(JsonToken.START_ARRAY, parser.nextToken(), json);
        List<String> values = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          values.add(parser.getValueAsString());
        }
        arrays.put(name, values);
      }
    }
    return arrays;
  }
}
