package io.githydrate.engine;

import io.githydrate.TestSqlite;
import io.githydrate.testing.ChildProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Run in a child JVM by tests that need a lock held by another process, as an application would
 * hold it: the lock is visible to this process's SQLite only through the file system, and cannot be
 * dropped by this process closing a descriptor. Runs the statements given after the database path,
 * prints "ready", and rolls back once its standard input is closed.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws SQLException, IOException {
    try (Connection connection = TestSqlite.open(Path.of(args[0]))) {
      for (int i = 1; i < args.length; i++) {
        TestSqlite.exec(connection, args[i]);
      }
      System.out.println("ready");
      System.out.flush();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // wait for the test to let go
      }
      TestSqlite.exec(connection, "ROLLBACK");
    }
  }

  /** Starts a holder and waits until it holds its lock. Closing its standard input ends it. */
  static Process start(Path db, String... statements) throws IOException {
    List<String> command = ChildProcess.java(LockHolder.class, db.toString());
    command.addAll(List.of(statements));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] ready = process.getInputStream().readNBytes(6);
    if (!"ready\n".equals(new String(ready, StandardCharsets.US_ASCII))) {
      process.destroyForcibly();
      throw new IOException("the lock holder did not start: " + new String(ready));
    }
    return process;
  }
}
