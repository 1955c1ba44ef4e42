package io.githydrate.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import org.sqlite.ProgressHandler;

/**
 * Runs a statement that should finish at once, and stops it through SQLite's progress handler when
 * it does not: SQL from an archive can be made to run for ever (a recursive query), and nothing
 * else would stop it. Uses the connection's only progress handler while it runs, on the calling
 * thread.
 */
final class Deadline {
  /** How often SQLite asks, in virtual machine instructions: a few microseconds of work. */
  private static final int INSTRUCTIONS = 1000;

  private Deadline() {}

  /**
   * Executes {@code statement} of {@code connection}, throwing {@link SQLTimeoutException} (whose
   * message says so) if it runs longer than {@code limit}.
   */
  static void execute(Connection connection, PreparedStatement statement, Duration limit) throws SQLException {
    long deadline = System.nanoTime() + limit.toNanos();
    boolean[] expired = new boolean[1];
    ProgressHandler.setHandler(connection, INSTRUCTIONS, new ProgressHandler() {
      @Override
      protected int progress() {
        expired[0] = System.nanoTime() - deadline > 0;
        return expired[0] ? 1 : 0;
      }
    });
    try {
      statement.execute();
    } catch (SQLException e) {
      if (expired[0]) {
        throw new SQLTimeoutException("stopped after " + describe(limit), e);
      }
      throw e;
    } finally {
      ProgressHandler.clearHandler(connection);
    }
  }

  private static String describe(Duration limit) {
    long millis = limit.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
