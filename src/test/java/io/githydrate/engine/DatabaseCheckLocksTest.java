package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.TestSqlite;
import io.githydrate.testing.ChildProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What may run beside an export: the export's read transaction holds a lock that keeps other
 * processes from committing (rollback-journal mode), and the check must not drop it.
 */
class DatabaseCheckLocksTest {
  @TempDir
  Path dir;

  private Path db;

  @BeforeEach
  void database() throws SQLException {
    db = dir.resolve("app.db");
    TestSqlite.exec(db, "PRAGMA journal_mode = DELETE", "CREATE TABLE t (x)", "INSERT INTO t VALUES (1)");
  }

  @Test
  void sqlitesOwnCheckKeepsTheExportsReadLock() throws Exception {
    try (Connection export = readTransaction()) {
      assertTrue(DatabaseCheck.checkContent(db, DatabaseCheck.Level.QUICK, 0).healthy());
      assertEquals("busy", CommitAttempt.run(db), "another process committed under the export");
    }
  }

  @Test
  void readingTheHeaderWouldDropItWhichIsWhyItComesBeforeTheExport() throws Exception {
    try (Connection export = readTransaction()) {
      assertTrue(DatabaseCheck.checkFile(db, 0).healthy());
      assertEquals("committed", CommitAttempt.run(db));
    }
  }

  /** A connection in a read transaction, as an export holds one, with the lock taken. */
  private Connection readTransaction() throws SQLException {
    Connection connection = TestSqlite.open(db);
    connection.setAutoCommit(false);
    assertEquals(List.of(List.of(1L)), TestSqlite.query(connection, "SELECT x FROM t"));
    return connection;
  }

  /** Run in a child JVM: tries once, without waiting, to commit a change; prints the outcome. */
  public static final class CommitAttempt {
    public static void main(String[] args) throws SQLException {
      try (Connection connection = TestSqlite.open(Path.of(args[0]))) {
        TestSqlite.exec(connection, "PRAGMA busy_timeout = 0", "BEGIN IMMEDIATE", "UPDATE t SET x = 2");
        try {
          TestSqlite.exec(connection, "COMMIT");
          System.out.print("committed");
        } catch (SQLException e) {
          System.out.print((e.getErrorCode() & 0xff) == 5 ? "busy" : "error " + e.getMessage());
          TestSqlite.exec(connection, "ROLLBACK");
        }
      }
    }

    static String run(Path db) throws IOException, InterruptedException {
      Process process = new ProcessBuilder(ChildProcess.java(CommitAttempt.class, db.toString()))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String outcome = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(30, TimeUnit.SECONDS);
      return outcome;
    }
  }
}
