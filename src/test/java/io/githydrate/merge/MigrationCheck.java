package io.githydrate.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.githydrate.TestSqlite;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Progress;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.sqlite.SQLiteConnection;

/**
 * Proves a migration: makes the old and new databases, the SQL between their archives, applies it to
 * a copy of the old database, and holds the result to the new one (the same schema objects, and no
 * difference the diff can find), both ways.
 */
final class MigrationCheck {
  private final Path dir;
  private int files;

  MigrationCheck(Path dir) {
    this.dir = dir;
  }

  /** Both ways between the database {@code setUp} makes and that database after {@code change}; the forward SQL. */
  String bothWays(String[] setUp, String... change) throws IOException, SQLException {
    Path old = file(".db");
    TestSqlite.exec(old, setUp);
    Path now = file(".db");
    Files.copy(old, now);
    TestSqlite.exec(now, change);
    return bothWays(old, now);
  }

  /** Both ways between two databases; the forward SQL. */
  String bothWays(Path old, Path now) throws IOException, SQLException {
    Path oldArchive = archive(old);
    Path newArchive = archive(now);
    String forward = proven(old, oldArchive, newArchive);
    proven(now, newArchive, oldArchive);
    return forward;
  }

  /** From no database to the one {@code statements} make. */
  String fromNothing(String... statements) throws IOException, SQLException {
    Path now = file(".db");
    TestSqlite.exec(now, statements);
    return fromNothing(now);
  }

  /** From no database to {@code now}. */
  String fromNothing(Path now) throws IOException, SQLException {
    Path newArchive = archive(now);
    String sql = sql(null, newArchive);
    Path made = file(".db");
    apply(made, sql);
    assertSame(archive(made), newArchive, sql);
    return sql;
  }

  private String proven(Path from, Path fromArchive, Path toArchive) throws IOException, SQLException {
    String sql = sql(fromArchive, toArchive);
    Path migrated = file(".db");
    Files.copy(from, migrated);
    apply(migrated, sql);
    assertSame(archive(migrated), toArchive, sql);
    return sql;
  }

  static String sql(Path before, Path after) throws IOException {
    StringWriter out = new StringWriter();
    Migration.write(before, "old", after, "new", out, "");
    return out.toString();
  }

  static void apply(Path db, String sql) throws SQLException {
    try (Connection connection = TestSqlite.openForSetUp(db)) {
      // sqlite3_exec: the whole script, as the sqlite3 shell runs a file.
      int result = connection.unwrap(SQLiteConnection.class).getDatabase()._exec(sql);
      if (result != 0) {
        throw new SQLException("SQLite result code " + result);
      }
    } catch (SQLException e) {
      throw new AssertionError("the migration failed: " + e.getMessage() + "\n" + sql, e);
    }
  }

  /** The same schema objects, and nothing the diff reports. */
  static void assertSame(Path actual, Path expected, String sql) throws IOException {
    assertEquals(schema(expected), schema(actual), () -> "schema after the migration\n" + sql);
    List<String> differences = new ArrayList<>();
    ArchiveDiff.exactly(expected, "expected", actual, "migrated", new DiffSink() {
      @Override
      public void setting(SettingChange change) {
        differences.add(change.toString());
      }

      @Override
      public void schema(SchemaChange change) {
        differences.add(change.toString());
      }

      @Override
      public void row(RowChange change) {
        if (!TableKeys.SEQUENCE.equals(change.table()) && !change.table().startsWith("sqlite_stat")) {
          differences.add(change.kind() + " " + change.table() + " " + change.key() + " " + change.after());
        }
      }

      @Override
      public void unmatched(String table, long rowsBefore, long rowsAfter, String why) {
        differences.add(table);
      }
    });
    assertEquals(List.of(), differences, () -> "after the migration\n" + sql);
    assertEquals(ownRows(expected), ownRows(actual), () -> "counters and statistics after the migration\n" + sql);
  }

  private static Set<String> schema(Path archive) throws IOException {
    Set<String> objects = new TreeSet<>();
    ArchiveDiff.diff(null, "none", archive, "archive", new DiffSink() {
      @Override
      public void setting(SettingChange change) {}

      @Override
      public void schema(SchemaChange change) {
        objects.add(change.type() + " " + change.name() + ": " + change.after());
      }

      @Override
      public void row(RowChange change) {}

      @Override
      public void unmatched(String table, long rowsBefore, long rowsAfter, String why) {}
    });
    return objects;
  }

  /** sqlite_sequence and the statistics, as the archive lists them (an exact diff from nothing lists every row). */
  private static List<String> ownRows(Path archive) throws IOException {
    List<String> rows = new ArrayList<>();
    ArchiveDiff.exactly(null, "none", archive, "archive", new DiffSink() {
      @Override
      public void setting(SettingChange change) {}

      @Override
      public void schema(SchemaChange change) {}

      @Override
      public void row(RowChange change) {
        if (TableKeys.SEQUENCE.equals(change.table()) || change.table().startsWith("sqlite_stat")) {
          rows.add(change.table() + " " + change.key() + " " + Values.show(change.after().toArray()));
        }
      }

      @Override
      public void unmatched(String table, long rowsBefore, long rowsAfter, String why) {}
    });
    return rows;
  }

  Path archive(Path db) {
    Path archive = file(".json");
    new Dehydrator(1000, Progress.NONE).dehydrate(db, "app.db", archive);
    return archive;
  }

  Path file(String suffix) {
    return dir.resolve("f" + (++files) + suffix);
  }
}
