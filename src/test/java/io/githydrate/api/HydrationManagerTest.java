package io.githydrate.api;

import static io.githydrate.TestSqlite.exec;
import static io.githydrate.TestSqlite.query;
import static io.githydrate.TestSqlite.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.HydrateException;
import io.githydrate.TestSqlite;
import io.githydrate.api.DatabaseResult.Outcome;
import io.githydrate.testing.InProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API an application calls at its start and exit, in-process: in a plain folder (state in
 * {@code .git-hydrate/}) and in a folder with a {@code .git} directory (the hooks' state).
 */
class HydrationManagerTest {
  @TempDir
  Path dir;

  /** A database app.db of two rows, and its archive; then the database removed when {@code keep} is false. */
  private Path archived(boolean keep) throws Exception {
    Path db = dir.resolve("app.db");
    exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT)", "INSERT INTO t(x) VALUES ('a'), ('b')");
    assertEquals(0, InProcess.run(dir, "dehydrate", "app.db").exitCode());
    if (!keep) {
      Files.delete(db);
    }
    return db;
  }

  /** Writes app.db.json anew from a database holding {@code rows} (as a pull would bring it). */
  private void archiveMovesOn(String... rows) throws Exception {
    Path other = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-other")).resolve("app.db");
    Files.deleteIfExists(other);
    exec(other, "CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT)");
    for (String x : rows) {
      exec(other, "INSERT INTO t(x) VALUES ('" + x + "')");
    }
    assertEquals(0, InProcess.run(other.getParent(), "dehydrate", "app.db", "-o", dir.resolve("app.db.json").toString())
        .exitCode());
  }

  private List<List<Object>> rows() throws Exception {
    return query(dir.resolve("app.db"), "SELECT id, x FROM t ORDER BY id");
  }

  private static DatabaseResult only(Report report) {
    assertEquals(1, report.databases().size(), report::toString);
    return report.databases().values().iterator().next();
  }

  @Test
  void aMissingDatabaseIsBuiltAtTheStartAndTheStateKeptInThePlainFolder() throws Exception {
    archived(false);
    Report report = HydrationManager.forDirectory(dir).hydrateIfNeeded();
    assertEquals(new DatabaseResult("app.db", "app.db.json", Outcome.CREATED, 1, 2, null, null), only(report));
    assertTrue(report.ok());
    assertEquals(1, report.totalTables());
    assertEquals(2, report.totalRows());
    assertEquals(List.of(row(1L, "a"), row(2L, "b")), rows());
    assertTrue(Files.isRegularFile(dir.resolve(".git-hydrate/state.json")), "outside Git the state is kept beside");
    assertEquals(Outcome.IN_STEP, only(HydrationManager.forDirectory(dir).hydrateIfNeeded()).outcome());
  }

  @Test
  void aStartWithNothingToDoOpensNoDatabase() throws Exception {
    archived(false);
    HydrationManager manager = HydrationManager.forDirectory(dir);
    manager.hydrateIfNeeded();
    // Another connection holds the write lock: a start that opened the database would wait, then fail.
    try (Connection holder = TestSqlite.open(dir.resolve("app.db"))) {
      exec(holder, "BEGIN EXCLUSIVE");
      Report report = manager.withLockTimeout(Duration.ZERO).hydrateIfNeeded();
      assertEquals(Outcome.IN_STEP, only(report).outcome(), report::toString);
      assertTrue(report.ok(), report::toString);
      exec(holder, "ROLLBACK");
    }
  }

  @Test
  void aDatabaseBehindItsArchiveIsUpdated() throws Exception {
    archived(true);
    HydrationManager manager = HydrationManager.forDirectory(dir);
    assertEquals(Outcome.IN_STEP, only(manager.hydrateIfNeeded()).outcome());
    archiveMovesOn("a", "b", "c");
    DatabaseResult result = only(manager.hydrateIfNeeded());
    assertEquals(Outcome.UPDATED, result.outcome(), result::toString);
    assertEquals(3, result.rows());
    assertEquals(List.of(row(1L, "a"), row(2L, "b"), row(3L, "c")), rows());
    // Outside Git nothing else holds what the database held once its archive was replaced.
    assertNotNull(result.backupPath(), result::toString);
    assertEquals(List.of(row(1L, "a"), row(2L, "b")),
        query(dir.resolve(result.backupPath()), "SELECT id, x FROM t ORDER BY id"));
  }

  @Test
  void aCorruptDatabaseIsRebuiltAndTheDamagedFileKept() throws Exception {
    Path db = archived(true);
    HydrationManager manager = HydrationManager.forDirectory(dir);
    manager.hydrateIfNeeded();
    byte[] damaged = "not a database at all, just text".getBytes(StandardCharsets.UTF_8);
    Files.write(db, damaged);
    DatabaseResult result = only(manager.hydrateIfNeeded());
    assertEquals(Outcome.REPAIRED, result.outcome(), result::toString);
    assertNotNull(result.backupPath());
    assertArrayEquals(damaged, Files.readAllBytes(dir.resolve(result.backupPath())));
    assertEquals(List.of(row(1L, "a"), row(2L, "b")), rows());
  }

  @Test
  void localChangesAreNeverOverwrittenEvenWhenTheArchiveMovedOn() throws Exception {
    Path db = archived(true);
    HydrationManager manager = HydrationManager.forDirectory(dir);
    manager.hydrateIfNeeded();
    exec(db, "INSERT INTO t(x) VALUES ('mine')");
    DatabaseResult changed = only(manager.hydrateIfNeeded());
    assertEquals(new DatabaseResult("app.db", "app.db.json", Outcome.LOCAL_CHANGES, 0, 0, null,
        "changed since it was last in step with its archive app.db.json"), changed);
    archiveMovesOn("theirs");
    DatabaseResult both = only(manager.hydrateIfNeeded());
    assertEquals("changed since it was last in step with its archive app.db.json, and so was the archive",
        both.detail());
    assertEquals(List.of(row(1L, "a"), row(2L, "b"), row(3L, "mine")), rows());
    // Outside Git there is no base to merge from: the exit refuses rather than undo the archive's change.
    Report exit = manager.dehydrate();
    assertEquals(Outcome.FAILED, only(exit).outcome(), exit::toString);
    assertEquals(List.of(only(exit).detail()), exit.errors());
    assertTrue(exit.errors().get(0).startsWith("app.db: changed here, and its archive changed too since they were"
        + " last in step, so exporting it would undo the archive's changes; "), exit.errors().get(0));
    assertTrue(Files.readString(dir.resolve("app.db.json")).contains("\"theirs\""));
  }

  @Test
  void aPairNeverInStepIsLeftAtBothEndsAndSaysHowToChoose() throws Exception {
    archived(true);
    archiveMovesOn("other");
    byte[] archive = Files.readAllBytes(dir.resolve("app.db.json"));
    HydrationManager manager = HydrationManager.forDirectory(dir);
    String detail = "it differs from its archive app.db.json and was never in step with it here, so which is newer is"
        + " not known: export it with git hydrate dehydrate app.db, or take the archive's with git hydrate hydrate"
        + " --force app.db.json";
    assertEquals(new DatabaseResult("app.db", "app.db.json", Outcome.LOCAL_CHANGES, 0, 0, null, detail),
        only(manager.hydrateIfNeeded()));
    assertEquals(Outcome.LOCAL_CHANGES, only(manager.dehydrate()).outcome());
    assertArrayEquals(archive, Files.readAllBytes(dir.resolve("app.db.json")));
    assertEquals(List.of(row(1L, "a"), row(2L, "b")), rows());
  }

  @Test
  void theExitExportsChangesAndTheNextStartFindsThemInStep() throws Exception {
    Path db = archived(false);
    HydrationManager manager = HydrationManager.forDirectory(dir);
    manager.hydrateIfNeeded();
    exec(db, "INSERT INTO t(x) VALUES ('c')");
    Report exit = manager.dehydrate();
    assertEquals(new DatabaseResult("app.db", "app.db.json", Outcome.EXPORTED, 1, 3, null, null), only(exit));
    assertTrue(Files.readString(dir.resolve("app.db.json")).contains("[3, \"c\"]"));
    assertEquals(Outcome.IN_STEP, only(manager.dehydrate()).outcome());
    assertEquals(Outcome.IN_STEP, only(manager.hydrateIfNeeded()).outcome());
  }

  @Test
  void aNewDatabaseGetsItsFirstArchiveAtTheExit() throws Exception {
    exec(dir.resolve("new.sqlite"), "CREATE TABLE n(v)", "INSERT INTO n VALUES (1)");
    HydrationManager manager = HydrationManager.forDirectory(dir);
    assertEquals(Outcome.NO_ARCHIVE, only(manager.hydrateIfNeeded()).outcome());
    assertEquals(Outcome.EXPORTED, only(manager.dehydrate()).outcome());
    assertTrue(Files.isRegularFile(dir.resolve("new.sqlite.json")));
  }

  @Test
  void oneDatabaseAndItsArchiveWithoutAnyConfiguration() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("data"));
    exec(folder.resolve("a.db"), "CREATE TABLE t(v)", "INSERT INTO t VALUES ('kept')");
    exec(folder.resolve("b.db"), "CREATE TABLE t(v)");
    HydrationManager manager = HydrationManager.forDatabase(folder.resolve("a.db"), dir.resolve("archives/a.json"));
    assertEquals(Outcome.EXPORTED, only(manager.dehydrate()).outcome());
    Files.delete(folder.resolve("a.db"));
    Report start = manager.hydrateIfNeeded();
    // The folder of the database is the root; an archive outside it is shown by its whole path.
    assertEquals(new DatabaseResult("a.db", dir.resolve("archives/a.json").toString(), Outcome.CREATED, 1, 1, null,
        null), only(start));
    assertEquals(List.of(row("kept")), query(folder.resolve("a.db"), "SELECT v FROM t"));
    assertFalse(Files.exists(folder.resolve("b.db.json")), "only the database named is touched");
  }

  @Test
  void aDamagedArchiveFailsWithTheCommandLinesMessageAndTheOthersGoOn() throws Exception {
    archived(false);
    exec(dir.resolve("good.db"), "CREATE TABLE g(v)");
    assertEquals(0, InProcess.run(dir, "dehydrate", "good.db").exitCode());
    Files.delete(dir.resolve("good.db"));
    String text = Files.readString(dir.resolve("app.db.json"));
    Files.writeString(dir.resolve("app.db.json"), text.replace("[1, \"a\"]", "[1, \"a\""));
    Report report = HydrationManager.forDirectory(dir).hydrateIfNeeded();
    assertEquals(Outcome.FAILED, report.databases().get("app.db").outcome());
    assertEquals(Outcome.CREATED, report.databases().get("good.db").outcome());
    assertEquals(1, report.errors().size());
    assertFalse(report.ok());
    InProcess.Run cli = InProcess.run(dir, "hydrate", "app.db.json").withoutStackTrace();
    assertEquals("git-hydrate: " + report.errors().get(0) + "\n", cli.err());
    HydrateException thrown = assertThrows(HydrateException.class, report::orThrow);
    assertEquals(report.errors().get(0), thrown.getMessage());
    assertFalse(Files.exists(dir.resolve("app.db")), "no half-built database is left");
  }

  @Test
  void inAGitWorkTreeTheHooksStateIsUsed() throws Exception {
    Files.createDirectory(dir.resolve(".git"));
    archived(false);
    Report report = HydrationManager.forDirectory(dir.resolve(".")).hydrateIfNeeded();
    assertEquals(Outcome.CREATED, only(report).outcome());
    assertTrue(Files.isRegularFile(dir.resolve(".git/git-hydrate/state.json")));
    assertFalse(Files.exists(dir.resolve(".git-hydrate")));
    InProcess.Run status = InProcess.run(dir, "status").withoutStackTrace();
    assertEquals("app.db: in sync\n", status.out());
  }

  @Test
  void aRepositoryInFilterModeIsRefusedWithOneLine() throws Exception {
    Files.createDirectory(dir.resolve(".git"));
    Files.writeString(dir.resolve(".gitattributes"),
        "# >>> git-hydrate (managed block: 'git hydrate uninstall' removes it)\n*.db filter=hydrate diff=hydrate merge=hydrate -text\n# <<< git-hydrate\n");
    HydrateException e = assertThrows(HydrateException.class, () -> HydrationManager.forDirectory(dir).hydrateIfNeeded());
    assertEquals(dir + ": this repository keeps its databases in filter mode, where Git stores and restores them"
        + " itself: git restore -- DB builds a database from its archive, git add -- DB stores its archive", e.getMessage());
  }

  @Test
  void nothingIsPrintedOnStdout() throws Exception {
    Path db = archived(false);
    String printed = capturingStdout(() -> {
      HydrationManager manager = HydrationManager.forDirectory(dir);
      manager.hydrateIfNeeded();
      try {
        exec(db, "INSERT INTO t(x) VALUES ('c')");
        Files.writeString(dir.resolve("broken.db.json"), "{ not an archive");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      manager.hydrateIfNeeded();
      return manager.dehydrate();
    });
    assertEquals("", printed);
  }

  @Test
  void theShutdownHookIsRegisteredOnceAndCanBeRemoved() throws Exception {
    archived(false);
    HydrationManager manager = HydrationManager.forDirectory(dir);
    Thread hook = manager.dehydrateOnExit(report -> { });
    assertTrue(Runtime.getRuntime().removeShutdownHook(hook), "the hook was registered");
    assertFalse(Runtime.getRuntime().removeShutdownHook(hook));
  }

  private static String capturingStdout(Supplier<Report> body) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      body.get();
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
