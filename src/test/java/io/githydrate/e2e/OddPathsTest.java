package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.query;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths Git can hold but git-hydrate once stumbled on: a name with a tab is refused alone while
 * every other database is handled; a backslash is part of a name, not a folder; databases reached
 * through symbolic links inside the work tree are handled once; a submodule's databases are its own.
 */
class OddPathsTest {
  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.start(classDirectory);
  }

  private List<String> committedFiles(Path clone) {
    return Arrays.asList(sandbox.git(clone, "ls-tree", "-r", "-z", "--name-only", "HEAD").stdout().split("\0"));
  }

  @Test
  void aTabInANameIsRefusedAloneAndABackslashIsPartOfAName() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = sandbox.cloneInstalled(remote, dir.resolve("A"));
    sql(a.resolve("tab\tname.db"), "CREATE TABLE t(x)", "INSERT INTO t VALUES ('tab')");
    sql(a.resolve("back\\slash.db"), "CREATE TABLE t(x)", "INSERT INTO t VALUES ('backslash')");

    GitSandbox.Result status = sandbox.git(a, "hydrate", "status");

    assertContains(status.stdout(), "app.db: in sync", status);
    assertContains(status.stdout(), "back\\slash.db: archive missing", status);
    assertContains(status.stderr(), "git-hydrate: warning: tab\\u0009name.db: left alone (tab\\u0009name.db.json:"
        + " refusing this path: it contains a control character); the other databases are handled", status);

    sandbox.git(a, "hydrate", "add");
    GitSandbox.Result commit = sandbox.git(a, "commit", "-m", "A backslash");
    assertTrue(committedFiles(a).contains("back\\slash.db.json"), commit::toString);
    assertFalse(committedFiles(a).stream().anyMatch(name -> name.contains("\t")), commit::toString);
    sandbox.git(a, "push", "-q", "origin", "main");

    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    sandbox.git(b, "hydrate", "repair");

    assertEquals(List.of("backslash"), query(b.resolve("back\\slash.db"), "SELECT x FROM t"));
    assertFalse(Files.exists(b.resolve("back")), "a backslash is not a folder");
    assertEquals("app.db: in sync\nback\\slash.db: in sync\n", sandbox.git(b, "hydrate", "status").stdout());
  }

  @Test
  void databasesReachedThroughSymbolicLinksAreHandledOnce() throws IOException {
    Path a = sandbox.cloneInstalled(sandbox.newRemote(dir), dir.resolve("A"));
    Files.createDirectories(a.resolve("store"));
    Files.createDirectories(a.resolve("data"));
    sql(a.resolve("store/app.data"), "CREATE TABLE t(x)", "INSERT INTO t VALUES ('linked')");
    Files.createSymbolicLink(a.resolve("data/linked.db"), Path.of("../store/app.data"));
    Files.createSymbolicLink(a.resolve("alias.db"), Path.of("app.db")); // app.db is listed under its own name
    Files.createSymbolicLink(a.resolve("storage"), Path.of("store"));
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    sql(elsewhere.resolve("outside.db"), "CREATE TABLE t(x)", "INSERT INTO t VALUES ('outside')");
    Files.createSymbolicLink(a.resolve("outside.db"), elsewhere.resolve("outside.db"));

    GitSandbox.Result status = sandbox.git(a, "hydrate", "status");

    assertEquals("app.db: in sync\ndata/linked.db: archive missing (run: git hydrate dehydrate)\n", status.stdout(),
        status::toString);
    assertContains(status.stderr(), "outside.db: left alone (outside.db: refusing this path: it leads outside the"
        + " repository", status);

    sandbox.git(a, "hydrate", "add");
    GitSandbox.Result commit = sandbox.git(a, "commit", "-m", "A linked database");
    assertContains(sandbox.git(a, "show", "HEAD:data/linked.db.json").stdout(), "linked", commit);
    assertTrue(Files.isSymbolicLink(a.resolve("data/linked.db")), "the link stays a link");

    // Named explicitly, a path works wherever its link leads; through a linked folder it is the database itself.
    GitSandbox.Result explicit = sandbox.git(a, "hydrate", "dehydrate", "outside.db");
    assertContains(explicit.stdout(), "outside.db: written", explicit);
    assertContains(Files.readString(a.resolve("outside.db.json")), "outside", explicit);
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'third note')");
    GitSandbox.Result viaLink = sandbox.git(a, "hydrate", "dehydrate", "alias.db");
    assertContains(viaLink.stdout(), "app.db: written", viaLink);
    assertFalse(Files.exists(a.resolve("alias.db.json")), viaLink::toString);
  }

  @Test
  void aCloneWithItsSubmodulesGetsEveryDatabaseAndPullsBringThemAlong() throws IOException {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    sandbox.git(lib, "init", "-q", "-b", "main");
    sandbox.git(lib, "hydrate", "install");
    sql(lib.resolve("lib.db"), "CREATE TABLE t(x)", "INSERT INTO t VALUES ('library')");
    sandbox.git(lib, "hydrate", "add");
    sandbox.git(lib, "commit", "-qm", "The library's database");
    Path remote = sandbox.newRemote(dir);
    Path a = sandbox.cloneInstalled(remote, dir.resolve("A"));
    sandbox.git(a, "-c", "protocol.file.allow=always", "submodule", "add", "-q", lib.toString(), "lib");
    sandbox.git(a, "commit", "-qm", "The library");
    sandbox.git(a, "push", "-q", "origin", "main");

    sandbox.git(dir, "-c", "protocol.file.allow=always", "clone", "-q", "--recurse-submodules", remote.toString(), "B");
    Path b = dir.resolve("B");
    GitSandbox.Result install = sandbox.git(b, "hydrate", "install");

    assertContains(install.stdout() + install.stderr(), "lib: ", install);
    assertEquals(List.of("library"), query(b.resolve("lib/lib.db"), "SELECT x FROM t"), install::toString);
    assertEquals("lib.db: in sync\n", sandbox.git(b.resolve("lib"), "hydrate", "status").stdout());

    // The library moves on; the superproject takes the new commit; a pull with its submodules brings the row.
    sql(lib.resolve("lib.db"), "INSERT INTO t VALUES ('second')");
    sandbox.git(lib, "hydrate", "add");
    sandbox.git(lib, "commit", "-qm", "A second row");
    sandbox.git(a.resolve("lib"), "-c", "protocol.file.allow=always", "pull", "-q", "origin", "main");
    sandbox.git(a, "commit", "-qam", "The library, moved on");
    sandbox.git(a, "push", "-q", "origin", "main");
    GitSandbox.Result pull = sandbox.git(b, "-c", "protocol.file.allow=always", "pull", "-q", "--recurse-submodules");

    assertEquals(List.of("library", "second"), query(b.resolve("lib/lib.db"), "SELECT x FROM t ORDER BY rowid"),
        pull::toString);
  }

  @Test
  void aSubmoduleKeepsItsDatabasesToItself() throws IOException {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    sandbox.git(lib, "init", "-q", "-b", "main");
    sandbox.git(lib, "hydrate", "install");
    sql(lib.resolve("lib.db"), "CREATE TABLE t(x)", "INSERT INTO t VALUES ('library')");
    sandbox.git(lib, "hydrate", "add");
    sandbox.git(lib, "commit", "-qm", "The library's database");
    Path a = sandbox.cloneInstalled(sandbox.newRemote(dir), dir.resolve("A"));
    sandbox.git(a, "-c", "protocol.file.allow=always", "submodule", "add", "-q", lib.toString(), "lib");
    GitSandbox.Result commit = sandbox.git(a, "commit", "-qm", "The library");

    GitSandbox.Result status = sandbox.git(a, "hydrate", "status");
    assertEquals("app.db: in sync\n", status.stdout(), commit + "\n" + status);

    Path inside = a.resolve("lib");
    sandbox.git(inside, "hydrate", "hydrate");
    assertEquals(List.of("library"), query(inside.resolve("lib.db"), "SELECT x FROM t"));
    assertEquals("lib.db: in sync\n", sandbox.git(inside, "hydrate", "status").stdout());
  }
}
