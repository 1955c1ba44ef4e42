package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.notes;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * git-hydrate's own commands in a repository in filter mode, where Git holds each database's
 * archive: status against what Git holds, add, repair from Git's archive, stats, verify, sync, the
 * commands that have no job there, and track / untrack.
 */
class FilterModeCommandsTest {
  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.startFilterMode(classDirectory);
  }

  private Path aClone() throws IOException {
    return sandbox.clone(sandbox.newRemote(dir), dir.resolve("A"));
  }

  @Test
  void statusComparesEachDatabaseWithWhatGitHoldsAndAddStagesIt() throws IOException {
    Path a = aClone();
    assertEquals("app.db: in sync\n", sandbox.git(a, "hydrate", "status").stdout());

    sql(a.resolve("app.db"), "UPDATE notes SET body = 'edited' WHERE id = 1");
    sql(a.resolve("new.db"), "CREATE TABLE t(x)");
    GitSandbox.Result changed = sandbox.git(a, "hydrate", "status");
    assertEquals("app.db: local changes (not staged; run: git add -- app.db)\n"
        + "new.db: archive missing (not tracked yet; run: git add -- new.db)\n", changed.stdout(), changed::toString);

    GitSandbox.Result add = sandbox.git(a, "hydrate", "add", "app.db");
    assertContains(add.stderr(), "git-hydrate: app.db: staged", add);
    assertEquals(List.of("app.db"), sandbox.git(a, "diff", "--cached", "--name-only").stdout().lines().toList());
    GitSandbox.Result staged = sandbox.git(a, "hydrate", "status", "--json", "app.db");
    assertContains(staged.stdout(), "\"state\" : \"in_sync\"", staged);
    assertContains(staged.stdout(), "staged, not committed yet", staged);
  }

  @Test
  void repairRebuildsACorruptDatabaseFromTheArchiveGitHoldsAndKeepsTheDamagedFile() throws IOException {
    Path a = aClone();
    Path db = a.resolve("app.db");
    try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
      file.setLength(file.length() - 100); // no longer a whole number of pages
    }
    assertContains(sandbox.git(a, "hydrate", "status").stdout(), "app.db: corrupt", sandbox.git(a, "hydrate", "status"));

    GitSandbox.Result repair = sandbox.git(a, "hydrate", "repair");

    assertContains(repair.stdout(), "checked 1, corrupt 1, rebuilt 1", repair);
    assertEquals(GitSandbox.SEED_NOTES, notes(db));
    try (Stream<Path> backups = Files.list(a.resolve(".git/git-hydrate/backups"))) {
      assertEquals(1, backups.filter(p -> p.getFileName().toString().startsWith("app.db.")
          && p.getFileName().toString().endsWith(".bak")).count());
    }
    assertEquals(List.of(), sandbox.status(a), "the rebuilt database is what Git holds");
  }

  @Test
  void statsAndVerifyReadWhatGitHolds() throws IOException {
    Path a = aClone();

    GitSandbox.Result stats = sandbox.git(a, "hydrate", "stats");
    assertContains(stats.stdout(), "app.db: 2 tables, 4 rows", stats);
    GitSandbox.Result verify = sandbox.git(a, "hydrate", "verify");
    assertEquals(0, verify.exitCode(), verify::toString);
  }

  @Test
  void syncSaysGitKeepsTheDatabasesAndDehydrateAndHydrateWithoutPathsSayWhatDoesTheJob() throws IOException {
    Path a = aClone();

    assertContains(sandbox.git(a, "hydrate", "sync").stdout(), "filter mode: Git keeps every database in step",
        sandbox.git(a, "hydrate", "sync"));
    GitSandbox.Result dehydrate = sandbox.tryGit(a, "hydrate", "dehydrate");
    assertEquals(1, dehydrate.exitCode(), dehydrate::toString);
    assertContains(dehydrate.stderr(), "git-hydrate: this repository keeps its databases in filter mode, where Git"
        + " stores and restores them itself: git add -- DB stores a database's archive", dehydrate);
    GitSandbox.Result hydrate = sandbox.tryGit(a, "hydrate", "hydrate");
    assertEquals(1, hydrate.exitCode(), hydrate::toString);
    assertFalse(Files.exists(a.resolve("app.db.json")), "nothing was written beside the database");

    GitSandbox.Result byHand = sandbox.git(a, "hydrate", "dehydrate", "app.db", "-o", "copy.json");
    assertEquals(sandbox.git(a, "show", "HEAD:app.db").stdout(),
        Files.readString(a.resolve("copy.json"), StandardCharsets.UTF_8), byHand::toString);
  }

  @Test
  void trackAddsAPatternToTheConfigAndTheAttributesAndUntrackTakesItAway() throws IOException {
    Path a = aClone();

    GitSandbox.Result track = sandbox.git(a, "hydrate", "track", "data/*.store");

    assertContains(track.stdout(), "git-hydrate: tracking \"data/*.store\" (.hydrateconfig)", track);
    String config = Files.readString(a.resolve(".hydrateconfig"), StandardCharsets.UTF_8);
    for (String pattern : List.of("*.db", "*.sqlite", "*.sqlite3", "data/*.store")) {
      assertTrue(config.contains("databases = " + pattern), "the defaults stay, the new one joins them:\n" + config);
    }
    assertContains(Files.readString(a.resolve(".gitattributes"), StandardCharsets.UTF_8),
        "data/*.store filter=hydrate diff=hydrate merge=hydrate -text", track);
    assertEquals("*.db\n*.sqlite\n*.sqlite3\ndata/*.store\n", sandbox.git(a, "hydrate", "track").stdout());
    assertContains(sandbox.git(a, "hydrate", "track", "data/*.store").stdout(), "is tracked already", track);
    Files.createDirectories(a.resolve("data"));
    sql(a.resolve("data/shop.store"), "CREATE TABLE items(id INTEGER PRIMARY KEY)");
    sandbox.git(a, "add", "data/shop.store");
    assertTrue(sandbox.git(a, "show", ":data/shop.store").stdout().startsWith("{"), "Git stores its archive");

    GitSandbox.Result untrack = sandbox.git(a, "hydrate", "untrack", "data/*.store");
    assertContains(untrack.stdout(), "no longer tracking", untrack);
    assertFalse(Files.readString(a.resolve(".gitattributes"), StandardCharsets.UTF_8).contains("data/*.store"));
  }

  @Test
  void aPatternThatWouldMeanSomethingElseToGitIsRefused() throws IOException {
    Path a = aClone();

    GitSandbox.Result spaces = sandbox.tryGit(a, "hydrate", "track", "my data/*.db");

    assertEquals(1, spaces.exitCode(), spaces::toString);
    assertEquals("git-hydrate: \"my data/*.db\" cannot be a database pattern: it would mean something else as a line"
        + " of .gitattributes (no \"!\" first, no spaces)\n", spaces.stderr());
    assertFalse(Files.exists(a.resolve(".hydrateconfig")), "nothing was written");
  }
}
