package io.githydrate.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Byte-level facts about database files, read without SQLite. */
final class DatabaseFiles {
  /**
   * Header fields that a copy through SQLite's backup API rewrites without changing content: the
   * file change counter (offset 24), the schema cookie (40; set past the destination's old one, so
   * that its other connections read the schema again), and the "version-valid-for" counter and
   * SQLite version number (92 to 99).
   */
  private static final int[][] COMMIT_FIELDS = {{24, 28}, {40, 44}, {92, 100}};
  private static final int HEADER_BYTES = 100;

  /** The header's file format write version (offset 18): 2 in a database in WAL mode. */
  private static final int WAL_MARK = 18;
  private static final int WAL_VERSION = 2;

  private DatabaseFiles() {}

  /**
   * The page size the header of {@code db} gives, 0 when it cannot be read. Only for a file no
   * connection of this process has open: reading it closes a descriptor, and with it every POSIX
   * lock the process holds on the file.
   */
  static int pageSize(Path db) {
    byte[] header = header(db);
    int size = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
    return size == 1 ? 65536 : size;
  }

  /**
   * Whether the header of {@code db} marks a database in WAL mode; as {@link #pageSize}, only for a
   * file no connection of this process has open.
   */
  static boolean walMarked(Path db) {
    return header(db)[WAL_MARK] == WAL_VERSION;
  }

  /** The header's first bytes, through the WAL mark; zeros where the file is shorter or unreadable. */
  private static byte[] header(Path db) {
    try (InputStream in = Files.newInputStream(db)) {
      return Arrays.copyOf(in.readNBytes(WAL_MARK + 1), WAL_MARK + 1);
    } catch (IOException e) {
      return new byte[WAL_MARK + 1];
    }
  }

  /**
   * Whether two database files hold the same pages byte for byte, apart from the header fields each
   * commit rewrites. After SQLite's backup API copied one into the other, true proves the copy
   * complete; false proves nothing (a WAL database keeps the copy in its {@code -wal} file, for
   * one), and the caller compares content instead.
   */
  static boolean samePages(Path a, Path b) {
    try {
      if (Files.size(a) != Files.size(b)) {
        return false;
      }
      try (InputStream first = Files.newInputStream(a); InputStream second = Files.newInputStream(b)) {
        byte[] x = new byte[1 << 16];
        byte[] y = new byte[1 << 16];
        boolean header = true;
        while (true) {
          int n = first.readNBytes(x, 0, x.length);
          if (second.readNBytes(y, 0, n) != n) {
            return false;
          }
          if (n == 0) {
            return second.read() < 0;
          }
          if (header && n >= HEADER_BYTES) {
            for (int[] field : COMMIT_FIELDS) {
              Arrays.fill(x, field[0], field[1], (byte) 0);
              Arrays.fill(y, field[0], field[1], (byte) 0);
            }
          }
          header = false;
          if (!Arrays.equals(x, 0, n, y, 0, n)) {
            return false;
          }
        }
      }
    } catch (IOException e) {
      return false;
    }
  }
}
