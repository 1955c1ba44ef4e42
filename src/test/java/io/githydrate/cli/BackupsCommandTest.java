package io.githydrate.cli;

import static io.githydrate.TestJson.object;
import static io.githydrate.TestJson.parse;
import static io.githydrate.TestSqlite.exec;
import static io.githydrate.TestSqlite.query;
import static io.githydrate.TestSqlite.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.testing.InProcess;
import io.githydrate.testing.InProcess.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code git hydrate backups}: listing, restoring, pruning and deleting, run in-process. */
class BackupsCommandTest {
  @TempDir
  Path dir;

  private Run run(String... args) {
    return InProcess.run(dir, args).withoutStackTrace();
  }

  @BeforeEach
  void aRepository() throws IOException {
    Files.createDirectory(dir.resolve(".git"));
  }

  private Path backups() {
    return dir.resolve(".git/git-hydrate/backups");
  }

  /** app.db with rows a and b, its archive, then a row c added and replaced by a forced hydrate: one backup. */
  private String oneBackup() throws Exception {
    Path db = dir.resolve("app.db");
    exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, x)", "INSERT INTO t(x) VALUES ('a'), ('b')");
    assertEquals(0, run("dehydrate", "app.db").exitCode());
    exec(db, "INSERT INTO t(x) VALUES ('c')");
    assertEquals(0, run("hydrate", "--force", "app.db.json").exitCode());
    return backupNames().get(0);
  }

  private List<String> backupNames() throws IOException {
    try (Stream<Path> files = Files.list(backups())) {
      return files.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".bak")).sorted().toList();
    }
  }

  @Test
  void withoutBackupsItSaysSoAndThePolicy() {
    Run run = run("backups");
    assertEquals(new Run(0, "no backups in .git/git-hydrate/backups\n"
        + "kept: every backup younger than 7 days and the newest of each database; of the others, the newest"
        + " within 10 backups and 1.0 GiB\n", ""), run);
  }

  @Test
  void aBackupIsListedWithItsDatabaseTimeReasonAndSize() throws Exception {
    String name = oneBackup();
    Run run = run("backups");
    assertEquals(0, run.exitCode(), run::toString);
    String[] lines = run.out().split("\n");
    assertTrue(lines[0].matches(java.util.regex.Pattern.quote(name)
        + "  app\\.db  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC  \\d+\\.\\d KiB  replaced by hydrate --force"), lines[0]);
    assertTrue(lines[1].matches("1 backup, \\d+\\.\\d KiB in \\.git/git-hydrate/backups"), lines[1]);
  }

  @Test
  void jsonListsEveryBackupAsOneDocument() throws Exception {
    String name = oneBackup();
    Run run = run("backups", "--json");
    assertEquals(0, run.exitCode(), run::toString);
    Map<String, Object> result = object(parse(run.out()));
    assertEquals(List.of("directory", "backups", "total_backups", "total_size_bytes", "policy", "errors"),
        List.copyOf(result.keySet()));
    Map<String, Object> backup = object(((List<?>) result.get("backups")).get(0));
    assertEquals(List.of("name", "path", "database", "made", "why", "kind", "size_bytes"), List.copyOf(backup.keySet()));
    assertEquals(name, backup.get("name"));
    assertEquals(".git/git-hydrate/backups/" + name, backup.get("path"));
    assertEquals("app.db", backup.get("database"));
    assertEquals("forced", backup.get("why"));
    assertEquals("database", backup.get("kind"));
    assertEquals(Map.of("keep_days", 7L, "keep_count", 10L, "max_size_bytes", 1L << 30),
        Map.copyOf(object(result.get("policy"))));
  }

  @Test
  void restoreBringsTheBackupBackAndKeepsWhatWasThere() throws Exception {
    String name = oneBackup();
    Run run = run("backups", "restore", name);
    assertEquals(0, run.exitCode(), run::toString);
    List<String> names = backupNames();
    assertEquals(2, names.size());
    String previous = names.stream().filter(n -> !n.equals(name)).findFirst().orElseThrow();
    assertEquals("app.db: restored from " + name + "; its previous content is kept as .git/git-hydrate/backups/"
        + previous + "\n", run.out());
    assertEquals(List.of(row("a"), row("b"), row("c")), query(dir.resolve("app.db"), "SELECT x FROM t ORDER BY id"));
    assertEquals(List.of(row("a"), row("b")), query(backups().resolve(previous), "SELECT x FROM t ORDER BY id"));
    assertTrue(run("backups").out().contains(previous + "  app.db  "), "listed");
    assertTrue(run("backups").out().contains("replaced by restoring a backup"));

    Run again = run("backups", "restore", "--json", name);
    assertEquals(Map.of("name", name, "database", "app.db", "action", "unchanged", "errors", List.of()),
        Map.copyOf(object(parse(again.out()))));
  }

  @Test
  void restoreTakesThePathMessagesShow() throws Exception {
    String name = oneBackup();
    assertEquals(0, run("backups", "restore", ".git/git-hydrate/backups/" + name).exitCode());
    assertEquals(3L, query(dir.resolve("app.db"), "SELECT count(*) FROM t").get(0).get(0));
  }

  @Test
  void aDamagedBackupIsRefusedAndTheDatabaseStaysAsItIs() throws Exception {
    String name = oneBackup();
    Path backup = backups().resolve(name);
    byte[] bytes = Files.readAllBytes(backup);
    Files.write(backup, Arrays.copyOf(bytes, 100));
    byte[] database = Files.readAllBytes(dir.resolve("app.db"));

    Run run = run("backups", "restore", name);

    assertEquals(1, run.exitCode());
    assertEquals("", run.out());
    assertTrue(run.err().startsWith("git-hydrate: " + backup + ": not a healthy SQLite database ("), run.err());
    assertTrue(run.err().endsWith("); nothing restored\n"), run.err());
    assertEquals(1, run.err().split("\n").length);
    assertArrayEquals(database, Files.readAllBytes(dir.resolve("app.db")));
    assertEquals(List.of(name), backupNames());
  }

  @Test
  void anUnknownNameIsRefused() throws Exception {
    oneBackup();
    assertEquals(new Run(1, "", "git-hydrate: nope.bak: no such backup in .git/git-hydrate/backups"
        + " (git hydrate backups lists them)\n"), run("backups", "restore", "nope.bak"));
    assertEquals(new Run(1, "", "git-hydrate: " + dir.resolve("elsewhere/x.bak") + ": not in the backup folder"
        + " .git/git-hydrate/backups\n"), run("backups", "delete", "elsewhere/x.bak"));
  }

  @Test
  void pruneRemovesWhatThePolicyDoesNotKeep() throws Exception {
    oneBackup();
    Files.createDirectories(backups());
    Files.writeString(backups().resolve("app.db.20200101T000000Z.bak"), "an old backup of an older version");
    Files.writeString(backups().resolve("app.db.20200102T000000Z.bak"), "another one");
    Files.writeString(dir.resolve(".hydrateconfig"), "[backups]\n\tkeep-days = 3\n\tkeep-count = 2\n");

    Run run = run("backups", "prune");

    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().startsWith("removed app.db.20200101T000000Z.bak  app.db  2020-01-01 00:00:00 UTC  33 B\n"
        + "removed 1 backup (33 B); 2 left, "), run.out());
    assertEquals(2, backupNames().size());
  }

  @Test
  void anInvalidSettingIsNamedWithItsFile() throws Exception {
    oneBackup();
    Files.writeString(dir.resolve(".hydrateconfig"), "[backups]\n\tmax-size = lots\n");
    Run prune = run("backups", "prune");
    assertEquals(new Run(1, "", "git-hydrate: " + dir.resolve(".hydrateconfig") + ": backups.max-size must be a size"
        + " in bytes, with k, m, g or t for KiB, MiB, GiB or TiB (such as 2g), got \"lots\"\n"), prune);
    Run list = run("backups");
    assertEquals(1, list.exitCode());
    assertTrue(list.out().startsWith(backupNames().get(0)), list.out());
    Files.writeString(dir.resolve(".hydrateconfig"), "[backups]\n\tkeep-days = a week\n");
    assertEquals("git-hydrate: " + dir.resolve(".hydrateconfig") + ": backups.keep-days must be a whole number of"
        + " days (0 or more), got \"a week\"\n", run("backups", "prune").err());
  }

  @Test
  void deleteRemovesTheBackupsNamedOrNoneOfThem() throws Exception {
    String name = oneBackup();
    assertEquals(1, run("backups", "delete", name, "missing.bak").exitCode());
    assertEquals(List.of(name), backupNames());
    assertEquals(new Run(0, "deleted " + name + "\n", ""), run("backups", "delete", name));
    try (Stream<Path> files = Files.list(backups())) {
      assertFalse(files.findAny().isPresent(), "its info goes too");
    }
  }
}
