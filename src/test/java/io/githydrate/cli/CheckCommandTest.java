package io.githydrate.cli;

import static io.githydrate.TestJson.object;
import static io.githydrate.TestJson.parse;
import static io.githydrate.TestSqlite.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.githydrate.testing.InProcess;
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
 * {@code git hydrate check} on a repository as CI checks it out: archives tracked, no database, no
 * hooks. Each damage is named by its line, with the exact message; the work tree is left as it was.
 */
class CheckCommandTest {
  @TempDir
  Path base;

  private PlainRepository plain;
  private Path repository;
  private TestGit git;
  private Path archive;
  private String canonical;

  @BeforeEach
  void aCheckoutWithAnArchiveAndNoDatabase() throws Exception {
    plain = PlainRepository.init(base);
    repository = plain.dir();
    git = plain.git();
    Path db = repository.resolve("app.db");
    exec(db, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
        "CREATE TABLE tags(note_id INTEGER REFERENCES notes(id), tag TEXT NOT NULL)",
        "INSERT INTO notes VALUES (1, 'first'), (2, 'second'), (3, 'third')",
        "INSERT INTO tags VALUES (1, 'todo'), (3, 'done')");
    assertEquals(0, run("dehydrate").exitCode());
    Files.delete(db);
    archive = repository.resolve("app.db.json");
    canonical = Files.readString(archive, StandardCharsets.UTF_8);
    git.git(repository, "add", "app.db.json");
  }

  private Run run(String... args) {
    return plain.run(args);
  }

  /** The archive with one line replaced, the line as {@code cat -n} numbers it. */
  private void replaceLine(int line, String text) throws IOException {
    List<String> lines = new java.util.ArrayList<>(canonical.lines().toList());
    lines.set(line - 1, text);
    Files.writeString(archive, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  private Run checkFails(String expected) throws IOException {
    String before = Files.readString(archive, StandardCharsets.UTF_8);
    Run run = run("check");
    assertEquals(new Run(1, expected, ""), run);
    assertEquals(before, Files.readString(archive, StandardCharsets.UTF_8), "check changed the archive");
    assertEquals(List.of("app.db.json"), files(), "check wrote into the work tree");
    return run;
  }

  private List<String> files() throws IOException {
    try (var list = Files.list(repository)) {
      return list.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".git")).sorted().toList();
    }
  }

  @Test
  void aCanonicalArchivePasses() {
    assertEquals(new Run(0, "1 archive checked, it passed\n", ""), run("check"));
    assertEquals(new Run(0, "1 archive checked, it passed\n", ""), run("check", "app.db"));
  }

  @Test
  void aBrokenJsonLineIsNamed() throws IOException {
    replaceLine(19, "   [2, \"second\"");
    checkFails("app.db.json:20: not valid JSON: Unexpected character ('[' (code 91)): was expecting comma to"
        + " separate Array entries\n1 problem in 1 of 1 archive checked\n");
  }

  @Test
  void rowsOutOfOrderAreNotCanonical() throws IOException {
    replaceLine(19, "   [3, \"third\"],");
    replaceLineIn(20, "   [2, \"second\"]");
    checkFails("app.db.json:19: not in canonical form: git-hydrate writes this line as [2, \"second\"],\n"
        + "1 problem in 1 of 1 archive checked\n");
  }

