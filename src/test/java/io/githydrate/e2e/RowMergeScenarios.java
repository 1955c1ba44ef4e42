package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.query;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.testing.InProcess;
import io.githydrate.testing.InProcess.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Teammates change rows of one database in clones of one remote, and {@code git pull} merges the
 * archives row by row through git-hydrate's merge driver, the same in both modes (a subclass per
 * mode says how a clone is made and how a database change is committed). After every flow each
 * clone's database is exactly what its {@code HEAD} holds, and every change either side made is in
 * it, or was reported as a conflict.
 *
 * <p>Every scenario starts from one remote whose database has, beside the seed's {@code notes}, a
 * rowid table with several columns ({@code items}), a WITHOUT ROWID table with text keys
 * ({@code kv}), and a table whose ids must not change ({@code orders}, named by {@code keepIds} in
 * the committed {@code .hydrateconfig}).
 */
abstract class RowMergeScenarios {
  static final String[] TABLES = {
      "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT, price INTEGER, stock INTEGER)",
      "INSERT INTO items VALUES (1, 'apple', 10, 5), (2, 'pear', 20, 6), (3, 'plum', 30, 7), (4, 'quince', 40, 8),"
          + " (5, 'cherry', 50, 9)",
      "CREATE TABLE kv(k TEXT PRIMARY KEY, v TEXT, n INTEGER) WITHOUT ROWID",
      "INSERT INTO kv VALUES ('alpha', 'a', 1), ('beta', 'b', 2), ('gamma', 'c', 3), ('delta', 'd', 4),"
          + " ('epsilon', 'e', 5)",
      "CREATE TABLE orders(id INTEGER PRIMARY KEY, what TEXT NOT NULL)",
      "INSERT INTO orders VALUES (1, 'first order')"};
  static final String HYDRATECONFIG = "[hydrate]\n\tkeepIds = orders\n";

  static final List<String> BASE_ITEMS = List.of("1|apple|10|5", "2|pear|20|6", "3|plum|30|7", "4|quince|40|8",
      "5|cherry|50|9");
  static final List<String> BASE_KV = List.of("alpha|a|1", "beta|b|2", "delta|d|4", "epsilon|e|5", "gamma|c|3");
  static final List<String> BASE_NOTES = GitSandbox.SEED_NOTES;

  @TempDir
  Path dir;

  /** The sandbox of the subclass's mode. */
  abstract GitSandbox sandbox();

  /** The remote every scenario's remote is copied from (see the class comment). */
  abstract Path baseRemote();

  /** The path Git tracks for {@code app.db}: its archive in hooks mode, itself in filter mode. */
  abstract String tracked();

  /** A teammate's clone of {@code remote}, set up as that mode's teammates set it up. */
  abstract Path cloneOf(Path remote, String name) throws IOException;

  /** Commits what changed in the clone's database, as a teammate of that mode does. */
  abstract void commitDatabase(Path clone, String message);

  // ---- set-up -----------------------------------------------------------------------------------

  /**
   * Runs git-hydrate in this JVM, for set-up and checks that are not what a test is about (a JVM
   * start costs a second or more on a busy machine). Only for what does not depend on the user's Git
   * configuration: the {@code git} it starts sees this JVM's environment, not the sandbox's.
   */
  static Run hydrate(GitSandbox sandbox, Path directory, String... args) {
    return InProcess.run(directory, sandbox.environment(), args);
  }

  Run hydrate(Path directory, String... args) {
    return hydrate(sandbox(), directory, args);
  }

  /** Adds the scenarios' tables and {@code .hydrateconfig} to a clone's work tree (not committed). */
  static void addTables(Path clone) throws IOException {
    sql(clone.resolve("app.db"), TABLES);
    Files.writeString(clone.resolve(".hydrateconfig"), HYDRATECONFIG, StandardCharsets.UTF_8);
  }

  /** A remote of its own for one scenario, a copy of {@link #baseRemote()}. */
  Path newRemote() {
    Path remote = dir.resolve("remote.git");
    sandbox().git(dir, "clone", "-q", "--bare", baseRemote().toString(), remote.toString());
    return remote;
  }

