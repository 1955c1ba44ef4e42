package io.githydrate.git.filter;

import static io.githydrate.git.filter.PktLines.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.HydrateException;
import io.githydrate.TestSqlite;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Progress;
import io.githydrate.engine.Sidecars;
import io.githydrate.testing.ChildProcess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clean and smudge of one file at a time, as the filter process hands them over: exact round trips,
 * what passes through, what is refused, and what the kept copies and the backups do.
 */
class DatabaseFilterTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path workTree;

  private Path gitDir;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @BeforeEach
  void makeRepository() throws IOException {
    gitDir = Files.createDirectories(workTree.resolve(".git"));
  }

  private DatabaseFilter filter() throws IOException {
    return filter(gitDir);
  }

  private DatabaseFilter filter(Path git) throws IOException {
    return new DatabaseFilter(workTree, git, Duration.ofMillis(200), CLOCK, new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  private String log() {
    return log.toString(StandardCharsets.UTF_8);
  }

  /** Converts one file; the reply's content, or an AssertionError with the refusal. */
  private static byte[] convert(DatabaseFilter filter, FilterRequest.Command command, String path, byte[] content)
      throws IOException {
    FilterReply reply = filter.convert(new FilterRequest(command, path, Map.of()), new ByteArrayInputStream(content));
    if (reply instanceof FilterReply.Content written) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      written.writer().writeTo(out);
      return out.toByteArray();
    }
    throw new AssertionError("not converted: " + reply);
  }

  /** The reason a file is refused with (the process answers it with status=error). */
  private String refusal(FilterRequest.Command command, String path, byte[] content) throws IOException {
    DatabaseFilter filter = filter();
    HydrateException e = assertThrows(HydrateException.class,
        () -> filter.convert(new FilterRequest(command, path, Map.of()), new ByteArrayInputStream(content)));
    return e.getMessage();
  }

  private Path database(String name, String... statements) throws SQLException {
    Path db = workTree.resolve(name);
    TestSqlite.exec(db, statements);
    return db;
  }

  private static byte[] archiveOf(Path db, String label) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new Dehydrator(1000, Progress.NONE).dehydrate(db, label, out);
    return out.toByteArray();
  }

  private static final String[] NOTES = {
      "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)",
      "INSERT INTO notes VALUES (1, 'first'), (2, 'second')"};

  @Test
  void cleanOfTheWorkTreeDatabaseIsExactlyItsArchive() throws Exception {
    Path db = database("app.db", NOTES);

    byte[] archive = convert(filter(), FilterRequest.Command.CLEAN, "app.db", Files.readAllBytes(db));

    assertArrayEquals(archiveOf(db, "app.db"), archive);
    assertTrue(new String(archive, StandardCharsets.UTF_8).contains("\"database\": \"app.db\""));
  }

  @Test
  void cleanReadsTheDatabaseThroughSqliteSoChangesStillInItsWalAreIncluded() throws Exception {
    Path db = database("app.db", NOTES);
    TestSqlite.exec(db, "PRAGMA journal_mode=WAL");
    try (Connection open = TestSqlite.open(db); Statement statement = open.createStatement()) {
      statement.execute("PRAGMA wal_autocheckpoint=0");
      statement.execute("INSERT INTO notes VALUES (3, 'only in the WAL')");
      assertTrue(Sidecars.holdContent(db), "the row should wait in the -wal file");

      byte[] archive = convert(filter(), FilterRequest.Command.CLEAN, "app.db", Files.readAllBytes(db));

      assertTrue(new String(archive, StandardCharsets.UTF_8).contains("only in the WAL"));
    }
  }

  @Test
  void cleanOfBytesThatAreNotTheWorkTreeFilesReadsThoseBytes() throws Exception {
    Path db = database("app.db", NOTES);
    Path other = database("other.db", NOTES[0], "INSERT INTO notes VALUES (7, 'elsewhere')");

    byte[] archive = convert(filter(), FilterRequest.Command.CLEAN, "app.db", Files.readAllBytes(other));

    assertArrayEquals(archiveOf(other, "app.db"), archive);
    assertTrue(Files.exists(db));
  }

  @Test
  void cleanOfAnArchiveGivesItsCanonicalForm() throws Exception {
    Path db = database("app.db", NOTES);
    byte[] canonical = archiveOf(db, "app.db");
    String loose = "\n{\"format\":\"git-hydrate-archive\",\"version\":1,\"database\":\"app.db\","
        + new String(canonical, StandardCharsets.UTF_8).substring(new String(canonical, StandardCharsets.UTF_8)
            .indexOf("\"pragmas\"")).replace("\n", " ");
    Files.delete(db);

    assertArrayEquals(canonical, convert(filter(), FilterRequest.Command.CLEAN, "app.db", utf8(loose)));
    assertArrayEquals(canonical, convert(filter(), FilterRequest.Command.CLEAN, "app.db", canonical), "idempotent");
  }

  @Test
  void cleanRefusesWhatIsNeitherADatabaseNorAnArchive() throws Exception {
    assertEquals("notes.db: neither a SQLite database nor an archive (it starts with \"hello\\x0a\");"
        + " Git keeps databases of this path as archives", refusal(FilterRequest.Command.CLEAN, "notes.db", utf8("hello\n")));
  }

  @Test
  void cleanRefusesABrokenArchiveNamingTheLine() throws Exception {
    String reason = refusal(FilterRequest.Command.CLEAN, "app.db",
        utf8("{\n \"format\": \"git-hydrate-archive\",\n \"version\": 9\n}\n"));

    assertTrue(reason.startsWith("app.db: archive line 3: unsupported archive version 9"), reason);
  }

  @Test
  void emptyStaysEmptyBothWays() throws Exception {
    assertArrayEquals(new byte[0], convert(filter(), FilterRequest.Command.CLEAN, "app.db", new byte[0]));
    assertArrayEquals(new byte[0], convert(filter(), FilterRequest.Command.SMUDGE, "app.db", new byte[0]));
  }

  @Test
  void smudgeBuildsTheDatabaseTheArchiveDescribes() throws Exception {
    Path db = database("source.db", NOTES);
    byte[] archive = archiveOf(db, "app.db");

    byte[] built = convert(filter(), FilterRequest.Command.SMUDGE, "app.db", archive);

    Path written = workTree.resolve("app.db");
    Files.write(written, built);
    assertArrayEquals(archive, archiveOf(written, "app.db"));
  }

  @Test
  void smudgePassesAnythingThatIsNotAnArchiveThroughUnchanged() throws Exception {
    Path db = database("raw.db", NOTES);
    byte[] raw = Files.readAllBytes(db);

    assertArrayEquals(raw, convert(filter(), FilterRequest.Command.SMUDGE, "old.db", raw), "a database committed as it was");
    assertArrayEquals(utf8("plain text\n"), convert(filter(), FilterRequest.Command.SMUDGE, "x.db", utf8("plain text\n")));
  }

  @Test
  void smudgeOfAConflictedArchiveWritesItsTextForAPersonToResolve() throws Exception {
    String conflicted = "{\n \"format\": \"git-hydrate-archive\",\n<<<<<<< ours\n \"version\": 1,\n=======\n"
        + " \"version\": 2,\n>>>>>>> theirs\n}\n";

    assertArrayEquals(utf8(conflicted), convert(filter(), FilterRequest.Command.SMUDGE, "app.db", utf8(conflicted)));
    assertEquals("git-hydrate: app.db: holds Git's conflict markers, so it is written as the archive's text;"
        + " resolve the conflict, then git add it\n", log());
  }

  @Test
  void smudgeRefusesABrokenArchiveNamingTheLine() throws Exception {
    String reason = refusal(FilterRequest.Command.SMUDGE, "app.db",
        utf8("{\n \"format\": \"git-hydrate-archive\",\n \"version\": 1,\n \"database\": 7\n}\n"));

    assertEquals("app.db: archive line 4: expected a string for \"database\", got 7", reason);
  }

  @Test
  void aSecondCleanOfAnUnchangedDatabaseAnswersFromTheKeptArchiveWithoutSqlite() throws Exception {
    Path db = database("app.db", NOTES);
    backdate(db);
    byte[] first = convert(filter(), FilterRequest.Command.CLEAN, "app.db", Files.readAllBytes(db));

    // An exclusive lock makes any SQLite read wait, then fail (200 ms): the answer must not need one.
    try (Connection locker = TestSqlite.open(db); Statement statement = locker.createStatement()) {
      statement.execute("PRAGMA locking_mode=EXCLUSIVE");
      statement.execute("BEGIN EXCLUSIVE");
      byte[] second = convert(filter(), FilterRequest.Command.CLEAN, "app.db", Files.readAllBytes(db));
      assertArrayEquals(first, second);
      statement.execute("COMMIT");
    }
  }

  @Test
  void aChangedDatabaseIsReadAgain() throws Exception {
    Path db = database("app.db", NOTES);
    backdate(db);
    convert(filter(), FilterRequest.Command.CLEAN, "app.db", Files.readAllBytes(db));
    TestSqlite.exec(db, "UPDATE notes SET body = 'changed' WHERE id = 2");

    byte[] again = convert(filter(), FilterRequest.Command.CLEAN, "app.db", Files.readAllBytes(db));

    assertTrue(new String(again, StandardCharsets.UTF_8).contains("changed"));
  }

  @Test
  void smudgeOfAnArchiveBuiltBeforeCopiesTheKeptDatabase() throws Exception {
    byte[] archive = archiveOf(database("source.db", NOTES), "app.db");
    byte[] first = convert(filter(), FilterRequest.Command.SMUDGE, "app.db", archive);
    // Mark the kept database: a second smudge answering from it carries the mark.
    Path kept;
    try (Stream<Path> files = Files.walk(gitDir)) {
      kept = files.filter(p -> p.getFileName().toString().startsWith("database-")).findFirst().orElseThrow();
    }
    byte[] marked = first.clone();
    marked[68] = 42; // the header's "application id", free for the application's use
    Files.write(kept, marked);

    assertArrayEquals(marked, convert(filter(), FilterRequest.Command.SMUDGE, "app.db", archive));
  }

  @Test
  void smudgeOfANearArchiveChangesOnlyTheRowsThatDiffer() throws Exception {
    Path source = database("source.db", NOTES);
    byte[] before = archiveOf(source, "app.db");
    convert(filter(), FilterRequest.Command.SMUDGE, "app.db", before);
    TestSqlite.exec(source, "UPDATE notes SET body = 'edited' WHERE id = 1", "INSERT INTO notes VALUES (3, 'third')");
    byte[] after = archiveOf(source, "app.db");

    byte[] built = convert(filter(), FilterRequest.Command.SMUDGE, "app.db", after);

    Path written = workTree.resolve("app.db");
    Files.write(written, built);
    assertArrayEquals(after, archiveOf(written, "app.db"));
    try (Stream<Path> files = Files.list(gitDir.resolve("git-hydrate/filter").resolve(KeptCopies.key("app.db")))) {
      assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("database-")).count(),
          "the kept database follows the new archive");
    }
  }

  @Test
  void withoutAGitDirectoryNothingIsKeptAndBothWaysStillWork() throws Exception {
    Path db = database("app.db", NOTES);
    DatabaseFilter filter = filter(null);

    byte[] archive = convert(filter, FilterRequest.Command.CLEAN, "app.db", Files.readAllBytes(db));
    byte[] built = convert(filter, FilterRequest.Command.SMUDGE, "copy.db", archive);

    Files.write(workTree.resolve("copy.db"), built);
    assertArrayEquals(archiveOf(db, "app.db"), archiveOf(workTree.resolve("copy.db"), "app.db"));
    assertFalse(Files.exists(gitDir.resolve("git-hydrate")));
  }

  @Test
  void aDatabaseGitReplacesWithChangesInItsWalIsKeptWholeAsABackup() throws Exception {
    Path db = database("app.db", NOTES);
    byte[] archive = convert(filter(), FilterRequest.Command.CLEAN, "app.db", Files.readAllBytes(db));
    TestSqlite.exec(db, "PRAGMA journal_mode=WAL");
    Path savedDatabase = workTree.resolve("saved.db");
    Path savedWal = workTree.resolve("saved.db-wal");
    try (Connection open = TestSqlite.open(db); Statement statement = open.createStatement()) {
      statement.execute("PRAGMA wal_autocheckpoint=0");
      statement.execute("INSERT INTO notes VALUES (3, 'only in the WAL')");
      // As an application that still has it open leaves it: the row in the -wal file only.
      Files.copy(db, savedDatabase);
      Files.copy(Sidecars.of(db, "-wal"), savedWal);
    }
    Files.move(savedDatabase, db, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.move(savedWal, Sidecars.of(db, "-wal"));
    assertTrue(Sidecars.holdContent(db));
    ReplacedDatabases.link(new KeptCopies(gitDir.resolve("git-hydrate/filter")).slot("app.db"), db);
    Files.delete(db); // what Git does before it asks for the new content

    convert(filter(), FilterRequest.Command.SMUDGE, "app.db", archive);

    assertEquals(List.of(), Sidecars.existing(db), "no side file of the old database is left beside the new one");
    Path backup = gitDir.resolve("git-hydrate/backups/app.db.20261205T100000Z.bak");
    assertEquals(List.of(List.of(1L, "first"), List.of(2L, "second"), List.of(3L, "only in the WAL")),
        TestSqlite.query(backup, "SELECT id, body FROM notes ORDER BY id"));
    assertTrue(log().contains("app.db: app.db-wal held changes Git could not see"), log());
    io.githydrate.engine.BackupFolder.Backup listed =
        new io.githydrate.engine.BackupFolder(backup.getParent()).list().get(0);
    assertEquals("app.db", listed.database());
    assertEquals(io.githydrate.engine.BackupFolder.Reason.REPLACED_BY_GIT, listed.reason());
  }

  @Test
  void aHotJournalOfADatabaseGitReplacesIsRolledBackIntoTheBackup() throws Exception {
    Path db = database("app.db", "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO t(v) VALUES ('kept')");
    byte[] archive = convert(filter(), FilterRequest.Command.CLEAN, "app.db", Files.readAllBytes(db));
    crashMidWrite(db);
    assertTrue(Sidecars.holdContent(db), "the crash should leave a hot journal");
    Files.delete(db);

    convert(filter(), FilterRequest.Command.SMUDGE, "app.db", archive);

    assertEquals(List.of(), Sidecars.existing(db));
    Path backup = gitDir.resolve("git-hydrate/backups/app.db.20261205T100000Z.bak");
    assertEquals(List.of(List.of("kept")), TestSqlite.query(backup, "SELECT v FROM t"), "the write the crash cut off is undone");
  }

  @Test
  void sideFilesWithoutContentAreRemovedWithoutABackup() throws Exception {
    Path db = database("app.db", NOTES);
    byte[] archive = convert(filter(), FilterRequest.Command.CLEAN, "app.db", Files.readAllBytes(db));
    Files.write(Sidecars.of(db, "-journal"), new byte[0]);
    Files.write(Sidecars.of(db, "-shm"), new byte[32768]);
    Files.delete(db);

    convert(filter(), FilterRequest.Command.SMUDGE, "app.db", archive);

    assertEquals(List.of(), Sidecars.existing(db));
    assertFalse(Files.exists(gitDir.resolve("git-hydrate/backups")));
  }

  @Test
  void aWalWhoseDatabaseWasNeverSeenIsStillKeptAside() throws Exception {
    Path db = database("app.db", NOTES);
    byte[] archive = archiveOf(db, "app.db");
    Files.write(Sidecars.of(db, "-wal"), new byte[4096]);
    Files.delete(db);

    convert(filter(), FilterRequest.Command.SMUDGE, "app.db", archive);

    assertEquals(List.of(), Sidecars.existing(db));
    assertTrue(Files.exists(gitDir.resolve("git-hydrate/backups/app.db.20261205T100000Z.bak-wal")));
    assertTrue(log().contains("the database they belong to was already replaced"), log());
  }

  /** Leaves a hot journal beside {@code db}: a child JVM writes past its cache and dies before committing. */
  private static void crashMidWrite(Path db) throws IOException, InterruptedException {
    Process child = new ProcessBuilder(ChildProcess.java(HotJournal.class, db.toString())).inheritIO().start();
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
  }

  /** Sets a file's time back, so its stamp is not racily recent (and trusted without a content check). */
  private static void backdate(Path file) throws IOException {
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(60)));
  }
}
