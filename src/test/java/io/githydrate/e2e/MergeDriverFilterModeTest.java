package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The row-level merge in filter mode: {@code app.db} is tracked at its own path, Git hands the
 * driver the archives its filter stored, and writes the merge back to the work tree as a database
 * through the filter. Clones are plain {@code git clone}s after the user's one
 * {@code git hydrate install --global}, which set up the driver too. Beside the scenarios of both
 * modes, the ways to resolve a conflict that filter mode has its own way: the checked-out database
 * (the merge, ours at each conflict) as the person put it right, and Git's
 * {@code git checkout --theirs}.
 */
class MergeDriverFilterModeTest extends RowMergeScenarios {
  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;
  static Path baseRemote;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.startFilterMode(classDirectory);
    Path first = sandbox.clone(sandbox.newRemote(classDirectory.resolve("base")), classDirectory.resolve("base/first"));
    addTables(first);
    sandbox.git(first, "add", "app.db", ".hydrateconfig");
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
    return "app.db";
  }

  /** A plain {@code git clone}: the user's configuration has the filter and the merge driver. */
  @Override
  Path cloneOf(Path remote, String name) throws IOException {
    Path clone = sandbox.clone(remote, dir.resolve(name));
    assertEquals(BASE_ITEMS, items(clone), "the fresh clone's database");
    return clone;
  }

  /** {@code git commit -a}. */
  @Override
  void commitDatabase(Path clone, String message) {
    sandbox.git(clone, "commit", "-q", "-a", "-m", message);
  }

  @Test
  void resolvingAsTheDatabaseStandsCommitsWhatThePersonPutRightInTheCheckedOutMerge() throws IOException {
    Path remote = newRemote();
    Path a = cloneOf(remote, "A");
    Path b = cloneOf(remote, "B");
    conflictOverItemOnesPrice(a, b);
    // Git checked the merge out through the filter: ours at the conflict, everything else merged.
    assertDatabase(b, itemsWithApplePrice(12), BOTH_SIDES_KV, B_NOTES, "the conflicted pull");

    sql(b.resolve("app.db"), "UPDATE items SET price = 15 WHERE id = 1");
    GitSandbox.Result resolve = sandbox.git(b, "hydrate", "resolve");
    assertContains(resolve.stdout(), "git-hydrate: app.db: resolved as the database stands; staged", resolve);
    assertEquals(List.of("M  app.db"), sandbox.status(b), "git status after resolve:\n" + resolve);
    sandbox.git(b, "commit", "-q", "--no-edit");

    assertTrue(isMergeCommit(b));
    assertDatabase(b, itemsWithApplePrice(15), BOTH_SIDES_KV, B_NOTES, "resolve and commit");
    assertDatabaseIsHead(b, "resolve and commit");
  }

  /**
   * Git's own way: {@code git checkout --theirs} takes theirs' whole archive (B's other change goes
   * with it, as Git means) and the filter builds the database from it; {@code git add},
   * {@code git commit}; the database ends exactly as committed.
   */
  @Test
  void gitCheckoutTheirsAddAndCommitLeaveTheDatabaseAsCommitted() throws IOException {
    Path remote = newRemote();
    Path a = cloneOf(remote, "A");
    Path b = cloneOf(remote, "B");
    conflictOverItemOnesPrice(a, b);
    String theirs = archiveAt(b, "MERGE_HEAD");

    GitSandbox.Result checkout = sandbox.git(b, "checkout", "--theirs", "app.db");
    assertDatabase(b, itemsWithApplePrice(11), BOTH_SIDES_KV, BASE_NOTES, "git checkout --theirs: " + checkout);
    sandbox.git(b, "add", "app.db");
    GitSandbox.Result commit = sandbox.git(b, "commit", "--no-edit");

    assertTrue(isMergeCommit(b), commit::toString);
    assertEquals(theirs, archiveAt(b, "HEAD"), commit::toString);
    assertDatabase(b, itemsWithApplePrice(11), BOTH_SIDES_KV, BASE_NOTES, "checkout --theirs, add and commit");
    assertDatabaseIsHead(b, "checkout --theirs, add and commit");
  }
}