  /** Changes the clone's database with {@code statements} and commits it. */
  void commitRows(Path clone, String message, String... statements) {
    sql(clone.resolve("app.db"), statements);
    commitDatabase(clone, message);
  }

  // ---- what a database holds --------------------------------------------------------------------

  static List<String> items(Path clone) {
    return query(clone.resolve("app.db"), "SELECT id, name, price, stock FROM items ORDER BY id");
  }

  static List<String> kv(Path clone) {
    return query(clone.resolve("app.db"), "SELECT k, v, n FROM kv ORDER BY k");
  }

  static List<String> notes(Path clone) {
    return GitSandbox.notes(clone.resolve("app.db"));
  }

  static List<String> orders(Path clone) {
    return query(clone.resolve("app.db"), "SELECT id, what FROM orders ORDER BY id");
  }

  String archiveAt(Path clone, String revision) {
    return sandbox().git(clone, "show", revision + ":" + tracked()).stdout();
  }

  /**
   * The clone's database is exactly the archive its {@code HEAD} holds (exported again, byte for
   * byte), that archive lists no conflicts, and Git sees nothing to commit.
   */
  void assertDatabaseIsHead(Path clone, String after) throws IOException {
    Path exported = dir.resolve("exported-" + clone.getFileName() + ".json");
    Run dehydrate = hydrate(clone, "dehydrate", "app.db", "-o", exported.toString());
    assertEquals(0, dehydrate.exitCode(), dehydrate::toString);
    String head = archiveAt(clone, "HEAD");
    assertEquals(head, Files.readString(exported, StandardCharsets.UTF_8),
        clone.getFileName() + ": the database should be exactly what HEAD holds after " + after);
    assertFalse(head.contains("\"conflicts\""), () -> "HEAD's archive lists conflicts after " + after + ":\n" + head);
    assertEquals(List.of(), sandbox().status(clone), clone.getFileName() + ": git status after " + after);
  }

  void assertDatabase(Path clone, List<String> items, List<String> kv, List<String> notes, String after) {
    String who = clone.getFileName() + " after " + after + ": ";
    assertEquals(items, items(clone), who + "items");
    assertEquals(kv, kv(clone), who + "kv");
    assertEquals(notes, notes(clone), who + "notes");
  }

  boolean isMergeCommit(Path clone) {
    return sandbox().git(clone, "rev-list", "--parents", "-n", "1", "HEAD").stdout().trim().split(" ").length == 3;
  }

  /**
   * A and B each change the price of item 1 (to 11 and to 12), and something else no one else
   * changes (A adds the kv row {@code aardvark}, B rewords note 2); A pushes, B pulls: a conflict
   * over one cell, with ours (B's 12) in the archive. Returns the pull.
   */
  GitSandbox.Result conflictOverItemOnesPrice(Path a, Path b) {
    commitRows(a, "A: apple costs 11, an aardvark",
        "UPDATE items SET price = 11 WHERE id = 1", "INSERT INTO kv VALUES ('aardvark', 'A', 10)");
    sandbox().git(a, "push", "-q");
    commitRows(b, "B: apple costs 12, note 2 reworded",
        "UPDATE items SET price = 12 WHERE id = 1", "UPDATE notes SET body = 'second note (B)' WHERE id = 2");
    GitSandbox.Result pull = sandbox().tryGit(b, "pull");
    assertEquals(1, pull.exitCode(), () -> "git pull should stop at a conflict:\n" + pull);
    assertContains(pull.stdout(), "CONFLICT (content): Merge conflict in " + tracked(), pull);
    assertContains(pull.stderr(), "CONFLICT (cell): " + tracked() + ": items 1 price: base 10, ours 12, theirs 11",
        pull);
    assertEquals(List.of("UU " + tracked()), sandbox().status(b), "git status during the conflict");
    return pull;
  }

