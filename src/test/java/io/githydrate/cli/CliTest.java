package io.githydrate.cli;

import static io.githydrate.TestJson.object;
import static io.githydrate.TestJson.parse;
import static io.githydrate.TestSqlite.exec;
import static io.githydrate.TestSqlite.open;
import static io.githydrate.TestSqlite.query;
import static io.githydrate.TestSqlite.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.testing.InProcess;
import io.githydrate.testing.InProcess.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user meets it, run in-process: what lands on stdout and stderr, and the
 * exit code. Each test works in a folder of its own with a {@code .git} folder, so that the
 * workspace is that folder wherever the temporary directory is.
 */
class CliTest {
  @TempDir
  Path dir;

  private Run run(String... args) {
    return InProcess.run(dir, args);
  }

  @BeforeEach
  void aRepository() throws IOException {
    Files.createDirectory(dir.resolve(".git"));
  }

  private Path database(String name, String... sql) throws Exception {
    Path db = dir.resolve(name);
    Files.createDirectories(db.getParent());
    exec(db, sql);
    return db;
  }

  private Path appDb() throws Exception {
    return database("app.db", "CREATE TABLE t(id INTEGER PRIMARY KEY, x)", "INSERT INTO t(x) VALUES ('a'), ('b')");
  }

  @Test
  void helpGoesToStdoutAndExitsZero() {
    Run run = run("--help").withoutStackTrace();
    assertEquals(0, run.exitCode());
    assertTrue(run.out().startsWith("Usage: git-hydrate "), run.out());
    assertTrue(run.out().contains("\nExit codes:\n  0   done\n  1   a database or archive failed (each failure is printed)\n"
        + "  2   wrong command line\n  3   verify: a round trip was not exact\n"), run.out());
    assertEquals("", run.err());
  }

  @Test
  void helpListsEveryCommandButTheHooksOwn() {
    Run run = run("--help").withoutStackTrace();
    for (String command : List.of("install", "uninstall", "sync", "add", "status", "repair", "backups",
        "doctor", "dehydrate", "hydrate", "stats", "verify")) {
      assertTrue(run.out().contains("\n  " + command + " "), command + " in:\n" + run.out());
    }
    assertFalse(run.out().contains("\n  hook "), run.out());
  }

