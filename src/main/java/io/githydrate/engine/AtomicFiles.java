package io.githydrate.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * File steps that leave either the old file or the complete new one, never a mix: temporary files
 * beside their target (same file system, so the final rename is atomic), synced before the rename,
 * and the directory synced after it.
 */
public final class AtomicFiles {
  private static final String TEMP_SUFFIX = ".git-hydrate.tmp";

  private AtomicFiles() {}

  /**
   * A new empty temporary file in {@code target}'s directory, named after it. Created with the
   * default permissions (as the user's umask allows), not the owner-only ones of
   * {@link Files#createTempFile}, because it becomes the target.
   */
  public static Path tempFileBeside(Path target) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    for (int attempt = 0; ; attempt++) {
      Path temp = directory.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36)
          + TEMP_SUFFIX);
      try {
        return Files.createFile(temp);
      } catch (FileAlreadyExistsException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Whether {@code file} is one of the temporary files this class makes. */
  public static boolean isTempFile(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
  }

  /** Flushes {@code file}'s content to the storage device. */
  public static void sync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /** Renames {@code source} over {@code target} in one step, then makes the rename durable. */
  public static void replace(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + source + " over " + target + " in one step", e);
    }
    syncDirectory(target.toAbsolutePath().getParent());
  }

  /** Makes a rename or creation in {@code directory} durable; a no-op where the OS cannot do that. */
  static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a directory for syncing; its renames are durable on their own.
    }
  }

  /** Deletes {@code file} if it exists, ignoring failure: used to clean up after another error. */
  public static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // the original error matters more; a leftover temporary file is cleaned up next time
      }
    }
  }
}
