package io.githydrate.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * An archive read one line at a time, for a caller that compares two (engine.ArchiveDelta): each line's bytes
 * without its LF, and if asked the SHA-256 of every byte read, so that what is compared is exactly
 * what is hashed. Lines longer than {@link #MAX_LINE} (a row with a large BLOB) are refused rather than
 * held: such an archive is rebuilt in full, which streams its values.
 */
public final class ArchiveLines implements Closeable {
  public static final int MAX_LINE = 8 << 20;

  /** Why an archive cannot be compared line by line; the caller builds the database in full. */
  public static final class Unsuitable extends Exception {
    public Unsuitable(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Told each line as it is read (an index being made of them). */
  public interface Listener {
    /** The line {@code bytes[from, to)}, without its LF; the bytes are not to be kept. */
    void line(byte[] bytes, int from, int to);
  }


  private final InputStream in;
  /** Null when the caller knows the digest already. */
  private final MessageDigest digest;
  private final Listener listener;
  private final CRC32C crc = new CRC32C();
  private byte[] buffer = new byte[1 << 18];
  /** The current line: {@code buffer[lineStart, lineEnd)}, valid until the next {@link #advance}. */
  private int lineStart;
  private int lineEnd;
  private int start;
  private int end;
  private boolean endOfStream;

  /** Lines of {@code in}, hashing them when {@code hashed}. */
  public ArchiveLines(InputStream in, boolean hashed) {
    this(in, hashed, null);
  }

  /** Lines of {@code in}, hashing them when {@code hashed}, each also given to {@code listener} unless null. */
  public ArchiveLines(InputStream in, boolean hashed, Listener listener) {
    this.in = in;
    this.digest = hashed ? sha256() : null;
    this.listener = listener;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The next line without its LF; null after the last one. Every line must end with an LF. */
  public byte[] next() throws IOException, Unsuitable {
    return advance() ? line(false) : null;
  }

  /**
   * Moves to the next line, which {@link #line} then copies (a caller that only looks at what the
   * listener made of it copies nothing); false after the last one.
   */
  public boolean advance() throws IOException, Unsuitable {
    int scanned = start;
    while (true) {
      int i = LineFeeds.next(buffer, scanned, end);
      if (i >= 0) {
        if (listener != null) {
          listener.line(buffer, start, i);
        }
        lineStart = start;
        lineEnd = i;
        start = i + 1;
        return true;
      }
      if (endOfStream) {
        if (start == end) {
          return false;
        }
        throw new Unsuitable("the last line has no line feed");
      }
      if (start > 0) {
        System.arraycopy(buffer, start, buffer, 0, end - start);
        end -= start;
        start = 0;
      }
      scanned = end;
      if (end == buffer.length) {
        if (buffer.length >= MAX_LINE) {
          throw new Unsuitable("a line is longer than " + MAX_LINE + " bytes");
        }
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
      int read = in.read(buffer, end, buffer.length - end);
      if (read < 0) {
        endOfStream = true;
      } else {
        if (digest != null) {
          digest.update(buffer, end, read);
        }
        crc.update(buffer, end, read);
        end += read;
      }
    }
  }

  /** The current line, without its trailing comma if {@code dropComma} and it has one. */
  public byte[] line(boolean dropComma) {
    int to = dropComma && lineEnd > lineStart && buffer[lineEnd - 1] == ',' ? lineEnd - 1 : lineEnd;
    return Arrays.copyOfRange(buffer, lineStart, to);
  }

  /** The CRC-32C of every byte read, to tell whether another reader of the file saw the same. */
  public long crc32c() {
    return crc.getValue();
  }

  /** The SHA-256 of every byte read, in hex, when hashed; meaningful once {@link #next} has returned null. */
  public String digest() {
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
