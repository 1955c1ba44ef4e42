package io.githydrate.merge;

import io.githydrate.archive.LineFeeds;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A file read one line at a time that can jump back to a line it passed. {@link #advance} finds
 * the next line in the read buffer, where the caller looks at it ({@link #startsWith}) and copies
 * the part it keeps ({@link #copy}): one copy a line, which is most of what a merge of archives
 * with few changed rows does.
 */
final class LineInput implements Closeable {

  private final FileChannel channel;
  private final ByteBuffer direct = ByteBuffer.allocateDirect(1 << 20);
  private byte[] buffer = new byte[1 << 20];
  /** File offset of {@code buffer[0]}. */
  private long bufferStart;
  private int start;
  private int end;
  private boolean endOfFile;
  /** The current line: {@code buffer[lineStart, lineEnd)}, without its LF. */
  private int lineStart;
  private int lineEnd;

  LineInput(Path file) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
  }

  /** The offset of the line the next {@link #advance} finds. */
  long position() {
    return bufferStart + start;
  }

  /** Continues reading at {@code offset}, the start of a line. */
  void seek(long offset) {
    if (offset >= bufferStart && offset <= bufferStart + end) {
      start = (int) (offset - bufferStart);
      return;
    }
    bufferStart = offset;
    start = 0;
    end = 0;
    endOfFile = false;
  }

  /** Moves to the next line (the last one may lack its LF); false at the end of the file. */
  boolean advance() throws IOException {
    int scanned = start;
    while (true) {
      int newline = LineFeeds.next(buffer, scanned, end);
      if (newline >= 0) {
        lineStart = start;
        lineEnd = newline;
        start = newline + 1;
        return true;
      }
      if (endOfFile) {
        if (start == end) {
          return false;
        }
        lineStart = start;
        lineEnd = end;
        start = end;
        return true;
      }
      if (start > 0) {
        System.arraycopy(buffer, start, buffer, 0, end - start);
        bufferStart += start;
        end -= start;
        start = 0;
      }
      scanned = end;
      if (end == buffer.length) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2); // a long row: it is held whole anyway
      }
      fill();
    }
  }

  /** Reads what fits into the buffer after {@code end}, through a direct buffer the channel reads into. */
  private void fill() throws IOException {
    direct.clear().limit(Math.min(direct.capacity(), buffer.length - end));
    int read = channel.read(direct, bufferStart + end);
    if (read < 0) {
      endOfFile = true;
    } else {
      direct.flip().get(buffer, end, read);
      end += read;
    }
  }

  boolean startsWith(byte[] prefix) {
    return lineEnd - lineStart >= prefix.length
        && Arrays.equals(buffer, lineStart, lineStart + prefix.length, prefix, 0, prefix.length);
  }

  /** The current line from its {@code skip}th byte, without a last byte {@code drop} (0: none). */
  byte[] copy(int skip, byte drop) {
    int to = lineEnd;
    if (drop != 0 && to > lineStart + skip && buffer[to - 1] == drop) {
      to--;
    }
    return Arrays.copyOfRange(buffer, lineStart + skip, to);
  }

  /** The next line whole, without its LF; null at the end of the file. */
  byte[] next() throws IOException {
    return advance() ? copy(0, (byte) 0) : null;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
