package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file written moments ago has a racy stamp: a write within the same clock tick could leave size
 * and time as they were. Its content check tells such a file unchanged, or not, without the caller
 * reading what the file means.
 */
class FileStampTest {
  @TempDir
  Path dir;

  /** Rewrites the file with other bytes of the same length, keeping its modification time. */
  private static void sameTickWrite(Path file, String content) throws Exception {
    FileTime time = Files.getLastModifiedTime(file);
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, time);
  }

  @Test
  void aRacyStampIsTrustedWhileTheContentIsTheSame() throws Exception {
    Path file = Files.writeString(dir.resolve("app.db"), "first");
    String earlier = FileStamp.of(file);
    assertTrue(earlier.contains("~racy:"), earlier);
    assertFalse(FileStamp.unchanged(earlier, FileStamp.of(file)), "the stamp alone cannot tell");
    assertTrue(FileStamp.unchangedOrSameContent(earlier, FileStamp.of(file), file));

    sameTickWrite(file, "other");
    assertFalse(FileStamp.unchangedOrSameContent(earlier, FileStamp.of(file), file));
  }

  @Test
  void aRacyStampIsCheckedAgainstTheContentOnceTheFileHasSettled() throws Exception {
    Path file = Files.writeString(dir.resolve("app.db"), "first");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusMillis(2_700)));
    String earlier = FileStamp.of(file);
    assertTrue(earlier.contains("~racy:"), earlier);
    Thread.sleep(500);
    String now = FileStamp.of(file);
    assertFalse(now.contains("~racy"), now);
    assertTrue(FileStamp.unchangedOrSameContent(earlier, now, file));

    sameTickWrite(file, "other");
    assertFalse(FileStamp.unchangedOrSameContent(earlier, FileStamp.of(file), file));
  }

  @Test
  void aStampTakenWithoutReadingGetsTheCheckOfTheBytesReadAfterIt() throws Exception {
    Path file = Files.writeString(dir.resolve("app.db.json"), "first");
    String stat = FileStamp.ofWithoutReading(file);
    assertTrue(stat.endsWith("~racy"), stat);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(Files.readAllBytes(file));

    String stamp = FileStamp.withContentCheck(stat, crc.getValue());

    assertEquals(FileStamp.of(file), stamp, "the same stamp as one that read the file itself");
    assertTrue(FileStamp.sameStat(stat, stamp));
    assertTrue(FileStamp.unchangedOrSameContent(stamp, FileStamp.of(file), file));
    sameTickWrite(file, "other");
    assertTrue(FileStamp.sameStat(stamp, FileStamp.ofWithoutReading(file)), "a same-tick write keeps size and time");
    assertFalse(FileStamp.unchangedOrSameContent(stamp, FileStamp.of(file), file), "but not the content check");
  }

  @Test
  void aSettledStampNeedsNoCheckAndAQuickLookNeverTrustsARacyOne() throws Exception {
    Path file = Files.writeString(dir.resolve("app.db.json"), "first");
    String racy = FileStamp.of(file);
    assertFalse(FileStamp.unchangedNow(racy, file), "racy: only a content check could tell");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
    String settled = FileStamp.ofWithoutReading(file);

    assertEquals(settled, FileStamp.withContentCheck(settled, 42));
    assertTrue(FileStamp.unchangedNow(settled, file));
    assertTrue(FileStamp.databaseUnchangedNow(settled, file));
    Files.writeString(file, "second, longer");
    assertFalse(FileStamp.unchangedNow(settled, file));
  }

  @Test
  void aDatabaseStampCoversItsWriteAheadLog() throws Exception {
    Path db = Files.writeString(dir.resolve("app.db"), "pages");
    Path wal = Files.writeString(dir.resolve("app.db-wal"), "frame");
    String earlier = FileStamp.ofDatabase(db);
    assertTrue(FileStamp.databaseUnchangedOrSameContent(earlier, FileStamp.ofDatabase(db), db));

    sameTickWrite(wal, "fresh");
    assertFalse(FileStamp.databaseUnchangedOrSameContent(earlier, FileStamp.ofDatabase(db), db));
    Files.delete(wal);
    assertFalse(FileStamp.databaseUnchangedOrSameContent(earlier, FileStamp.ofDatabase(db), db));
  }

  @Test
  void aStampCanGiveUpItsContentCheck() throws Exception {
    Path file = Files.writeString(dir.resolve("app.db.json"), "{}");
    String stamp = FileStamp.of(file);
    String untrusted = FileStamp.withoutContentCheck(stamp);
    assertTrue(untrusted.endsWith("~racy"), untrusted);
    assertFalse(FileStamp.unchangedOrSameContent(untrusted, FileStamp.of(file), file));
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
    String settled = FileStamp.of(file);
    assertTrue(settled.equals(FileStamp.withoutContentCheck(settled)), "a settled stamp has none to give up");
  }

  @Test
  void aRacyStampWithoutAContentCheckIsNeverTrusted() throws Exception {
    Path file = Files.writeString(dir.resolve("app.db"), "first");
    String stamp = FileStamp.of(file);
    String older = stamp.substring(0, stamp.indexOf("~racy") + "~racy".length()); // as earlier versions wrote it
    assertFalse(FileStamp.unchangedOrSameContent(older, FileStamp.of(file), file));
    assertFalse(FileStamp.unchangedOrSameContent(null, stamp, file));
  }
}
