package io.githydrate.engine;

import io.githydrate.HydrateException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The rows of a database whose foreign keys point at no row, as {@code PRAGMA foreign_key_check}
 * finds them whether or not the database enforces foreign keys. Opens the file read-only.
 */
public final class ForeignKeyViolations {
  /**
   * One row that breaks a foreign key.
   *
   * @param rowid the row's rowid; null in a WITHOUT ROWID table
   * @param position how many rows of its table come before it in rowid order (the archive's order);
   *     -1 in a WITHOUT ROWID table
   */
  public record Violation(String table, Long rowid, String parent, long position) {}

  private ForeignKeyViolations() {}

  /** Up to {@code limit} violations of {@code db}, in the order SQLite reports them. */
  public static List<Violation> of(Path db, int limit) {
    return of(db, limit, parent -> false);
  }

  /**
   * As {@link #of(Path, int)}, leaving out the violations whose parent table {@code skipped} names:
   * a table whose rows the archive excludes is empty in a database built from it.
   */
  public static List<Violation> of(Path db, int limit, Predicate<String> skipped) {
    List<Violation> found = new ArrayList<>();
    try (Connection connection = Connections.readOnly(db, 0);
         Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("PRAGMA foreign_key_check")) {
      while (rs.next() && found.size() < limit) {
        if (skipped.test(rs.getString(3))) {
          continue;
        }
        String table = rs.getString(1);
        long rowid = rs.getLong(2);
        Long id = rs.wasNull() ? null : rowid;
        found.add(new Violation(table, id, rs.getString(3), id == null ? -1 : position(connection, table, id)));
      }
    } catch (SQLException e) {
      // The caller knows which archive the scratch database was built from, and names it.
      throw new HydrateException("cannot check foreign keys: " + SqliteErrors.describe(e), e);
    }
    return found;
  }

  private static long position(Connection connection, String table, long rowid) throws SQLException {
    String sql = "SELECT count(*) FROM \"" + table.replace("\"", "\"\"") + "\" WHERE rowid < ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, rowid);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    }
  }
}
