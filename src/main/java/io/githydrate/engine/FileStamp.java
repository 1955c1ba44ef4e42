package io.githydrate.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * A cheap "has this file changed?" fingerprint: size, modification time and file identity, like
 * Git's own index stat data. Equal stamps mean "assume unchanged"; a different stamp only means "look closer".
 * A database's stamp covers its {@code -wal} file too, where committed changes may still wait.
 */
public final class FileStamp {
  public static final String MISSING = "missing";

  /**
   * A file modified this recently may be modified again within the same clock tick without its
   * stamp changing (coarse file-system timestamps make the tick up to seconds long), so its stamp
   * is marked untrustworthy, like Git's "racily clean" index entries.
   */
  private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(3);
  private static final String RACY = "~racy";

  private FileStamp() {}

  /**
   * The file's stamp. A racy one carries a CRC-32C of the content too, so that a later look can tell
   * the file unchanged by its content without knowing what it means ({@link #unchangedOrSameContent}):
   * a hook that has just written a database need not have it dehydrated again by the next hook.
   */
  public static String of(Path file) {
    return of(file, true);
  }

  /**
   * The file's stamp without reading it: a racy one is marked but carries no content check until
   * {@link #withContentCheck} adds the CRC-32C of the bytes read after it (by a caller that reads
   * the whole file anyway).
   */
  public static String ofWithoutReading(Path file) {
    return of(file, false);
  }

  /** {@code stamp}, from {@link #ofWithoutReading}, with the content check {@code crc32c} if it is racy. */
  public static String withContentCheck(String stamp, long crc32c) {
    return stamp.endsWith(RACY) ? stamp + ":" + Long.toHexString(crc32c) : stamp;
  }

  /** Whether two stamps show the same size, time and identity, whatever their content checks say. */
  public static boolean sameStat(String a, String b) {
    return a != null && b != null && statPart(a).equals(statPart(b));
  }

  private static String statPart(String stamp) {
    int racy = stamp.indexOf(RACY);
    return racy < 0 ? stamp : stamp.substring(0, racy);
  }

  private static String of(Path file, boolean checkRacy) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
      boolean racy = System.currentTimeMillis() * 1_000_000L - modified < RACY_NANOS;
      String stamp = attributes.size() + ":" + modified + (attributes.fileKey() == null ? "" : ":" + attributes.fileKey());
      return racy ? stamp + RACY + (checkRacy ? ":" + contentCheck(file) : "") : stamp;
    } catch (IOException e) {
      return MISSING;
    }
  }

  /** Whether {@code earlier} and {@code now} show a file unchanged, without looking at its content. */
  public static boolean unchanged(String earlier, String now) {
    return earlier != null && earlier.equals(now) && !now.contains(RACY);
  }

  /**
   * {@link #unchanged}({@code earlier}, the stamp of {@code file} now), without reading a racy file's
   * content for a check that cannot make it so.
   */
  public static boolean unchangedNow(String earlier, Path file) {
    return earlier != null && !earlier.contains(RACY) && unchanged(earlier, of(file, false));
  }

  /** {@link #unchangedNow} for a database, whose stamp covers its {@code -wal} file too. */
  public static boolean databaseUnchangedNow(String earlier, Path db) {
    if (earlier == null || earlier.contains(RACY)) {
      return false;
    }
    String wal = of(wal(db), false);
    return unchanged(earlier, MISSING.equals(wal) ? of(db, false) : of(db, false) + "+" + wal);
  }

  /**
   * Whether {@code file}, stamped {@code now}, is unchanged since it was stamped {@code earlier}: the
   * same size, time and identity, and where either stamp is racy, the same content check (read from
   * the file when {@code now} has none). Catches what a racy stamp alone misses, a write within the
   * same clock tick that kept the size, unless its CRC-32C happens to match (about one in 4 billion).
   */
  public static boolean unchangedOrSameContent(String earlier, String now, Path file) {
    if (earlier == null || now == null) {
      return false;
    }
    if (!earlier.contains(RACY)) {
      return unchanged(earlier, now);
    }
    String[] before = earlier.split(RACY + ":", 2);
    if (before.length != 2 || !now.startsWith(before[0])) {
      return false;
    }
    String rest = now.substring(before[0].length());
    try {
      return rest.isEmpty() ? before[1].equals(contentCheck(file)) : rest.equals(RACY + ":" + before[1]);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * {@code stamp} without its content check, if it has one: for a file whose digest was taken
   * before the stamp (by the launcher, say), so the check would vouch for content the digest may not
   * describe. Such a racy stamp is never trusted later, and the next run reads the file again.
   */
  public static String withoutContentCheck(String stamp) {
    int check = stamp.indexOf(RACY + ":");
    return check < 0 ? stamp : stamp.substring(0, check + RACY.length());
  }

  public static String ofDatabase(Path db) {
    String main = of(db);
    String wal = of(wal(db));
    return MISSING.equals(wal) ? main : main + "+" + wal;
  }

  /** {@link #unchangedOrSameContent} for a database's stamp, which covers its {@code -wal} file too. */
  public static boolean databaseUnchangedOrSameContent(String earlier, String now, Path db) {
    if (earlier == null || now == null) {
      return false;
    }
    String[] before = earlier.split("\\+", -1);
    String[] after = now.split("\\+", -1);
    return before.length == after.length && unchangedOrSameContent(before[0], after[0], db)
        && (before.length == 1 || unchangedOrSameContent(before[1], after[1], wal(db)));
  }

  private static Path wal(Path db) {
    return db.resolveSibling(db.getFileName() + "-wal");
  }

  /** CRC-32C of the file's bytes, in hex: the JDK computes it with the processor's CRC instruction. */
  private static String contentCheck(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    // A direct buffer: the channel reads straight into it (a heap one costs a copy through a
    // temporary direct buffer), and the CRC instruction reads it where it is.
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      while (channel.read(buffer.clear()) > 0) {
        crc.update(buffer.flip());
      }
    }
    return Long.toHexString(crc.getValue());
  }
}
