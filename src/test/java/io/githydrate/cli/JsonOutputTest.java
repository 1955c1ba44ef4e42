package io.githydrate.cli;

import static io.githydrate.TestJson.object;
import static io.githydrate.TestJson.parse;
import static io.githydrate.TestSqlite.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.testing.InProcess.Run;
import io.githydrate.testing.PlainRepository;
import io.githydrate.testing.TestGit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --json} prints exactly one JSON document on stdout, with an {@code errors} list, on every
 * command a user runs: when it works, when there is nothing to do, when it fails and when a path
 * given names nothing; and the exit code is the one the same command line has without it.
 */
class JsonOutputTest {
  /** Every command a user runs, as it is run with nothing but its own name. */
  private static final List<String> COMMANDS = List.of("install", "status", "sync", "add", "repair", "doctor",
      "dehydrate", "hydrate", "stats", "verify", "check", "diff", "log", "diagram", "docs", "conflicts", "resolve", "track",
      "audit", "uninstall");

  @TempDir
  Path base;

  private PlainRepository plain;
  private Path repository;
  private TestGit git;

  @BeforeEach
  void aRepository() throws IOException {
    plain = PlainRepository.init(base);
    repository = plain.dir();
    git = plain.git();
  }

  private Run run(String... args) {
    return plain.run(args);
  }

  /** Runs {@code args} with {@code --json} and without; returns the document after checking what both printed. */
  private Map<String, Object> json(String... args) throws IOException {
    List<String> withJson = new ArrayList<>(List.of("--json"));
    withJson.addAll(List.of(args));
    Run text = run(args);
    Run run = run(withJson.toArray(String[]::new));
    assertEquals(text.exitCode(), run.exitCode(), () -> String.join(" ", args) + ": with --json " + run
        + "\nwithout " + text);
    Object document;
    try {
      document = parse(run.out());
    } catch (IOException | AssertionError e) {
      throw new AssertionError(String.join(" ", withJson) + ": stdout is not one JSON document: " + run, e);
    }
    Map<String, Object> result = object(assertInstanceOf(Map.class, document, run::toString));
    assertInstanceOf(List.class, result.get("errors"), () -> String.join(" ", withJson) + ": no errors list: " + run);
    return result;
  }

  private static List<?> errors(Map<String, Object> document) {
    return (List<?>) document.get("errors");
  }

  @Test
  void everyCommandPrintsOneDocumentWhenItWorks() throws Exception {
    exec(repository.resolve("app.db"), "CREATE TABLE t(id INTEGER PRIMARY KEY, x)", "INSERT INTO t(x) VALUES (1)");
    assertEquals(0, run("install").exitCode());
    assertEquals(0, run("add").exitCode());
    git.git(repository, "add", ".");
    git.git(repository, "commit", "-q", "--no-verify", "-m", "first");
    exec(repository.resolve("app.db"), "INSERT INTO t(x) VALUES (2)");
    for (String command : COMMANDS) {
      Map<String, Object> document = json(command);
      if (!command.equals("doctor")) { // doctor's checks may find git-hydrate missing on PATH here
        assertEquals(List.of(), errors(document), command);
      }
    }
  }

  @Test
  void migrationPrintsOneDocumentWithItsSqlAndWhenItFails() throws Exception {
    exec(repository.resolve("app.db"), "CREATE TABLE t(id INTEGER PRIMARY KEY, x)", "INSERT INTO t(x) VALUES (1)");
    assertEquals(0, run("install").exitCode());
    git.git(repository, "add", ".");
    git.git(repository, "commit", "-q", "--no-verify", "-m", "first");
    exec(repository.resolve("app.db"), "INSERT INTO t(x) VALUES (2)");
    assertEquals(0, run("add").exitCode());
    git.git(repository, "commit", "-q", "--no-verify", "-m", "second");

    Map<String, Object> document = json("migration", "HEAD~1", "HEAD");
    assertEquals(List.of(), errors(document));
    assertEquals("app.db", document.get("database"));
    assertTrue(((String) document.get("sql")).contains("INSERT INTO main.t (id, x) VALUES (2, 2);"), document.toString());
    assertEquals(List.of("nope: not a commit of this repository"), errors(json("migration", "HEAD", "nope")));
    Run both = run("--json", "migration", "HEAD~1", "HEAD", "-o", "up.sql");
    assertEquals(2, both.exitCode(), both::toString);
    assertEquals(List.of("--json puts the SQL in its document and -o writes it to a file: give one of them"),
        errors(object(parse(both.out()))));
    assertFalse(Files.exists(repository.resolve("up.sql")));
    assertEquals(List.of("-C no such folder: no such directory"),
        errors(json("-C", "no such folder", "migration", "HEAD~1", "HEAD")));
  }

