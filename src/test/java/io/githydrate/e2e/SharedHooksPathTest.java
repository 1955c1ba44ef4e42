package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.SEED_NOTES;
import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.contents;
import static io.githydrate.e2e.GitSandbox.notes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code core.hooksPath} in the user's global config serves every repository of the user: install
 * writes nothing there unless told to ({@code --shared-hooks-path}), gives the repository a hooks
 * folder of its own that still runs the global hooks, and uninstall in one repository leaves the
 * global folder as it was.
 */
class SharedHooksPathTest {
  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  @TempDir
  Path dir;

  private Path global;
  private Path log;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.start(classDirectory);
  }

  /** A global hooks folder with a post-checkout and a commit-msg hook that log their runs. */
  @BeforeEach
  void globalHooks() throws IOException {
    global = Files.createDirectories(dir.resolve("global hooks"));
    log = dir.resolve("global-hooks.log");
    for (String hook : List.of("post-checkout", "commit-msg")) {
      Path file = global.resolve(hook);
      Files.writeString(file, "#!/bin/sh\necho \"" + hook + " in $(basename \"$PWD\")\" >> "
          + GitSandbox.shellQuote(log.toString()) + "\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    sandbox.git(dir, "config", "--global", "core.hooksPath", global.toString());
  }

  @AfterEach
  void noGlobalHooksPath() {
    sandbox.git(dir, "config", "--global", "--unset", "core.hooksPath");
  }

  private List<String> logged() throws IOException {
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  @Test
  void installWritesNoHookIntoTheGlobalFolderAndTheGlobalHooksStillRun() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = sandbox.clone(remote, dir.resolve("A"));
    Path other = sandbox.clone(remote, dir.resolve("other"));
    Map<String, String> globalBefore = contents(global);
    Files.deleteIfExists(log);

    GitSandbox.Result install = sandbox.git(a, "hydrate", "install");

    assertEquals(globalBefore, contents(global), "the global hooks folder:\n" + install);
    Path own = a.resolve(".git/git-hydrate/hooks");
    assertEquals(own.toRealPath().toString(), sandbox.git(a, "config", "--local", "core.hooksPath").stdout().trim());
    assertContains(install.stdout(), "git-hydrate: set core.hooksPath = .git/git-hydrate/hooks in this repository's"
        + " config: " + global + " serves other repositories too, so git-hydrate writes no hook there, and its hooks"
        + " still run from here (to write into it instead: git hydrate install --shared-hooks-path)\n", install);
    assertContains(install.stdout(), "git-hydrate: the hooks of " + global + " run from .git/git-hydrate/hooks too:"
        + " commit-msg, post-checkout\n", install);
    assertEquals(SEED_NOTES, notes(a.resolve("app.db")), install::toString);

    Files.delete(a.resolve("app.db"));
    GitSandbox.Result checkout = sandbox.git(a, "checkout", "-q", "-b", "topic");
    assertContains(checkout.stderr(), "git-hydrate: app.db: created from app.db.json", checkout);
    GitSandbox.appendLine(a.resolve("notes.txt"), "more");
    GitSandbox.Result commit = sandbox.git(a, "commit", "-qam", "More notes");
    assertEquals(List.of("post-checkout in A", "commit-msg in A"), logged(), checkout + "\n" + commit);

    GitSandbox.Result healthy = sandbox.git(a, "hydrate", "doctor");
    assertContains(healthy.stdout(), "ok       this repository has a hooks folder of its own, .git/git-hydrate/hooks,"
        + " so that no hook is written into " + global + ", whose hooks run from it too\n", healthy);
    Path prePush = global.resolve("pre-push");
    Files.writeString(prePush, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(prePush, PosixFilePermissions.fromString("rwxr-xr-x"));
    GitSandbox.Result missing = sandbox.tryGit(a, "hydrate", "doctor");
    assertContains(missing.stdout(), "PROBLEM  " + global + " has hooks that Git does not run in this repository:"
        + " pre-push\n         fix: run: git hydrate install\n", missing);
    sandbox.git(a, "hydrate", "install");
    assertEquals(0, sandbox.tryGit(a, "hydrate", "doctor").exitCode());
    globalBefore = contents(global);

    Files.delete(log);
    GitSandbox.Result elsewhere = sandbox.git(other, "checkout", "-q", "-b", "topic");
    assertEquals(List.of("post-checkout in other"), logged(), elsewhere::toString);
    assertFalse(elsewhere.stderr().contains("git-hydrate"), elsewhere::toString);
    assertFalse(Files.exists(other.resolve("app.db")), elsewhere::toString);

    GitSandbox.Result uninstall = sandbox.git(a, "hydrate", "uninstall");

    assertEquals(globalBefore, contents(global), "the global hooks folder:\n" + uninstall);
    assertContains(uninstall.stdout(), "git-hydrate: removed core.hooksPath from this repository's config (Git runs"
        + " the hooks of " + global + " again)\n", uninstall);
    assertEquals(1, sandbox.tryGit(a, "config", "--local", "core.hooksPath").exitCode(), uninstall::toString);
    assertFalse(Files.exists(own), uninstall::toString);
    Files.delete(log);
    sandbox.git(a, "checkout", "-q", "main");
    assertEquals(List.of("post-checkout in A"), logged());
  }

  @Test
  void withConsentInstallWritesIntoTheGlobalFolderAndOnlyUninstallWithConsentTakesThemOut() throws IOException {
    Path a = sandbox.clone(sandbox.newRemote(dir), dir.resolve("A"));
    String theirs = Files.readString(global.resolve("post-checkout"));

    GitSandbox.Result install = sandbox.git(a, "hydrate", "install", "--shared-hooks-path");

    assertContains(install.stdout(), "git-hydrate: kept the existing post-checkout hook as"
        + " post-checkout.before-git-hydrate; it still runs first", install);
    assertContains(Files.readString(global.resolve("pre-commit")), "# git-hydrate hook:", install);
    assertEquals(1, sandbox.tryGit(a, "config", "--local", "core.hooksPath").exitCode(), install::toString);

    GitSandbox.Result kept = sandbox.git(a, "hydrate", "uninstall");

    assertContains(kept.stdout(), "git-hydrate: kept git-hydrate's hooks in " + global + ": other repositories run"
        + " hooks from there too (core.hooksPath); to remove them there, run: git hydrate uninstall"
        + " --shared-hooks-path\n", kept);
    assertTrue(Files.exists(global.resolve("pre-commit")), kept::toString);

    GitSandbox.Result removed = sandbox.git(a, "hydrate", "uninstall", "--shared-hooks-path");

    assertContains(removed.stdout(), "git-hydrate: restored the previous post-checkout hook", removed);
    assertEquals(List.of("commit-msg", "post-checkout"), GitSandbox.list(global), removed::toString);
    assertEquals(theirs, Files.readString(global.resolve("post-checkout")));
  }

  @Test
  void aLocalCoreHooksPathOutsideTheRepositoryIsReplacedAndPutBackOnUninstall() throws IOException {
    Path a = sandbox.clone(sandbox.newRemote(dir), dir.resolve("A"));
    Path team = Files.createDirectories(dir.resolve("team-hooks"));
    Path commitMsg = team.resolve("commit-msg");
    Files.writeString(commitMsg, "#!/bin/sh\necho \"team commit-msg\" >> " + GitSandbox.shellQuote(log.toString()) + "\n");
    Files.setPosixFilePermissions(commitMsg, PosixFilePermissions.fromString("rwxr-xr-x"));
    sandbox.git(a, "config", "core.hooksPath", "../team-hooks");

    GitSandbox.Result install = sandbox.git(a, "hydrate", "install");

    assertEquals(List.of("commit-msg"), GitSandbox.list(team), install::toString);
    assertEquals("../team-hooks", sandbox.git(a, "config", "hydrate.hooksPathBefore").stdout().trim(), install::toString);
    GitSandbox.appendLine(a.resolve("notes.txt"), "more");
    Files.deleteIfExists(log);
    GitSandbox.Result commit = sandbox.git(a, "commit", "-qam", "More notes");
    assertEquals(List.of("team commit-msg"), logged(), commit::toString);

    GitSandbox.Result uninstall = sandbox.git(a, "hydrate", "uninstall");

    assertContains(uninstall.stdout(), "git-hydrate: set core.hooksPath back to ../team-hooks in this repository's"
        + " config\n", uninstall);
    assertEquals("../team-hooks", sandbox.git(a, "config", "--local", "core.hooksPath").stdout().trim());
    assertEquals(1, sandbox.tryGit(a, "config", "hydrate.hooksPathBefore").exitCode(), uninstall::toString);
    assertEquals(List.of("commit-msg"), GitSandbox.list(team), uninstall::toString);
  }

  @Test
  void aCopyOfTheRepositoryIsToldItsHooksFolderIsTheOriginalsAndUninstallThereLeavesItAlone() throws IOException {
    Path a = sandbox.clone(sandbox.newRemote(dir), dir.resolve("A"));
    sandbox.git(a, "hydrate", "install");
    Path own = a.resolve(".git/git-hydrate/hooks");
    Map<String, String> hooks = contents(own);
    Path copy = dir.resolve("copy");
    try (Stream<Path> files = Files.walk(a)) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(a.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }

    GitSandbox.Result doctor = sandbox.tryGit(copy, "hydrate", "doctor");

    assertEquals(1, doctor.exitCode(), doctor::toString);
    assertContains(doctor.stdout(), "PROBLEM  core.hooksPath names " + own.toRealPath() + ", git-hydrate's hooks folder"
        + " of another repository (was this one copied or moved?)\n         fix: run: git hydrate install\n", doctor);

    GitSandbox.Result uninstall = sandbox.git(copy, "hydrate", "uninstall");

    assertEquals(hooks, contents(own), "the original's hooks folder:\n" + uninstall);
    assertEquals(1, sandbox.tryGit(copy, "config", "--local", "core.hooksPath").exitCode(), uninstall::toString);
    assertEquals(own.toRealPath().toString(), sandbox.git(a, "config", "--local", "core.hooksPath").stdout().trim());
  }
}
