package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.hook.UpdateHook;
import io.githydrate.testing.InProcess.Run;
import io.githydrate.testing.InProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's small JVM for post-checkout (and post-merge, post-rewrite) with work to do: it
 * rebuilds what the full hook rebuilds, from Git's list of changed archives or from the list the
 * quick hook handed over, and keeps built databases so that switching back copies one in. Driven
 * with the real git, which checks out without hooks here so that each update is this class's.
 */
class UpdateHookTest {
  private static final String NO_COMMIT = "0".repeat(40);

  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  @TempDir
  Path dir;

  Path clone;
  String main;
  String feature;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.start(classDirectory);
  }

  /** A clone with a branch {@code feature} that adds a note, checked out (its database in step). */
  @BeforeEach
  void cloneWithAFeatureBranch() throws IOException {
    clone = sandbox.cloneInstalled(sandbox.newRemote(dir.resolve("remote")), dir.resolve("clone"));
    main = sandbox.git(clone, "rev-parse", "HEAD").stdout().trim();
    sandbox.git(clone, "checkout", "-q", "-b", "feature");
    sql(clone.resolve("app.db"), "INSERT INTO notes VALUES (3, 'feature note')");
    sandbox.git(clone, "hydrate", "add");
    sandbox.git(clone, "commit", "-q", "-m", "A feature note");
    feature = sandbox.git(clone, "rev-parse", "HEAD").stdout().trim();
  }

  private void checkoutWithoutHooks(String commit) {
    GitSandbox.Result result = sandbox.git(clone, "-c", "core.hooksPath=/dev/null", "checkout", "-q", commit);
    assertEquals(0, result.exitCode(), result::toString);
  }

  private Run updateHook(Map<String, String> env, String... hookAndArgs) {
    String[] args = new String[hookAndArgs.length + 1];
    args[0] = "hook";
    System.arraycopy(hookAndArgs, 0, args, 1, hookAndArgs.length);
    return InProcess.capture((out, err) -> UpdateHook.run(clone, env, err, args));
  }

  private long cached() throws IOException {
    Path cache = clone.resolve(".git/git-hydrate/cache");
    if (!Files.isDirectory(cache)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(cache)) {
      return files.count();
    }
  }

  /** The environment with row-by-row updates turned off: every database is built in full. */
  private static Map<String, String> fullRebuilds() {
    Map<String, String> env = new HashMap<>(sandbox.environment());
    env.put("GIT_HYDRATE_ROW_UPDATES", "0");
    return env;
  }

  @Test
  void switchingBranchesRewritesOnlyTheRowsThatDiffer() throws IOException {
    Object inode = Files.getAttribute(clone.resolve("app.db"), "unix:ino");
    checkoutWithoutHooks(main);
    Run toMain = updateHook(sandbox.environment(), "post-checkout", feature, main, "1");
    assertEquals(0, toMain.exitCode(), toMain::toString);
    assertEquals("git-hydrate: app.db: updated in place (+0 -1 rows) from app.db.json\n", toMain.err());
    assertEquals(GitSandbox.SEED_NOTES, GitSandbox.notes(clone.resolve("app.db")));

    checkoutWithoutHooks(feature);
    Run toFeature = updateHook(sandbox.environment(), "post-checkout", main, feature, "1");
    assertEquals("git-hydrate: app.db: updated in place (+1 -0 rows) from app.db.json\n", toFeature.err());
    assertEquals(GitSandbox.seedNotesAnd("3|feature note"), GitSandbox.notes(clone.resolve("app.db")));
    assertEquals(inode, Files.getAttribute(clone.resolve("app.db"), "unix:ino"), "the same file, updated");
    assertEquals(0, cached(), "nothing was built");
    GitSandbox.Result status = sandbox.git(clone, "hydrate", "status");
    assertEquals("app.db: in sync\n", status.stdout(), status::toString);
  }

  @Test
  void theLineIndexAloneLetsASyncUpdateRowByRowWithoutThePreviousCommit() throws IOException {
    checkoutWithoutHooks(main);
    Run toMain = updateHook(sandbox.environment(), "post-checkout", feature, main, "1");
    assertEquals("git-hydrate: app.db: updated in place (+0 -1 rows) from app.db.json\n", toMain.err());
    checkoutWithoutHooks(feature);

    // A sync knows no commit Git moved from: only the index kept for main's archive helps.
    GitSandbox.Result sync = sandbox.git(clone, "hydrate", "sync");

    assertEquals(0, sync.exitCode(), sync::toString);
    assertEquals("git-hydrate: app.db: updated in place (+1 -0 rows) from app.db.json\n", sync.stderr(), sync::toString);
    assertEquals(GitSandbox.seedNotesAnd("3|feature note"), GitSandbox.notes(clone.resolve("app.db")));
    assertEquals(0, cached(), "nothing was built");
  }

  @Test
  void aDamagedLineIndexIsOnlyAShortcutLost() throws IOException {
    checkoutWithoutHooks(main);
    updateHook(sandbox.environment(), "post-checkout", feature, main, "1");
    try (Stream<Path> files = Files.list(clone.resolve(".git/git-hydrate/lines"))) {
      for (Path file : files.filter(f -> !f.getFileName().toString().equals("key")).toList()) {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
      }
    }
    checkoutWithoutHooks(feature);

    Run toFeature = updateHook(sandbox.environment(), "post-checkout", main, feature, "1");

    assertEquals(0, toFeature.exitCode(), toFeature::toString);
    assertEquals("git-hydrate: app.db: updated in place (+1 -0 rows) from app.db.json\n", toFeature.err(),
        "compared with the archive Git has instead");
    assertEquals(GitSandbox.seedNotesAnd("3|feature note"), GitSandbox.notes(clone.resolve("app.db")));
    GitSandbox.Result sync = sandbox.git(clone, "hydrate", "sync");
    assertEquals(0, sync.exitCode(), sync::toString);
    assertEquals("app.db: in sync\n", sandbox.git(clone, "hydrate", "status").stdout());
  }

  @Test
  void aLargeArchiveIsHashedWhileComparedAndOneWrittenAgainUnchangedChangesNothing() throws IOException {
    // Over 8 MiB of archive: the update takes its digest beside the comparison, not before.
    Path big = clone.resolve("big.db");
    sql(big, "CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000)"
            + " INSERT INTO t SELECT i, printf('%0250d', i) FROM n");
    sandbox.git(clone, "hydrate", "add");
    sandbox.git(clone, "commit", "-q", "-m", "A large database");
    String before = sandbox.git(clone, "rev-parse", "HEAD").stdout().trim();
    sql(big, "UPDATE t SET x = 'changed' WHERE id = 20000");
    sandbox.git(clone, "hydrate", "add");
    sandbox.git(clone, "commit", "-q", "-m", "One row");
    String after = sandbox.git(clone, "rev-parse", "HEAD").stdout().trim();
    assertTrue(Files.size(clone.resolve("big.db.json")) > 8 << 20);

    checkoutWithoutHooks(before);
    Run back = updateHook(sandbox.environment(), "post-checkout", after, before, "1");
    assertEquals("git-hydrate: big.db: updated in place (+1 -1 rows) from big.db.json\n", back.err(), back::toString);
    assertEquals(List.of(String.format("%0250d", 20000)), GitSandbox.query(big, "SELECT x FROM t WHERE id = 20000"));

    // The same bytes written again: a new stamp, nothing to change, nothing to say.
    byte[] database = Files.readAllBytes(big);
    Path archive = clone.resolve("big.db.json");
    byte[] bytes = Files.readAllBytes(archive);
    Files.delete(archive);
    Files.write(archive, bytes);
    GitSandbox.Result sync = sandbox.git(clone, "hydrate", "sync");
    assertEquals(0, sync.exitCode(), sync::toString);
    assertEquals("", sync.stderr(), sync::toString);
    assertArrayEquals(database, Files.readAllBytes(big));
    assertEquals("app.db: in sync\nbig.db: in sync\n", sandbox.git(clone, "hydrate", "status").stdout());
  }

  @Test
  void anArchiveDigestHandedOverByTheLauncherIsVouchedForOnlyByBytesReadBackAgainstIt() throws IOException {
    checkoutWithoutHooks(main);
    String digest = io.githydrate.engine.Digests.ofFile(clone.resolve("app.db.json"));
    Map<String, String> handedOver = new HashMap<>(sandbox.environment());
    handedOver.put("GIT_HYDRATE_CHANGED_ARCHIVES", "git-hydrate changed archives\napp.db.json\n\n" + digest + "  app.db.json");
    Run toMain = updateHook(handedOver, "post-checkout", feature, main, "1");
    assertEquals("git-hydrate: app.db: updated in place (+0 -1 rows) from app.db.json\n", toMain.err());

    // The launcher hashed the archive before this process stamped it: a write in between would go
    // unseen by a content check taken with the stamp, so the update records none. The settled
    // list then reads the archive back against the digest, and only those bytes, found right, give
    // the stamp its content check: their CRC-32C. The database's stamp has one: this process wrote it.
    String state = Files.readString(clone.resolve(".git/git-hydrate/state.json"));
    CRC32C crc = new CRC32C();
    crc.update(Files.readAllBytes(clone.resolve("app.db.json")));
    assertTrue(state.matches("(?s).*\"archive_stamp\" : \"[^\"~]*(~racy:" + Long.toHexString(crc.getValue())
        + ")?\".*"), state);
    assertTrue(state.matches("(?s).*\"archive_digest\" : \"" + digest + "\".*"), state);
    assertTrue(state.matches("(?s).*\"database_stamp\" : \"[^\"]*~racy:[0-9a-f]+\".*"), state);
  }

  @Test
  void aDatabaseNotInStepWithTheCommitGitMovedFromIsUpdatedFromItsOwnLineIndex() throws IOException {
    sql(clone.resolve("app.db"), "INSERT INTO notes VALUES (4, 'second feature note')");
    sandbox.git(clone, "hydrate", "add"); // the export keeps its archive's line index
    sandbox.git(clone, "commit", "-q", "-m", "Another feature note");
    checkoutWithoutHooks(main);
    // The database holds the newest feature commit's rows; the hook names the one before it.
    Run toMain = updateHook(sandbox.environment(), "post-checkout", feature, main, "1");
    assertEquals("git-hydrate: app.db: updated in place (+0 -2 rows) from app.db.json\n", toMain.err());
    assertEquals(GitSandbox.SEED_NOTES, GitSandbox.notes(clone.resolve("app.db")));
  }

  @Test
  void withoutALineIndexADatabaseNotInStepWithTheCommitGitMovedFromIsRebuiltInFull() throws IOException {
    sql(clone.resolve("app.db"), "INSERT INTO notes VALUES (4, 'second feature note')");
    sandbox.git(clone, "hydrate", "add");
    sandbox.git(clone, "commit", "-q", "-m", "Another feature note");
    try (Stream<Path> files = Files.list(clone.resolve(".git/git-hydrate/lines"))) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    checkoutWithoutHooks(main);
    // The previous archive Git has (the hook names the commit before the database's) is not the
    // database's: it is rebuilt.
    Run toMain = updateHook(sandbox.environment(), "post-checkout", feature, main, "1");
    assertEquals("git-hydrate: app.db: replaced from app.db.json\n", toMain.err());
    assertEquals(GitSandbox.SEED_NOTES, GitSandbox.notes(clone.resolve("app.db")));
  }

  @Test
  void switchingBranchesRebuildsTheDatabaseAndSwitchingBackCopiesItIn() throws IOException {
    checkoutWithoutHooks(main);
    Run toMain = updateHook(fullRebuilds(), "post-checkout", feature, main, "1");
    assertEquals(0, toMain.exitCode(), toMain::toString);
    assertEquals("git-hydrate: app.db: replaced from app.db.json\n", toMain.err());
    assertEquals(GitSandbox.SEED_NOTES, GitSandbox.notes(clone.resolve("app.db")));
    assertEquals(1, cached(), "main's database, built, is kept");

    checkoutWithoutHooks(feature);
    Map<String, String> handedOver = fullRebuilds();
    handedOver.put("GIT_HYDRATE_CHANGED_ARCHIVES", "git-hydrate changed archives\napp.db.json");
    Run toFeature = updateHook(handedOver, "post-checkout", main, feature, "1");
    assertEquals(0, toFeature.exitCode(), toFeature::toString);
    assertEquals(GitSandbox.seedNotesAnd("3|feature note"), GitSandbox.notes(clone.resolve("app.db")));
    assertEquals(2, cached());

    checkoutWithoutHooks(main);
    Run back = updateHook(fullRebuilds(), "post-checkout", feature, main, "1");
    assertEquals(0, back.exitCode(), back::toString);
    assertEquals(GitSandbox.SEED_NOTES, GitSandbox.notes(clone.resolve("app.db")));
    assertEquals(2, cached(), "copied from what was kept; nothing new built");
    assertEquals("", sandbox.git(clone, "status", "--porcelain").stdout(), "the work tree is clean");
  }

  @Test
  void aMergeThatBringsAnArchiveRebuildsItsDatabase() {
    checkoutWithoutHooks(main);
    updateHook(sandbox.environment(), "post-checkout", feature, main, "1");
    GitSandbox.Result merge = sandbox.git(clone, "-c", "core.hooksPath=/dev/null", "merge", "-q", "--ff-only", "feature");
    assertEquals(0, merge.exitCode(), merge::toString);
    Run run = updateHook(sandbox.environment(), "post-merge", "0");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(GitSandbox.seedNotesAnd("3|feature note"), GitSandbox.notes(clone.resolve("app.db")));
  }

  @Test
  void whatItIsNotSureOfItLeavesToTheFullCommand() {
    assertEquals(1, updateHook(sandbox.environment(), "post-checkout", NO_COMMIT, main, "1").exitCode(), "a clone");
    assertEquals(1, updateHook(sandbox.environment(), "post-rewrite", "amend").exitCode());
    Map<String, String> off = new HashMap<>(sandbox.environment());
    off.put("GIT_HYDRATE_FAST_PATH", "0");
    assertEquals(1, updateHook(off, "post-checkout", feature, main, "1").exitCode());
    assertTrue(GitSandbox.notes(clone.resolve("app.db")).contains("3|feature note"), "nothing was done");
  }
}
