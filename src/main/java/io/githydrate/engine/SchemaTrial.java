package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.archive.SchemaObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * Whether SQLite accepts an archive's schema: every entry, in the archive's order, checked as a
 * build checks it and run on a private database in memory. Tells which entry is refused first and
 * why, so that a problem can be named before any row is read.
 */
public final class SchemaTrial {
  /** The first entry refused: its position in the schema and SQLite's (or the checks') reason. */
  public record Refusal(int index, String message) {}

  private SchemaTrial() {}

  public static Optional<Refusal> run(List<SchemaObject> schema) {
    try (Connection connection = Connections.inMemory(); Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA foreign_keys=OFF");
      for (int i = 0; i < schema.size(); i++) {
        SchemaObject object = schema.get(i);
        try {
          SchemaSql.check(object);
          statement.execute(object.sql());
        } catch (HydrateException e) {
          return Optional.of(new Refusal(i, e.getMessage()));
        } catch (SQLException e) {
          return Optional.of(new Refusal(i, "schema entry \"" + object.name() + "\": " + SqliteErrors.describe(e)));
        }
      }
      return Optional.empty();
    } catch (SQLException e) {
      throw new HydrateException("cannot open a database in memory: " + SqliteErrors.describe(e), e);
    }
  }
}
