package io.githydrate.engine;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;

/** What a file's first bytes say it is: a database, an archive, nothing, or something else. */
public enum ContentKind {
  /** No bytes at all. */
  EMPTY,
  /** A SQLite database file: it starts with SQLite's 16-byte header string. */
  DATABASE,
  /** An archive: JSON text whose first character (after a byte-order mark and white space) is "{". */
  ARCHIVE,
  /** Anything else. */
  OTHER;

  private static final byte[] SQLITE = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final int LOOK_AHEAD = 4096;

  /** What {@code in} (which must support mark and reset) holds; the stream is left where it was. */
  public static ContentKind of(InputStream in) throws IOException {
    in.mark(LOOK_AHEAD);
    byte[] head = in.readNBytes(LOOK_AHEAD);
    in.reset();
    if (head.length == 0) {
      return EMPTY;
    }
    if (head.length >= SQLITE.length && Arrays.equals(head, 0, SQLITE.length, SQLITE, 0, SQLITE.length)) {
      return DATABASE;
    }
    int i = head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf ? 3 : 0;
    while (i < head.length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
      i++;
    }
    return i < head.length && head[i] == '{' ? ARCHIVE : OTHER;
  }

  /** What the file at {@code file} holds (not following a symbolic link); OTHER when it cannot be read. */
  public static ContentKind ofFile(Path file) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), LOOK_AHEAD)) {
      return of(in);
    } catch (IOException e) {
      return OTHER;
    }
  }

  /** The first bytes of {@code in} (mark and reset supported), shown for a message. */
  public static String describeStart(InputStream in) throws IOException {
    in.mark(16);
    byte[] head = in.readNBytes(16);
    in.reset();
    StringBuilder text = new StringBuilder("\"");
    for (byte b : head) {
      int c = b & 0xff;
      text.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return text.append(head.length == 16 ? "...\"" : "\"").toString();
  }
}