  static final List<String> BOTH_SIDES_KV = List.of("aardvark|A|10", "alpha|a|1", "beta|b|2", "delta|d|4",
      "epsilon|e|5", "gamma|c|3");
  static final List<String> B_NOTES = List.of("1|first note", "2|second note (B)");

  /** The items of {@link #conflictOverItemOnesPrice} with item 1 at {@code price}. */
  static List<String> itemsWithApplePrice(int price) {
    List<String> items = new java.util.ArrayList<>(BASE_ITEMS);
    items.set(0, "1|apple|" + price + "|5");
    return items;
  }

  // ---- the scenarios -------------------------------------------------------------------------------

  /**
   * Inserts, updates of other rows, updates of other cells of one row, and deletes, in a rowid table
   * and a WITHOUT ROWID one, on three clones: B merges A's push, then C merges that merge. No
   * conflict, and every clone ends with everyone's changes.
   */
  @Test
  void rowChangesOfEveryKindOnThreeClonesMergeWithoutConflict() throws IOException {
    Path remote = newRemote();
    Path a = cloneOf(remote, "A");
    Path b = cloneOf(remote, "B");
    Path c = cloneOf(remote, "C");
    commitRows(a, "A's changes",
        "UPDATE items SET price = 11 WHERE id = 1", "UPDATE items SET name = 'pear (A)' WHERE id = 2",
        "DELETE FROM items WHERE id = 4", "INSERT INTO items VALUES (10, 'fig', 100, 1)",
        "INSERT INTO kv VALUES ('aardvark', 'A', 10)", "UPDATE kv SET n = 22 WHERE k = 'beta'",
        "DELETE FROM kv WHERE k = 'delta'");
    sandbox().git(a, "push", "-q");
    commitRows(b, "B's changes",
        "UPDATE items SET stock = 55 WHERE id = 1", "UPDATE items SET price = 33 WHERE id = 3",
        "DELETE FROM items WHERE id = 5", "INSERT INTO items VALUES (11, 'kiwi', 110, 2)",
        "INSERT INTO kv VALUES ('zeta', 'B', 20)", "UPDATE kv SET v = 'b (B)' WHERE k = 'beta'",
        "UPDATE kv SET v = 'c (B)' WHERE k = 'gamma'", "DELETE FROM kv WHERE k = 'epsilon'");

    GitSandbox.Result pullB = sandbox().git(b, "pull");

    assertFalse(pullB.output().contains("CONFLICT"), pullB::toString);
    assertTrue(isMergeCommit(b), "B's pull should have made a merge commit:\n" + pullB);
    List<String> itemsAB = List.of("1|apple|11|55", "2|pear (A)|20|6", "3|plum|33|7", "10|fig|100|1", "11|kiwi|110|2");
    List<String> kvAB = List.of("aardvark|A|10", "alpha|a|1", "beta|b (B)|22", "gamma|c (B)|3", "zeta|B|20");
    assertDatabase(b, itemsAB, kvAB, BASE_NOTES, "merging A's changes");
    assertDatabaseIsHead(b, "merging A's changes");
    sandbox().git(b, "push", "-q");

    // C changed rows A and B did not, and a cell of a row A changed, and merges their merge.
    commitRows(c, "C's changes",
        "UPDATE notes SET body = 'second note (C)' WHERE id = 2", "UPDATE items SET stock = 66 WHERE id = 2",
        "INSERT INTO kv VALUES ('mu', 'C', 30)");
    GitSandbox.Result pullC = sandbox().git(c, "pull");

    assertFalse(pullC.output().contains("CONFLICT"), pullC::toString);
    List<String> itemsABC = List.of("1|apple|11|55", "2|pear (A)|20|66", "3|plum|33|7", "10|fig|100|1",
        "11|kiwi|110|2");
    List<String> kvABC = List.of("aardvark|A|10", "alpha|a|1", "beta|b (B)|22", "gamma|c (B)|3", "mu|C|30",
        "zeta|B|20");
    List<String> notesABC = List.of("1|first note", "2|second note (C)");
    assertDatabase(c, itemsABC, kvABC, notesABC, "merging B's merge");
    assertDatabaseIsHead(c, "merging B's merge");
    sandbox().git(c, "push", "-q");

    GitSandbox.Result pullA = sandbox().git(a, "pull", "-q", "--ff-only");
    assertDatabase(a, itemsABC, kvABC, notesABC, "pulling everyone's merge: " + pullA);
    assertDatabaseIsHead(a, "pulling everyone's merge");
  }

