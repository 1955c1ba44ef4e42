package io.githydrate.cli;

import static io.githydrate.TestJson.object;
import static io.githydrate.TestJson.parse;
import static io.githydrate.TestSqlite.exec;
import static io.githydrate.TestSqlite.query;
import static io.githydrate.TestSqlite.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.testing.InProcess;
import io.githydrate.testing.InProcess.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code git hydrate hydrate --if-needed}, as a start script runs it, in-process. */
class HydrateIfNeededTest {
  @TempDir
  Path dir;

  private Path db;

  private Run run(String... args) {
    return InProcess.run(dir, args).withoutStackTrace();
  }

  @BeforeEach
  void aRepositoryWithAnArchive() throws Exception {
    Files.createDirectory(dir.resolve(".git"));
    db = dir.resolve("app.db");
    exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT)", "INSERT INTO t(x) VALUES ('a'), ('b')");
    assertEquals(0, run("dehydrate").exitCode());
    Files.delete(db);
  }

  @Test
  void aMissingDatabaseIsBuiltThenEveryStartIsSilent() throws Exception {
    assertEquals(new Run(0, "app.db: created (1 tables, 2 rows, from app.db.json)\n", ""), run("hydrate", "--if-needed"));
    assertEquals(List.of(row(1L, "a"), row(2L, "b")), query(db, "SELECT id, x FROM t"));
    assertEquals(new Run(0, "", ""), run("hydrate", "--if-needed"));
    assertEquals(new Run(0, "", ""), run("hydrate", "--if-needed"));
  }

  @Test
  void withJsonNothingToDoIsASmallDocument() throws Exception {
    run("hydrate", "--if-needed");
    Run json = run("--json", "hydrate", "--if-needed");
    assertEquals(0, json.exitCode());
    Map<String, Object> document = object(parse(json.out()));
    assertEquals(List.of("timestamp", "in_step", "databases", "errors"), List.copyOf(document.keySet()));
    assertEquals(true, document.get("in_step"));
    assertEquals(Map.of(), document.get("databases"));
    assertEquals(List.of(), document.get("errors"));
  }

  @Test
  void withJsonWhatWasBuiltIsListed() throws Exception {
    Map<String, Object> document = object(parse(run("hydrate", "--if-needed", "--json").out()));
    assertEquals(false, document.get("in_step"));
    assertEquals(Map.of("archive_path", "app.db.json", "action", "created", "tables_exported", 1L, "total_rows", 2L),
        object(document.get("databases")).get("app.db"));
  }

  @Test
  void localChangesAreLeftAndSaidEachStart() throws Exception {
    run("hydrate", "--if-needed");
    exec(db, "INSERT INTO t(x) VALUES ('mine')");
    String said = "app.db: left as it is: changed since it was last in step with its archive app.db.json\n";
    assertEquals(new Run(0, said, ""), run("hydrate", "--if-needed"));
    assertEquals(new Run(0, said, ""), run("hydrate", "--if-needed"));
    assertEquals(3, query(db, "SELECT x FROM t").size());
  }

  @Test
  void aCorruptDatabaseIsRebuilt() throws Exception {
    run("hydrate", "--if-needed");
    Files.writeString(db, "damaged", StandardCharsets.UTF_8);
    Run repaired = run("hydrate", "--if-needed");
    assertEquals(0, repaired.exitCode());
    assertTrue(repaired.out().startsWith("app.db: repaired (1 tables, 2 rows, from app.db.json); previous content kept"
        + " in .git/git-hydrate/backups/app.db."), repaired.out());
    assertEquals(List.of(row(1L, "a"), row(2L, "b")), query(db, "SELECT id, x FROM t"));
  }

  @Test
  void aDamagedArchiveIsOneLineOnStderrAndExitCodeOne() throws Exception {
    Path archive = dir.resolve("app.db.json");
    Files.writeString(archive, Files.readString(archive).replace("[2, \"b\"]", "[2, \"b\""));
    Run failed = run("hydrate", "--if-needed");
    assertEquals(1, failed.exitCode());
    assertEquals("", failed.out());
    assertEquals(failed.err(), run("hydrate").err(), "the same line as hydrate's");
    assertEquals(1, failed.err().lines().count(), failed.err());
  }

  @Test
  void forceAndOutputAreUsageErrors() {
    Run force = InProcess.run(dir, "hydrate", "--if-needed", "--force");
    assertEquals(2, force.exitCode());
    assertTrue(force.err().startsWith("--if-needed never replaces local changes: it takes no --force"), force.err());
    assertEquals(2, InProcess.run(dir, "hydrate", "--if-needed", "-o", "x.db", "app.db.json").exitCode());
  }
}