  @Test
  void aCommandAfterTopLevelOptionsRunsWithThem() throws Exception {
    appDb();
    Run run = run("-C", dir.toString(), "--lock-timeout", "1", "--json", "dehydrate").withoutStackTrace();
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("{"), run.out());
  }

  @Test
  void eachCommandHasHelp() {
    for (String command : List.of("dehydrate", "hydrate", "status", "stats", "verify")) {
      Run run = run(command, "--help").withoutStackTrace();
      assertEquals(0, run.exitCode(), command);
      assertTrue(run.out().startsWith("Usage: git-hydrate " + command + " "), run.out());
    }
  }

  @Test
  void helpCommandShowsACommandsHelp() {
    for (String command : List.of("status", "hydrate", "diff")) {
      Run help = run("help", command).withoutStackTrace();
      assertEquals(new Run(0, run(command, "--help").out(), ""), help, command);
    }
    Run top = run("help").withoutStackTrace();
    assertEquals(0, top.exitCode());
    assertTrue(top.out().startsWith("Usage: git-hydrate "), top.out());
    assertTrue(top.out().contains("\n  help "), "help lists itself: " + top.out());
  }

  @Test
  void helpOfAnUnknownCommandIsAUsageError() {
    Run run = run("help", "rehydrate").withoutStackTrace();
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().startsWith("Unknown subcommand 'rehydrate'."), run.err());
  }

  @Test
  void theManualPageDescribesEveryCommandAUserRuns() {
    Run run = run("man-page").withoutStackTrace();
    assertEquals(0, run.exitCode());
    assertEquals("", run.err(), "picocli warns of no description it cannot format");
    assertTrue(run.out().startsWith(".TH GIT-HYDRATE 1 "), run.out());
    for (String command : List.of("install", "uninstall", "track", "untrack", "sync", "add", "status", "repair",
        "doctor", "dehydrate", "hydrate", "stats", "verify", "check", "conflicts", "resolve", "diff", "log", "help")) {
      assertTrue(run.out().contains("\n.SS " + command.replace("-", "\\-") + "\n"), command);
    }
    assertFalse(run.out().contains("\n.SS hook\n"), "the hooks' own command is hidden");
    assertFalse(run.out().contains("\n.SS man\\-page\n"), "this command is hidden");
    assertTrue(run.out().contains("\n.SH EXIT CODES\n.TP\n0\ndone\n"), run.out());
    assertTrue(run.out().contains("\n\\fB\\-o\\fR, \\fB\\-\\-output\\fR \\fIARCHIVE\\fR\nWhere to write the archive"),
        run.out());
  }

  @Test
  void mergeDriverHelpPrintsGitsPlaceholdersWithoutWarnings() {
    Run run = run("merge-driver", "--help").withoutStackTrace();
    assertEquals("", run.err());
    assertTrue(run.out().contains("merge-driver %O %A %B %P."), run.out());
  }

  @Test
  void versionNamesTheArchiveFormat() {
    Run run = run("--version").withoutStackTrace();
    assertEquals(0, run.exitCode());
    assertTrue(run.out().endsWith("\narchive format git-hydrate-archive version 1\n"), run.out());
    assertTrue(run.out().startsWith("git-hydrate "), run.out());
  }

  @Test
  void noCommandIsAUsageError() {
    Run run = run().withoutStackTrace();
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("Missing required subcommand\nUsage: git-hydrate "), run.err());
    assertEquals("", run.out());
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    Run run = run("dehydrate", "--bogus").withoutStackTrace();
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("Unknown option: '--bogus'\n"), run.err());
    assertEquals("", run.out());
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    Run run = run("rehydrate").withoutStackTrace();
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("Unmatched argument at index 0: 'rehydrate'\n"), run.err());
  }

  @Test
  void dehydrateThenHydrateRestoresTheDatabase() throws Exception {
    appDb();
    Run dehydrated = run("dehydrate", "app.db").withoutStackTrace();
    assertEquals(new Run(0, "app.db: written (1 tables, 2 rows, archive app.db.json)\n", ""), dehydrated);
    Files.delete(dir.resolve("app.db"));
    Run hydrated = run("hydrate", "app.db.json").withoutStackTrace();
    assertEquals(new Run(0, "app.db: created (1 tables, 2 rows, from app.db.json)\n", ""), hydrated);
    assertEquals(List.of(row(1L, "a"), row(2L, "b")), query(dir.resolve("app.db"), "SELECT id, x FROM t"));
  }

  @Test
  void pathsWithSpacesQuestionMarksHashesPercentsAndNonAsciiLettersWork() throws Exception {
    database("my data ?#% é/app ?x=1#y%41ü.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
    Run dehydrated = run("dehydrate", "my data ?#% é/app ?x=1#y%41ü.db").withoutStackTrace();
    assertEquals(new Run(0, "my data ?#% é/app ?x=1#y%41ü.db: written (1 tables, 1 rows, "
        + "archive my data ?#% é/app ?x=1#y%41ü.db.json)\n", ""), dehydrated);
    Files.delete(dir.resolve("my data ?#% é/app ?x=1#y%41ü.db"));
    Run hydrated = run("hydrate").withoutStackTrace();
    assertEquals(new Run(0, "my data ?#% é/app ?x=1#y%41ü.db: created (1 tables, 1 rows, "
        + "from my data ?#% é/app ?x=1#y%41ü.db.json)\n", ""), hydrated);
    try (Stream<Path> files = Files.list(dir.resolve("my data ?#% é"))) {
      assertEquals(List.of("app ?x=1#y%41ü.db", "app ?x=1#y%41ü.db.json"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void dehydratingAnUnchangedDatabaseSaysSo() throws Exception {
    appDb();
    run("dehydrate", "app.db");
    assertEquals(new Run(0, "app.db: unchanged (1 tables, 2 rows, archive app.db.json)\n", ""), run("dehydrate", "app.db"));
  }

  @Test
  void withoutPathsEveryDatabaseOfTheRepositoryIsDehydrated() throws Exception {
    appDb();
    database("sub dir/other.sqlite", "CREATE TABLE u(x)", "INSERT INTO u VALUES (1)");
    database("ignored.txt", "CREATE TABLE v(x)");
    database(".git/inside.db", "CREATE TABLE w(x)");
    Run run = run("dehydrate").withoutStackTrace();
    assertEquals(new Run(0, "app.db: written (1 tables, 2 rows, archive app.db.json)\n"
        + "sub dir/other.sqlite: written (1 tables, 1 rows, archive sub dir/other.sqlite.json)\n", ""), run);
    assertFalse(Files.exists(dir.resolve("ignored.txt.json")));
    assertFalse(Files.exists(dir.resolve(".git/inside.db.json")));
  }

  @Test
  void anEmptyRepositoryHasNothingToDo() {
    assertEquals(new Run(0, "no databases dehydrated (none found)\n", ""), run("dehydrate"));
    assertEquals(new Run(0, "no databases hydrated (none found)\n", ""), run("hydrate"));
  }

  @Test
  void dashCRunsInAnotherFolder() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    exec(elsewhere.resolve("e.db"), "CREATE TABLE t(x)");
    Run run = run("-C", "elsewhere", "dehydrate", "e.db").withoutStackTrace();
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(Files.isRegularFile(elsewhere.resolve("e.db.json")));
    assertEquals("elsewhere/e.db: written (1 tables, 0 rows, archive elsewhere/e.db.json)\n", run.out());
  }

  @Test
  void dashOChoosesTheArchiveAndTheDatabase() throws Exception {
    appDb();
    Run dehydrated = run("dehydrate", "app.db", "-o", "archives/app.json").withoutStackTrace();
    assertEquals(new Run(0, "app.db: written (1 tables, 2 rows, archive archives/app.json)\n", ""), dehydrated);
    assertTrue(Files.isRegularFile(dir.resolve("archives/app.json")));
    assertFalse(Files.exists(dir.resolve("app.db.json")));
    Run hydrated = run("hydrate", "archives/app.json", "--output", "copy.db").withoutStackTrace();
    assertEquals(new Run(0, "copy.db: created (1 tables, 2 rows, from archives/app.json)\n", ""), hydrated);
    assertEquals(List.of(row(1L, "a"), row(2L, "b")), query(dir.resolve("copy.db"), "SELECT id, x FROM t"));
  }

  @Test
  void dashOWithTwoInputsIsAUsageError() throws Exception {
    appDb();
    database("b.db", "CREATE TABLE t(x)");
    Run run = run("dehydrate", "app.db", "b.db", "-o", "x.json").withoutStackTrace();
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("-o needs exactly one input path, got 2\nUsage: git-hydrate dehydrate "), run.err());
    assertFalse(Files.exists(dir.resolve("x.json")));
  }

  @Test
  void aMissingDatabaseIsOneLineAndExitCodeOne() {
    Run run = run("dehydrate", "nope.db").withoutStackTrace();
    assertEquals(new Run(1, "", "git-hydrate: " + dir.resolve("nope.db") + ": no such database file\n"), run);
  }

  @Test
  void aMissingArchiveIsOneLineAndExitCodeOne() {
    Run run = run("hydrate", "nope.db.json").withoutStackTrace();
    assertEquals(new Run(1, "", "git-hydrate: " + dir.resolve("nope.db.json") + ": no such archive\n"), run);
  }

  @Test
  void aBrokenArchiveIsOneLineNamingTheLine() throws Exception {
    appDb();
    run("dehydrate", "app.db");
    Path archive = dir.resolve("app.db.json");
    Files.writeString(archive, Files.readString(archive).replace("[2, \"b\"]", "[2, \"b\", 3]"));
    Files.delete(dir.resolve("app.db"));
    Run run = run("hydrate", "app.db.json").withoutStackTrace();
    assertEquals(new Run(1, "", "git-hydrate: archive " + archive + " line 18: table \"t\": row has more than 2 values\n"),
        run);
    assertFalse(Files.exists(dir.resolve("app.db")));
  }

  @Test
  void anArchiveWithABadBlobIsOneLine() throws Exception {
    database("app.db", "CREATE TABLE t(b)", "INSERT INTO t VALUES (x'00ff')");
    run("dehydrate", "app.db");
    Path archive = dir.resolve("app.db.json");
    Files.writeString(archive, Files.readString(archive).replace("\"AP8=\"", "\"AP*=\""));
    Files.delete(dir.resolve("app.db"));
    Run run = run("hydrate", "app.db.json").withoutStackTrace();
    assertEquals(new Run(1, "", "git-hydrate: archive " + archive
        + " line 17: blob is not valid base64: Illegal character '*' (code 0x2a) in base64 content\n"), run);
  }

  @Test
  void aMergeConflictInTheArchiveIsOneLineWithAHint() throws Exception {
    appDb();
    run("dehydrate", "app.db");
    Path archive = dir.resolve("app.db.json");
    Files.writeString(archive, Files.readString(archive).replace("   [2, \"b\"]\n",
        "<<<<<<< ours\n   [2, \"b\"]\n=======\n   [2, \"c\"]\n>>>>>>> theirs\n"));
    Run run = run("hydrate", "--force", "app.db.json").withoutStackTrace();
    assertEquals(1, run.exitCode());
    assertEquals("git-hydrate: archive " + archive + " line 18: not valid JSON: Unexpected character ('<' (code 60)): "
        + "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false') "
        + "(a merge-conflict marker? resolve the conflict in the archive first)\n", run.err());
  }

  @Test
  void aDatabaseWithOtherContentIsReplacedOnlyWithForce() throws Exception {
    appDb();
    run("dehydrate", "app.db");
    exec(dir.resolve("app.db"), "INSERT INTO t(x) VALUES ('local change')");
    Run refused = run("hydrate", "app.db.json").withoutStackTrace();
    assertEquals(new Run(1, "", "git-hydrate: " + dir.resolve("app.db") + ": has content that is not in its archive; "
        + "use --force to replace it (a backup is kept)\n"), refused);
    assertEquals(3L, query(dir.resolve("app.db"), "SELECT count(*) FROM t").get(0).get(0));

    Run forced = run("hydrate", "--force", "app.db.json").withoutStackTrace();
    assertEquals(0, forced.exitCode());
    assertTrue(forced.out().matches("app\\.db: replaced \\(1 tables, 2 rows, from app\\.db\\.json\\); previous content "
        + "kept in \\.git/git-hydrate/backups/app\\.db\\.\\d{8}T\\d{6}Z\\.bak\n"), forced.out());
    assertEquals(2L, query(dir.resolve("app.db"), "SELECT count(*) FROM t").get(0).get(0));
    try (Stream<Path> backups = Files.list(dir.resolve(".git/git-hydrate/backups"))) {
      Path backup = backups.filter(p -> p.getFileName().toString().endsWith(".bak")).findFirst().orElseThrow();
      assertEquals(3L, query(backup, "SELECT count(*) FROM t").get(0).get(0));
    }
  }

  @Test
  void oneFailingDatabaseDoesNotStopTheOthers() throws Exception {
    appDb();
    database("b.db", "CREATE TABLE t(x)");
    run("dehydrate");
    Files.writeString(dir.resolve("b.db.json"), "{\"format\": \"git-hydrate-archive\", \"version\": 9}");
    Files.delete(dir.resolve("app.db"));
    Files.delete(dir.resolve("b.db"));
    Run run = run("hydrate").withoutStackTrace();
    assertEquals(new Run(1, "app.db: created (1 tables, 2 rows, from app.db.json)\n",
        "git-hydrate: archive " + dir.resolve("b.db.json") + " line 1: unsupported archive version 9 "
            + "(this git-hydrate reads version 1; a newer git-hydrate wrote it?)\n"), run);
    assertTrue(Files.exists(dir.resolve("app.db")));
  }

  @Test
  void dehydrateJsonHasTheReferenceDesignsShape() throws Exception {
    appDb();
    database("empty.db", "CREATE TABLE e(x)");
    Instant before = Instant.now();
    Run run = run("--json", "dehydrate").withoutStackTrace();
    assertEquals(0, run.exitCode());
    assertEquals("", run.err());
    Map<String, Object> result = object(parse(run.out()));
    assertEquals(List.of("timestamp", "databases", "total_tables", "total_rows", "errors"), List.copyOf(result.keySet()));
    Instant timestamp = Instant.parse((String) result.get("timestamp"));
    assertFalse(timestamp.isBefore(before.minusSeconds(1)), timestamp.toString());
    assertEquals(Map.of(
        "app.db", Map.of("archive_path", "app.db.json", "tables_exported", 1L, "total_rows", 2L, "action", "written"),
        "empty.db", Map.of("archive_path", "empty.db.json", "tables_exported", 1L, "total_rows", 0L, "action", "written")),
        result.get("databases"));
    assertEquals(List.of("archive_path", "tables_exported", "total_rows", "action"),
        List.copyOf(object(object(result.get("databases")).get("app.db")).keySet()));
    assertEquals(2L, result.get("total_tables"));
    assertEquals(2L, result.get("total_rows"));
    assertEquals(List.of(), result.get("errors"));
  }

  @Test
  void hydrateJsonListsErrorsAndBackups() throws Exception {
    appDb();
    run("dehydrate", "app.db");
    exec(dir.resolve("app.db"), "DELETE FROM t");
    Run run = run("hydrate", "--json", "--force", "app.db.json", "missing.db.json").withoutStackTrace();
    assertEquals(1, run.exitCode());
    assertEquals(Map.of("errors", List.of(dir.resolve("missing.db.json") + ": no such archive")), parse(run.out()));
    assertEquals("git-hydrate: " + dir.resolve("missing.db.json") + ": no such archive\n", run.err());

    run = run("hydrate", "--json", "--force", "app.db.json").withoutStackTrace();
    assertEquals(0, run.exitCode());
    Map<String, Object> result = object(parse(run.out()));
    Map<String, Object> app = object(object(result.get("databases")).get("app.db"));
    assertEquals(List.of("archive_path", "tables_exported", "total_rows", "action", "backup_path"), List.copyOf(app.keySet()));
    assertEquals("replaced", app.get("action"));
    assertTrue(((String) app.get("backup_path")).startsWith(".git/git-hydrate/backups/app.db."), app.toString());
  }

  @Test
  void errorsOfSomeDatabasesAreInTheJsonResult() throws Exception {
    appDb();
    database("b.db", "CREATE TABLE t(x)");
    run("dehydrate");
    Files.writeString(dir.resolve("b.db.json"), "{}");
    Files.delete(dir.resolve("b.db"));
    Run run = run("--json", "hydrate").withoutStackTrace();
    assertEquals(1, run.exitCode());
    Map<String, Object> result = object(parse(run.out()));
    assertEquals(List.of("archive " + dir.resolve("b.db.json") + " line 1: not an archive: no \"format\" field (git-hydrate) "
        + "and no \"tables\" field (older row-object shape)"), result.get("errors"));
    assertEquals(Map.of("app.db", Map.of("archive_path", "app.db.json", "tables_exported", 1L, "total_rows", 2L,
        "action", "unchanged")), result.get("databases"));
  }

  @Test
  void verifyPassesForAnExactRoundTrip() throws Exception {
    appDb();
    Run run = run("verify", "app.db").withoutStackTrace();
    assertEquals(new Run(0, "app.db: exact round trip (1 tables, 2 rows, database)\n", ""), run);
    assertEquals(List.of(".git", "app.db"), filesInDir());
  }

  @Test
  void verifyExitsThreeForAnArchiveThatIsNotInCanonicalForm() throws Exception {
    Files.writeString(dir.resolve("old.db.json"), """
        {"database": "old.db", "tables": {"t": {"schema": "CREATE TABLE t(x)", "row_count": 1, "rows": [{"x": 1}]}}}
        """);
    Run run = run("verify", "old.db.json").withoutStackTrace();
    assertEquals(new Run(3, "old.db: NOT exact: the rebuilt database differs from the original (first difference at "
        + "archive line 1) (an archive written by another tool, or edited by hand, is not in canonical form)\n", ""), run);
  }

  @Test
  void verifyJsonSaysWhetherItPassed() throws Exception {
    appDb();
    Run run = run("verify", "--json").withoutStackTrace();
    assertEquals(0, run.exitCode());
    assertEquals(Map.of("databases", Map.of("app.db", Map.of("checked", "database", "exact", true, "tables", 1L,
        "total_rows", 2L)), "passed", true, "errors", List.of()), parse(run.out()));
  }

  @Test
  void statusSaysWhichDatabasesMatchTheirArchives() throws Exception {
    appDb();
    database("changed.db", "CREATE TABLE t(x)");
    database("new.db", "CREATE TABLE t(x)");
    run("dehydrate", "app.db", "changed.db");
    exec(dir.resolve("changed.db"), "INSERT INTO t VALUES (1)");
    Files.writeString(dir.resolve("corrupt.db"), "garbage".repeat(1000));
    Files.copy(dir.resolve("app.db.json"), dir.resolve("gone.db.json"));
    Run run = run("status").withoutStackTrace();
    assertEquals(new Run(0, """
        app.db: in sync
        changed.db: differs (the database and its archive hold different content)
        corrupt.db: corrupt (not a SQLite database (no SQLite header))
        gone.db: database missing (run: git hydrate hydrate)
        new.db: archive missing (run: git hydrate dehydrate)
        """, ""), run);
  }

  @Test
  void statsCountsWhatEachArchiveHolds() throws Exception {
    appDb();
    run("dehydrate", "app.db");
    long size = Files.size(dir.resolve("app.db.json"));
    Run run = run("stats").withoutStackTrace();
    assertEquals(new Run(0, String.format("app.db.json: 1 tables, 2 rows, %,d bytes (git-hydrate-archive/1)%n"
        + "1 archives, 1 tables, 2 rows, %,d bytes%n", size, size), ""), run);
  }

  @Test
  void stacktraceShowsTheTraceWhenAskedFor() {
    Run run = run("--stacktrace", "dehydrate", "nope.db");
    assertEquals(1, run.exitCode());
    assertTrue(run.err().startsWith("io.githydrate.HydrateException: " + dir.resolve("nope.db") + ": no such database file\n"
        + "\tat "), run.err());
  }

  @Test
  void aLockedDatabaseIsOneLineAfterTheLockTimeout() throws Exception {
    appDb();
    run("dehydrate", "app.db");
    exec(dir.resolve("app.db"), "UPDATE t SET x = 'changed'");
    try (Connection application = open(dir.resolve("app.db"))) {
      exec(application, "BEGIN IMMEDIATE", "INSERT INTO t(x) VALUES ('uncommitted')");
      long start = System.nanoTime();
      Run run = run("--lock-timeout", "0.2", "hydrate", "--force", "app.db.json").withoutStackTrace();
      assertTrue(System.nanoTime() - start < 5_000_000_000L, "the lock timeout was not applied");
      assertEquals(1, run.exitCode());
      assertEquals("git-hydrate: cannot replace the content of " + dir.resolve("app.db") + ": it is locked by another "
          + "process (waited 200 ms); left unchanged\n", run.err());
      exec(application, "ROLLBACK");
    }
  }

  private List<String> filesInDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /**
   * A database whose tables all still read but which fails quick_check (its free-page list points
   * past the end of the file) does not overwrite its archive: the check runs alongside the export.
   */
  @Test
  void aDatabaseThatFailsItsCheckLeavesItsArchiveAsItWas() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(id INTEGER PRIMARY KEY, x)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) INSERT INTO t(x) SELECT zeroblob(3000) FROM n", "DELETE FROM t WHERE id > 2");
    assertEquals(0, run("dehydrate", "app.db").exitCode());
    Path archive = dir.resolve("app.db.json");
    byte[] before = Files.readAllBytes(archive);
    exec(db, "UPDATE t SET x = 'changed' WHERE id = 1");
    try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(db,
        java.nio.file.StandardOpenOption.WRITE)) {
      // Header offset 32: the first free-list trunk page, here one past any page the file has.
      file.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0x7f, 0x7f}), 32);
    }
    Run run = run("dehydrate", "app.db").withoutStackTrace();
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().contains(db + ": corrupt ("), run.err());
    assertTrue(run.err().contains("archive left as it was. Rebuild the database from its archive with:"
        + " git hydrate repair app.db"), run.err());
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(archive)), "the archive changed");
  }
}
