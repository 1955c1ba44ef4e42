package io.githydrate.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How many backups to keep, for how long, and in how many bytes at most.
 *
 * <p>Kept whatever the count and size: every backup younger than {@code keepDays}, and the newest
 * backup of each database (the only copy of its latest local changes). Of the others, newest first,
 * as many are kept as fit beside those within {@code keepCount} backups and {@code maxBytes} bytes
 * in all; the first that does not fit and every older one are removed. So the folder holds at most
 * {@code keepCount} backups and {@code maxBytes} bytes, unless the backups it always keeps take more.
 */
public record BackupPolicy(int keepDays, int keepCount, long maxBytes) {
  /** A week, 10 backups, 1 GiB. */
  public static final BackupPolicy DEFAULT = new BackupPolicy(7, 10, 1L << 30);

  public BackupPolicy {
    if (keepDays < 0 || keepCount < 0 || maxBytes < 0) {
      throw new IllegalArgumentException("negative backup limit: " + keepDays + ", " + keepCount + ", " + maxBytes);
    }
  }

  /** The backups the policy always keeps at {@code now}: younger than {@code keepDays}, or the newest of their database. */
  public Set<BackupFolder.Backup> protectedOnes(List<BackupFolder.Backup> all, Instant now) {
    Instant youngest = now.minus(Duration.ofDays(keepDays));
    Set<BackupFolder.Backup> kept = new HashSet<>();
    Set<String> databases = new HashSet<>();
    for (BackupFolder.Backup backup : newestFirst(all)) {
      if (databases.add(backup.database()) || backup.made().isAfter(youngest)) {
        kept.add(backup);
      }
    }
    return kept;
  }

  /** Which of {@code all} to remove at {@code now}, oldest first (see the class comment). */
  public List<BackupFolder.Backup> toRemove(List<BackupFolder.Backup> all, Instant now) {
    Set<BackupFolder.Backup> always = protectedOnes(all, now);
    long count = always.size();
    long bytes = always.stream().mapToLong(BackupFolder.Backup::bytes).sum();
    List<BackupFolder.Backup> remove = new ArrayList<>();
    boolean full = false;
    for (BackupFolder.Backup backup : newestFirst(all)) {
      if (always.contains(backup)) {
        continue;
      }
      full |= count + 1 > keepCount || bytes + backup.bytes() > maxBytes;
      if (full) {
        remove.add(backup);
      } else {
        count++;
        bytes += backup.bytes();
      }
    }
    Collections.reverse(remove);
    return remove;
  }

  /** Whether {@code all} take more than the policy allows: more backups than {@code keepCount}, or more bytes than {@code maxBytes}. */
  public boolean exceeded(List<BackupFolder.Backup> all) {
    return all.size() > keepCount || all.stream().mapToLong(BackupFolder.Backup::bytes).sum() > maxBytes;
  }

  /** {@code bytes} for people: B, then KiB, MiB, GiB or TiB with one decimal. */
  public static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  private static List<BackupFolder.Backup> newestFirst(List<BackupFolder.Backup> all) {
    List<BackupFolder.Backup> sorted = new ArrayList<>(all);
    sorted.sort(BackupFolder.OLDEST_FIRST.reversed());
    return sorted;
  }
}
