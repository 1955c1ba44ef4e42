package io.githydrate.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
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

  /**
   * Passes a stream through, keeping its last bytes, so that once it is read to its end a caller
   * that streamed an archive (from {@code git cat-file}, say) can tell whether it lists conflicts.
   */
  public static final class Watch extends FilterInputStream {
    private final byte[] last = new byte[CONFLICTS_CLOSED.length];
    private int filled;

    public Watch(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        keep(new byte[] {(byte) b}, 0, 1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        keep(buffer, offset, n);
      }
      return n;
    }

    private void keep(byte[] buffer, int offset, int n) {
      int take = Math.min(n, last.length);
      int shift = Math.min(filled, last.length - take);
      System.arraycopy(last, filled - shift, last, 0, shift);
      System.arraycopy(buffer, offset + n - take, last, shift, take);
      filled = shift + take;
    }

    /** Whether what was read so far ends as an archive that lists conflicts ends. */
    public boolean listsConflicts() {
      return filled == last.length && Arrays.equals(last, CONFLICTS_CLOSED);
    }
  }
}
