package io.githydrate.cli;

import static io.githydrate.TestSqlite.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.testing.InProcess.Run;
import io.githydrate.testing.PlainRepository;
import io.githydrate.testing.TestGit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The messages of issue #21, each as a user met it: what failed and why, in the user's terms, and
 * what to do. Asserted as exact text, since the text is what the README's Troubleshooting quotes.
 */
class ErrorMessagesTest {
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

  @Test
  void aMissingDashCFolderIsAnError() {
    assertEquals(new Run(1, "", "git-hydrate: -C nowhere: no such directory\n"), run("-C", "nowhere", "status"));
  }

  @Test
  void aDashCFileIsAnError() throws IOException {
    Files.writeString(repository.resolve("notes.txt"), "");
    assertEquals(new Run(1, "", "git-hydrate: -C notes.txt: not a directory\n"), run("-C", "notes.txt", "status"));
  }

  @Test
  void statusOfAPathThatNamesNothingIsAnError() {
    assertEquals(new Run(1, "", "git-hydrate: nosuch.db: no such database, and no archive nosuch.db.json either\n"),
        run("status", "nosuch.db"));
  }

  @Test
  void hydrateWithDashOTakesAnArchiveOfAnyName() throws Exception {
    exec(repository.resolve("app.db"), "CREATE TABLE t(id INTEGER PRIMARY KEY, x)", "INSERT INTO t(x) VALUES (1)");
    assertEquals(0, run("dehydrate", "app.db", "-o", "backup.dump").exitCode());
    assertEquals(new Run(0, "copy.db: created (1 tables, 1 rows, from backup.dump)\n", ""),
        run("hydrate", "backup.dump", "-o", "copy.db"));
  }

  @Test
  void hydrateOfADatabaseSaysItIsNoArchive() throws Exception {
    exec(repository.resolve("some.db"), "CREATE TABLE t(id INTEGER PRIMARY KEY)");
    Path some = repository.resolve("some.db");
    assertEquals(new Run(1, "", "git-hydrate: " + some + ": a SQLite database, not an archive; hydrate builds a"
        + " database from its archive (to write this one's archive: git hydrate dehydrate " + some + ")\n"),
        run("hydrate", "some.db", "-o", "out.db"));
    assertFalse(Files.exists(repository.resolve("out.db")));
  }

  @Test
  void doctorDoesNotSendToInstallWhatInstallRefuses() throws Exception {
    Path hooks = Files.createDirectories(repository.resolve(".git/hooks"));
    for (String name : new String[] {"pre-commit", "pre-commit.before-git-hydrate"}) {
      Files.writeString(hooks.resolve(name), "#!/bin/sh\nexit 0\n");
      Files.setPosixFilePermissions(hooks.resolve(name), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    String where = ".git/hooks";
    Run doctor = run("doctor");
    assertTrue(doctor.out().contains("PROBLEM  hook pre-commit in " + where + " is not git-hydrate's, and"
        + " pre-commit.before-git-hydrate is there too, so install cannot keep it\n"
        + "         fix: move one of the two out of " + where + " (merge what it does into the other), then run:"
        + " git hydrate install\n"), doctor.out());
    Run install = run("install");
    assertEquals(1, install.exitCode());
    Files.delete(hooks.resolve("pre-commit.before-git-hydrate"));
    assertEquals(0, run("install").exitCode(), "the fix doctor gave works");
  }
}
