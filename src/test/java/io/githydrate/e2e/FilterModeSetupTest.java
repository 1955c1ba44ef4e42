package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.notes;
import static io.githydrate.e2e.GitSandbox.seedNotesAnd;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.git.FilterConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Setting filter mode up with the real {@code git}: moving a hooks-mode repository over and back
 * ({@code install --filter}, {@code install --hooks}), a teammate following the move, a clone made
 * before the filter was set up, the per-user settings ({@code install --global},
 * {@code uninstall --global}), and the pre-commit hook that stops raw databases.
 */
class FilterModeSetupTest {
  private static final String ARCHIVE_START = "{\n \"format\": \"git-hydrate-archive\"";

  @TempDir
  static Path classDirectory;

  /** Seeded in hooks mode; its HOME starts without the filter's settings. */
  static GitSandbox hooks;
  /** Seeded in filter mode; its HOME has the filter's settings (install --global). */
  static GitSandbox filter;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandboxes() throws IOException {
    hooks = GitSandbox.start(classDirectory.resolve("hooks"));
    filter = GitSandbox.startFilterMode(classDirectory.resolve("filter"));
  }

  /** {@code sandbox}'s environment with a HOME of its own whose .gitconfig holds {@code gitconfig} only. */
  private Map<String, String> environmentWithHome(GitSandbox sandbox, String home, String gitconfig) throws IOException {
    Path folder = Files.createDirectories(dir.resolve(home));
    Files.writeString(folder.resolve(".gitconfig"), gitconfig, StandardCharsets.UTF_8);
    Map<String, String> env = new HashMap<>(sandbox.environment());
    env.put("HOME", folder.toString());
    return env;
  }

  /** A user who never ran {@code git hydrate install --global}: the hydrate filter is not configured. */
  private Map<String, String> environmentWithoutFilter(GitSandbox sandbox) throws IOException {
    return environmentWithHome(sandbox, "plain-home", "[init]\n\tdefaultBranch = main\n");
  }

