package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.notes;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A pull replaces a database with local changes, which are kept as a backup: the backup is listed
 * with why it was made, restored, and the backups are pruned by the policy in {@code .hydrateconfig}.
 */
class BackupsTest {
  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.start(classDirectory);
  }

  /** A changes note 1 and pushes; B changed note 1 too, then pulls: B's change is kept as a backup. */
  private GitSandbox.Result pullOverConflictingChange(Path a, Path b, String fromA, String fromB) throws IOException {
    sql(a.resolve("app.db"), "UPDATE notes SET body = '" + fromA + "' WHERE id = 1");
    sandbox.commitFileChange(a, "a.txt", fromA, "A changes note 1");
    sandbox.git(a, "push", "-q", "origin", "HEAD");
    sql(b.resolve("app.db"), "UPDATE notes SET body = '" + fromB + "' WHERE id = 1");
    GitSandbox.Result pull = sandbox.git(b, "pull", "--no-rebase");
    assertContains(pull.stderr(), "app.db had changes not in its archive; they are kept in", pull);
    return pull;
  }

  private static List<Object> backups(GitSandbox.Result json) throws IOException {
    @SuppressWarnings("unchecked")
    List<Object> all = (List<Object>) TestJson.object(TestJson.parse(json.stdout())).get("backups");
    return all;
  }

  @Test
  void aPullOverLocalChangesIsListedWithWhyAndRestoredAsLocalChanges() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = sandbox.cloneInstalled(remote, dir.resolve("A"));
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    GitSandbox.Result pull = pullOverConflictingChange(a, b, "A says", "B says");

    GitSandbox.Result listed = sandbox.git(b, "hydrate", "backups");
    assertEquals(0, listed.exitCode(), listed::toString);
    assertContains(listed.stdout(), "  app.db  ", listed);
    assertContains(listed.stdout(), "replaced by an archive from Git while it had local changes", listed);
    GitSandbox.Result json = sandbox.git(b, "hydrate", "backups", "--json");
    List<Object> found = backups(json);
    assertEquals(1, found.size(), json::toString);
    Map<String, Object> backup = TestJson.object(found.get(0));
    assertEquals("app.db", backup.get("database"));
    assertEquals("local_changes", backup.get("why"));
    String name = (String) backup.get("name");
    assertContains(pull.stderr(), "or, keeping what is there now as a backup too: git hydrate backups restore "
        + name, pull);

    GitSandbox.Result restore = sandbox.git(b, "hydrate", "backups", "restore", name);

    assertEquals(0, restore.exitCode(), restore::toString);
    assertContains(restore.stdout(), "app.db: restored from " + name + "; its previous content is kept as", restore);
    assertTrue(notes(b.resolve("app.db")).contains("1|B says"), restore::toString);
    GitSandbox.Result status = sandbox.git(b, "hydrate", "status");
    assertContains(status.stdout(), "app.db: local changes", status);
    List<Object> after = backups(sandbox.git(b, "hydrate", "backups", "--json"));
    assertEquals(2, after.size());
    assertEquals("restore", TestJson.object(after.get(1)).get("why"));
    Path previous = b.resolve((String) TestJson.object(after.get(1)).get("path"));
    assertTrue(notes(previous).contains("1|A says"), "the content the restore replaced is kept");
  }

  @Test
  void backupsArePrunedByThePolicyWhenOneIsMade() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = sandbox.cloneInstalled(remote, dir.resolve("A"));
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    Files.writeString(b.resolve(".hydrateconfig"), "[backups]\n\tkeep-days = 0\n\tkeep-count = 2\n");
    Path folder = b.resolve(".git/git-hydrate/backups");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("app.db.20200101T000000Z.bak"), "kept by an older version");

    pullOverConflictingChange(a, b, "A one", "B one");
    pullOverConflictingChange(a, b, "A two", "B two");
    pullOverConflictingChange(a, b, "A three", "B three");

    // The newest is always kept, and beside it the next newest: two within keep-count = 2.
    List<String> kept = GitSandbox.list(folder).stream().filter(name -> name.endsWith(".bak")).toList();
    assertEquals(2, kept.size(), () -> "kept " + kept);
    List<Object> listed = backups(sandbox.git(b, "hydrate", "backups", "--json"));
    assertEquals(List.of("1|B two", "1|B three"), listed.stream()
        .map(backup -> notes(b.resolve((String) TestJson.object(backup).get("path"))).get(0)).toList());
    GitSandbox.Result doctor = sandbox.git(b, "hydrate", "doctor");
    assertContains(doctor.stdout(), "2 backups, ", doctor);
    assertContains(doctor.stdout(), "within the policy (2 backups and 1.0 GiB)", doctor);
  }

  @Test
  void pruneAndDeleteByHand() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = sandbox.cloneInstalled(remote, dir.resolve("A"));
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    pullOverConflictingChange(a, b, "A one", "B one");
    pullOverConflictingChange(a, b, "A two", "B two");
    Files.writeString(b.resolve(".hydrateconfig"), "[backups]\n\tkeep-days = 0\n\tkeep-count = 0\n");
    GitSandbox.Result doctor = sandbox.tryGit(b, "hydrate", "doctor");
    assertEquals(1, doctor.exitCode(), doctor::toString);
    assertContains(doctor.stdout(), "more than the policy keeps (0 backups and 1.0 GiB)", doctor);
    assertContains(doctor.stdout(), "fix: run: git hydrate backups prune", doctor);

    GitSandbox.Result prune = sandbox.git(b, "hydrate", "backups", "prune");

    assertEquals(0, prune.exitCode(), prune::toString);
    assertContains(prune.stdout(), "removed 1 backup", prune);
    List<Object> left = backups(sandbox.git(b, "hydrate", "backups", "--json"));
    assertEquals(1, left.size());
    String name = (String) TestJson.object(left.get(0)).get("name");
    GitSandbox.Result delete = sandbox.git(b, "hydrate", "backups", "delete", name);
    assertEquals("deleted " + name + "\n", delete.stdout(), delete::toString);
    assertEquals(List.of(), backups(sandbox.git(b, "hydrate", "backups", "--json")));
  }
}
