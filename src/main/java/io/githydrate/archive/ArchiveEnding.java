package io.githydrate.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the last bytes of an archive in git-hydrate's layout tell: one that a merge left in conflict
 * ends with its {@code conflicts} list, closed by {@code " ]"}, where any other ends with its tables.
 */
public final class ArchiveEnding {
  private static final byte[] CONFLICTS_CLOSED = " ]\n}\n".getBytes(StandardCharsets.US_ASCII);

  private ArchiveEnding() {}

  private static final byte[] CONFLICTS_OPEN = "\n },\n \"conflicts\": [\n".getBytes(StandardCharsets.US_ASCII);

  /**
   * Writes {@code file} without its conflicts list to {@code out}: the merge's result with ours at
   * each conflict, as a plain archive. Streams; throws when {@code file} has no such list.
   */
  public static void writeWithoutConflicts(Path file, java.io.OutputStream out) throws IOException {
    long at = -1;
    try (java.io.InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file), 1 << 16)) {
      // The list is the archive's last field: the last place its opening appears.
      long offset = 0;
      int matched = 0;
      int b;
      while ((b = in.read()) >= 0) {
        matched = b == CONFLICTS_OPEN[matched] ? matched + 1 : b == CONFLICTS_OPEN[0] ? 1 : 0;
        offset++;
        if (matched == CONFLICTS_OPEN.length) {
          at = offset - CONFLICTS_OPEN.length;
          matched = 0;
        }
      }
    }
    if (at < 0) {
      throw new IOException(file + ": lists no conflicts");
    }
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      long left = at;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException(file + ": changed while it was read");
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }
    out.write("\n }\n}\n".getBytes(StandardCharsets.US_ASCII));
  }

  /** Whether the archive in {@code file} lists the conflicts a merge left (false when it cannot be read). */
  public static boolean listsConflicts(Path file) {
    try (FileChannel channel = FileChannel.open(file)) {
      long size = channel.size();
      if (size < CONFLICTS_CLOSED.length) {
        return false;
      }
      ByteBuffer tail = ByteBuffer.allocate(CONFLICTS_CLOSED.length);
      while (tail.hasRemaining() && channel.read(tail, size - CONFLICTS_CLOSED.length + tail.position()) > 0) {
        // read the last bytes
      }
      return Arrays.equals(tail.array(), CONFLICTS_CLOSED);
    } catch (IOException e) {
      return false;
    }
  }
}
