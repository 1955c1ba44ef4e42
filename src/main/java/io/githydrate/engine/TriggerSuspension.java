package io.githydrate.engine;

import io.githydrate.archive.ArchiveLines.Unsuitable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A database's triggers, dropped inside a transaction so that rows can be written as an archive
 * holds them without firing any (the archive already holds what they did), then created again from
 * the text {@code sqlite_schema} kept for them, in their order, before the transaction commits.
 * SQLite has a connection setting that turns triggers off, but the driver does not expose it.
 *
 * <p>Works inside the transaction the caller has open on its own connection (where no TEMP trigger
 * can exist) and leaves it open; when anything here throws, the caller rolls back, which brings the
 * triggers back as they were. Not thread safe.
 */
final class TriggerSuspension {
  /** What SQLite stores for every trigger: its own words, then the text from the trigger's name on. */
  private static final String PREFIX = "CREATE TRIGGER ";

  private record Trigger(String name, String table, String sql) {}

  private final Connection connection;
  private final List<Trigger> triggers;

  private TriggerSuspension(Connection connection, List<Trigger> triggers) {
    this.connection = connection;
    this.triggers = triggers;
  }

  /**
   * Drops every trigger of the main schema. Refuses a trigger whose text SQLite would not store
   * again as it is: creating it again would change the schema.
   */
  static TriggerSuspension dropAll(Connection connection) throws SQLException, Unsuitable {
    List<Trigger> triggers = list(connection);
    for (Trigger trigger : triggers) {
      if (trigger.sql() == null || !trigger.sql().startsWith(PREFIX)) {
        throw new Unsuitable("trigger \"" + trigger.name() + "\": its text is not as SQLite stores it");
      }
    }
    for (Trigger trigger : triggers) {
      try (PreparedStatement drop = connection.prepareStatement("DROP TRIGGER main." + Sql.quote(trigger.name()))) {
        drop.executeUpdate();
      }
    }
    return new TriggerSuspension(connection, triggers);
  }

  /**
   * Creates the triggers again from their own text, one statement each, in the order they had; then
   * requires {@code sqlite_schema} to list them exactly as before (names, tables, text, order), so
   * the database archives to the same bytes.
   */
  void recreate() throws SQLException, Unsuitable {
    for (Trigger trigger : triggers) {
      try (PreparedStatement create = connection.prepareStatement(trigger.sql())) {
        create.executeUpdate();
      }
    }
    if (!list(connection).equals(triggers)) {
      throw new Unsuitable("the triggers created again differ from those dropped");
    }
  }

  /** The main schema's triggers in {@code sqlite_schema} order: the order the archive lists them in. */
  private static List<Trigger> list(Connection connection) throws SQLException {
    List<Trigger> triggers = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(
            "SELECT name, tbl_name, sql FROM main.sqlite_schema WHERE type = 'trigger' ORDER BY rowid");
         ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        triggers.add(new Trigger(rs.getString(1), rs.getString(2), rs.getString(3)));
      }
    }
    return triggers;
  }
}
