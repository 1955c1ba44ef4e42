package io.githydrate.merge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.audit.AuditLog;
import io.githydrate.audit.AuditReader;
import io.githydrate.testing.InProcess;
import io.githydrate.testing.InProcess.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code git-hydrate merge-driver %O %A %B %P} run in-process as Git runs it: the exit code Git
 * reads (0 merged, 1 conflicts), OURS replaced by the result, and what a person sees on stderr.
 */
class MergeDriverCommandTest {
  @TempDir
  Path dir;

  private MergeFixture fixture;

  private static final String PATH = "data/app.db.json";

  private static final List<String> ITEMS = List.of(
      "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT, qty INTEGER)",
      "INSERT INTO items VALUES (1, 'apple', 5), (2, 'pear', 7), (3, 'plum', 9)");

  private static final List<String> SHOP = List.of(
      "CREATE TABLE customers(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL)",
      "INSERT INTO customers(name) VALUES ('Ada'), ('Grace')");

  @BeforeEach
  void aRepository() throws Exception {
    Files.createDirectory(dir.resolve(".git"));
    fixture = new MergeFixture(dir);
  }

  private Run mergeDriver(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "merge-driver";
    System.arraycopy(args, 0, command, 1, args.length);
    return InProcess.run(dir, command);
  }