  /** Both insert the next item, so under one new id: both rows are kept, theirs under a new id, and the merge says so. */
  @Test
  void bothInsertingUnderTheSameNewIdKeepsBothRowsAndRenumbersTheirs() throws IOException {
    Path remote = newRemote();
    Path a = cloneOf(remote, "A");
    Path b = cloneOf(remote, "B");
    commitRows(a, "A adds a fig", "INSERT INTO items(name, price, stock) VALUES ('fig', 60, 1)");
    sandbox().git(a, "push", "-q");
    commitRows(b, "B adds a kiwi", "INSERT INTO items(name, price, stock) VALUES ('kiwi', 70, 2)");

    GitSandbox.Result pull = sandbox().git(b, "pull");

    assertFalse(pull.output().contains("CONFLICT"), pull::toString);
    assertContains(pull.stderr(), "git-hydrate: " + tracked() + ": table items: 1 row inserted on both sides under"
        + " the same key; theirs renumbered: 6 → 7", pull);
    List<String> both = new java.util.ArrayList<>(BASE_ITEMS);
    both.addAll(List.of("6|kiwi|70|2", "7|fig|60|1"));
    assertDatabase(b, both, BASE_KV, BASE_NOTES, "git pull");
    assertDatabaseIsHead(b, "git pull");

    sandbox().git(b, "push", "-q");
    sandbox().git(a, "pull", "-q", "--ff-only");
    assertDatabase(a, both, BASE_KV, BASE_NOTES, "pulling B's merge (A's fig has moved to id 7)");
    assertDatabaseIsHead(a, "pulling B's merge");
  }

  /**
   * In a table named by {@code keepIds} the same new id on both sides is a conflict, not a
   * renumbering; {@code git merge --abort} then puts the database back as it was.
   */
  @Test
  void bothInsertingUnderTheSameNewIdOfAKeepIdsTableIsAConflict() throws IOException {
    Path remote = newRemote();
    Path a = cloneOf(remote, "A");
    Path b = cloneOf(remote, "B");
    commitRows(a, "A takes order 2", "INSERT INTO orders(what) VALUES ('order of A')");
    sandbox().git(a, "push", "-q");
    commitRows(b, "B takes order 2", "INSERT INTO orders(what) VALUES ('order of B')");

    GitSandbox.Result pull = sandbox().tryGit(b, "pull");

    assertEquals(1, pull.exitCode(), () -> "the same order id should conflict:\n" + pull);
    assertContains(pull.stderr(), "CONFLICT (inserted): " + tracked() + ": orders 2: inserted on both sides with"
        + " different values", pull);
    assertFalse(pull.stderr().contains("renumbered"), pull::toString);
    assertEquals(List.of("UU " + tracked()), sandbox().status(b));
    GitSandbox.Result conflicts = sandbox().git(b, "hydrate", "conflicts");
    assertEquals("app.db: 1 conflict\n  orders 2: inserted on both sides with different values\n",
        conflicts.stdout(), conflicts::toString);

    GitSandbox.Result abort = sandbox().git(b, "merge", "--abort");
    assertEquals(List.of("1|first order", "2|order of B"), orders(b), abort::toString);
    assertDatabaseIsHead(b, "git merge --abort");
  }

