package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.notes;
import static io.githydrate.e2e.GitSandbox.seedNotesAnd;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.testing.ChildProcess;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that hydrates itself ({@link NotesApp}), run as its own JVM on the shaded jar in
 * a clone without git-hydrate's hooks: it gets its database at the start, its exit updates the
 * archive, a damaged or missing database is rebuilt at the next start, and local changes are never
 * overwritten. Also the start script's {@code git hydrate hydrate --if-needed}.
 */
class ApplicationStartTest {
  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.start(classDirectory);
  }

  /** A clone of a fresh copy of the seed, without hooks: no database, only its archive. */
  private Path freshClone() throws IOException {
    Path clone = sandbox.clone(sandbox.newRemote(dir.resolve("remote")), dir.resolve("clone"));
    assertFalse(Files.exists(clone.resolve("app.db")), "a clone without hooks has no database");
    return clone;
  }

  /** Runs NotesApp in {@code clone} as a JVM of its own, on the test classes and the shaded jar. */
  private static ChildProcess.Exec runApp(Path clone, String note) throws IOException {
    Path jar = Path.of(System.getProperty("githydrate.dist", "target/git-hydrate")).resolveSibling("git-hydrate.jar");
    assertTrue(Files.isRegularFile(jar), jar + " is missing: mvn verify packages it before these tests");
    String classPath = testClasses() + File.pathSeparator + jar.toAbsolutePath();
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath, NotesApp.class.getName(), clone.toString(), note);
    ChildProcess.Exec exec = ChildProcess.run(clone, sandbox.environment(), command);
    assertEquals(0, exec.exitCode(), exec::toString);
    assertFalse(exec.stderr().contains("git-hydrate"), exec::toString);
    return exec;
  }

  private static String testClasses() throws IOException {
    try {
      return Path.of(NotesApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }

  private static String archive(Path clone) throws IOException {
    return Files.readString(clone.resolve("app.db.json"), StandardCharsets.UTF_8);
  }

  @Test
  void anApplicationGetsItsDatabaseAndItsExitUpdatesTheArchive() throws IOException {
    Path clone = freshClone();
    ChildProcess.Exec first = runApp(clone, "third note");
    assertEquals("start app.db: CREATED\nwrote third note\n", first.stdout(), first::toString);
    assertEquals(seedNotesAnd("3|third note"), notes(clone.resolve("app.db")));
    assertTrue(archive(clone).contains("[3, \"third note\"]"), "the shutdown hook exported the new row");
    assertEquals(List.of(" M app.db.json"), sandbox.status(clone));
    ChildProcess.Exec second = runApp(clone, "fourth note");
    assertEquals("start app.db: IN_STEP\nwrote fourth note\n", second.stdout(), second::toString);
    assertTrue(archive(clone).contains("[4, \"fourth note\"]"));
  }

  @Test
  void aDamagedOrMissingDatabaseIsRebuiltAtTheNextStart() throws IOException {
    Path clone = freshClone();
    runApp(clone, "third note");
    Files.writeString(clone.resolve("app.db"), "this file was damaged", StandardCharsets.UTF_8);
    ChildProcess.Exec repaired = runApp(clone, "fourth note");
    assertEquals("start app.db: REPAIRED\nwrote fourth note\n", repaired.stdout(), repaired::toString);
    assertEquals(seedNotesAnd("3|third note", "4|fourth note"), notes(clone.resolve("app.db")));
    try (var backups = Files.list(clone.resolve(".git/git-hydrate/backups"))) {
      // Each backup has a .bak.info file beside it, saying why it was made.
      assertEquals(1, backups.filter(backup -> backup.toString().endsWith(".bak")).count(), "the damaged file is kept");
    }
    Files.delete(clone.resolve("app.db"));
    ChildProcess.Exec created = runApp(clone, "fifth note");
    assertEquals("start app.db: CREATED\nwrote fifth note\n", created.stdout(), created::toString);
    assertEquals(seedNotesAnd("3|third note", "4|fourth note", "5|fifth note"), notes(clone.resolve("app.db")));
    assertTrue(archive(clone).contains("[5, \"fifth note\"]"));
  }

  @Test
  void localChangesAreNeverOverwrittenWhenTheArchiveMovesOn() throws IOException {
    Path clone = freshClone();
    runApp(clone, "third note");
    sandbox.git(clone, "commit", "-q", "-am", "A third note");
    sql(clone.resolve("app.db"), "INSERT INTO notes VALUES (10, 'local, not exported')");
    // The archive moves back to the seed's behind the database's back (no hooks run).
    sandbox.git(clone, "checkout", "HEAD~1", "--", "app.db.json");
    ChildProcess.Exec start = runApp(clone, "after the checkout");
    assertEquals("start app.db: LOCAL_CHANGES\nwrote after the checkout\n", start.stdout(), start::toString);
    List<String> notes = notes(clone.resolve("app.db"));
    assertTrue(notes.contains("10|local, not exported"), notes::toString);
    // The exit merged the two sides, as a commit would: the local rows are in the archive too.
    String merged = archive(clone);
    assertTrue(merged.contains("[10, \"local, not exported\"]"), merged);
    assertTrue(merged.contains("\"after the checkout\""), merged);
  }

  @Test
  void aStartScriptBuildsTheDatabaseOnceThenSaysNothing() throws IOException {
    Path clone = freshClone();
    GitSandbox.Result first = sandbox.git(clone, "hydrate", "hydrate", "--if-needed");
    assertEquals("app.db: created (2 tables, 4 rows, from app.db.json)\n", first.stdout(), first::toString);
    assertEquals(GitSandbox.SEED_NOTES, notes(clone.resolve("app.db")));
    GitSandbox.Result again = sandbox.git(clone, "hydrate", "hydrate", "--if-needed");
    assertEquals("", again.stdout() + again.stderr(), again::toString);
  }
}
