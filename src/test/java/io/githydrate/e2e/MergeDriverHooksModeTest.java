package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.testing.InProcess.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The row-level merge in hooks mode: Git merges {@code app.db.json} with git-hydrate's driver, and
 * the hooks bring {@code app.db} along; {@code git hydrate install} sets the driver up (the first
 * clone's install writes it into the clone's configuration; the others find it in the user's, as
 * after {@code git hydrate install --global}). Beside the scenarios of both modes, the ways to
 * resolve a conflict that hooks mode has its own way: the database as the person put it right
 * (which needs {@code git hydrate sync} first), and Git's {@code git checkout --theirs}.
 */
class MergeDriverHooksModeTest extends RowMergeScenarios {
  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;
  static Path baseRemote;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.start(classDirectory);
    Path first = sandbox.clone(sandbox.newRemote(classDirectory.resolve("base")), classDirectory.resolve("base/first"));
    GitSandbox.Result install = sandbox.git(first, "hydrate", "install");
    assertEquals("git-hydrate merge-driver %O %A %B %P",
        sandbox.git(first, "config", "--local", "merge.hydrate.driver").stdout().trim(), install::toString);
    // The teammates' clones below get the driver from the user's configuration, as after install --global.
    sandbox.git(first, "hydrate", "install", "--global");
    addTables(first);
    Run add = hydrate(sandbox, first, "add");
    assertEquals(0, add.exitCode(), add::toString);
    sandbox.git(first, "add", ".hydrateconfig");
    sandbox.git(first, "commit", "-q", "-m", "Items, a key-value table and orders that keep their ids");
    sandbox.git(first, "push", "-q");
    baseRemote = classDirectory.resolve("base/remote.git");
  }

  @Override
  GitSandbox sandbox() {
    return sandbox;
  }

  @Override
  Path baseRemote() {
    return baseRemote;
  }

  @Override
  String tracked() {
    return "app.db.json";
  }

  /** A clone as {@code git hydrate install} leaves it (see {@link GitSandbox#cloneInstalled}). */
  @Override
  Path cloneOf(Path remote, String name) throws IOException {
    Path clone = sandbox.cloneInstalled(remote, dir.resolve(name));
    assertEquals(BASE_ITEMS, items(clone), "the fresh clone's database");
    return clone;
  }

  /** {@code git hydrate add}, then {@code git commit}. */
  @Override
  void commitDatabase(Path clone, String message) {
    Run add = hydrate(clone, "add");
    assertEquals(0, add.exitCode(), add::toString);
    sandbox.git(clone, "commit", "-q", "-m", message);
  }

  @Test
  void resolvingAsTheDatabaseStandsNeedsSyncFirstThenCommitsWhatThePersonPutRight() throws IOException {
    Path remote = newRemote();
    Path a = cloneOf(remote, "A");
    Path b = cloneOf(remote, "B");
    conflictOverItemOnesPrice(a, b);
    // No hook ran: the database holds what B committed, not yet A's changes.
    assertDatabase(b, itemsWithApplePrice(12), BASE_KV, B_NOTES, "the conflicted pull");

    GitSandbox.Result refused = sandbox.tryGit(b, "hydrate", "resolve");

    assertEquals(1, refused.exitCode(), refused::toString);
    assertEquals("git-hydrate: app.db: still holds what it held before the merge; load the merge (ours at each"
        + " conflict) with: git hydrate sync, put it right, then run git hydrate resolve again; or take a side:"
        + " git hydrate resolve --ours (or --theirs) app.db\n", refused.stderr(), refused::toString);
    assertEquals(List.of("UU app.db.json"), sandbox.status(b), "a refused resolve stages nothing");

    GitSandbox.Result sync = sandbox.git(b, "hydrate", "sync");
    assertContains(sync.stdout(), "git-hydrate: app.db: holds the merge, ours at each conflict: 1 conflict: items 1"
        + " price; see: git hydrate conflicts; then git hydrate resolve [--ours|--theirs]", sync);
    assertDatabase(b, itemsWithApplePrice(12), BOTH_SIDES_KV, B_NOTES, "git hydrate sync");

    sql(b.resolve("app.db"), "UPDATE items SET price = 15 WHERE id = 1");
    GitSandbox.Result resolve = sandbox.git(b, "hydrate", "resolve");
    assertContains(resolve.stdout(), "git-hydrate: app.db: resolved as the database stands; staged", resolve);
    sandbox.git(b, "commit", "-q", "--no-edit");

    assertTrue(isMergeCommit(b));
    assertDatabase(b, itemsWithApplePrice(15), BOTH_SIDES_KV, B_NOTES, "resolve and commit");
    assertDatabaseIsHead(b, "resolve and commit");
  }

  /**
   * Git's own way: {@code git checkout --theirs} takes theirs' whole archive (B's other change goes
   * with it, as Git means), {@code git add}, {@code git commit}; the hooks rebuild the database, so
   * it ends exactly as committed.
   */
  @Test
  void gitCheckoutTheirsAddAndCommitLeaveTheDatabaseAsCommitted() throws IOException {
    Path remote = newRemote();
    Path a = cloneOf(remote, "A");
    Path b = cloneOf(remote, "B");
    conflictOverItemOnesPrice(a, b);
    String theirs = archiveAt(b, "MERGE_HEAD");

    GitSandbox.Result checkout = sandbox.git(b, "checkout", "--theirs", "app.db.json");
    assertEquals(theirs, Files.readString(b.resolve("app.db.json")), checkout::toString);
    sandbox.git(b, "add", "app.db.json");
    GitSandbox.Result commit = sandbox.git(b, "commit", "--no-edit");

    assertTrue(isMergeCommit(b), commit::toString);
    assertEquals(theirs, archiveAt(b, "HEAD"), commit::toString);
    assertDatabase(b, itemsWithApplePrice(11), BOTH_SIDES_KV, BASE_NOTES, "checkout --theirs, add and commit: "
        + commit);
    assertDatabaseIsHead(b, "checkout --theirs, add and commit");
  }
}
