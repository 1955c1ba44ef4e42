package io.githydrate.cli;

import static io.githydrate.TestSqlite.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.testing.InProcess;
import io.githydrate.testing.InProcess.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diagram} and {@code docs} on files given by path, in-process: where the SVG goes, and each mistake's one line. */
class DiagramCommandTest {
  @TempDir
  Path dir;

  @BeforeEach
  void twoDatabases() throws Exception {
    exec(dir.resolve("app.db"), "CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT NOT NULL)", "INSERT INTO t(x) VALUES ('a')");
    exec(dir.resolve("old.db"), "CREATE TABLE t(id INTEGER PRIMARY KEY)", "CREATE TABLE gone(id INTEGER PRIMARY KEY)");
  }

  private Run run(String... args) {
    return InProcess.run(dir, args).withoutStackTrace();
  }

  @Test
  void anEarlierFileComparesWithOneDatabaseOnly() throws Exception {
    exec(dir.resolve("a.db"), "CREATE TABLE t(x)");
    exec(dir.resolve("b.db"), "CREATE TABLE u(y)");
    Run refused = run("diagram", "a.db", "b.db", "-o", "out/", "--changes-since", "a.db");
    assertEquals(new Run(1, "", "git-hydrate: --changes-since a.db: a file is one database's earlier version, and 2"
        + " databases are drawn (a.db, b.db): name one\n"), refused);
  }

  @Test
  void anEmptyFileIsAnEmptyDatabase() throws Exception {
    Files.write(dir.resolve("new.db"), new byte[0]); // as sqlite3 leaves a database nothing was written to
    Run drawn = run("diagram", "new.db");
    assertEquals(0, drawn.exitCode(), drawn::toString);
    assertTrue(drawn.out().contains(">0 tables, 0 views, 0 rows</text>"), drawn.out());
  }

  @Test
  void aDatabaseFileIsDrawnToStdoutOrToTheFileOutputNames() throws Exception {
    Run run = run("diagram", "app.db");
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals("", run.err());
    assertTrue(run.out().startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "), run.out());
    assertTrue(run.out().contains("data-table=\"t\""), run.out());

    Run written = run("diagram", "app.db", "-o", "out/app.svg");
    assertEquals("wrote out/app.svg\n", written.out(), written.toString());
    assertEquals(run.out(), Files.readString(dir.resolve("out/app.svg")));
  }

  @Test
  void changesSinceAFileMarkWhatChanged() {
    Run run = run("diagram", "app.db", "--changes-since", "old.db");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("changes since old.db: 0 added, 1 changed, 1 removed"), run.out());
    assertTrue(run.out().contains("<g class=\"table removed\" data-table=\"gone\""), run.out());
    assertTrue(run.out().contains("<g class=\"line column added\" data-column=\"x\">"), run.out());
  }

  @Test
  void severalDatabasesNeedAFolder() throws Exception {
    Run refused = run("diagram", "app.db", "old.db", "-o", "one.svg");
    assertEquals(1, refused.exitCode());
    assertEquals("git-hydrate: -o one.svg: 2 databases to draw (app.db, old.db), one file cannot hold them:"
        + " give a folder (-o DIR/)\n", refused.err());
    Run toStdout = run("diagram", "app.db", "old.db");
    assertEquals("git-hydrate: 2 databases to draw (app.db, old.db): name one, or write one SVG each with -o DIR/\n",
        toStdout.err());

    Run run = run("diagram", "app.db", "old.db", "-o", "svg/");
    assertEquals("wrote svg/app.db.svg\nwrote svg/old.db.svg\n", run.out(), run.toString());
    assertTrue(Files.readString(dir.resolve("svg/old.db.svg")).contains("data-table=\"gone\""));
  }

  @Test
  void badInputIsOneLineNamingTheFile() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "hello\n");
    Files.writeString(dir.resolve("cut.db.json"), "{\"format\": \"git-hydrate-archive\", \"version\": 1, \"database\": \"x\"");

    assertEquals(new Run(1, "", "git-hydrate: nosuch.db: no such file, and not a commit of this repository\n"),
        run("diagram", "nosuch.db"));
    assertEquals(new Run(1, "", "git-hydrate: notes.txt: neither an archive nor a SQLite database\n"),
        run("diagram", "notes.txt"));
    Run cut = run("diagram", "cut.db.json");
    assertEquals(1, cut.exitCode());
    assertTrue(cut.err().startsWith("git-hydrate: archive cut.db.json line 1: ") && cut.err().indexOf('\n') == cut.err().length() - 1,
        cut.err());
    assertEquals(new Run(1, "", "git-hydrate: --changes-since v9: no such file, and not a commit of this repository\n"),
        run("diagram", "app.db", "--changes-since", "v9"));
    assertEquals(new Run(1, "", "git-hydrate: " + dir.toRealPath() + ": not in a Git repository\n"),
        run("docs"));
  }
}
