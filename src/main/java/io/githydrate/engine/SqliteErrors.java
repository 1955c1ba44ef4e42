package io.githydrate.engine;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What a SQLite error is, told by its result code (never by its message text, which the driver may
 * word differently), and the short phrase a user needs.
 */
final class SqliteErrors {
  static final int BUSY = 5;
  static final int LOCKED = 6;
  static final int CORRUPT = 11;
  static final int FULL = 13;
  static final int NOTADB = 26;
  static final int IOERR = 10;

  private SqliteErrors() {}

  static String describe(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    // "[SQLITE_CORRUPT] The database disk image is malformed (database disk image is malformed)"
    int open = message.indexOf('(');
    if (message.startsWith("[SQLITE_") && open > 0 && message.endsWith(")")) {
      return message.substring(open + 1, message.length() - 1);
    }
    return message;
  }

  /**
   * The primary result code (the low byte of an extended one) of a SQLite error; the driver's
   * {@link SQLiteException} carries it, other exceptions its vendor code; 0 when neither does.
   */
  static int primaryCode(SQLException e) {
    if (e instanceof SQLiteException sqlite && sqlite.getResultCode() != SQLiteErrorCode.UNKNOWN_ERROR) {
      return sqlite.getResultCode().code & 0xff;
    }
    return e.getErrorCode() & 0xff;
  }

  /** Another connection holds a lock that waiting did not outlast. */
  static boolean isBusy(SQLException e) {
    int code = primaryCode(e);
    return code == BUSY || code == LOCKED;
  }

  /** The file system's doing (a full disk, an I/O error), not the content's. */
  static boolean isFileSystem(SQLException e) {
    int code = primaryCode(e);
    return code == FULL || code == IOERR;
  }

  static boolean isFull(SQLException e) {
    return primaryCode(e) == FULL;
  }
}
