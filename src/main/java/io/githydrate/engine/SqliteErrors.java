package io.githydrate.engine;

import java.sql.SQLException;

/** Turns the driver's exception text into the short phrase a user needs. */
final class SqliteErrors {
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

  static boolean isBusy(SQLException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED");
  }
}
