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
 * it, then SQLite's own check ({@code quick_check}, or the slower {@code integrity_check}, which
 * also finds indexes that no longer match their tables).
 *
 * <p>Reads the header with plain file I/O, so it must not run while this process holds a SQLite
 * connection to the same file (closing any descriptor drops that process's POSIX locks).
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
      return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Checks {@code file}, waiting up to {@code busyTimeoutMillis} for other processes' locks.
   *
   * @throws HydrateException when the file stays locked: a busy database is not a corrupt one
   */
  public static Health check(Path file, Level level, int busyTimeoutMillis) {
    Health header = checkHeader(file);
    if (!header.healthy()) {
      return header;
    }
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
    if (header[21] != 64 || header[22] != 32 || header[23] != 32) {
      return Health.corrupt("invalid payload fractions in the header");
    }
    if (size % pageSize != 0) {
      return Health.corrupt("file size " + size + " is not a multiple of the page size " + pageSize
          + " (truncated?)");
    }
    return Health.OK;
  }
}
