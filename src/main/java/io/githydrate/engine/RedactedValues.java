package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.engine.ArchiveRules.Redaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The TEXT values a database holds in its redacted columns: what must never reach an archive, for
 * the pre-commit check to look for. Read through a read-only connection, in one transaction.
 */
public final class RedactedValues {
  private RedactedValues() {}

  /**
   * Each redaction of {@code rules} with the distinct TEXT values of its column in {@code db}; a
   * table or column the database lacks has none, as has a database that is missing or unreadable
   * (the check then looks for the environment's values alone).
   */
  public static Map<Redaction, Set<String>> read(Path db, ArchiveRules rules, int busyTimeoutMillis) {
    Map<Redaction, Set<String>> values = new LinkedHashMap<>();
    if (rules.redactions().isEmpty() || db == null || !Files.isRegularFile(db)) {
      return values;
    }
    try (Connection connection = Connections.readOnly(db, busyTimeoutMillis)) {
      connection.setAutoCommit(false);
      for (Redaction redaction : rules.redactions()) {
        values.put(redaction, column(connection, redaction));
      }
      connection.rollback();
    } catch (SQLException | HydrateException e) {
      return values;
    }
    return values;
  }

  private static Set<String> column(Connection connection, Redaction redaction) {
    Set<String> values = new LinkedHashSet<>();
    String column = Sql.quote(redaction.column());
    try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT " + column + " FROM main."
        + Sql.quote(redaction.table()) + " WHERE typeof(" + column + ") = 'text'");
         ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    } catch (SQLException e) {
      // no such table or column here: nothing of it to look for
    }
    return values;
  }
}
