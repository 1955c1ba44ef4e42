package io.githydrate.merge;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A file read one line at a time that can jump back to a line it passed: each line's bytes without
 * its LF, and the offset where the next line starts. Buffered, so reading forward costs one copy of
 * each line.
 */
final class LineInput implements Closeable {
  private final FileChannel channel;
  private byte[] buffer = new byte[1 << 16];
  /** File offset of {@code buffer[0]}. */
  private long bufferStart;
  private int start;
  private int end;
  private boolean endOfFile;

  LineInput(Path file) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
  }

  /** The offset of the next line {@link #next} returns. */
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

  /** The next line without its LF; the last one may lack it. Null at the end of the file. */
  byte[] next() throws IOException {
    int scanned = start;
    while (true) {
      for (int i = scanned; i < end; i++) {
        if (buffer[i] == '\n') {
          byte[] line = Arrays.copyOfRange(buffer, start, i);
          start = i + 1;
          return line;
        }
      }
      if (endOfFile) {
        if (start == end) {
          return null;
        }
        byte[] line = Arrays.copyOfRange(buffer, start, end);
        start = end;
        return line;
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
      int read = channel.read(ByteBuffer.wrap(buffer, end, buffer.length - end), bufferStart + end);
      if (read < 0) {
        endOfFile = true;
      } else {
        end += read;
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
