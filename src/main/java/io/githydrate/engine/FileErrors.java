package io.githydrate.engine;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What a failed file operation means to a user: the Java exception's message is often a bare path
 * (an {@link AccessDeniedException} says only which file), and the file it names is usually a
 * temporary one the user never asked for. This says what could not be done, why, and what to do.
 */
public final class FileErrors {
  private FileErrors() {}

  /** Why {@code e} happened and what to do, as the end of a message that names the user's file. */
  public static String describe(IOException e) {
    if (!(e instanceof FileSystemException failed) || failed.getFile() == null) {
      return e.getMessage();
    }
    Path file = Path.of(failed.getFile());
    // A temporary file is made beside the file being written: failing to make it is the folder's doing.
    boolean inFolder = AtomicFiles.isTempFile(file);
    Path folder = file.toAbsolutePath().getParent();
    String reason = failed.getReason();
    if (e instanceof AccessDeniedException || reason != null && reason.contains("Permission denied")) {
      return inFolder
          ? "cannot create files in " + folder + ": permission denied; make that folder writable, or choose another path"
          : "permission denied on " + file + "; make it readable and writable, or choose another path";
    }
    if (reason != null && reason.contains("Read-only file system")) {
      return (inFolder ? folder : file) + " is on a read-only file system; choose another path";
    }
    if (reason != null && reason.contains("No space left on device")) {
      return "the disk is full (writing " + (inFolder ? "in " + folder : file.toString())
          + "); free some space and run again";
    }
    if (e instanceof NoSuchFileException) {
      return (inFolder ? folder : file) + ": no such file or directory";
    }
    return reason == null ? e.getMessage() : (inFolder ? folder : file) + ": " + reason;
  }
}