  @Test
  void whatEachCommandChangedIsInItsDocument() throws Exception {
    exec(repository.resolve("app.db"), "CREATE TABLE t(id INTEGER PRIMARY KEY, x)");
    Map<String, Object> installed = object(parse(run("--json", "install").out()));
    assertTrue(((List<?>) installed.get("done")).contains("updated .gitignore"), installed.toString());
    assertEquals(0, run("add").exitCode());
    Map<String, Object> status = object(parse(run("--json", "status").out()));
    assertEquals(Map.of("app.db", Map.of("archive_path", "app.db.json", "state", "in_sync")), status.get("databases"));
    exec(repository.resolve("app.db"), "INSERT INTO t(x) VALUES (1)");
    Run add = run("--json", "add");
    Map<String, Object> app = object(object(object(parse(add.out())).get("databases")).get("app.db"));
    assertEquals("written", app.get("action"), add.toString());
    assertEquals("app.db.json", app.get("archive_path"), "as the other commands show paths: from the top");
    Map<String, Object> doctor = object(parse(run("--json", "doctor").out()));
    assertFalse(((List<?>) doctor.get("checks")).isEmpty(), doctor.toString());
    assertEquals(List.of("*.db", "*.sqlite", "*.sqlite3"), object(parse(run("--json", "track").out())).get("patterns"));
  }

  @Test
  void everyCommandPrintsOneDocumentWhenThereIsNothingToDo() throws Exception {
    for (String command : COMMANDS) {
      assertEquals(List.of(), errors(json(command)), command);
    }
  }

  @Test
  void everyCommandPrintsOneDocumentWhenItFails() throws Exception {
    for (String command : COMMANDS) {
      Map<String, Object> document = json("-C", "no such folder", command);
      assertEquals(List.of("-C no such folder: no such directory"), errors(document), command);
    }
    Files.writeString(repository.resolve("app.db.json"), "{\"format\": \"git-hydrate-archive\", \"version\": 9}\n");
    for (String command : List.of("hydrate", "stats", "verify")) {
      Map<String, Object> document = json(command);
      assertEquals(1, errors(document).size(), command + ": " + document);
    }
  }

  @Test
  void aPathThatNamesNothingIsAnErrorInTheDocument() throws Exception {
    assertEquals(0, run("install").exitCode());
    for (String command : List.of("status", "add", "repair", "dehydrate", "stats", "verify", "conflicts", "resolve")) {
      Run text = run(command, "nosuch.db");
      assertEquals(1, text.exitCode(), command + ": " + text);
      Map<String, Object> document = json(command, "nosuch.db");
      assertEquals(1, errors(document).size(), command + ": " + document);
      String error = (String) errors(document).get(0);
      assertTrue(error.contains("nosuch.db") && error.contains("no such"), command + ": " + error);
    }
    assertEquals(List.of(repository.resolve("nosuch.db.json") + ": no such archive"),
        errors(json("hydrate", "nosuch.db.json")));
  }

  @Test
  void aWrongCommandLineIsADocumentAndExitCodeTwo() throws Exception {
    for (List<String> args : List.of(List.of("status", "--bogus"), List.of("rehydrate"),
        List.of("dehydrate", "a.db", "b.db", "-o", "x.json"))) {
      Run run = run(concat("--json", args));
      assertEquals(2, run.exitCode(), run.toString());
      Object document = parse(run.out());
      assertEquals(1, errors(object(document)).size(), run.toString());
      assertFalse(run.err().isEmpty(), "picocli's explanation stays on stderr");
    }
  }

  private static String[] concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all.toArray(String[]::new);
  }
}