  private static List<String> stagedRenames(GitSandbox sandbox, Path clone) {
    return sandbox.git(clone, "diff", "--cached", "-M", "--name-status").stdout().lines().sorted().toList();
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  @Test
  void installFilterMovesAHooksModeCloneOverAsRenamesAndATeammateFollowsAndInstallHooksMovesItBack()
      throws IOException {
    Path remote = hooks.newRemote(dir);
    Path a = hooks.cloneInstalled(remote, dir.resolve("A"));
    Path b = hooks.cloneInstalled(remote, dir.resolve("B"));

    GitSandbox.Result toFilter = hooks.git(a, "hydrate", "install", "--filter");

    assertEquals(List.of("M\t.gitattributes", "M\t.gitignore", "R100\tapp.db.json\tapp.db"), stagedRenames(hooks, a),
        () -> "install --filter should stage the archive's move to app.db and the set-up files only:\n" + toFilter);
    assertFalse(Files.exists(a.resolve("app.db.json")), "app.db.json should be gone from the work tree");
    assertEquals(GitSandbox.SEED_NOTES, notes(a.resolve("app.db")), "A's database after install --filter");
    hooks.git(a, "commit", "-q", "-m", "Keep databases in filter mode");
    assertEquals(List.of(), hooks.status(a), "git status in A after the commit");
    assertTrue(hooks.git(a, "show", "HEAD:app.db").stdout().startsWith(ARCHIVE_START), "Git should hold the archive at app.db");
    hooks.git(a, "push", "-q");

    hooks.git(b, "hydrate", "install", "--global"); // the teammate, once (the sandbox's HOME is every clone's)
    GitSandbox.Result pull = hooks.git(b, "pull", "-q");

    assertEquals(GitSandbox.SEED_NOTES, notes(b.resolve("app.db")), () -> "B's database after git pull:\n" + pull);
    assertFalse(Files.exists(b.resolve("app.db.json")), "app.db.json should be gone from B's work tree");
    assertEquals(List.of(), hooks.status(b), () -> "git status in B after git pull:\n" + pull);

    GitSandbox.Result toHooks = hooks.git(a, "hydrate", "install", "--hooks");

    assertEquals(List.of("M\t.gitattributes", "M\t.gitignore", "R100\tapp.db\tapp.db.json"), stagedRenames(hooks, a),
        () -> "install --hooks should stage the archive's move back to app.db.json and the set-up files only:\n" + toHooks);
    assertEquals(GitSandbox.SEED_NOTES, notes(a.resolve("app.db")), "A's database after install --hooks");
    hooks.git(a, "commit", "-q", "-m", "Keep databases in hooks mode");
    assertEquals(List.of(), hooks.status(a), "git status in A after committing the move back");
  }

  /**
   * Beyond the move itself: a teammate still in hooks mode has a change in app.db that is not in
   * app.db.json yet (hooks mode ignores app.db, so git status says nothing). Pulling the move makes Git
   * write a tracked app.db over that ignored file; the change must not vanish without a trace.
   */
  @Test
  void pullingTheMoveToFilterModeKeepsATeammatesChangeNotYetInItsArchive() throws IOException {
    Path remote = hooks.newRemote(dir);
    Path a = hooks.cloneInstalled(remote, dir.resolve("A"));
    Path b = hooks.cloneInstalled(remote, dir.resolve("B"));
    sql(b.resolve("app.db"), "INSERT INTO notes VALUES (3, 'B has not committed this')");
    assertEquals(List.of(), hooks.status(b), "hooks mode: git status in B shows nothing");
    hooks.git(a, "hydrate", "install", "--filter");
    hooks.git(a, "commit", "-q", "-m", "Keep databases in filter mode");
    hooks.git(a, "push", "-q");

    hooks.git(b, "hydrate", "install", "--global");
    GitSandbox.Result pull = hooks.tryGit(b, "pull", "-q");

    List<String> found = new ArrayList<>();
    if (Files.isRegularFile(b.resolve("app.db"))) {
      found.addAll(notes(b.resolve("app.db")));
    }
    Path backups = b.resolve(".git").resolve("git-hydrate").resolve("backups");
    if (Files.isDirectory(backups)) {
      for (String name : GitSandbox.list(backups)) {
        if (name.endsWith(".bak") || name.endsWith(".db")) {
          found.addAll(notes(backups.resolve(name)));
        }
      }
    }
    assertTrue(found.contains("3|B has not committed this"),
        () -> "B's row should be in app.db or in a backup under .git/git-hydrate/backups, found " + found + ":\n" + pull);
  }

  @Test
  void installFilterRefusesADatabaseWithChangesNotInItsArchiveAndChangesNothing() throws IOException {
    Path a = hooks.cloneInstalled(hooks.newRemote(dir), dir.resolve("A"));
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'not exported')");
    List<String> statusBefore = hooks.status(a);
    String attributes = read(a.resolve(".gitattributes"));
    String ignores = read(a.resolve(".gitignore"));
    List<String> hookFiles = GitSandbox.list(GitSandbox.hooksOf(a));

    GitSandbox.Result install = hooks.tryGit(a, "hydrate", "install", "--filter");

    assertNotEquals(0, install.exitCode(), () -> "install --filter should refuse:\n" + install);
    List<String> said = install.output().lines().filter(line -> !line.isBlank()).toList();
    assertEquals(1, said.size(), () -> "one line should say why:\n" + install);
    assertContains(said.get(0), "app.db", install);
    assertEquals("", hooks.git(a, "diff", "--cached", "--name-status").stdout(), "nothing should be staged");
    assertEquals(statusBefore, hooks.status(a), "git status should be as before");
    assertEquals(List.of(".gitattributes", ".gitignore", "app.db.json", "notes.txt"), hooks.trackedFiles(a));
    assertEquals(attributes, read(a.resolve(".gitattributes")), ".gitattributes should be unchanged");
    assertEquals(ignores, read(a.resolve(".gitignore")), ".gitignore should be unchanged");
    assertEquals(hookFiles, GitSandbox.list(GitSandbox.hooksOf(a)), "the hooks should be unchanged");
    assertTrue(Files.exists(a.resolve("app.db.json")), "the archive should still be there");
    assertEquals(seedNotesAnd("3|not exported"), notes(a.resolve("app.db")), "the database should be unchanged");
  }