  /**
   * The whole round of a conflict: git pull stops, git status, git hydrate status, conflicts and
   * doctor name the cell, {@code git hydrate resolve --theirs} takes theirs there and keeps
   * everything else merged, git commit concludes, and the teammate pulls the result.
   */
  @Test
  void aCellChangedDifferentlyIsAConflictThatResolveTheirsSettles() throws IOException {
    Path remote = newRemote();
    Path a = cloneOf(remote, "A");
    Path b = cloneOf(remote, "B");
    conflictOverItemOnesPrice(a, b);

    GitSandbox.Result status = sandbox().git(b, "hydrate", "status");
    assertEquals("app.db: conflict (1 conflict: items 1 price; see: git hydrate conflicts; then git hydrate resolve"
        + " [--ours|--theirs])\n", status.stdout(), status::toString);
    GitSandbox.Result conflicts = sandbox().git(b, "hydrate", "conflicts");
    assertEquals("app.db: 1 conflict\n  items 1 price: base 10, ours 12, theirs 11\n", conflicts.stdout(),
        conflicts::toString);
    GitSandbox.Result json = sandbox().git(b, "hydrate", "conflicts", "--json");
    assertEquals("""
        {
          "databases" : {
            "app.db" : {
              "path" : "%s",
              "conflicts" : [ {
                "kind" : "cell",
                "table" : "items",
                "key" : [ 1 ],
                "column" : "price",
                "base" : 10,
                "ours" : 12,
                "theirs" : 11
              } ]
            }
          },
          "errors" : [ ]
        }
        """.formatted(tracked()), json.stdout(), json::toString);
    GitSandbox.Result doctor = sandbox().tryGit(b, "hydrate", "doctor");
    assertEquals(1, doctor.exitCode(), doctor::toString);
    assertTrue(doctor.stdout().contains("PROBLEM  app.db: a merge left it in conflict (1 conflict: items 1 price)\n"
        + "         fix: see: git hydrate conflicts; then git hydrate resolve [--ours|--theirs]\n"), doctor::toString);

    GitSandbox.Result resolve = sandbox().git(b, "hydrate", "resolve", "--theirs");

    assertContains(resolve.stdout(), "git-hydrate: app.db: resolved, taking theirs where the sides disagreed"
        + " (1 place); staged", resolve);
    assertEquals(List.of("M  " + tracked()), sandbox().status(b), "git status after resolve:\n" + resolve);
    GitSandbox.Result commit = sandbox().git(b, "commit", "-q", "--no-edit");
    assertTrue(isMergeCommit(b), commit::toString);
    assertDatabase(b, itemsWithApplePrice(11), BOTH_SIDES_KV, B_NOTES, "resolve --theirs and commit");
    assertDatabaseIsHead(b, "resolve --theirs and commit");

    sandbox().git(b, "push", "-q");
    sandbox().git(a, "pull", "-q", "--ff-only");
    assertDatabase(a, itemsWithApplePrice(11), BOTH_SIDES_KV, B_NOTES, "pulling B's resolution");
    assertDatabaseIsHead(a, "pulling B's resolution");
  }

  /**
   * Ours at every conflict, of two kinds: a cell both changed, and a row one side deleted while the
   * other changed it. Everything else both sides did stays merged.
   */
  @Test
  void resolveOursKeepsOursAtEachConflictAndEverythingElseMerged() throws IOException {
    Path remote = newRemote();
    Path a = cloneOf(remote, "A");
    Path b = cloneOf(remote, "B");
    commitRows(a, "A: apple 11, no plum, an aardvark", "UPDATE items SET price = 11 WHERE id = 1",
        "DELETE FROM items WHERE id = 3", "INSERT INTO kv VALUES ('aardvark', 'A', 10)");
    sandbox().git(a, "push", "-q");
    commitRows(b, "B: apple 12, plum 33, note 2 reworded", "UPDATE items SET price = 12 WHERE id = 1",
        "UPDATE items SET price = 33 WHERE id = 3", "UPDATE notes SET body = 'second note (B)' WHERE id = 2");
    GitSandbox.Result pull = sandbox().tryGit(b, "pull");
    assertEquals(1, pull.exitCode(), pull::toString);
    assertContains(pull.stderr(), "CONFLICT (deleted): " + tracked() + ": items 3: changed on ours, deleted on theirs",
        pull);

    GitSandbox.Result resolve = sandbox().git(b, "hydrate", "resolve", "--ours", "app.db");
    assertContains(resolve.stdout(), "git-hydrate: app.db: resolved, taking ours where the sides disagreed"
        + " (2 places); staged", resolve);
    sandbox().git(b, "commit", "-q", "--no-edit");

    List<String> items = List.of("1|apple|12|5", "2|pear|20|6", "3|plum|33|7", "4|quince|40|8", "5|cherry|50|9");
    assertDatabase(b, items, BOTH_SIDES_KV, B_NOTES, "resolve --ours and commit");
    assertDatabaseIsHead(b, "resolve --ours and commit");
  }

