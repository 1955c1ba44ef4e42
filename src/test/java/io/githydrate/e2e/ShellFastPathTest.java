package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.audit.AuditLog;
import io.githydrate.audit.AuditReader;
import io.githydrate.audit.AuditRecord;
import io.githydrate.testing.ChildProcess;
import io.githydrate.testing.InProcess;
import io.githydrate.testing.Poll;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's shell answer to a hook (src/dist/quick-hook.sh, before any JVM starts) says
 * "nothing to do" only when nothing changed, as the JVM's does (see HookFastPathTest), from the
 * settled list the last sync left; and after a checkout it hands the changed archives on. Driven
 * with the real sh and git in an installed clone.
 */
class ShellFastPathTest {
  private static final Path SCRIPT = Path.of("src/dist/quick-hook.sh").toAbsolutePath();
  private static final String HEADER = "git-hydrate changed archives";

  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  /** An installed clone for each test, made before any of them runs. */
  static final Queue<Path> clones = new ArrayDeque<>();

  Path clone;
  String head;

  record Answer(boolean nothingToDo, String changed) {}

  /**
   * A sync writes the settled list only once every database and archive has been left alone for a
   * few seconds (a file changed in the last seconds may change again unseen, and its inode change
   * time cannot be set back). So every test's clone is made here, and they settle together while
   * the tests run, rather than each test waiting its turn.
   */
  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.start(classDirectory);
    for (Method method : ShellFastPathTest.class.getDeclaredMethods()) {
      if (method.isAnnotationPresent(Test.class)) {
        Path dir = classDirectory.resolve(method.getName());
        clones.add(sandbox.cloneInstalled(sandbox.newRemote(dir.resolve("remote")), dir.resolve("clone")));
      }
    }
  }

  /** A clone made above, synced again until the sync writes the list, as it will once the files have settled. */
  @BeforeEach
  void settledClone() {
    clone = clones.remove();
    head = sandbox.git(clone, "rev-parse", "HEAD").stdout().trim();
    Poll.until(Duration.ofSeconds(15), Duration.ofMillis(100), "a sync that lists the settled files", () -> {
      InProcess.Run sync = InProcess.run(clone, sandbox.environment(), "sync");
      assertEquals(0, sync.exitCode(), sync::toString);
      return Files.exists(clone.resolve(".git/git-hydrate/settled"));
    });
  }

  private Answer quick(String... hookAndArgs) {
    return quick(sandbox.environment(), hookAndArgs);
  }

  private Answer quick(Map<String, String> env, String... hookAndArgs) {
    String output = shell(env, "hydrate_quick hook \"$@\"; code=$?; printf '%s\\n%s' \"$code\" \"$hydrate_changed\"",
        hookAndArgs);
    String[] parts = output.split("\n", 2);
    return new Answer(parts[0].equals("0"), parts.length > 1 ? parts[1] : "");
  }

  /** Runs {@code script} in the clone, with the quick hook's functions defined and {@code args} as $@; its stdout. */
  private String shell(Map<String, String> env, String script, String... args) {
    List<String> command = new ArrayList<>(List.of("sh", "-c", ". \"$0\"; " + script, SCRIPT.toString()));
    command.addAll(List.of(args));
    ChildProcess.Exec exec = ChildProcess.run(clone, env, command);
    assertEquals(0, exec.exitCode(), exec::toString);
    assertEquals("", exec.stderr(), exec::toString);
    return exec.stdout();
  }

  @Test
  void nothingChangedIsAnsweredInTheShell() throws IOException {
    assertEquals(new Answer(true, HEADER + "\n"), quick("post-checkout", head, head, "1"));
    assertTrue(quick("pre-commit").nothingToDo());
    assertTrue(quick("post-rewrite", "amend").nothingToDo());
    sandbox.commitFileChange(clone, "notes.txt", "more notes", "Notes only");
    String next = sandbox.git(clone, "rev-parse", "HEAD").stdout().trim();
    assertTrue(quick("post-checkout", head, next, "1").nothingToDo(), "no archive differs");

    Files.writeString(clone.resolve("readme.txt"), "plain text\n");
    sandbox.git(clone, "add", "readme.txt");
    assertTrue(quick("pre-commit").nothingToDo(), "a staged text file");
  }

  @Test
  void aHookAnsweredInTheShellLeavesItsLineInTheAuditLog() throws IOException {
    AuditLog log = AuditLog.of(clone.resolve(".git"));
    Files.deleteIfExists(log.file());
    Instant before = Instant.now();
    shell(sandbox.environment(), "hydrate_quick hook \"$@\" && hydrate_audit_nothing_to_do", "post-checkout", head, head, "1");
    List<AuditRecord> records = AuditReader.read(log);
    assertEquals(1, records.size(), records::toString);
    AuditRecord record = records.get(0);
    assertEquals("hook post-checkout", record.operation());
    assertEquals(AuditRecord.NOTHING_TO_DO, record.result());
    assertEquals(null, record.database());
    // The boot time /proc gives is rounded to its second.
    assertTrue(Duration.between(before, record.time()).abs().compareTo(Duration.ofSeconds(2)) < 0, record::toString);
    assertTrue(record.durationMs() >= 0 && record.durationMs() < 10_000, record::toString);
  }

  @Test
  void aLogTheShellCannotWriteLeavesTheHookAnsweredAsBefore() throws IOException {
    AuditLog log = AuditLog.of(clone.resolve(".git"));
    Files.deleteIfExists(log.file());
    Files.createDirectories(log.file()); // opening it to append fails, as for a file the user cannot write

    String output = shell(sandbox.environment(),
        "hydrate_quick hook \"$@\" && hydrate_audit_nothing_to_do; echo \"went on: $?\"", "pre-commit");

    assertEquals("went on: 0\n", output);
    Files.delete(log.file());
  }

  @Test
  void theShellRotatesTheAuditLogPastItsSize() throws IOException {
    AuditLog log = AuditLog.of(clone.resolve(".git"));
    String old = "{\"time\":\"2026-01-01T00:00:00Z\",\"operation\":\"sync\",\"database\":null,\"archive_before\":null,"
        + "\"archive_after\":null,\"rows\":null,\"duration_ms\":5,\"result\":\"ok\",\"error\":null,\"pid\":1}\n";
    Files.writeString(log.file(), old.repeat((int) (AuditLog.DEFAULT_MAX_SIZE / old.length()) + 1));
    shell(sandbox.environment(), "hydrate_quick hook \"$@\" && hydrate_audit_nothing_to_do", "pre-commit");
    assertFalse(Files.exists(log.file()), "not rotated");
    assertTrue(Files.size(log.rotated()) > AuditLog.DEFAULT_MAX_SIZE);
    List<AuditRecord> records = AuditReader.read(log);
    assertEquals("hook pre-commit", records.get(records.size() - 1).operation());
  }

  @Test
  void rightAfterACommitWroteTheArchiveTheNextHookIsAnsweredInTheShell() throws Exception {
    String next = commitDatabase("INSERT INTO notes VALUES (3, 'third note')", "A note");

    // The commit's hook wrote the archive a moment ago; it read it back to settle it, so the
    // shell trusts the list at once instead of leaving every hook of the next seconds to a JVM.
    assertTrue(Files.exists(clone.resolve(".git/git-hydrate/settled")), "the commit left no settled list");
    assertTrue(quick("post-checkout", next, next, "1").nothingToDo());
    assertTrue(quick("pre-commit").nothingToDo());

    // Written again within the same second, same size: the list no longer holds.
    Path archive = clone.resolve("app.db.json");
    Files.writeString(archive, Files.readString(archive).replace("third note", "THIRD NOTE"));
    assertFalse(quick("post-checkout", next, next, "1").nothingToDo(), "a change after the list was written");
  }

  @Test
  void aChangedDatabaseOrArchiveIsLeftToTheJvm() throws IOException {
    Path archive = clone.resolve("app.db.json");
    // Set back to the time it had: the modification time alone would not tell.
    FileTime modified = Files.getLastModifiedTime(archive);
    Files.writeString(archive, Files.readString(archive));
    Files.setLastModifiedTime(archive, modified);
    assertEquals(new Answer(false, HEADER + "\n"), quick("post-checkout", head, head, "1"),
        "not sure, and no archive differs between the commits");
    assertTrue(!quick("pre-commit").nothingToDo());
  }

  /** Whether the launcher, after hydrate_quick, takes the changed archives for large ones. */
  private boolean large(String... hookAndArgs) {
    return shell(sandbox.environment(), "hydrate_quick hook \"$@\"; if hydrate_large; then echo large; fi", hookAndArgs)
        .equals("large\n");
  }

  /** Commits the database after {@code statement}, its archive exported; the new commit. */
  private String commitDatabase(String statement, String message) throws Exception {
    sql(clone.resolve("app.db"), statement);
    sandbox.git(clone, "hydrate", "add");
    sandbox.git(clone, "commit", "-q", "-m", message);
    return sandbox.git(clone, "rev-parse", "HEAD").stdout().trim();
  }

  @Test
  void aLargeChangedArchiveIsToldApartFromSmallOnes() throws Exception {
    String small = commitDatabase("INSERT INTO notes VALUES (3, 'small')", "A small change");
    String big = commitDatabase("INSERT INTO notes VALUES (4, hex(randomblob(4500000)))", "A large note");

    // What is measured is the work tree's archive, as the checkout left it.
    assertTrue(large("post-checkout", small, big, "1"), "a 9 MB archive");
    assertTrue(!large("post-checkout", big, big, "1"), "no archive differs");
    sandbox.git(clone, "-c", "core.hooksPath=/dev/null", "checkout", "-q", small);
    assertTrue(!large("post-checkout", head, small, "1"), "a small archive");
  }

  @Test
  void archivesThatDifferBetweenCommitsAreHandedOn() throws Exception {
    String next = commitDatabase("INSERT INTO notes VALUES (3, 'committed')", "A note");
    String digest = io.githydrate.engine.Digests.ofFile(clone.resolve("app.db.json"));
    assertEquals(new Answer(false, HEADER + "\napp.db.json\n\n" + digest + "  app.db.json"),
        quick("post-checkout", head, next, "1"), "the changed archive, and its digest from sha256sum");
    assertEquals(new Answer(false, ""), quick("post-checkout", "0".repeat(40), next, "1"), "a clone: the JVM decides");

    Files.writeString(clone.resolve(".hydrateconfig"), "[hydrate]\n\tdatabases = *.db\n");
    sandbox.git(clone, "add", ".hydrateconfig");
    sandbox.git(clone, "commit", "-q", "-m", "Layout");
    String layout = sandbox.git(clone, "rev-parse", "HEAD").stdout().trim();
    assertEquals(new Answer(false, ""), quick("post-checkout", next, layout, "1"), "the layout changed");
  }

  @Test
  void whatTheCommitWouldTakeIsLeftToTheJvm() throws IOException {
    Files.createDirectories(clone.resolve("data"));
    sql(clone.resolve("data/new.db"), "CREATE TABLE t (x)");
    assertTrue(!quick("pre-commit").nothingToDo(), "a database the list does not know");
    assertTrue(quick("post-checkout", head, head, "1").nothingToDo(), "a checkout leaves it alone");
    Files.delete(clone.resolve("data/new.db"));

    Files.copy(clone.resolve("app.db"), clone.resolve("blob.bin"));
    Files.setLastModifiedTime(clone.resolve("blob.bin"), FileTime.from(Instant.now().minusSeconds(60)));
    sandbox.git(clone, "add", "blob.bin");
    assertTrue(!quick("pre-commit").nothingToDo(), "a staged SQLite file under any name");
    sandbox.git(clone, "rm", "-q", "--cached", "blob.bin");
    assertTrue(quick("pre-commit").nothingToDo());

    Map<String, String> partial = new HashMap<>(sandbox.environment());
    partial.put("GIT_INDEX_FILE", clone.resolve(".git/next-index-42.lock").toString());
    assertTrue(!quick(partial, "pre-commit").nothingToDo(), "a commit of chosen paths");
    Map<String, String> off = new HashMap<>(sandbox.environment());
    off.put("GIT_HYDRATE_FAST_PATH", "0");
    assertTrue(!quick(off, "post-checkout", head, head, "1").nothingToDo());
    Map<String, String> workTree = new HashMap<>(sandbox.environment());
    workTree.put("GIT_WORK_TREE", clone.toString());
    assertTrue(!quick(workTree, "post-checkout", head, head, "1").nothingToDo());

    sql(clone.resolve("app.db"), "INSERT INTO notes VALUES (3, 'local')");
    assertTrue(!quick("post-checkout", head, head, "1").nothingToDo(), "a changed database");
    Files.delete(clone.resolve(".git/git-hydrate/settled"));
    assertTrue(!quick("pre-commit").nothingToDo(), "no list, no answer");
  }
}