  private static String text(Path file) throws Exception {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  @Test
  void aCleanMergeReplacesOursAndExitsZero() throws Exception {
    Path base = fixture.archive("base", ITEMS);
    Path ours = fixture.archive("ours", ITEMS, "UPDATE items SET name = 'green apple' WHERE id = 1");
    Path theirs = fixture.archive("theirs", ITEMS, "DELETE FROM items WHERE id = 3");
    Path expected = fixture.archive("expected", ITEMS, "UPDATE items SET name = 'green apple' WHERE id = 1",
        "DELETE FROM items WHERE id = 3");

    Run run = mergeDriver(base.toString(), ours.toString(), theirs.toString(), PATH);

    assertEquals(new Run(0, "", ""), run);
    assertEquals(text(expected), text(ours));
  }

  @Test
  void notesOfACleanMergeGoToStderr() throws Exception {
    Path base = fixture.archive("base", SHOP);
    Path ours = fixture.archive("ours", SHOP, "INSERT INTO customers(name) VALUES ('Edsger')");
    Path theirs = fixture.archive("theirs", SHOP, "INSERT INTO customers(name) VALUES ('Barbara')");

    Run run = mergeDriver(base.toString(), ours.toString(), theirs.toString(), PATH);

    assertEquals(new Run(0, "", "git-hydrate: data/app.db.json: table customers: 1 row inserted on both sides"
        + " under the same key; theirs renumbered: 3 → 4\n"), run);
    assertTrue(text(ours).contains("   [4, \"Barbara\"]\n"), text(ours));
  }

  @Test
  void conflictsAreListedOnStderrWrittenIntoOursAndExitOne() throws Exception {
    Path base = fixture.archive("base", ITEMS);
    Path ours = fixture.archive("ours", ITEMS, "UPDATE items SET name = 'ours' WHERE id = 2",
        "DELETE FROM items WHERE id = 3");
    Path theirs = fixture.archive("theirs", ITEMS, "UPDATE items SET name = 'theirs' WHERE id = 2",
        "UPDATE items SET qty = 0 WHERE id = 3");
    Path result = dir.resolve("library-result.json");
    ArchiveMerge.merge(base, ours, theirs, result, ArchiveMerge.Options.DEFAULT);

    Run run = mergeDriver(base.toString(), ours.toString(), theirs.toString(), PATH);

    assertEquals(new Run(1, "",
        "CONFLICT (cell): data/app.db.json: items 2 name: base 'pear', ours 'ours', theirs 'theirs'\n"
            + "CONFLICT (deleted): data/app.db.json: items 3: deleted on ours, changed on theirs\n"
            + "git-hydrate: data/app.db.json: 2 conflicts; ours is kept there. See: git hydrate conflicts;"
            + " then git hydrate resolve [--ours|--theirs]\n"), run);
    assertEquals(text(result), text(ours));
    assertTrue(text(ours).contains("\n \"conflicts\": [\n"), text(ours));
  }

  @Test
  void eachMergeIsInTheAuditLogConflictsAsRefusedNotFailed() throws Exception {
    Path base = fixture.archive("base", ITEMS);
    Path ours = fixture.archive("ours", ITEMS, "UPDATE items SET name = 'green apple' WHERE id = 1");
    Path theirs = fixture.archive("theirs", ITEMS, "DELETE FROM items WHERE id = 3");
    assertEquals(0, mergeDriver(base.toString(), ours.toString(), theirs.toString(), PATH).exitCode());
    Path conflicting = fixture.archive("conflicting", ITEMS, "UPDATE items SET name = 'x' WHERE id = 1");
    assertEquals(1, mergeDriver(base.toString(), ours.toString(), conflicting.toString(), PATH).exitCode());

    List<String> lines = AuditReader.read(AuditLog.of(dir.resolve(".git"))).stream()
        .map(r -> r.operation() + " " + r.database() + " " + r.result() + " " + r.error()).toList();
    assertEquals(List.of("merge-driver data/app.db.json merged null",
        "merge-driver data/app.db.json conflicts null",
        "merge-driver null refused data/app.db.json: 1 conflict; ours is kept there. See: git hydrate conflicts;"
            + " then git hydrate resolve [--ours|--theirs]"), lines);
  }

  @Test
  void tablesThatKeepTheirIdsAreReadFromTheRepositorysSettings() throws Exception {
    Files.writeString(dir.resolve(".hydrateconfig"), "[hydrate]\n\tkeepIds = customers\n");
    Path base = fixture.archive("base", SHOP);
    Path ours = fixture.archive("ours", SHOP, "INSERT INTO customers(name) VALUES ('Edsger')");
    Path theirs = fixture.archive("theirs", SHOP, "INSERT INTO customers(name) VALUES ('Barbara')");

    Run run = mergeDriver(base.toString(), ours.toString(), theirs.toString(), PATH);

    assertEquals(new Run(1, "",
        "CONFLICT (inserted): data/app.db.json: customers 3: inserted on both sides with different values\n"
            + "git-hydrate: data/app.db.json: 1 conflict; ours is kept there. See: git hydrate conflicts;"
            + " then git hydrate resolve [--ours|--theirs]\n"), run);
  }

  @Test
  void anEmptyBaseIsAnAddAddMerge() throws Exception {
    Path base = dir.resolve("empty");
    Files.createFile(base);
    Path ours = fixture.archive("ours", ITEMS, "INSERT INTO items VALUES (4, 'fig', 1)");
    Path theirs = fixture.archive("theirs", ITEMS, "INSERT INTO items VALUES (5, 'kiwi', 2)");
    Path expected = fixture.archive("expected", ITEMS, "INSERT INTO items VALUES (4, 'fig', 1), (5, 'kiwi', 2)");

    Run run = mergeDriver(base.toString(), ours.toString(), theirs.toString(), PATH);

    assertEquals(new Run(0, "", ""), run);
    assertEquals(text(expected), text(ours));
  }

  @Test
  void anArchiveThatCannotBeMergedLeavesOursAsItWasAndExitsOne() throws Exception {
    Path base = fixture.archive("base", ITEMS);
    Path ours = fixture.archive("ours", ITEMS, "UPDATE items SET qty = 6 WHERE id = 1");
    Path theirs = fixture.archive("theirs", ITEMS, "UPDATE items SET qty = 6 WHERE id = 1");
    Files.writeString(theirs, text(theirs).replace("   [1, \"apple\", 6],\n   [2, \"pear\", 7],",
        "   [2, \"pear\", 7],\n   [1, \"apple\", 6],"));
    byte[] before = Files.readAllBytes(ours);

    Run run = mergeDriver(base.toString(), ours.toString(), theirs.toString(), PATH);

    assertEquals(new Run(1, "", "git-hydrate: cannot merge data/app.db.json row by row: theirs: table \"items\":"
        + " rows are not in key order at (1) (edited by hand? dehydrate it again); ours is kept"
        + " (resolve with git checkout --ours or --theirs)\n"), run);
    assertArrayEquals(before, Files.readAllBytes(ours));
    try (var files = Files.list(ours.getParent())) {
      assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith(".")
          && !f.getFileName().toString().equals(".git")).toList(), "no temporary file is left beside ours");
    }
  }

  @Test
  void withoutAPathMessagesNameOursFile() throws Exception {
    Path base = fixture.archive("base", ITEMS);
    Path ours = fixture.archive("ours", ITEMS, "UPDATE items SET name = 'ours' WHERE id = 2");
    Path theirs = fixture.archive("theirs", ITEMS, "UPDATE items SET name = 'theirs' WHERE id = 2");

    Run run = mergeDriver(base.toString(), ours.toString(), theirs.toString());

    assertEquals(1, run.exitCode());
    assertTrue(run.err().startsWith("CONFLICT (cell): " + ours + ": items 2 name: "), run.err());
  }
}
