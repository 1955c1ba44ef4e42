package io.githydrate.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * A cheap "has this file changed?" fingerprint: size, modification time and file identity, like
 * Git's own index stat data. Equal stamps mean "assume unchanged"; a different stamp only means "look closer".
 * A database's stamp covers its {@code -wal} file too, where committed changes may still wait.
 */
final class FileStamp {
  static final String MISSING = "missing";

  /**
   * A file modified this recently may be modified again within the same clock tick without its
   * stamp changing (coarse file-system timestamps make the tick up to seconds long), so its stamp
   * is marked untrustworthy, like Git's "racily clean" index entries.
   */
  private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(3);
  private static final String RACY = "~racy";

  private FileStamp() {}

  static String of(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
      boolean racy = System.currentTimeMillis() * 1_000_000L - modified < RACY_NANOS;
      return attributes.size() + ":" + modified + (attributes.fileKey() == null ? "" : ":" + attributes.fileKey())
          + (racy ? RACY : "");
    } catch (IOException e) {
      return MISSING;
    }
  }

  /** Whether {@code earlier} and {@code now} show a file unchanged, without looking at its content. */
  static boolean unchanged(String earlier, String now) {
    return earlier != null && earlier.equals(now) && !now.contains(RACY);
  }

  static String ofDatabase(Path db) {
    String main = of(db);
    String wal = of(db.resolveSibling(db.getFileName() + "-wal"));
    return MISSING.equals(wal) ? main : main + "+" + wal;
  }
}
