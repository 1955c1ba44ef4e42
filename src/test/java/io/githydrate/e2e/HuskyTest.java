package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.SEED_NOTES;
import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.notes;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * git-hydrate in a repository whose hooks husky (9) manages: its lines go first in husky's scripts
 * in {@code .husky/}, so a script that ends in {@code exit} or {@code exec} still runs them; a
 * teammate without git-hydrate is warned, not stopped; doctor runs Git's hooks to prove the lines
 * are reached, and says when they are not.
 */
class HuskyTest {
  /** husky 9's runner, {@code .husky/_/h}, as {@code npx husky} writes it. */
  private static final String HUSKY_RUNNER = """
      #!/usr/bin/env sh
      [ "$HUSKY" = "2" ] && set -x
      n=$(basename "$0")
      s=$(dirname "$(dirname "$0")")/$n

      [ ! -f "$s" ] && exit 0

      i="${XDG_CONFIG_HOME:-$HOME/.config}/husky/init.sh"
      [ -f "$i" ] && . "$i"

      [ "${HUSKY-}" = "0" ] && exit 0

      export PATH="node_modules/.bin:$PATH"
      sh -e "$s" "$@"
      c=$?

      [ $c != 0 ] && echo "husky - $n script failed (code $c)"
      [ $c = 127 ] && echo "husky - command not found in PATH=$PATH"
      exit $c
      """;
  private static final List<String> HUSKY_HOOKS = List.of("pre-commit", "post-checkout", "post-commit",
      "post-merge", "post-rewrite", "commit-msg", "pre-push");

  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.start(classDirectory);
  }

  /** What {@code npx husky} does in a clone: its folder {@code .husky/_}, ignored, and {@code core.hooksPath}. */
  private static void setUpHusky(Path clone) throws IOException {
    Path folder = Files.createDirectories(clone.resolve(".husky/_"));
    Files.writeString(folder.resolve(".gitignore"), "*\n");
    executable(folder.resolve("h"), HUSKY_RUNNER);
    for (String hook : HUSKY_HOOKS) {
      executable(folder.resolve(hook), "#!/usr/bin/env sh\n. \"$(dirname \"$0\")/h\"\n");
    }
    sandbox.git(clone, "config", "core.hooksPath", ".husky/_");
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** A clone with husky set up, {@code .husky/pre-commit} holding {@code preCommit}, and git-hydrate installed. */
  private Path installedWithHusky(String name, String preCommit) throws IOException {
    Path clone = sandbox.clone(sandbox.newRemote(dir), dir.resolve(name));
    setUpHusky(clone);
    Files.writeString(clone.resolve(".husky/pre-commit"), preCommit);
    GitSandbox.Result install = sandbox.git(clone, "hydrate", "install");
    assertEquals(SEED_NOTES, notes(clone.resolve("app.db")), install::toString);
    return clone;
  }

  @ParameterizedTest
  @ValueSource(strings = {"exit 0", "exec echo linted"})
  void aHuskyScriptThatEndsEarlyStillExportsTheDatabaseOnCommit(String end) throws IOException {
    String theirs = "echo checking\n" + end + "\necho never here\n";
    Path a = installedWithHusky("A", theirs);
    String script = Files.readString(a.resolve(".husky/pre-commit"));
    assertTrue(script.startsWith("# >>> git-hydrate pre-commit "), script);
    assertTrue(script.endsWith("# <<< git-hydrate pre-commit\n" + theirs), script);

    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'under husky')");
    GitSandbox.appendLine(a.resolve("notes.txt"), "more notes");
    sandbox.git(a, "add", "notes.txt");
    GitSandbox.Result commit = sandbox.git(a, "commit", "-m", "A note under husky");

    assertContains(commit.stderr(), "git-hydrate: app.db: exported to app.db.json and staged", commit);
    assertContains(commit.output(), "checking", commit);
    assertContains(sandbox.git(a, "show", "HEAD:app.db.json").stdout(), "under husky", commit);
    assertEquals(List.of("?? .husky/"), sandbox.status(a), commit::toString);
  }

  @Test
  void installMovesTheLineAnEarlierInstallAppendedAndUninstallGivesTheScriptBack() throws IOException {
    Path a = sandbox.clone(sandbox.newRemote(dir), dir.resolve("A"));
    setUpHusky(a);
    String theirs = "#!/usr/bin/env sh\n. \"$(dirname -- \"$0\")/_/husky.sh\"\n\nnpx lint-staged\nexit 0\n";
    Path script = a.resolve(".husky/pre-commit");
    Files.writeString(script, theirs + "git-hydrate hook pre-commit \"$@\"  # added by git hydrate install\n");

    GitSandbox.Result install = sandbox.git(a, "hydrate", "install");

    assertContains(install.stdout(), "git-hydrate: moved git-hydrate's lines in husky's .husky/pre-commit before"
        + " anything that can end it", install);
    String moved = Files.readString(script);
    assertTrue(moved.startsWith("#!/usr/bin/env sh\n. \"$(dirname -- \"$0\")/_/husky.sh\"\n# >>> git-hydrate pre-commit "),
        moved);
    assertFalse(moved.contains("# added by git hydrate install"), moved);
    assertContains(install.stdout(), "git-hydrate: created husky's .husky/post-checkout to run git-hydrate", install);
    assertContains(install.stdout(), "git-hydrate: installed hook reference-transaction in .husky/_/reference-transaction",
        install);

    GitSandbox.Result again = sandbox.git(a, "hydrate", "install");
    assertEquals("git-hydrate: already installed\n", again.stdout(), again::toString);

    GitSandbox.Result uninstall = sandbox.git(a, "hydrate", "uninstall");

    assertEquals(theirs, Files.readString(script), uninstall::toString);
    assertFalse(Files.exists(a.resolve(".husky/post-checkout")), uninstall::toString);
  }

  @Test
  void aTeammateWithoutGitHydrateSwitchesAndCommitsWithOneWarningEach() throws IOException {
    Path a = installedWithHusky("A", "echo checking\n");
    sandbox.git(a, "add", ".husky");
    sandbox.git(a, "commit", "-q", "-m", "Run git-hydrate from husky's scripts");
    sandbox.git(a, "push", "-q", "origin", "HEAD");
    Path teammate = sandbox.clone(a.resolve("../remote.git").normalize(), dir.resolve("teammate"));
    setUpHusky(teammate);
    Map<String, String> without = sandbox.environmentWithoutBinary();

    GitSandbox.Result switched = sandbox.run(teammate, without, "switch", "-c", "topic");

    assertEquals(0, switched.exitCode(), switched::toString);
    assertEquals(List.of("git-hydrate: not found on PATH, so databases were not updated; install it (see its README),"
        + " then run: git hydrate sync"), switched.hydrateLines(), switched::toString);
    assertEquals("topic", sandbox.git(teammate, "branch", "--show-current").stdout().trim());

    GitSandbox.appendLine(teammate.resolve("notes.txt"), "from a teammate");
    sandbox.git(teammate, "add", "notes.txt");
    String before = sandbox.head(teammate);
    GitSandbox.Result commit = sandbox.run(teammate, without, "commit", "-m", "A teammate's note");

    assertEquals(0, commit.exitCode(), commit::toString);
    assertNotEquals(before, sandbox.head(teammate), commit::toString);
    assertEquals(List.of("git-hydrate: not found on PATH, so this commit took no database changes and no database"
        + " followed it; install it (see its README), then run: git hydrate sync (and git hydrate add to commit"
        + " database changes)"), commit.hydrateLines(), commit::toString);
    assertContains(commit.output(), "checking", commit);
  }

  @Test
  void doctorProvesTheLinesRunAndFindsOnesThatCannot() throws IOException {
    Path a = installedWithHusky("A", "echo checking >> checked.txt\n");

    GitSandbox.Result healthy = sandbox.git(a, "hydrate", "doctor");

    assertContains(healthy.stdout(), "ok       husky runs git-hydrate from .husky/pre-commit (probed: Git's pre-commit"
        + " hook reached its lines, which come before anything that can end the script)\n", healthy);
    assertContains(healthy.stdout(), "ok       husky runs git-hydrate from .husky/post-checkout (probed", healthy);
    assertFalse(Files.exists(a.resolve("checked.txt")), "the probe must not run the rest of the script:\n" + healthy);

    Path script = a.resolve(".husky/pre-commit");
    Files.writeString(script, "exit 0\n" + Files.readString(script));
    GitSandbox.Result blocked = sandbox.tryGit(a, "hydrate", "doctor");

    assertEquals(1, blocked.exitCode(), blocked::toString);
    assertContains(blocked.stdout(), "PROBLEM  husky's .husky/pre-commit runs a command before git-hydrate's lines"
        + " (line 1: exit 0), which could end the script first\n"
        + "         fix: run: git hydrate install (it puts git-hydrate's lines first)\n", blocked);
    sandbox.git(a, "hydrate", "install");
    assertTrue(Files.readString(script).startsWith("# >>> git-hydrate pre-commit "), Files.readString(script));

    Map<String, String> skipping = new HashMap<>(sandbox.environment());
    skipping.put("HUSKY", "0");
    GitSandbox.Result skipped = sandbox.run(a, skipping, "hydrate", "doctor");

    assertEquals(1, skipped.exitCode(), skipped::toString);
    assertContains(skipped.stdout(), "PROBLEM  Git's pre-commit hook does not reach git-hydrate's lines in"
        + " .husky/pre-commit: the hook ended without reaching them (HUSKY=0 is set, which has husky skip every hook)\n",
        skipped);

    Files.delete(a.resolve(".husky/_/post-merge"));
    GitSandbox.Result missing = sandbox.tryGit(a, "hydrate", "doctor");
    assertContains(missing.stdout(), "PROBLEM  Git has no post-merge hook in .husky/_, so husky's .husky/post-merge"
        + " never runs\n", missing);
    assertFalse(Files.exists(a.resolve("checked.txt")), missing::toString);
  }
}
