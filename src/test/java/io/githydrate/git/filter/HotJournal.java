package io.githydrate.git.filter;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Run in a child JVM: begins a write on a database in rollback-journal mode, makes SQLite spill it
 * into the file, and dies before committing, leaving a hot journal as a crash would.
 */
public final class HotJournal {
  private HotJournal() {}

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
         Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA cache_size=10");
      statement.execute("BEGIN");
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t(v) VALUES (?)")) {
        for (int i = 0; i < 2000; i++) {
          insert.setString(1, "x".repeat(500));
          insert.executeUpdate();
        }
      }
      Runtime.getRuntime().halt(0);
    }
  }
}
