package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.hook.HookFastPath;
import io.githydrate.testing.InProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hooks' shortcut says "nothing to do" exactly when nothing changed: anything a hook would act
 * on (a changed database or archive, a new database, a staged SQLite file, a clone) sends it the
 * full way. Driven with the real git in an installed clone.
 */
class HookFastPathTest {
  private static final String NO_COMMIT = "0".repeat(40);

  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  @TempDir
  Path dir;

  Path clone;
  String head;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.start(classDirectory);
  }

  /**
   * An installed clone whose files were last written a minute ago and synced since, so their stamps
   * are settled (a file written within the last seconds may change again unseen, like Git's
   * "racily clean" entries, and never takes the shortcut).
   */
  @BeforeEach
  void settledClone() throws IOException {
    clone = sandbox.cloneInstalled(sandbox.newRemote(dir.resolve("remote")), dir.resolve("clone"));
    age(clone.resolve("app.db"), clone.resolve("app.db.json"), clone.resolve("notes.txt"));
    assertEquals(0, hydrate("sync").exitCode());
    head = sandbox.git(clone, "rev-parse", "HEAD").stdout().trim();
  }

  private static void age(Path... files) throws IOException {
    for (Path file : files) {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
    }
  }

  private InProcess.Run hydrate(String... args) {
    return InProcess.run(clone, sandbox.environment(), args);
  }

  private boolean shortcut(String... hookAndArgs) {
    return shortcut(sandbox.environment(), hookAndArgs);
  }

  private boolean shortcut(Map<String, String> env, String... hookAndArgs) {
    String[] args = new String[hookAndArgs.length + 1];
    args[0] = "hook";
    System.arraycopy(hookAndArgs, 0, args, 1, hookAndArgs.length);
    return HookFastPath.nothingToDo(clone, env, args);
  }

  private HookFastPath.Answer ask(String... hookAndArgs) {
    String[] args = new String[hookAndArgs.length + 1];
    args[0] = "hook";
    System.arraycopy(hookAndArgs, 0, args, 1, hookAndArgs.length);
    return HookFastPath.ask(clone, sandbox.environment(), args);
  }

  @Test
  void nothingChangedTakesTheShortcutForEveryHook() {
    assertTrue(shortcut("post-checkout", head, head, "1"));
    assertTrue(shortcut("pre-commit"));
    assertTrue(shortcut("post-rewrite", "amend"));
  }

  @Test
  void aCloneAlwaysTakesTheFullPath() {
    assertFalse(shortcut("post-checkout", NO_COMMIT, head, "1"));
  }

  @Test
  void aChangedDatabaseTakesTheFullPath() {
    sql(clone.resolve("app.db"), "INSERT INTO notes VALUES (3, 'local')");
    assertFalse(shortcut("post-checkout", head, head, "1"));
    assertFalse(shortcut("pre-commit"));
  }

  @Test
  void anArchiveRewrittenWithoutAHookTakesTheFullPath() throws IOException {
    Path archive = clone.resolve("app.db.json");
    Files.setLastModifiedTime(archive, FileTime.from(Instant.now().minusSeconds(30)));
    assertFalse(shortcut("post-checkout", head, head, "1"));
  }

  @Test
  void switchingBetweenCommitsWithTheSameArchivesTakesTheShortcut() throws IOException {
    sandbox.commitFileChange(clone, "notes.txt", "more notes", "Notes only");
    age(clone.resolve("notes.txt"));
    String next = sandbox.git(clone, "rev-parse", "HEAD").stdout().trim();
    assertTrue(shortcut("post-checkout", head, next, "1"));
  }

  @Test
  void switchingBetweenCommitsWithDifferentArchivesTakesTheFullPath() throws IOException {
    sql(clone.resolve("app.db"), "INSERT INTO notes VALUES (3, 'committed')");
    sandbox.git(clone, "hydrate", "add");
    sandbox.git(clone, "commit", "-q", "-m", "A note");
    String next = sandbox.git(clone, "rev-parse", "HEAD").stdout().trim();
    age(clone.resolve("app.db"), clone.resolve("app.db.json"));
    assertEquals(0, hydrate("sync").exitCode());
    assertTrue(shortcut("post-checkout", next, next, "1"), "settled again after the commit");
    assertFalse(shortcut("post-checkout", head, next, "1"));
  }

  @Test
  void theArchivesACheckoutChangedAreListedAsGitListsThem() throws IOException {
    sql(clone.resolve("app.db"), "INSERT INTO notes VALUES (3, 'committed')");
    sandbox.git(clone, "hydrate", "add");
    sandbox.git(clone, "commit", "-q", "-m", "A note");
    String next = sandbox.git(clone, "rev-parse", "HEAD").stdout().trim();
    assertEquals(Optional.of(List.of("app.db.json")), ask("post-checkout", head, next, "1").changedArchives());
    assertEquals(Optional.of(List.of()), ask("post-checkout", next, next, "0").changedArchives(), "a file checkout");
    assertEquals(Optional.empty(), ask("post-checkout", NO_COMMIT, next, "1").changedArchives(), "a clone");
    assertEquals(Optional.empty(), ask("post-rewrite", "amend").changedArchives());

    Files.writeString(clone.resolve(".hydrateconfig"), "[hydrate]\n\tdatabases = *.db\n");
    sandbox.git(clone, "add", ".hydrateconfig");
    sandbox.git(clone, "commit", "-q", "-m", "Layout");
    String layout = sandbox.git(clone, "rev-parse", "HEAD").stdout().trim();
    assertEquals(Optional.empty(), ask("post-checkout", next, layout, "1").changedArchives(),
        "a changed layout may move every archive");
  }

  @Test
  void aNewDatabaseTakesTheFullPathBeforeACommit() throws IOException {
    Files.createDirectories(clone.resolve("data"));
    sql(clone.resolve("data/new.db"), "CREATE TABLE t (x)");
    assertFalse(shortcut("pre-commit"));
    assertTrue(shortcut("post-checkout", head, head, "1"), "a checkout leaves an unarchived database alone");
  }

  @Test
  void stagedPlainFilesTakeTheShortcutAndStagedDatabasesDoNot() throws IOException {
    Files.writeString(clone.resolve("readme.txt"), "plain text\n");
    Files.setLastModifiedTime(clone.resolve("readme.txt"), FileTime.from(Instant.now().minusSeconds(10)));
    sandbox.git(clone, "add", "readme.txt");
    assertTrue(shortcut("pre-commit"));

    Files.copy(clone.resolve("app.db"), clone.resolve("blob.bin"));
    Files.setLastModifiedTime(clone.resolve("blob.bin"), FileTime.from(Instant.now().minusSeconds(10)));
    sandbox.git(clone, "add", "blob.bin");
    assertFalse(shortcut("pre-commit"), "a SQLite file under any name");
  }

  @Test
  void aStagedDatabaseWhoseFileWasOverwrittenSinceStillTakesTheFullPath() throws IOException {
    Files.copy(clone.resolve("app.db"), clone.resolve("blob.bin"));
    sandbox.git(clone, "add", "blob.bin");
    Files.writeString(clone.resolve("blob.bin"), "plain text now\n");
    sandbox.git(clone, "status", "--short"); // rewrites the index, as many commands do
    assertFalse(shortcut("pre-commit"), "what is staged is still the database");
  }

  @Test
  void aCommitOfChosenPathsTakesTheFullPath() {
    Map<String, String> env = new HashMap<>(sandbox.environment());
    env.put("GIT_INDEX_FILE", clone.resolve(".git/next-index-42.lock").toString());
    assertFalse(shortcut(env, "pre-commit"));
  }

  @Test
  void noSyncStateMeansNoShortcut() throws IOException {
    Files.delete(clone.resolve(".git/git-hydrate/state.json"));
    assertFalse(shortcut("post-checkout", head, head, "1"));
  }

  @Test
  void theShortcutCanBeTurnedOff() {
    Map<String, String> env = new HashMap<>(sandbox.environment());
    env.put("GIT_HYDRATE_FAST_PATH", "0");
    assertFalse(shortcut(env, "post-checkout", head, head, "1"));
  }

  @Test
  void aRealCheckoutThatChangesNothingSaysNothing() {
    sandbox.git(clone, "checkout", "-q", "-b", "feature");
    GitSandbox.Result result = sandbox.git(clone, "checkout", "-q", "main");
    assertEquals(List.of(), result.hydrateLines(), result::toString);
  }
}
