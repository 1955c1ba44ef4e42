package io.githydrate.cli;

import static io.githydrate.TestJson.object;
import static io.githydrate.TestJson.parse;
import static io.githydrate.TestSqlite.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.testing.InProcess.Run;
import io.githydrate.testing.PlainRepository;
import io.githydrate.testing.TestGit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code git hydrate log} in-process on small histories: an archive that cannot be read in one commit,
 * a history that moved the archive to the database's path (as a move to filter mode does), and the
 * command line's mistakes.
 */
class LogCommandTest {
  @TempDir
  Path base;

  private PlainRepository plain;
  private Path repository;
  private TestGit git;

  @BeforeEach
  void aRepositoryWithTwoCommitsOfADatabase() throws Exception {
    plain = PlainRepository.init(base);
    repository = plain.dir();
    git = plain.git();
    Path db = repository.resolve("app.db");
    exec(db, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
        "INSERT INTO notes VALUES (1, 'first'), (2, 'second')");
    commitArchive("First notes");
    exec(db, "UPDATE notes SET body = 'edited' WHERE id = 2", "INSERT INTO notes VALUES (3, 'third')");
    commitArchive("Edit notes");
  }

  private void commitArchive(String message) {
    assertEquals(0, run("dehydrate").exitCode());
    git.git(repository, "add", "app.db.json");
    git.git(repository, "commit", "-q", "-m", message);
  }

  private Run run(String... args) {
    return plain.run(args);
  }

  private String head(String revision) {
    return git.git(repository, "rev-parse", revision).stdout().trim();
  }

  @Test
  void anArchiveThatCannotBeReadIsAnErrorAndTheOtherCommitsStillShow() throws IOException {
    Path archive = repository.resolve("app.db.json");
    Files.writeString(archive, Files.readString(archive, StandardCharsets.UTF_8).replace("[3, \"third\"]", "[3,"),
        StandardCharsets.UTF_8);
    git.git(repository, "commit", "-q", "-am", "Break the archive");

    Run run = run("log");

    assertEquals(1, run.exitCode(), run.toString());
    String error = "app.db: " + head("HEAD").substring(0, 12) + ":app.db.json: table \"notes\": not valid JSON: ";
    assertTrue(run.err().startsWith("git-hydrate: " + error), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.out().contains("\n    Break the archive\n\n  " + error), run.out());
    assertTrue(run.out().contains("\n    Edit notes\n\n  app.db:\n    notes: 1 added, 1 changed\n\n"), run.out());
    assertTrue(run.out().endsWith("\n    First notes\n\n  app.db: new database, 1 table, 2 rows\n"), run.out());

    Map<String, Object> json = object(parse(run("--json", "log").out()));
    assertEquals(3, ((List<?>) json.get("commits")).size());
    assertTrue(((List<?>) json.get("errors")).get(0).toString().startsWith(error), json.toString());
  }

  @Test
  void movingTheArchiveToTheDatabasesPathShowsNothingAndTheHistoryReadsThroughIt() throws IOException {
    git.git(repository, "mv", "app.db.json", "app.db.moved");
    Files.delete(repository.resolve("app.db"));
    git.git(repository, "mv", "app.db.moved", "app.db");
    git.git(repository, "commit", "-q", "-m", "Keep the archive at the database's path");
    Path archive = repository.resolve("app.db");
    Files.writeString(archive, Files.readString(archive, StandardCharsets.UTF_8)
        .replace("   [1, \"first\"],\n", ""), StandardCharsets.UTF_8);
    Files.writeString(archive, Files.readString(archive, StandardCharsets.UTF_8)
        .replace("\"row_count\": 3", "\"row_count\": 2"), StandardCharsets.UTF_8);
    git.git(repository, "commit", "-q", "-am", "Delete the first note");

    Run run = run("log", "--", "app.db");

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("commit " + head("HEAD") + "\n"), run.out());
    assertTrue(run.out().contains("\n    Delete the first note\n\n  app.db:\n    notes: 1 removed\n\ncommit "
        + head("HEAD~2") + "\n"), run.out());
    assertEquals(3, run.out().lines().filter(line -> line.startsWith("commit ")).count(), run.out());
  }

  @Test
  void maxCountLimitsTheCommitsAndARevisionStartsTheWalk() {
    Run newest = run("log", "-n", "1");
    assertEquals(0, newest.exitCode(), newest.toString());
    assertTrue(newest.out().startsWith("commit " + head("HEAD") + "\n"), newest.out());
    assertTrue(newest.out().endsWith("\n    Edit notes\n\n  app.db:\n    notes: 1 added, 1 changed\n"), newest.out());

    Run oldest = run("log", "HEAD~1");
    assertTrue(oldest.out().startsWith("commit " + head("HEAD~1") + "\n"), oldest.out());
    assertEquals(new Run(0, "", ""), run("log", "-n", "0"));
    assertEquals(new Run(0, "", ""), run("log", "--", "other.db"));
  }

  @Test
  void commandLineMistakesAreUsageErrors() {
    Run negative = run("log", "-n", "-1");
    assertEquals(2, negative.exitCode());
    assertEquals("--max-count: expected 0 or more, got -1", negative.err().lines().findFirst().orElse(""));
    Run two = run("log", "HEAD", "HEAD~1");
    assertEquals(2, two.exitCode());
    assertEquals("expected at most one revision before --, got 2: HEAD HEAD~1", two.err().lines().findFirst().orElse(""));
    Run unknown = run("log", "nothing", "--", "app.db");
    assertEquals(2, unknown.exitCode());
    assertEquals("nothing: not a commit of this repository", unknown.err().lines().findFirst().orElse(""));
  }
}
