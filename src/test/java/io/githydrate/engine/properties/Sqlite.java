package io.githydrate.engine.properties;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The tests' own access to database files, independent of the code under test. Files are opened by
 * percent-encoded {@code file:} URI, so names with {@code ?}, {@code #} or {@code %} open as
 * themselves instead of being read as connection options. Nothing here survives a crash, and nothing
 * needs to: commits are not synced to disk ({@code synchronous = OFF}), which on a busy disk was most
 * of the time a property spent.
 */
final class Sqlite {
  private Sqlite() {}

  static Connection open(Path file) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("synchronous", "OFF");
    return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath().toUri().toASCIIString(), properties);
  }

  /** Every row {@code sql} returns, values as Long, Double, String, byte[] or null; the lists are mutable. */
  static List<List<Object>> rows(Path file, String sql, List<Object> arguments) throws SQLException {
    try (Connection connection = open(file)) {
      return rows(connection, sql, arguments);
    }
  }

  static List<List<Object>> rows(Connection connection, String sql, List<Object> arguments) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < arguments.size(); i++) {
        GeneratedDatabase.bind(statement, i + 1, arguments.get(i));
      }
      try (ResultSet rs = statement.executeQuery()) {
        int width = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= width; i++) {
            Object value = rs.getObject(i);
            row.add(value instanceof Integer n ? Long.valueOf(n) : value);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  static void execute(Path file, String... statements) throws SQLException {
    try (Connection connection = open(file)) {
      for (String sql : statements) {
        try (var statement = connection.createStatement()) {
          statement.execute(sql);
        }
      }
    }
  }
}
