package io.githydrate.git.filter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.TestSqlite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution's class cache is recorded from this rehearsal: it must convert every file, or the cache misses classes. */
class FilterRehearsalTest {
  @TempDir
  Path workTree;

  @Test
  void convertsEveryFileOfBothSessions() throws Exception {
    Files.createDirectories(workTree.resolve(".git"));
    TestSqlite.exec(workTree.resolve("plain.db"), "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)",
        "INSERT INTO t VALUES (1, 'one'), (2, 'two')");
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    boolean ok = FilterRehearsal.run(workTree, "plain.db", new PrintStream(log, true, StandardCharsets.UTF_8));

    assertTrue(ok, () -> "the rehearsal failed: " + log.toString(StandardCharsets.UTF_8));
    assertTrue(Files.isDirectory(workTree.resolve(".git/git-hydrate/filter")), "copies are kept as in a real session");
  }
}
