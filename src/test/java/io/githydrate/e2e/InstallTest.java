package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.SEED_NOTES;
import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.contents;
import static io.githydrate.e2e.GitSandbox.hooksOf;
import static io.githydrate.e2e.GitSandbox.list;
import static io.githydrate.e2e.GitSandbox.notes;
import static io.githydrate.e2e.GitSandbox.seedNotesAnd;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Setting git-hydrate up in a repository and taking it out again: install hydrates and is
 * idempotent, keeps hooks that were there, follows {@code core.hooksPath}, works in awkward paths;
 * uninstall undoes it; hooks whose binary is gone fail safe.
 */
class InstallTest {
  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.start(classDirectory);
  }

  @Test
  void cloneThenInstallHydratesTheDatabasesAndInstallingAgainChangesNothing() throws IOException {
    Path b = sandbox.clone(sandbox.newRemote(dir), dir.resolve("B"));
    assertFalse(Files.exists(b.resolve("app.db")));

    GitSandbox.Result install = sandbox.git(b, "hydrate", "install");

    assertEquals(SEED_NOTES, notes(b.resolve("app.db")), install::toString);
    assertContains(install.stderr(), "git-hydrate: app.db: created from app.db.json", install);
    for (String hook : GitSandbox.HOOKS) {
      assertContains(install.stdout(), "git-hydrate: installed hook " + hook + " in .git/hooks/" + hook, install);
    }
    assertEquals(List.of(), sandbox.status(b), install::toString);
    Map<String, String> hooks = contents(hooksOf(b));
    String ignore = Files.readString(b.resolve(".gitignore"));
    String attributes = Files.readString(b.resolve(".gitattributes"));

    GitSandbox.Result again = sandbox.git(b, "hydrate", "install");

    assertEquals("git-hydrate: already installed\n", again.stdout(), again::toString);
    assertEquals(hooks, contents(hooksOf(b)), "hooks after installing twice");
    assertEquals(ignore, Files.readString(b.resolve(".gitignore")));
    assertEquals(attributes, Files.readString(b.resolve(".gitattributes")));
    assertEquals(SEED_NOTES, notes(b.resolve("app.db")));
  }

  @Test
  void anExistingPostCheckoutHookStillRunsAfterInstallAndGetsItsNameBackOnUninstall() throws IOException {
    Path b = sandbox.clone(sandbox.newRemote(dir), dir.resolve("B"));
    Path marker = dir.resolve("marker.txt");
    Path theirs = hooksOf(b).resolve("post-checkout");
    String script = "#!/bin/sh\necho \"post-checkout $*\" >> " + GitSandbox.shellQuote(marker.toString()) + "\n";
    Files.writeString(theirs, script);
    Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> before = list(hooksOf(b));

    GitSandbox.Result install = sandbox.git(b, "hydrate", "install");
    assertContains(install.stdout(), "git-hydrate: kept the existing post-checkout hook as"
        + " post-checkout.before-git-hydrate; it still runs first", install);

    Files.delete(b.resolve("app.db"));
    GitSandbox.Result checkout = sandbox.git(b, "checkout", "-q", "-b", "topic");

    assertTrue(Files.exists(marker), () -> "the third-party hook did not run:\n" + checkout);
    assertEquals(1, Files.readAllLines(marker).size(), checkout::toString);
    assertEquals(SEED_NOTES, notes(b.resolve("app.db")), "git-hydrate's own post-checkout should run too:\n" + checkout);

    GitSandbox.Result uninstall = sandbox.git(b, "hydrate", "uninstall");

    assertContains(uninstall.stdout(), "git-hydrate: restored the previous post-checkout hook", uninstall);
    assertEquals(before, list(hooksOf(b)), uninstall::toString);
    assertEquals(script, Files.readString(theirs));
    assertTrue(Files.isExecutable(theirs));
  }

  @Test
  void uninstallLeavesTheRepositoryAsItWasBeforeInstall() throws IOException {
    Path project = newProject();
    List<String> hooks = list(hooksOf(project));
    List<String> status = statusWithIgnored(project);

    GitSandbox.Result install = sandbox.git(project, "hydrate", "install");
    assertTrue(Files.exists(project.resolve(".gitignore")), install::toString);
    assertTrue(Files.exists(project.resolve(".gitattributes")), install::toString);
    GitSandbox.Result uninstall = sandbox.git(project, "hydrate", "uninstall");

    assertAll(uninstall.toString(),
        () -> assertEquals(hooks, list(hooksOf(project)), "hooks folder"),
        () -> assertFalse(Files.exists(project.resolve(".gitignore")), ".gitignore, which install created"),
        () -> assertFalse(Files.exists(project.resolve(".gitattributes")), ".gitattributes, which install created"),
        () -> assertEquals(status, statusWithIgnored(project), "git status"));
  }

  @Test
  void uninstallGivesBackTheUsersOwnIgnoreAndAttributesFilesByteForByte() throws IOException {
    Path project = newProject();
    // The last line without a line break, as some editors leave it.
    String ignore = "build/\n*.log";
    String attributes = "*.png binary\n";
    Files.writeString(project.resolve(".gitignore"), ignore);
    Files.writeString(project.resolve(".gitattributes"), attributes);

    sandbox.git(project, "hydrate", "install");
    GitSandbox.Result uninstall = sandbox.git(project, "hydrate", "uninstall");

    assertAll(uninstall.toString(),
        () -> assertEquals(ignore, Files.readString(project.resolve(".gitignore")), ".gitignore"),
        () -> assertEquals(attributes, Files.readString(project.resolve(".gitattributes")), ".gitattributes"));
  }

  /** A new repository with one database and nothing committed, as before anyone installed git-hydrate. */
  private Path newProject() {
    Path project = dir.resolve("project");
    sandbox.git(dir, "init", "-q", project.toString());
    sql(project.resolve("app.db"), "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
    return project;
  }

  private List<String> statusWithIgnored(Path project) {
    return sandbox.git(project, "status", "--porcelain", "--ignored").stdout().lines().toList();
  }

  @Test
  void cloneInstallCommitAndPullWorkInAPathWithSpacesAndNonAsciiLetters() throws IOException {
    assumeTrue("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
        "this JVM cannot name files with non-ASCII letters");
    Path place = dir.resolve("shared drive").resolve("Grüße ñandú café");
    Path remote = sandbox.newRemote(place);
    Path a = sandbox.clone(remote, place.resolve("Ana's copy"));
    Path b = sandbox.clone(remote, place.resolve("Björn's copy"));
    sandbox.git(a, "hydrate", "install");
    GitSandbox.Result install = sandbox.git(b, "hydrate", "install");
    assertEquals(SEED_NOTES, notes(b.resolve("app.db")), install::toString);

    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'from Ana')");
    sandbox.git(a, "hydrate", "add");
    GitSandbox.Result commit = sandbox.git(a, "commit", "-m", "Ana adds a note");
    assertEquals(List.of("app.db.json"), sandbox.filesOf(a, "HEAD"), commit::toString);
    sandbox.git(a, "push", "-q", "origin", "HEAD");

    GitSandbox.Result pull = sandbox.git(b, "pull");

    assertEquals(seedNotesAnd("3|from Ana"), notes(b.resolve("app.db")), pull::toString);
    assertEquals(List.of(), sandbox.status(b));
  }

  @Test
  void checkoutWithTheBinaryMissingSucceedsWithOneWarningLine() throws IOException {
    Path b = sandbox.cloneInstalled(sandbox.newRemote(dir), dir.resolve("B"));

    GitSandbox.Result checkout = sandbox.run(b, sandbox.environmentWithoutBinary(), "checkout", "-b", "elsewhere");

    assertEquals(0, checkout.exitCode(), checkout::toString);
    assertEquals(List.of("git-hydrate: not found on PATH, so databases were not updated; install it (see its README),"
        + " then run: git hydrate sync"), checkout.hydrateLines(), checkout::toString);
    assertEquals("elsewhere", sandbox.git(b, "branch", "--show-current").stdout().trim());
  }

  @Test
  void commitWithTheBinaryMissingIsRefused() throws IOException {
    Path b = sandbox.cloneInstalled(sandbox.newRemote(dir), dir.resolve("B"));
    GitSandbox.appendLine(b.resolve("notes.txt"), "more notes");
    sandbox.git(b, "add", "notes.txt");
    String before = sandbox.head(b);

    GitSandbox.Result commit = sandbox.run(b, sandbox.environmentWithoutBinary(), "commit", "-m", "More notes");

    assertEquals(1, commit.exitCode(), commit::toString);
    assertContains(commit.stderr(), "git-hydrate: not found on PATH, so changed databases cannot be exported;"
        + " refusing to commit.", commit);
    assertEquals(before, sandbox.head(b));
  }

  @Test
  void installHonoursCoreHooksPathAndTheHooksRunFromThere() throws IOException {
    Path b = sandbox.clone(sandbox.newRemote(dir), dir.resolve("B"));
    sandbox.git(b, "config", "core.hooksPath", ".githooks");

    GitSandbox.Result install = sandbox.git(b, "hydrate", "install");

    assertEquals(GitSandbox.HOOKS, list(b.resolve(".githooks")), install::toString);
    assertContains(Files.readString(b.resolve(".githooks/post-checkout")), "# git-hydrate hook:", install);
    assertFalse(Files.exists(hooksOf(b).resolve("post-checkout")), install::toString);
    assertEquals(SEED_NOTES, notes(b.resolve("app.db")), install::toString);

    Files.delete(b.resolve("app.db"));
    GitSandbox.Result checkout = sandbox.git(b, "checkout", "-q", "-b", "elsewhere");

    assertContains(checkout.stderr(), "git-hydrate: app.db: created from app.db.json", checkout);
    assertEquals(SEED_NOTES, notes(b.resolve("app.db")), checkout::toString);
  }
}
