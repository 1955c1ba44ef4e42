package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What a failed file step says. The exceptions are made here, as the JDK throws them, since a test
 * run as root cannot be refused a write by permissions.
 */
class FileErrorsTest {
  private static final Path FOLDER = Path.of("/data/ro").toAbsolutePath();
  private static final String TEMP = FOLDER.resolve(".app.db.3fzz-42.git-hydrate.tmp").toString();

  @Test
  void aTemporaryFileRefusedIsTheFoldersPermission() {
    assertEquals("cannot create files in " + FOLDER + ": permission denied; make that folder writable,"
        + " or choose another path", FileErrors.describe(new AccessDeniedException(TEMP)));
  }

  @Test
  void aFileRefusedIsItsOwnPermission() {
    Path file = FOLDER.resolve("app.db");
    assertEquals("permission denied on " + file + "; make it readable and writable, or choose another path",
        FileErrors.describe(new AccessDeniedException(file.toString())));
  }

  @Test
  void aReadOnlyFileSystemIsSaidSo() {
    assertEquals(FOLDER + " is on a read-only file system; choose another path",
        FileErrors.describe(new FileSystemException(TEMP, null, "Read-only file system")));
  }

  @Test
  void aFullDiskIsSaidSo() {
    assertEquals("the disk is full (writing in " + FOLDER + "); free some space and run again",
        FileErrors.describe(new FileSystemException(TEMP, null, "No space left on device")));
  }

  @Test
  void anythingElseKeepsItsMessage() {
    assertEquals("broken pipe", FileErrors.describe(new IOException("broken pipe")));
  }
}
