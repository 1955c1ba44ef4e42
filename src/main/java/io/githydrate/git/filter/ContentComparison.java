package io.githydrate.git.filter;

import io.githydrate.HydrateException;
import io.githydrate.engine.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads the content Git sends for a work-tree path to its end, comparing it as it goes with the file
 * at that path and, when one is given, with a kept copy: whether the bytes are the file's decides
 * whether the database is read through SQLite at its place (so that changes in its {@code -wal} are
 * included), and whether they are also the kept copy's, that the archive kept for it still holds.
 *
 * <p>Content that turns out not to be the file's is kept in a temporary file instead: the part
 * already compared is read again from the file and checked against a CRC-32C of what Git sent, so a
 * file that changed meanwhile is caught rather than mixed in.
 */
final class ContentComparison {
  private static final int CHUNK = 1 << 16;

  /**
   * @param sameAsFile the content is exactly the file's bytes
   * @param sameAsCopy it is also exactly the kept copy's bytes
   * @param spool the content, in a temporary file, when it is not the file's; null otherwise
   */
  record Result(boolean sameAsFile, boolean sameAsCopy, Path spool) {}

  /** A new temporary file for content that is not the file's. */
  interface Spools {
    Path newSpool() throws IOException;
  }

  private ContentComparison() {}

  static Result compare(InputStream content, Path file, Path copy, Spools spools, String pathname) throws IOException {
    try (FileChannel onDisk = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
         FileChannel kept = copy == null ? null : openQuietly(copy)) {
      byte[] chunk = new byte[CHUNK];
      ByteBuffer fileBytes = ByteBuffer.allocate(CHUNK);
      ByteBuffer copyBytes = ByteBuffer.allocate(CHUNK);
      CRC32C crc = new CRC32C();
      long offset = 0;
      boolean sameAsCopy = kept != null;
      while (true) {
        int n = content.readNBytes(chunk, 0, CHUNK);
        if (n == 0) {
          boolean fileEnded = readFully(onDisk, fileBytes.clear().limit(1)) == 0;
          if (fileEnded) {
            sameAsCopy &= readFully(kept, copyBytes.clear().limit(1)) == 0;
            return new Result(true, sameAsCopy, null);
          }
          return new Result(false, false, spool(file, offset, crc.getValue(), chunk, 0, content, spools, pathname));
        }
        if (readFully(onDisk, fileBytes.clear().limit(n)) != n
            || !Arrays.equals(chunk, 0, n, fileBytes.array(), 0, n)) {
          return new Result(false, false, spool(file, offset, crc.getValue(), chunk, n, content, spools, pathname));
        }
        if (sameAsCopy) {
          sameAsCopy = readFully(kept, copyBytes.clear().limit(n)) == n && Arrays.equals(chunk, 0, n, copyBytes.array(), 0, n);
        }
        crc.update(chunk, 0, n);
        offset += n;
      }
    }
  }

  /**
   * Writes the content to a new temporary file: its first {@code prefix} bytes, which matched the
   * file's, from the file again (checked against {@code prefixCrc}), then {@code pending}, then the rest.
   */
  private static Path spool(Path file, long prefix, long prefixCrc, byte[] pending, int pendingLength,
      InputStream content, Spools spools, String pathname) throws IOException {
    Path spool = spools.newSpool();
    boolean kept = false;
    try (OutputStream out = Files.newOutputStream(spool, StandardOpenOption.WRITE);
         InputStream again = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      CRC32C crc = new CRC32C();
      byte[] buffer = new byte[CHUNK];
      long left = prefix;
      while (left > 0) {
        int n = again.readNBytes(buffer, 0, (int) Math.min(buffer.length, left));
        if (n == 0) {
          break;
        }
        crc.update(buffer, 0, n);
        out.write(buffer, 0, n);
        left -= n;
      }
      if (left != 0 || crc.getValue() != prefixCrc) {
        throw new HydrateException(pathname + ": changed while Git was reading it; run the command again");
      }
      out.write(pending, 0, pendingLength);
      content.transferTo(out);
      kept = true;
      return spool;
    } finally {
      if (!kept) {
        AtomicFiles.deleteQuietly(spool);
      }
    }
  }

  private static FileChannel openQuietly(Path file) {
    try {
      return FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads until {@code buffer} is full or the channel ends; the number of bytes read (0 for a null channel). */
  private static int readFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    if (channel == null) {
      return 0;
    }
    int total = 0;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }
}