  @Test
  void aCloneMadeBeforeTheFilterWasSetUpIsFoundByDoctorAndFixedByInstallFilter() throws IOException {
    Path remote = filter.newRemote(dir);
    Map<String, String> plain = environmentWithoutFilter(filter);
    Path a = dir.resolve("A");
    filter.run(dir, plain, "clone", "-q", remote.toString(), a.toString());
    assertTrue(read(a.resolve("app.db")).startsWith(ARCHIVE_START), "without the filter, app.db is the archive's text");

    GitSandbox.Result doctor = filter.run(a, plain, "hydrate", "doctor");

    assertNotEquals(0, doctor.exitCode(), () -> "doctor should find a problem:\n" + doctor);
    assertContains(doctor.output(), "the hydrate filter is not set up", doctor);
    assertContains(doctor.output(), "app.db holds its archive's text", doctor);

    GitSandbox.Result install = filter.run(a, plain, "hydrate", "install", "--filter");

    assertEquals(0, install.exitCode(), install::toString);
    assertEquals(GitSandbox.SEED_NOTES, notes(a.resolve("app.db")), () -> "the database after install --filter:\n" + install);
    GitSandbox.Result status = filter.run(a, plain, "status", "--porcelain");
    assertEquals("", status.stdout(), () -> "git status after install --filter should be clean:\n" + status
        + "\n" + install);
  }

  @Test
  void uninstallGlobalRemovesExactlyWhatInstallGlobalWrote() throws IOException {
    String before = "[init]\n\tdefaultBranch = main\n[diff \"hydrate\"]\n\twordRegex = [^[:space:]]+\n[user]\n\tname = Ada\n";
    Map<String, String> env = environmentWithHome(filter, "own-home", before);
    Path gitconfig = dir.resolve("own-home").resolve(".gitconfig");

    GitSandbox.Result install = filter.run(dir, env, "hydrate", "install", "--global");

    assertEquals(0, install.exitCode(), install::toString);
    FilterConfig.SETTINGS.forEach((key, value) -> assertEquals(value,
        filter.run(dir, env, "config", "--global", "--get", key).stdout().strip(), key + " after install --global"));

    GitSandbox.Result uninstall = filter.run(dir, env, "hydrate", "uninstall", "--global");

    assertEquals(0, uninstall.exitCode(), uninstall::toString);
    assertEquals(before, read(gitconfig), () -> "~/.gitconfig should be as before install --global:\n" + uninstall);
  }

  @Test
  void aCommitOfRawDatabaseBytesIsRefusedByThePreCommitHook() throws IOException {
    Path a = filter.clone(filter.newRemote(dir), dir.resolve("A"));
    filter.git(a, "hydrate", "install", "--filter"); // the pre-commit hook
    Map<String, String> plain = environmentWithoutFilter(filter);
    String head = filter.head(a);
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'raw')");

    assertEquals(0, filter.run(a, plain, "add", "app.db").exitCode(), "git add without the filter");
    GitSandbox.Result staged = filter.run(a, plain, "cat-file", "blob", ":app.db");
    assertTrue(staged.stdout().startsWith("SQLite format 3"), "without the filter, the raw database is staged");

    GitSandbox.Result commit = filter.run(a, plain, "commit", "-m", "Add a note");

    assertNotEquals(0, commit.exitCode(), () -> "the commit should be refused:\n" + commit);
    assertContains(commit.stderr(), "app.db is staged as a raw SQLite file", commit);
    assertEquals(head, filter.head(a), "no commit should have been made");
  }
}