  private void replaceLineIn(int line, String text) throws IOException {
    List<String> lines = new java.util.ArrayList<>(Files.readString(archive, StandardCharsets.UTF_8).lines().toList());
    lines.set(line - 1, text);
    Files.writeString(archive, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  @Test
  void aReformattedLineIsNotCanonical() throws IOException {
    replaceLine(18, "   [1,\"first\"],");
    checkFails("app.db.json:18: not in canonical form: git-hydrate writes this line as [1, \"first\"],\n"
        + "1 problem in 1 of 1 archive checked\n");
  }

  @Test
  void aRowWithoutItsParentBreaksAForeignKey() throws IOException {
    replaceLine(24, "   [2, 7, \"done\"]");
    checkFails("app.db.json:24: table \"tags\" row 2 (rowid) refers to a row of \"notes\" that does not exist\n"
        + "1 problem in 1 of 1 archive checked\n");
  }

  @Test
  void aForeignKeyToColumnsThatAreNotAKeyIsNamedAtItsTable() throws IOException {
    replaceLineIn(14, canonical.lines().toList().get(13).replace("REFERENCES notes(id)", "REFERENCES notes(body)"));
    checkFails("app.db.json:14: foreign key mismatch - \"tags\" referencing \"notes\" (the columns it references are"
        + " neither the parent's primary key nor UNIQUE, so SQLite cannot enforce it)\n"
        + "1 problem in 1 of 1 archive checked\n");
  }

  @Test
  void placeholdersLeftInValuesAndSchemaAreNamed() throws IOException {
    replaceLine(19, "   [2, \"${API_URL}\"],");
    replaceLineIn(14, canonical.lines().toList().get(13).replace("tag TEXT NOT NULL", "tag TEXT DEFAULT '${TAG}'"));
    checkFails("app.db.json:14: schema entry \"tags\": its SQL holds ${TAG}, a placeholder left unsubstituted\n"
        + "app.db.json:19: table \"notes\" column \"body\" holds ${API_URL}, a placeholder left unsubstituted\n"
        + "2 problems in 1 of 1 archive checked\n");
  }

  @Test
  void aRedactedColumnMayHoldItsOwnPlaceholderAndNoOther() throws IOException {
    Files.writeString(repository.resolve(".hydrateconfig"), "[database \"app.db\"]\n\tredact = notes.body\n");
    List<String> lines = new java.util.ArrayList<>(canonical.lines().toList());
    lines.set(17, "   [1, \"${NOTES_BODY}\"],");
    lines.set(18, "   [2, \"${API_URL}\"],");
    Files.writeString(archive, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);

    assertEquals(new Run(1, "app.db.json:19: table \"notes\" column \"body\" holds ${API_URL}, a placeholder left"
        + " unsubstituted\n1 problem in 1 of 1 archive checked\n", ""), run("check"));

    lines.set(18, "   [2, \"${NOTES_BODY}\"],");
    Files.writeString(archive, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    assertEquals(new Run(0, "1 archive checked, it passed\n", ""), run("check"));
  }

  @Test
  void textThatOnlyContainsAPlaceholderIsLeftAlone() throws IOException {
    replaceLine(19, "   [2, \"costs ${PRICE}\"],");
    assertEquals(new Run(0, "1 archive checked, it passed\n", ""), run("check"));
  }

  @Test
  void schemaSqliteRefusesIsNamed() throws IOException {
    replaceLine(14, canonical.lines().toList().get(13).replace("tag TEXT NOT NULL", "tag TEXT NOT NULL,"));
    checkFails("app.db.json:14: schema entry \"tags\": near \")\": syntax error\n"
        + "1 problem in 1 of 1 archive checked\n");
  }

  @Test
  void jsonListsEachProblemWithItsCheck() throws IOException {
    replaceLine(24, "   [2, 7, \"done\"]");
    Run run = run("--json", "check");
    assertEquals(1, run.exitCode(), run.toString());
    Map<String, Object> document = object(parse(run.out()));
    assertEquals(Map.of("archives", List.of(Map.of("path", "app.db.json", "source", "work tree", "problems",
            List.of(Map.of("line", 24L, "check", "foreign-key", "message",
                "table \"tags\" row 2 (rowid) refers to a row of \"notes\" that does not exist")))),
        "passed", false, "errors", List.of()), document);
  }

  @Test
  void aPathThatNamesNoTrackedArchiveIsAUsageError() {
    Run run = InProcess.run(repository, git.environment(), "check", "other.db");
    assertEquals(2, run.exitCode(), run.toString());
    assertEquals("no tracked archive at other.db", run.err().lines().findFirst().orElse(""));
  }
}
