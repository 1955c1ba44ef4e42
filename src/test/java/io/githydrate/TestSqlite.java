package io.githydrate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.sqlite.JDBC;

/**
 * Direct SQLite access for tests, written without the code under test so that a fault there cannot
 * hide itself. Names are passed as percent-encoded {@code file:} URIs: the driver would otherwise
 * read {@code ?key=value} in a test's odd file names as connection settings.
 */
public final class TestSqlite {
  private static final int OPEN_READWRITE = 0x02;
  private static final int OPEN_CREATE = 0x04;
  private static final int OPEN_URI = 0x40;

  private TestSqlite() {}

  /** A BLOB as tests compare it: {@code byte[]} has no value equality. */
  public record Bytes(String hex) {
    public static Bytes of(byte[] bytes) {
      return new Bytes(HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
      return "X'" + hex + "'";
    }
  }

  /** A read-write connection that creates the file if needed; autocommit on. */
  public static Connection open(Path db) throws SQLException {
    return open(db, new Properties());
  }

  private static Connection open(Path db, Properties properties) throws SQLException {
    properties.setProperty("open_mode", Integer.toString(OPEN_READWRITE | OPEN_CREATE | OPEN_URI));
    properties.setProperty("busy_timeout", "0");
    return JDBC.createConnection("jdbc:sqlite:" + uri(db), properties);
  }

  /**
   * As {@link #open}, for what a test sets up: commits are not synced to disk ({@code synchronous =
   * OFF}). That need not survive a crash, and a sync on a busy disk costs more than a small test.
   */
  public static Connection openForSetUp(Path db) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("synchronous", "OFF");
    return open(db, properties);
  }

  /** Runs each statement on a fresh connection ({@link #openForSetUp}), in order, each committed on its own. */
  public static void exec(Path db, String... statements) throws SQLException {
    try (Connection connection = openForSetUp(db)) {
      exec(connection, statements);
    }
  }

  public static void exec(Connection connection, String... statements) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** Every row {@code sql} returns, values normalised: integers as Long, BLOBs as {@link Bytes}. */
  public static List<List<Object>> query(Path db, String sql) throws SQLException {
    try (Connection connection = open(db)) {
      return query(connection, sql);
    }
  }

  public static List<List<Object>> query(Connection connection, String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.add(normalise(rs.getObject(i)));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** The single value of a one-row, one-column query. */
  public static Object scalar(Path db, String sql) throws SQLException {
    List<List<Object>> rows = query(db, sql);
    if (rows.size() != 1 || rows.get(0).size() != 1) {
      throw new AssertionError("expected one value from " + sql + ", got " + rows);
    }
    return rows.get(0).get(0);
  }

  /** A row literal for comparisons with {@link #query}. */
  public static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  private static Object normalise(Object value) {
    if (value instanceof Integer i) {
      return i.longValue();
    }
    if (value instanceof byte[] bytes) {
      return Bytes.of(bytes);
    }
    return value;
  }

  private static String uri(Path db) {
    String path = db.toAbsolutePath().normalize().toString().replace('\\', '/');
    StringBuilder uri = new StringBuilder(path.startsWith("/") ? "file:" : "file:/");
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (Character.isLetterOrDigit(c) && c < 0x80 || "/-._~:".indexOf(c) >= 0) {
        uri.append((char) c);
      } else {
        uri.append(String.format("%%%02X", c));
      }
    }
    return uri.toString();
  }
}
