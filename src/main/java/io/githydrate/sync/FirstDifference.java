package io.githydrate.sync;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an archive first differs from its canonical form, by line, and what that line should be:
 * byte for byte, so a changed line ending or a missing final newline counts too.
 */
final class FirstDifference {
  /** Longest part of a line quoted in a message. */
  static final int QUOTED = 100;

  /**
   * @param line the 1-based line of the archive where the first differing byte is
   * @param found that line of the archive, without its LF; null when the archive has no such line
   * @param expected that line of the canonical form, without its LF; null when it has no such line
   */
  record Difference(long line, String found, String expected) {
    String describe() {
      if (expected == null) {
        return "not in canonical form: git-hydrate's form of this content ends before this line";
      }
      if (found == null) {
        return "not in canonical form: the archive ends before this line; git-hydrate writes " + quote(expected);
      }
      if (found.equals(expected) || found.equals(expected + "\r")) {
        return "not in canonical form: this line ends differently (git-hydrate ends each line with one LF)";
      }
      return "not in canonical form: git-hydrate writes this line as " + quote(expected);
    }
  }

  private FirstDifference() {}

  /** The first difference of {@code archive} from {@code canonical}; null when they are identical. */
  static Difference of(Path archive, Path canonical) throws IOException {
    long offset = Files.mismatch(archive, canonical);
    if (offset < 0) {
      return null;
    }
    long line = 1;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
      for (long i = 0; i < offset; i++) {
        if (in.read() == '\n') {
          line++;
        }
      }
    }
    return new Difference(line, lineOf(archive, line), lineOf(canonical, line));
  }

  /** Line {@code line} (1-based) of {@code file} without its LF; null when the file has fewer lines. */
  private static String lineOf(Path file, long line) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      for (long n = 1; n < line; ) {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        if (b == '\n') {
          n++;
        }
      }
      return restOfLine(in, null);
    }
  }

  /** The bytes up to the next LF (or the end), as text; {@code atEnd} when there are none at all. */
  private static String restOfLine(InputStream in, String atEnd) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int b = in.read();
    if (b < 0) {
      return atEnd;
    }
    while (b >= 0 && b != '\n') {
      if (bytes.size() <= QUOTED * 4) {
        bytes.write(b);
      }
      b = in.read();
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String quote(String text) {
    String shown = text.strip();
    return shown.length() > QUOTED ? shown.substring(0, QUOTED) + "…" : shown;
  }
}
