package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which backups {@link BackupPolicy} removes, for given ages, sizes and counts. */
class BackupPolicyTest {
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private static final long MIB = 1L << 20;

  private static BackupFolder.Backup backup(String database, int daysOld, long bytes) {
    Instant made = NOW.minus(Duration.ofDays(daysOld));
    String name = database + "." + daysOld + ".bak";
    return new BackupFolder.Backup(name, Path.of(name), database, made, BackupFolder.Reason.LOCAL_CHANGES, bytes);
  }

  private static List<String> removed(BackupPolicy policy, BackupFolder.Backup... backups) {
    return policy.toRemove(List.of(backups), NOW).stream().map(BackupFolder.Backup::name).toList();
  }

  @Test
  void nothingIsRemovedWithinTheLimits() {
    assertEquals(List.of(), removed(new BackupPolicy(7, 10, 100 * MIB),
        backup("app.db", 30, MIB), backup("app.db", 20, MIB), backup("app.db", 1, MIB)));
  }

  @Test
  void backupsBeyondTheCountGoOldestFirst() {
    assertEquals(List.of("app.db.40.bak", "app.db.30.bak"), removed(new BackupPolicy(7, 2, 100 * MIB),
        backup("app.db", 40, MIB), backup("app.db", 30, MIB), backup("app.db", 20, MIB), backup("app.db", 10, MIB)));
  }

  @Test
  void backupsBeyondTheSizeGoOldestFirst() {
    // 260 MiB a backup, 600 MiB allowed: the newest two fit, the third would not.
    assertEquals(List.of("app.db.40.bak", "app.db.30.bak"), removed(new BackupPolicy(7, 100, 600 * MIB),
        backup("app.db", 40, 260 * MIB), backup("app.db", 30, 260 * MIB), backup("app.db", 20, 260 * MIB),
        backup("app.db", 10, 260 * MIB)));
  }

  @Test
  void onceOneDoesNotFitEveryOlderOneGoesToo() {
    // The 500 MiB one does not fit; the older 1 MiB one would, but older backups go first.
    assertEquals(List.of("app.db.40.bak", "app.db.30.bak"), removed(new BackupPolicy(7, 100, 300 * MIB),
        backup("app.db", 40, MIB), backup("app.db", 30, 500 * MIB), backup("app.db", 10, 200 * MIB)));
  }

  @Test
  void backupsYoungerThanKeepDaysStayWhateverTheCountAndSize() {
    assertEquals(List.of("app.db.8.bak"), removed(new BackupPolicy(7, 0, 0),
        backup("app.db", 8, MIB), backup("app.db", 6, 260 * MIB), backup("app.db", 3, 260 * MIB),
        backup("app.db", 0, 260 * MIB)));
  }

  @Test
  void theNewestBackupOfEachDatabaseStaysHoweverOld() {
    // The only copies of a.db's and b.db's latest local changes, a year old, over every limit.
    assertEquals(List.of("a.db.400.bak"), removed(new BackupPolicy(7, 0, 0),
        backup("a.db", 400, 260 * MIB), backup("a.db", 365, 260 * MIB), backup("b.db", 365, 260 * MIB)));
  }

  @Test
  void databasesWithTheSameFileNameInOtherFoldersAreApart() {
    assertEquals(List.of(), removed(new BackupPolicy(0, 0, 0),
        backup("one/app.db", 30, MIB), backup("two/app.db", 20, MIB)));
  }

  @Test
  void keptBackupsCountAgainstTheLimitsOfTheOthers() {
    // The newest (protected) takes 300 of 400 MiB: of the others only the 50 MiB one beside it fits.
    assertEquals(List.of("app.db.30.bak", "app.db.20.bak"), removed(new BackupPolicy(7, 10, 400 * MIB),
        backup("app.db", 30, 50 * MIB), backup("app.db", 20, 80 * MIB), backup("app.db", 15, 50 * MIB),
        backup("app.db", 10, 300 * MIB)));
  }

  @Test
  void theDefaultKeepsAWeekTenBackupsAndOneGib() {
    assertEquals(new BackupPolicy(7, 10, 1L << 30), BackupPolicy.DEFAULT);
    List<BackupFolder.Backup> daily = new ArrayList<>();
    for (int day = 30; day >= 0; day--) {
      daily.add(backup("app.db", day, 10 * MIB));
    }
    List<BackupFolder.Backup> removed = BackupPolicy.DEFAULT.toRemove(daily, NOW);
    assertEquals(21, removed.size()); // 31 daily backups, of which the newest 10 stay
    assertEquals("app.db.30.bak", removed.get(0).name());
    assertEquals("app.db.10.bak", removed.get(20).name());
  }

  @Test
  void exceededWhenOverTheCountOrTheSize() {
    BackupPolicy policy = new BackupPolicy(7, 2, 10 * MIB);
    assertFalse(policy.exceeded(List.of(backup("a.db", 1, MIB), backup("a.db", 2, MIB))));
    assertTrue(policy.exceeded(List.of(backup("a.db", 1, MIB), backup("a.db", 2, MIB), backup("a.db", 3, MIB))));
    assertTrue(policy.exceeded(List.of(backup("a.db", 1, 11 * MIB))));
  }
}
