package io.githydrate.engine;

import static io.githydrate.TestSqlite.exec;
import static io.githydrate.TestSqlite.query;
import static io.githydrate.TestSqlite.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.HydrateException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup folder: names, what is recorded about each backup, listing, pruning; and restoring one. */
class BackupFolderTest {
  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
  private static final Duration LOCK_TIMEOUT = Duration.ofMillis(300);

  @TempDir
  Path dir;

  private Path backups() {
    return dir.resolve("backups");
  }

  private Path database(String name, String... sql) throws SQLException {
    Path db = dir.resolve(name);
    exec(db, sql);
    return db;
  }

  private static Path archive(Path db) {
    Path archive = db.resolveSibling(db.getFileName() + ".json");
    new Dehydrator(1000, Progress.NONE).dehydrate(db, db.getFileName().toString(), archive);
    return archive;
  }

  private Hydrator hydrator(Instant now, BackupFolder.Reason reason, BackupPolicy policy) {
    return new Hydrator(new Hydrator.Options(true, backups(), LOCK_TIMEOUT, true, null, false, reason,
        policy == null ? null : () -> policy), Progress.NONE, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void aForcedReplaceRecordsTheDatabaseTheTimeAndWhy() throws Exception {
    Path archive = archive(database("new.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)"));
    Path target = database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (2)");

    Path backup = hydrator(NOW, BackupFolder.Reason.FORCED, null).hydrate(archive, "data/app.db", target).backup();

    assertEquals(backups().resolve("app.db.20261205T100000Z.bak"), backup);
    assertEquals("{\"database\":\"data/app.db\",\"made\":\"2026-12-05T10:00:00Z\",\"why\":\"forced\"}\n",
        Files.readString(backups().resolve("app.db.20261205T100000Z.bak.info")));
    List<BackupFolder.Backup> listed = new BackupFolder(backups()).list();
    assertEquals(1, listed.size());
    BackupFolder.Backup only = listed.get(0);
    assertEquals("app.db.20261205T100000Z.bak", only.name());
    assertEquals("data/app.db", only.database());
    assertEquals(NOW, only.made());
    assertEquals(BackupFolder.Reason.FORCED, only.reason());
    assertEquals(Files.size(backup) + Files.size(BackupFolder.infoOf(backup)), only.bytes());
  }

  @Test
  void aCorruptFileRepairedIsRecordedAsSuch() throws Exception {
    Path archive = archive(database("new.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)"));
    Path target = dir.resolve("app.db");
    Files.writeString(target, "not a database at all, but long enough to be read as a header by SQLite.......");

    hydrator(NOW, BackupFolder.Reason.LOCAL_CHANGES, null).repair(archive, "app.db", target);

    assertEquals(BackupFolder.Reason.CORRUPT, new BackupFolder(backups()).list().get(0).reason());
  }

  @Test
  void backupsWithoutInfoAreListedByTheirNames() throws Exception {
    Files.createDirectories(backups());
    Files.writeString(backups().resolve("app.db.20240102T030405Z.bak"), "old");
    Files.writeString(backups().resolve("app.db.20240102T030405Z-2.bak"), "older? no: same second, later");
    Files.writeString(backups().resolve("app.db.json.20240101T000000Z.json"), "{}");
    Files.writeString(backups().resolve("notes.txt"), "not a backup");
    Files.writeString(backups().resolve("app.db.20240102T030405Z.bak-wal"), "wal");

    List<BackupFolder.Backup> listed = new BackupFolder(backups()).list();

    assertEquals(List.of("app.db.json.20240101T000000Z.json", "app.db.20240102T030405Z.bak",
        "app.db.20240102T030405Z-2.bak"), listed.stream().map(BackupFolder.Backup::name).toList());
    assertEquals("app.db", listed.get(1).database());
    assertEquals(Instant.parse("2024-01-02T03:04:05Z"), listed.get(1).made());
    assertEquals(BackupFolder.Reason.UNKNOWN, listed.get(1).reason());
    assertEquals(6, listed.get(1).bytes()); // with its -wal
    assertTrue(listed.get(0).archiveText());
  }

  @Test
  void infoThatIsNotGitHydratesCountsAsUnknown() throws Exception {
    Files.createDirectories(backups());
    Files.writeString(backups().resolve("app.db.20240102T030405Z.bak"), "old");
    Files.writeString(backups().resolve("app.db.20240102T030405Z.bak.info"), "[\"something else\"]");

    BackupFolder.Backup listed = new BackupFolder(backups()).list().get(0);

    assertEquals(BackupFolder.Reason.UNKNOWN, listed.reason());
    assertEquals("app.db", listed.database());
  }

  @Test
  void pruningRemovesBackupsWithTheirJournalsAndInfoAndKeepsTheNewest() throws Exception {
    Path archive = archive(database("new.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)"));
    Path target = database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES (0)");
    BackupPolicy keepOne = new BackupPolicy(7, 1, 1L << 30);
    for (int day = 30; day >= 10; day -= 10) {
      exec(target, "INSERT INTO t VALUES (" + day + ")");
      hydrator(NOW.minus(Duration.ofDays(day)), BackupFolder.Reason.LOCAL_CHANGES, null)
          .hydrate(archive, "app.db", target);
    }
    Path oldest = backups().resolve("app.db.20261105T100000Z.bak");
    Files.writeString(Sidecars.of(oldest, "-wal"), "left by an older version");
    assertEquals(3, new BackupFolder(backups()).list().size());

    exec(target, "INSERT INTO t VALUES ('today')");
    Path today = hydrator(NOW, BackupFolder.Reason.LOCAL_CHANGES, keepOne).hydrate(archive, "app.db", target).backup();

    // Today's is the newest and younger than a week; of the others, none fits beside it in one backup.
    assertEquals(List.of("app.db.20261205T100000Z.bak", "app.db.20261205T100000Z.bak.info"), names(backups()));
    assertEquals(List.of(row(1L), row("today")), query(today, "SELECT x FROM t"));
  }

  @Test
  void aBackupIsRestoredInPlaceAfterTheCurrentContentIsBackedUp() throws Exception {
    Path archive = archive(database("new.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('archived')"));
    Path target = database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('mine')");
    Path kept = hydrator(NOW.minusSeconds(60), BackupFolder.Reason.LOCAL_CHANGES, null)
        .hydrate(archive, "app.db", target).backup();
    Object inode = Files.getAttribute(target, "unix:ino");

    Hydrator.Outcome restored = hydrator(NOW, BackupFolder.Reason.RESTORE, BackupPolicy.DEFAULT)
        .restore(kept, "app.db", target);

    assertEquals(Hydrator.Action.REPLACED, restored.action());
    assertEquals(List.of(row("mine")), query(target, "SELECT x FROM t"));
    assertEquals(inode, Files.getAttribute(target, "unix:ino"), "the file an application may have open stays");
    assertEquals(List.of(row("archived")), query(restored.backup(), "SELECT x FROM t"));
    List<BackupFolder.Backup> listed = new BackupFolder(backups()).list();
    assertEquals(List.of(BackupFolder.Reason.LOCAL_CHANGES, BackupFolder.Reason.RESTORE),
        listed.stream().map(BackupFolder.Backup::reason).toList());
    assertTrue(Files.exists(kept), "the backup restored stays");
  }

  @Test
  void aDamagedBackupIsRefusedAndNothingChanges() throws Exception {
    Path target = database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('mine')");
    Path good = database("good.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('kept')");
    byte[] bytes = Files.readAllBytes(good);
    Files.createDirectories(backups());
    Path damaged = backups().resolve("app.db.20261205T090000Z.bak");
    Files.write(damaged, java.util.Arrays.copyOf(bytes, 100)); // the header, and nothing of its pages
    byte[] before = Files.readAllBytes(target);

    HydrateException e = assertThrows(HydrateException.class,
        () -> hydrator(NOW, BackupFolder.Reason.RESTORE, null).restore(damaged, "app.db", target));

    assertTrue(e.getMessage().startsWith(damaged + ": not a healthy SQLite database ("), e.getMessage());
    assertTrue(e.getMessage().endsWith("); nothing restored"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(target));
    assertEquals(List.of("app.db.20261205T090000Z.bak"), names(backups()));
  }

  @Test
  void aFileThatIsNoDatabaseIsRefusedNamingIt() throws Exception {
    Path target = database("app.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('mine')");
    Files.createDirectories(backups());
    Path text = backups().resolve("app.db.20261205T090000Z.bak");
    Files.writeString(text, "hello", StandardCharsets.UTF_8);

    HydrateException e = assertThrows(HydrateException.class,
        () -> hydrator(NOW, BackupFolder.Reason.RESTORE, null).restore(text, "app.db", target));

    assertEquals(text + ": not a SQLite database (its first bytes are not SQLite's header); nothing restored",
        e.getMessage());
  }

  @Test
  void archiveTextIsBuiltIntoTheDatabaseItDescribes() throws Exception {
    Path archive = archive(database("new.db", "CREATE TABLE t(x)", "INSERT INTO t VALUES ('from text')"));
    Files.createDirectories(backups());
    Path text = backups().resolve("app.db.20261205T090000Z.json");
    Files.copy(archive, text);
    Path target = dir.resolve("missing.db");

    Hydrator.Outcome restored = hydrator(NOW, BackupFolder.Reason.RESTORE, null).restore(text, "missing.db", target);

    assertEquals(Hydrator.Action.CREATED, restored.action());
    assertEquals(List.of(row("from text")), query(target, "SELECT x FROM t"));
  }

  @Test
  void orphanInfoIsRemovedOnlyOnceItIsOld() throws Exception {
    Files.createDirectories(backups());
    Path young = backups().resolve("app.db.20261205T090000Z.bak.info");
    Path old = backups().resolve("app.db.20261205T080000Z.bak.info");
    Files.writeString(young, "{}");
    Files.writeString(old, "{}");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

    assertEquals(1, new BackupFolder(backups()).removeOrphanInfo());

    assertTrue(Files.exists(young));
    assertFalse(Files.exists(old));
  }

  /** File names in a folder, sorted. */
  private static List<String> names(Path folder) throws java.io.IOException {
    try (var files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
