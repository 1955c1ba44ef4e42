package io.githydrate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.TestSqlite;
import io.githydrate.testing.InProcess;
import io.githydrate.testing.InProcess.Run;
import io.githydrate.testing.TestGit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pushed commit chooses the paths git-hydrate works on: a symbolic link to a folder outside the
 * clone, or a {@code .hydrateconfig} whose archive directory is {@code .git/…} or {@code ../…}.
 * After a real {@code git clone}, the post-checkout hook refuses such paths with a line naming them,
 * does not fail the checkout, and writes nothing outside the work tree or into {@code .git}.
 */
class UnsafePathsTest {
  private static final String NO_COMMIT = "0".repeat(40);

  @TempDir
  Path dir;

  private Path origin;
  private Path outside;
  /** Git as the attacker's side and the victim's clone run it, with no hooks: the test runs them itself. */
  private TestGit testGit;

  @BeforeEach
  void anOriginAndAFolderOutside() throws IOException {
    origin = Files.createDirectories(dir.resolve("origin"));
    outside = Files.createDirectories(dir.resolve("outside"));
    testGit = TestGit.withHome(dir.resolve("home")).withConfig("core.hooksPath", dir.resolve("no-hooks").toString());
  }

  private void git(Path directory, String... args) {
    testGit.git(directory, args);
  }

  private Run hydrate(Path directory, String... args) {
    return InProcess.run(directory, testGit.environment(), args);
  }

  /** Writes a valid archive of a one-table database to {@code archive} (made outside any repository). */
  private void archive(Path archive, String note) throws Exception {
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    Path db = scratch.resolve("source.db");
    Files.deleteIfExists(db);
    TestSqlite.exec(db, "CREATE TABLE note(text TEXT)", "INSERT INTO note VALUES ('" + note + "')");
    Files.createDirectories(archive.getParent());
    assertEquals(0, hydrate(scratch, "dehydrate", db.toString(), "-o", archive.toString()).exitCode());
  }

  /** Commits everything in the origin, clones it (Git checks out, running no hook) and returns the clone. */
  private Path pushAndClone() throws Exception {
    git(origin, "init", "-q");
    git(origin, "add", "-A");
    git(origin, "commit", "-q", "-m", "what an attacker pushed");
    git(dir, "clone", "-q", origin.toString(), "clone");
    return dir.resolve("clone");
  }

  private List<String> filesOutside() throws IOException {
    try (Stream<Path> files = Files.walk(outside)) {
      return files.filter(p -> !p.equals(outside)).map(Path::toString).toList();
    }
  }

  @Test
  void aCommittedLinkToAFolderOutsideDoesNotLetACheckoutWriteThere() throws Exception {
    Files.writeString(origin.resolve(".hydrateconfig"), "[hydrate]\n\tarchiveDirectory = db\n");
    archive(origin.resolve("db/sub/link/evil.db.json"), "written outside");
    archive(origin.resolve("db/good.db.json"), "good");
    Files.createDirectories(origin.resolve("sub"));
    Files.createSymbolicLink(origin.resolve("sub/link"), outside);
    Path clone = pushAndClone();
    assertTrue(Files.isSymbolicLink(clone.resolve("sub/link")), "git checked the link out");

    Run hook = hydrate(clone, "hook", "post-checkout", NO_COMMIT, "HEAD", "1");
    String refusal = "sub/link/evil.db: refusing this path: it leads outside the repository (sub/link resolves to "
        + outside.toRealPath() + ")";
    assertEquals(0, hook.exitCode(), "a post-checkout hook failed the checkout:\n" + hook.err());
    assertTrue(hook.err().contains("git-hydrate: ERROR: " + refusal + "; skipped\n"), hook.err());
    assertEquals(List.of(), filesOutside());
    assertEquals(List.of("good"), GitSandbox.query(clone.resolve("good.db"), "SELECT text FROM note"),
        "the other databases are still rebuilt");

    // The refused path is left alone, said with its reason; every other database is handled.
    Run all = hydrate(clone, "hydrate");
    assertEquals(new Run(0, "good.db: unchanged (1 tables, 1 rows, from db/good.db.json)\n",
        "git-hydrate: warning: db/sub/link/evil.db.json: left alone (" + refusal + "); the other databases are"
        + " handled\n"), all);
    assertEquals(List.of(), filesOutside());
  }

  @Test
  void anArchiveDirectoryInsideGitIsRefusedWithoutFailingTheCheckout() throws Exception {
    Files.writeString(origin.resolve(".hydrateconfig"), "[hydrate]\n\tarchiveDirectory = .git/hooks\n");
    archive(origin.resolve("app.db.json"), "harmless");
    Path clone = pushAndClone();
    List<String> hooksBefore = List.of(clone.resolve(".git/hooks").toFile().list());
    String refusal = clone.resolve(".hydrateconfig") + ": hydrate.archiveDirectory \".git/hooks\" must name a folder"
        + " inside the repository: it is inside .git, Git's own directory";

    Run hook = hydrate(clone, "hook", "post-checkout", NO_COMMIT, "HEAD", "1");
    assertEquals(new Run(0, "", "git-hydrate: ERROR: databases were not updated: " + refusal + "\n"
        + "git-hydrate: the checkout itself is fine; fix the above and run 'git hydrate sync'\n"), hook);
    Run status = hydrate(clone, "status");
    assertEquals(new Run(1, "", "git-hydrate: " + refusal + "\n"), status);
    Run commit = hydrate(clone, "hook", "pre-commit");
    assertEquals(new Run(1, "", "git-hydrate: " + refusal + "\n"), commit);
    assertEquals(hooksBefore, List.of(clone.resolve(".git/hooks").toFile().list()));
  }

  @Test
  void anArchiveDirectoryAboveTheCloneIsRefused() throws Exception {
    Files.writeString(origin.resolve(".hydrateconfig"), "[hydrate]\n\tarchiveDirectory = ../outside\n");
    Path clone = pushAndClone();
    Files.writeString(clone.resolve("app.db"), "");
    Run dehydrate = hydrate(clone, "dehydrate");
    assertEquals(new Run(1, "", "git-hydrate: " + clone.resolve(".hydrateconfig") + ": hydrate.archiveDirectory"
        + " \"../outside\" must name a folder inside the repository: it has a \"..\" component\n"), dehydrate);
    assertEquals(List.of(), filesOutside());
  }
}
