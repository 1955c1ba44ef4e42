package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.PathText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.sqlite.JDBC;

/**
 * Opens SQLite connections with every setting spelled out, never taken from the file name: the
 * driver applies {@code ?key=value} found in a name as connection settings, so names are passed as
 * percent-encoded {@code file:} URIs and settings only through {@link Properties}.
 */
public final class Connections {
  private static final int OPEN_READONLY = 0x00000001;
  private static final int OPEN_READWRITE = 0x00000002;
  private static final int OPEN_CREATE = 0x00000004;
  private static final int OPEN_URI = 0x00000040;
  private static final int OPEN_MEMORY = 0x00000080;
  private static final int OPEN_NOFOLLOW = 0x01000000;

  private Connections() {}

  /**
   * A connection that only reads, for exporting or checking an existing database. A database in WAL
   * mode is opened again for writing, with writes switched off, where its folder allows: a read-only
   * connection that closes last can neither fold the {@code -wal} file in nor remove it and the
   * {@code -shm}, and would leave both beside a file nobody has open. SQLite itself tells the mode:
   * reading the file's header here would close a descriptor of it, and with it every POSIX lock this
   * process's other connections hold on it.
   */
  static Connection readOnly(Path db, int busyTimeoutMillis) {
    Connection connection = open(db, OPEN_READONLY | OPEN_URI, busyTimeoutMillis);
    Path folder = db.toAbsolutePath().getParent();
    if (!Files.isWritable(db) || folder == null || !Files.isWritable(folder) || !inWalMode(connection)) {
      return connection;
    }
    closeQuietly(connection);
    connection = open(db, OPEN_READWRITE | OPEN_URI, busyTimeoutMillis);
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA query_only=ON");
      return connection;
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new HydrateException(db + ": cannot open as a SQLite database: " + SqliteErrors.describe(e), e);
    }
  }

  /** Whether the connection's main database is in WAL mode; false when that cannot be told (yet). */
  static boolean inWalMode(Connection connection) {
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("PRAGMA main.journal_mode")) {
      return rs.next() && "wal".equalsIgnoreCase(rs.getString(1));
    } catch (SQLException e) {
      return false; // not a database, or locked: the caller's own reads say so
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // already failing for a better reason
    }
  }

  /** A read-write connection on an existing database, for replacing its content. */
  static Connection readWrite(Path db, int busyTimeoutMillis) {
    return open(db, OPEN_READWRITE | OPEN_URI | OPEN_NOFOLLOW, busyTimeoutMillis);
  }

  /**
   * SQLite's run-time limits for a connection that runs SQL from an archive, which may come from
   * anyone who can push a branch. Each is far above what a real schema needs, and bounds what a
   * hostile one can make SQLite do (SQLite's "Defense Against the Dark Arts" advice).
   */
  private static final Map<String, String> BUILD_LIMITS = Map.of(
      // A value (and a row) of up to SQLite's own default maximum, 1e9 bytes, as FORMAT.md promises;
      // the driver is built with 2^31-1, which lets one expression in a schema allocate 2 GB.
      "limit_length", "1000000000",
      // One CREATE statement: a table of 2,000 columns with long names and constraints is ~200 kB.
      "limit_sql_length", "1000000",
      // SQLite walks an expression recursively on the calling thread's native stack, about 0.7 kB a
      // level: at SQLite's default of 1000 a 512 kB thread stack overflowed, which kills the JVM
      // rather than throwing. 500 fits a default 1 MB Java thread stack with room to spare, and
      // still allows an "a OR b OR ..." chain (one level a term) of 500 terms in a CHECK or view.
      "limit_expr_depth", "500",
      // SQLite's default: a view may be a UNION ALL of hundreds of tables.
      "limit_compound_select", "500",
      // Triggers never fire while building (they are created after the data); a chain of 100 is
      // more than any application uses.
      "limit_trigger_depth", "100",
      // SQLite's default since 3.32 (the driver raises it to 250,000). An INSERT binds one variable
      // per column, at most 2,000 (SQLite's column limit) plus the rowid.
      "limit_variable_number", "32766");

  /** A connection that creates a new, private database file to build into, with SQLite's limits tightened. */
  static Connection create(Path db) {
    return open(db, OPEN_READWRITE | OPEN_CREATE | OPEN_URI | OPEN_NOFOLLOW, 0, BUILD_LIMITS);
  }

  /**
   * A private database in memory for SQL from an archive (to ask SQLite what a schema means, or to
   * try rows against its constraints), with SQLite's limits tightened as for a build.
   */
  static Connection inMemory() {
    return open("file::memory:", "a database in memory", OPEN_READWRITE | OPEN_CREATE | OPEN_URI | OPEN_MEMORY, 0,
        BUILD_LIMITS);
  }

  private static Connection open(Path db, int flags, int busyTimeoutMillis) {
    return open(db, flags, busyTimeoutMillis, Map.of());
  }

  private static Connection open(Path db, int flags, int busyTimeoutMillis, Map<String, String> limits) {
    return open(uri(db), db.toString(), flags, busyTimeoutMillis, limits);
  }

  private static Connection open(String uri, String name, int flags, int busyTimeoutMillis, Map<String, String> limits) {
    Properties properties = new Properties();
    properties.putAll(limits);
    properties.setProperty("open_mode", Integer.toString(flags));
    properties.setProperty("busy_timeout", Integer.toString(busyTimeoutMillis));
    properties.setProperty("enable_load_extension", "false");
    properties.setProperty("limit_attached", "0");
    // Otherwise the driver runs "SELECT last_insert_rowid()" after every INSERT, for getGeneratedKeys.
    properties.setProperty("jdbc.get_generated_keys", "false");
    try {
      Connection connection = JDBC.createConnection("jdbc:sqlite:" + uri, properties);
      try (Statement statement = connection.createStatement()) {
        // Schema SQL (CHECK, DEFAULT, triggers, views) may only call innocuous functions.
        statement.execute("PRAGMA trusted_schema=OFF");
      }
      return connection;
    } catch (SQLException e) {
      throw new HydrateException(name + ": cannot open as a SQLite database: " + SqliteErrors.describe(e), e);
    }
  }

  /**
   * Loads SQLite's library and opens and closes a database in memory, so that the first real
   * connection does not pay for that: for a short-lived process (a hook) to do on another thread
   * while it waits for something else. Failures are left for that connection to report.
   */
  static void warmUp() {
    try (Connection connection = JDBC.createConnection("jdbc:sqlite::memory:", new Properties());
         Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA trusted_schema=OFF");
    } catch (SQLException | RuntimeException | LinkageError e) {
      // the real connection fails the same way, and says so
    }
  }

  /** {@code file:} URI of an absolute path, with every byte outside the unreserved set encoded. */
  static String uri(Path db) {
    String path = PathText.slashed(db.toAbsolutePath().normalize());
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
