package io.githydrate.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConnection;

/**
 * The content of a database copied into a live target through SQLite's backup API, on a connection
 * of this class's own to the target, kept open until {@link #close}: an application that has the
 * target open sees an ordinary commit in the same file, and afterwards {@link #othersCommitted}
 * tells, from {@code PRAGMA data_version} on that same connection, whether another connection
 * committed since. A read of the target that does not match the copy is a failed copy only when
 * none did; otherwise it may be an application writing on.
 *
 * <p>Not thread safe. While it is open the caller must not open the target with plain file I/O
 * when {@link #wal} (closing any descriptor drops every POSIX lock the process holds on the file,
 * and a WAL connection holds one for as long as it is open).
 */
final class ReplaceInPlace implements AutoCloseable {
  /** A result code for a copy SQLite did not complete without saying why (see {@link #copy}). */
  static final int NOT_COMPLETED = -1;
  /** SQLite's result code for a WAL target whose page size differs from the source's. */
  static final int READONLY = 8;

  private final Connection connection;
  private final long dataVersion;
  private final boolean wal;

  private ReplaceInPlace(Connection connection, long dataVersion, boolean wal) {
    this.connection = connection;
    this.dataVersion = dataVersion;
    this.wal = wal;
  }

  /**
   * Copies every page of {@code source} (a closed database file private to the caller) into
   * {@code target} in one step and one commit, waiting up to {@code lockMillis} for other
   * processes' locks.
   *
   * @throws SQLException when the target is locked, or no database SQLite can write (its result
   *     code says which); a copy SQLite did not complete carries {@link #READONLY} for a WAL target
   *     whose page size differs from the source's, else {@link #NOT_COMPLETED}. Nothing was
   *     committed to the target in any of these cases.
   */
  static ReplaceInPlace copy(Path source, Path target, int lockMillis) throws SQLException {
    Connection connection = Connections.readWrite(target, lockMillis);
    try {
      long before;
      boolean wal;
      int pageSize;
      // The write lock first, through the connection's busy timeout, so that a target another
      // process is writing fails with SQLite's own result code: the driver's restore() reports
      // none (it returns the source's). Released at once: the backup API takes it again.
      execute(connection, "BEGIN IMMEDIATE");
      try {
        before = number(connection, "PRAGMA data_version");
        wal = "wal".equalsIgnoreCase(text(connection, "PRAGMA journal_mode"));
        pageSize = (int) number(connection, "PRAGMA page_size");
      } finally {
        execute(connection, "ROLLBACK");
      }
      // SQLite reports progress only for a step that worked; with every page in one step, a
      // report of nothing remaining means the copy was committed.
      boolean[] committed = {false};
      ((SQLiteConnection) connection).getDatabase().restore("main", source.toAbsolutePath().toString(),
          (remaining, pages) -> committed[0] |= remaining == 0, 0, 0, -1);
      if (!committed[0]) {
        boolean pageSizesDiffer = wal && pageSize != DatabaseFiles.pageSize(source);
        throw new SQLException("SQLite did not complete the copy", null, pageSizesDiffer ? READONLY : NOT_COMPLETED);
      }
      // This connection's own commit leaves data_version as it was; another's changes it. The copy of
      // a database in WAL mode puts a target in rollback mode into WAL (told from the source's header:
      // a query on this connection would load a schema whose text encoding may have just changed).
      return new ReplaceInPlace(connection, before, wal || DatabaseFiles.walMarked(source));
    } catch (SQLException | RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Whether the target is in WAL mode after the copy (then the copy sits in its {@code -wal}). */
  boolean wal() {
    return wal;
  }

  /**
   * Whether another connection committed to the target between the copy's start and now; false
   * proves that whatever any connection read from the target meanwhile was the copy.
   */
  boolean othersCommitted() throws SQLException {
    return number(connection, "PRAGMA data_version") != dataVersion;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  /** The page size in the header of {@code db}, a database file no connection writes to. */
  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static long number(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String text(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
