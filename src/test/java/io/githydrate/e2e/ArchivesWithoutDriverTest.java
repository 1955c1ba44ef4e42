package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.query;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives that Git's own text merge put together, where no git-hydrate merge driver ran (a hosting
 * site's web merge, a teammate without git-hydrate): two sides that each added, or each removed, a
 * row far apart change the table's {@code row_count} line the same way, so the merge is clean but
 * the count is one off; every clone still hydrates every row, and says so.
 */
class ArchivesWithoutDriverTest {
  private static final String ROW_COUNT_WARNING = "rows are used (merged without git-hydrate?"
      + " its next export writes the right count)";

  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.start(classDirectory);
  }

  /** A clone with git-hydrate's hooks but no merge driver: Git merges archives as text. */
  private Path cloneWithoutDriver(Path remote, String name) throws IOException {
    Path clone = sandbox.cloneInstalled(remote, dir.resolve(name));
    sandbox.tryGit(clone, "config", "--unset-all", "merge.hydrate.driver");
    assertNotEquals(0, sandbox.tryGit(clone, "config", "--get", "merge.hydrate.driver").exitCode(),
        "no merge driver should be configured");
    return clone;
  }

  /** Commits what changed in the clone's database (the hook exports it) and pushes. */
  private static void commitDatabase(Path clone, String message, boolean push) throws IOException {
    // A file of its own per commit: only the archive is shared between the sides.
    sandbox.commitFileChange(clone, message.replaceAll("\\W+", "-") + ".txt", message, message);
    assertTrue(sandbox.filesOf(clone, "HEAD").contains("app.db.json"), "the commit should carry the archive");
    if (push) {
      sandbox.git(clone, "push", "-q", "origin", "HEAD");
    }
  }

  /**
   * A and B share a WITHOUT ROWID table with 40 text keys, k00 to k39, one row a line in the archive.
   * Rows the tests change stay a few lines away from the count line (a change next to it would
   * conflict with the other side's change of the count, which is not what these tests are about).
   */
  private List<Path> twoClonesSharingKeys() throws IOException {
    Path remote = sandbox.newRemote(dir);
    Path a = cloneWithoutDriver(remote, "A");
    Path b = cloneWithoutDriver(remote, "B");
    List<String> statements = new ArrayList<>(List.of("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID"));
    for (int i = 0; i < 40; i++) {
      statements.add(String.format("INSERT INTO kv VALUES ('k%02d', 'value %d')", i, i));
    }
    sql(a.resolve("app.db"), statements.toArray(String[]::new));
    commitDatabase(a, "A adds the kv table", true);
    sandbox.git(b, "pull", "-q");
    assertEquals(40, keys(b).size(), "B should have A's table");
    return List.of(a, b);
  }

  private static List<String> keys(Path clone) {
    return query(clone.resolve("app.db"), "SELECT k FROM kv ORDER BY k");
  }

  private static String archiveAt(Path clone, String revision) {
    return sandbox.git(clone, "show", revision + ":app.db.json").stdout();
  }

  @Test
  void twoInsertsFarApartMergedAsTextHydrateInEveryClone() throws IOException {
    List<Path> clones = twoClonesSharingKeys();
    Path a = clones.get(0);
    Path b = clones.get(1);
    sql(a.resolve("app.db"), "INSERT INTO kv VALUES ('k00a', 'from A')");
    commitDatabase(a, "A adds k00a", true);
    sql(b.resolve("app.db"), "INSERT INTO kv VALUES ('k30a', 'from B')");
    commitDatabase(b, "B adds k30a", false);

    GitSandbox.Result pull = sandbox.git(b, "pull", "--no-edit");

    assertContains(archiveAt(b, "HEAD"), "], \"row_count\": 41}", pull);
    assertTrue(keys(b).containsAll(List.of("k00a", "k30a")), pull::toString);
    assertEquals(42, keys(b).size(), pull::toString);
    assertContains(pull.stderr(), "app.db.json line ", pull);
    assertContains(pull.stderr(), "table \"kv\" has 42 rows but its row_count says 41; all 42 " + ROW_COUNT_WARNING, pull);

    sandbox.git(b, "push", "-q", "origin", "HEAD");
    GitSandbox.Result pullA = sandbox.git(a, "pull", "-q");
    assertEquals(keys(b), keys(a), pullA::toString);

    // The next export writes the count the rows have.
    sql(b.resolve("app.db"), "INSERT INTO kv VALUES ('k20a', 'later')");
    commitDatabase(b, "B adds k20a", false);
    assertContains(archiveAt(b, "HEAD"), "], \"row_count\": 43}", pull);
  }

  @Test
  void twoDeletesFarApartMergedAsTextHydrateInEveryClone() throws IOException {
    List<Path> clones = twoClonesSharingKeys();
    Path a = clones.get(0);
    Path b = clones.get(1);
    sql(a.resolve("app.db"), "DELETE FROM kv WHERE k = 'k01'");
    commitDatabase(a, "A removes k01", true);
    sql(b.resolve("app.db"), "DELETE FROM kv WHERE k = 'k30'");
    commitDatabase(b, "B removes k30", false);

    GitSandbox.Result pull = sandbox.git(b, "pull", "--no-edit");

    assertContains(archiveAt(b, "HEAD"), "], \"row_count\": 39}", pull);
    assertEquals(38, keys(b).size(), pull::toString);
    assertFalse(keys(b).contains("k01") || keys(b).contains("k30"), pull::toString);
    assertContains(pull.stderr(), "table \"kv\" has 38 rows but its row_count says 39", pull);

    sandbox.git(b, "push", "-q", "origin", "HEAD");
    GitSandbox.Result pullA = sandbox.git(a, "pull", "-q");
    assertEquals(keys(b), keys(a), pullA::toString);
  }

  /**
   * Reverting an older insert conflicts on the count line alone (a later commit changed it too);
   * whichever count the user keeps, the revert commits and the database follows the rows.
   */
  @Test
  void revertingAnOlderInsertCommitsWithEitherCountAndHydrates() throws IOException {
    Path a = twoClonesSharingKeys().get(0);
    sql(a.resolve("app.db"), "INSERT INTO kv VALUES ('k00a', 'older')");
    commitDatabase(a, "A adds k00a", false);
    String older = sandbox.head(a);
    sql(a.resolve("app.db"), "INSERT INTO kv VALUES ('k30a', 'newer')");
    commitDatabase(a, "A adds k30a", false);

    GitSandbox.Result revert = sandbox.tryGit(a, "revert", "--no-edit", older);
    assertNotEquals(0, revert.exitCode(), "the count line should conflict:\n" + revert);
    Path archive = a.resolve("app.db.json");
    String conflicted = Files.readString(archive);
    assertContains(conflicted, "<<<<<<<", revert);
    Files.writeString(archive, keepOurs(conflicted));
    sandbox.git(a, "add", "app.db.json");

    GitSandbox.Result commit = sandbox.git(a, "-c", "core.editor=true", "revert", "--continue");
    GitSandbox.Result sync = sandbox.git(a, "hydrate", "sync");

    assertContains(archiveAt(a, "HEAD"), "], \"row_count\": 42}", commit);
    assertFalse(archiveAt(a, "HEAD").contains("k00a"), commit::toString);
    assertEquals(41, keys(a).size(), commit + "\n" + sync);
    assertTrue(keys(a).contains("k30a") && !keys(a).contains("k00a"), sync::toString);
  }

  /** {@code text} with each conflict resolved to its first ("ours") side. */
  private static String keepOurs(String text) {
    StringBuilder kept = new StringBuilder();
    String side = "both";
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("<<<<<<< ")) {
        side = "ours";
      } else if (line.equals("=======") && !side.equals("both")) {
        side = "theirs";
      } else if (line.startsWith(">>>>>>> ")) {
        side = "both";
      } else if (!side.equals("theirs")) {
        kept.append(line).append('\n');
      }
    }
    return kept.substring(0, kept.length() - 1);
  }
}
