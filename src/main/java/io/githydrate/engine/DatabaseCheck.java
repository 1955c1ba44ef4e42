package io.githydrate.engine;

import io.githydrate.HydrateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * Tells a healthy database file from a corrupt one: the 100-byte header as the file format defines
 * it (magic, page size, versions, reserved space, payload fractions, schema format, text encoding,
 * the reserved expansion area, and the file's size against the page size and the header's page
 * count), then SQLite's own check ({@code quick_check}, or the slower {@code integrity_check}, which
 * also finds indexes that no longer match their tables). A hot rollback journal left by a process
 * that died mid-write is first rolled back through SQLite, as any SQLite reader would: until then
 * the file is half written, not corrupt.
 *
 * <p>Reads the header with plain file I/O, so it must not run while this process holds a SQLite
 * connection to the same file (closing any descriptor drops that process's POSIX locks); {@link
 * #checkContent} alone may.
 */
public final class DatabaseCheck {
  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_SIZE = 100;

  /** How thoroughly to check. */
  public enum Level { QUICK, FULL }

  /** The verdict on one file. {@code problem} is null when healthy. */
  public record Health(boolean healthy, String problem) {
    static final Health OK = new Health(true, null);

    static Health corrupt(String problem) {
      return new Health(false, problem);
    }
  }

  private DatabaseCheck() {}

  /** Whether {@code file} starts with the SQLite header (whatever its name). */
  public static boolean hasSqliteHeader(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return startsWithSqliteHeader(in);
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether the next bytes of {@code in} are the SQLite header (it reads them). */
  public static boolean startsWithSqliteHeader(InputStream in) throws IOException {
    return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
  }

  /**
   * Checks {@code file}, waiting up to {@code busyTimeoutMillis} for other processes' locks: {@link
   * #checkFile}, then {@link #checkContent}.
   *
   * @throws HydrateException when the file stays locked: a busy database is not a corrupt one
   */
  public static Health check(Path file, Level level, int busyTimeoutMillis) {
    Health header = checkFile(file, busyTimeoutMillis);
    return header.healthy() ? checkContent(file, level, busyTimeoutMillis) : header;
  }

  /**
   * The part of {@link #check} that opens the file itself: a hot journal rolled back, then the
   * header. Closing a descriptor drops every POSIX lock this process holds on the file, so this
   * must not run while one of its SQLite connections has the file open.
   *
   * @throws HydrateException when the file stays locked
   */
  public static Health checkFile(Path file, int busyTimeoutMillis) {
    rollBackHotJournal(file, busyTimeoutMillis);
    return checkHeader(file);
  }

  /**
   * The part of {@link #check} that reads the file only through SQLite, which shares one set of
   * locks among a process's connections to a file: this may run while another connection reads it.
   *
   * @throws HydrateException when the file stays locked
   */
  public static Health checkContent(Path file, Level level, int busyTimeoutMillis) {
    try (Connection connection = Connections.readOnly(file, busyTimeoutMillis);
         Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA cell_size_check=ON");
      String pragma = level == Level.FULL ? "PRAGMA integrity_check(20)" : "PRAGMA quick_check(20)";
      try (ResultSet rs = statement.executeQuery(pragma)) {
        StringBuilder problems = new StringBuilder();
        while (rs.next()) {
          String line = rs.getString(1);
          if (!"ok".equals(line)) {
            problems.append(problems.length() == 0 ? "" : "; ").append(line);
          }
        }
        return problems.length() == 0 ? Health.OK : Health.corrupt(problems.toString());
      }
    } catch (SQLException e) {
      if (SqliteErrors.isBusy(e)) {
        throw locked(file, busyTimeoutMillis, e);
      }
      return Health.corrupt(SqliteErrors.describe(e));
    } catch (HydrateException e) {
      if (e.getCause() instanceof SQLException cause && SqliteErrors.isBusy(cause)) {
        throw locked(file, busyTimeoutMillis, cause);
      }
      return Health.corrupt(e.getMessage());
    }
  }

  /** A database another process holds locked is busy, not corrupt: nothing may be done to it. */
  private static HydrateException locked(Path file, int waitedMillis, SQLException cause) {
    return new HydrateException(file + ": it is locked by another process (waited " + waitedMillis
        + " ms); left unchanged", cause);
  }

  /**
   * Opens {@code file} read-write through SQLite when a non-empty {@code -journal} lies beside it, so
   * that SQLite rolls back the write a dead process left half done; a read-only connection (the
   * checks, exports) cannot, and would fail. Any failure but a lock is left for the check to report.
   */
  private static void rollBackHotJournal(Path file, int busyTimeoutMillis) {
    Path journal = file.resolveSibling(file.getFileName() + "-journal");
    try {
      if (!Files.isRegularFile(journal) || Files.size(journal) == 0 || !Files.isRegularFile(file)) {
        return;
      }
    } catch (IOException e) {
      return;
    }
    try (Connection connection = Connections.readWrite(file, busyTimeoutMillis);
         Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT count(*) FROM sqlite_schema")) {
      rs.next();
    } catch (SQLException e) {
      if (SqliteErrors.isBusy(e)) {
        throw locked(file, busyTimeoutMillis, e);
      }
    } catch (HydrateException e) {
      if (e.getCause() instanceof SQLException cause && SqliteErrors.isBusy(cause)) {
        throw locked(file, busyTimeoutMillis, cause);
      }
    }
  }

  /** The header checks of the file format: a 0-byte file is an empty database, as SQLite sees it. */
  static Health checkHeader(Path file) {
    long size;
    byte[] header;
    try (InputStream in = Files.newInputStream(file)) {
      size = Files.size(file);
      header = in.readNBytes(HEADER_SIZE);
    } catch (IOException e) {
      return Health.corrupt("cannot read: " + e.getMessage());
    }
    // Until a checkpoint, the header's page count may describe pages still in the WAL.
    boolean wal = Files.exists(file.resolveSibling(file.getFileName() + "-wal"));
    return checkHeader(header, size, wal);
  }

  /**
   * The header checks on the first (up to) 100 bytes of a file of {@code size} bytes.
   *
   * @param wal whether a {@code -wal} file lies beside it, whose pages the file may not hold yet
   */
  static Health checkHeader(byte[] header, long size, boolean wal) {
    if (size == 0) {
      return Health.OK;
    }
    if (header.length < HEADER_SIZE || !Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
      return Health.corrupt("not a SQLite database (no SQLite header)");
    }
    int pageSize = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
    if (pageSize == 1) {
      pageSize = 65536;
    }
    if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
      return Health.corrupt("invalid page size " + pageSize + " in the header");
    }
    int writeVersion = header[18] & 0xff;
    int readVersion = header[19] & 0xff;
    if (writeVersion < 1 || writeVersion > 2 || readVersion < 1 || readVersion > 2) {
      return Health.corrupt("file format versions " + writeVersion + "/" + readVersion
          + " in the header, expected 1 or 2 (legacy or WAL)");
    }
    int reserved = header[20] & 0xff;
    if (pageSize - reserved < 480) {
      return Health.corrupt(reserved + " reserved bytes per page in the header leave fewer than 480 of "
          + pageSize + " usable");
    }
    if (header[21] != 64 || header[22] != 32 || header[23] != 32) {
      return Health.corrupt("invalid payload fractions in the header");
    }
    // Both are written with the first schema entry; a database with none yet (schema cookie 0)
    // still has 0 in them.
    long schemaCookie = uint32(header, 40);
    long schemaFormat = uint32(header, 44);
    long encoding = uint32(header, 56);
    if (schemaFormat > 4 || (schemaFormat == 0 && schemaCookie != 0)) {
      return Health.corrupt("schema format " + schemaFormat + " in the header, expected 1 to 4");
    }
    if (encoding > 3 || (encoding == 0 && schemaCookie != 0)) {
      return Health.corrupt("text encoding " + encoding + " in the header, expected 1 to 3");
    }
    for (int i = 72; i < 92; i++) {
      if (header[i] != 0) {
        return Health.corrupt("byte " + i + " of the header, reserved for expansion, is not zero");
      }
    }
    if (size % pageSize != 0) {
      return Health.corrupt("file size " + size + " is not a multiple of the page size " + pageSize
          + " (truncated?)");
    }
    long pages = uint32(header, 28);
    // The count is valid only when written by the same change as the counter (SQLite 3.7.0+).
    boolean countValid = pages != 0 && uint32(header, 24) == uint32(header, 92);
    if (countValid && !wal && size / pageSize < pages) {
      return Health.corrupt("file holds " + size / pageSize + " pages, but its header says " + pages
          + " (truncated?)");
    }
    return Health.OK;
  }

  private static long uint32(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xffL) << 24) | ((bytes[offset + 1] & 0xffL) << 16)
        | ((bytes[offset + 2] & 0xffL) << 8) | (bytes[offset + 3] & 0xffL);
  }
}
