package io.githydrate.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How large a database built from an archive may grow: {@link #FACTOR} times the archive's bytes
 * read so far, plus {@link #SLACK}, set as SQLite's {@code max_page_count} while the archive streams
 * past. A database is usually smaller than its archive (BLOBs are base64 there, numbers are text),
 * but indexes, full-text indexes and UTF-16 text add to it; a schema that makes data of its own (a
 * generated column or index over {@code zeroblob(1e9)}) would otherwise fill the disk.
 */
final class SizeLimit {
  static final long FACTOR = 4;
  static final long SLACK = 64L << 20;
  /** SQLite's largest max_page_count. */
  private static final long MAX_PAGES = 0xFFFF_FFFEL;

  private final Connection connection;
  private final long pageSize;
  private long maxPages;

  SizeLimit(Connection connection, long pageSize) {
    this.connection = connection;
    this.pageSize = pageSize;
  }

  /**
   * Raises {@code max_page_count} to what {@code archiveBytes} allow: always when {@code exact}, else
   * only once it has grown by a sixteenth, so that a large archive costs a few hundred PRAGMAs.
   */
  void raise(long archiveBytes, boolean exact) throws SQLException {
    long pages = Math.min(MAX_PAGES, (FACTOR * archiveBytes + SLACK + pageSize - 1) / pageSize);
    if (pages > maxPages && (exact || pages - maxPages >= maxPages / 16)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA max_page_count=" + pages);
      }
      maxPages = pages;
    }
  }

  /** SQLite's message; for a full database, also the limit that was reached. */
  String describe(SQLException e, long archiveBytes) {
    String message = SqliteErrors.describe(e);
    if (SqliteErrors.isFull(e) && maxPages > 0) {
      message += " (a database built from " + megabytes(archiveBytes) + " of archive may take at most "
          + megabytes(maxPages * pageSize) + ": " + FACTOR + " times the archive plus "
          + megabytes(SLACK) + ")";
    }
    return message;
  }

  private static String megabytes(long bytes) {
    return ((bytes + (1 << 20) - 1) >> 20) + " MB";
  }
}