  /**
   * {@code git pull --rebase} replays B's commit on A's: the driver runs with ours and theirs the
   * other way round (ours is A's, theirs B's own commit). Both sides' changes are kept; B's item,
   * inserted under the id A took too, is the one renumbered.
   */
  @Test
  void pullRebaseWithRowChangesOnBothSidesKeepsBoth() throws IOException {
    Path remote = newRemote();
    Path a = cloneOf(remote, "A");
    Path b = cloneOf(remote, "B");
    commitRows(a, "A: apple 11, a fig, an aardvark", "UPDATE items SET price = 11 WHERE id = 1",
        "INSERT INTO items(name, price, stock) VALUES ('fig', 60, 1)", "INSERT INTO kv VALUES ('aardvark', 'A', 10)");
    sandbox().git(a, "push", "-q");
    commitRows(b, "B: pear 22, a kiwi, no gamma", "UPDATE items SET price = 22 WHERE id = 2",
        "INSERT INTO items(name, price, stock) VALUES ('kiwi', 70, 2)", "DELETE FROM kv WHERE k = 'gamma'");

    GitSandbox.Result pull = sandbox().git(b, "pull", "--rebase");

    assertFalse(pull.output().contains("CONFLICT"), pull::toString);
    assertContains(pull.stderr(), "theirs renumbered: 6 → 7", pull);
    assertEquals(sandbox().git(b, "rev-parse", "origin/main").stdout(), sandbox().git(b, "rev-parse", "HEAD~1").stdout(),
        "B's commit should sit on A's:\n" + pull);
    List<String> items = List.of("1|apple|11|5", "2|pear|22|6", "3|plum|30|7", "4|quince|40|8", "5|cherry|50|9",
        "6|fig|60|1", "7|kiwi|70|2");
    List<String> kv = List.of("aardvark|A|10", "alpha|a|1", "beta|b|2", "delta|d|4", "epsilon|e|5");
    assertDatabase(b, items, kv, BASE_NOTES, "git pull --rebase");
    assertDatabaseIsHead(b, "git pull --rebase");
  }

  /**
   * Git's own way to take the merge as it stands (ours at the conflict): {@code git add},
   * {@code git commit}. The list of conflicts the driver wrote for the person merging is not part of
   * the database: the commit holds the database's archive as an export gives it.
   */
  @Test
  void acceptingTheMergeWithGitAddCommitsItWithoutTheListOfConflicts() throws IOException {
    Path remote = newRemote();
    Path a = cloneOf(remote, "A");
    Path b = cloneOf(remote, "B");
    conflictOverItemOnesPrice(a, b);

    sandbox().git(b, "add", tracked());
    GitSandbox.Result commit = sandbox().tryGit(b, "commit", "--no-edit");
    if (tracked().endsWith(".json")) {
      // Hooks mode: the database was not loaded with the merge, so the staged archive is the
      // driver's, which still lists its conflicts: refused, until they are resolved.
      assertTrue(commit.exitCode() != 0, commit::toString);
      GitSandbox.assertContains(commit.stderr(), "still lists the conflicts a merge left", commit);
      sandbox().git(b, "hydrate", "resolve", "--ours");
      commit = sandbox().git(b, "commit", "--no-edit");
    }
    assertEquals(0, commit.exitCode(), commit::toString);

    assertTrue(isMergeCommit(b), commit::toString);
    assertDatabase(b, itemsWithApplePrice(12), BOTH_SIDES_KV, B_NOTES, "git add and commit: " + commit);
    assertDatabaseIsHead(b, "git add and commit");
  }
}
