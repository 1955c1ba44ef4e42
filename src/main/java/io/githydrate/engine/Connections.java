package io.githydrate.engine;

import io.githydrate.HydrateException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.sqlite.JDBC;

/**
 * Opens SQLite connections with every setting spelled out, never taken from the file name: the
 * driver applies {@code ?key=value} found in a name as connection settings, so names are passed as
 * percent-encoded {@code file:} URIs and settings only through {@link Properties}.
 */
final class Connections {
  private static final int OPEN_READONLY = 0x00000001;
  private static final int OPEN_READWRITE = 0x00000002;
  private static final int OPEN_CREATE = 0x00000004;
  private static final int OPEN_URI = 0x00000040;
  private static final int OPEN_NOFOLLOW = 0x01000000;

  private Connections() {}

  /** A read-only connection for exporting or checking an existing database. */
  static Connection readOnly(Path db, int busyTimeoutMillis) {
    return open(db, OPEN_READONLY | OPEN_URI, busyTimeoutMillis);
  }

  /** A read-write connection on an existing database, for replacing its content. */
  static Connection readWrite(Path db, int busyTimeoutMillis) {
    return open(db, OPEN_READWRITE | OPEN_URI | OPEN_NOFOLLOW, busyTimeoutMillis);
  }

  /** A connection that creates a new, private database file to build into. */
  static Connection create(Path db) {
    return open(db, OPEN_READWRITE | OPEN_CREATE | OPEN_URI | OPEN_NOFOLLOW, 0);
  }

  private static Connection open(Path db, int flags, int busyTimeoutMillis) {
    Properties properties = new Properties();
    properties.setProperty("open_mode", Integer.toString(flags));
    properties.setProperty("busy_timeout", Integer.toString(busyTimeoutMillis));
    properties.setProperty("enable_load_extension", "false");
    properties.setProperty("limit_attached", "0");
    // Otherwise the driver runs "SELECT last_insert_rowid()" after every INSERT, for getGeneratedKeys.
    properties.setProperty("jdbc.get_generated_keys", "false");
    try {
      Connection connection = JDBC.createConnection("jdbc:sqlite:" + uri(db), properties);
      try (Statement statement = connection.createStatement()) {
        // Schema SQL (CHECK, DEFAULT, triggers, views) may only call innocuous functions.
        statement.execute("PRAGMA trusted_schema=OFF");
      }
      return connection;
    } catch (SQLException e) {
      throw new HydrateException(db + ": cannot open as a SQLite database: " + SqliteErrors.describe(e), e);
    }
  }

  /** {@code file:} URI of an absolute path, with every byte outside the unreserved set encoded. */
  static String uri(Path db) {
    String path = db.toAbsolutePath().normalize().toString().replace('\\', '/');
    StringBuilder uri = new StringBuilder("file:");
    if (!path.startsWith("/")) {
      uri.append('/');
    }
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '/' || c == '-' || c == '.' || c == '_' || c == '~' || c == ':') {
        uri.append((char) c);
      } else {
        uri.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return uri.toString();
  }
}
