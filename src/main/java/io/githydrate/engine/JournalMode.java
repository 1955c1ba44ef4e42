package io.githydrate.engine;

import io.githydrate.HydrateException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The journal mode of a database whose content is about to be replaced. Copying a database into
 * another through SQLite's backup API takes the source's WAL mark into a destination in rollback
 * mode, but leaves a destination in WAL mode in WAL mode, and cannot copy into one whose page size
 * differs. So a destination in WAL mode leaves it first, and the copy gives it the archive's mode.
 * Leaving WAL needs the database to itself, though, and an application that has it open may rely on
 * WAL: then it keeps WAL, and the copy takes it too.
 */
final class JournalMode {
  private JournalMode() {}

  /**
   * Before {@code built} (closed, private) is copied into the existing {@code target}: a target in
   * WAL mode leaves it, or, while another process has it open, {@code built} enters it, so that the
   * copy holds what the target will hold. The caller checks the copy against {@code built}.
   */
  static void prepareCopy(Path built, Path target, int lockMillis) {
    if (!isWal(target, lockMillis) || leaveWal(target) || isWal(built, 0)) {
      return;
    }
    try {
      enterWal(built);
    } catch (SQLException e) {
      throw new HydrateException(built + ": cannot put it in WAL mode: " + SqliteErrors.describe(e), e);
    }
  }

  /** Whether {@code db} is in WAL mode, as SQLite reads it; false when it cannot be opened. */
  private static boolean isWal(Path db, int lockMillis) {
    try (Connection connection = Connections.readWrite(db, lockMillis)) {
      return Connections.inWalMode(connection);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Takes {@code db} out of WAL mode when no other connection has it open (it does not wait for
   * one); true when it is in rollback mode now.
   */
  private static boolean leaveWal(Path db) {
    try (Connection connection = Connections.readWrite(db, 0);
         Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("PRAGMA main.journal_mode=DELETE")) {
      return rs.next() && "delete".equalsIgnoreCase(rs.getString(1));
    } catch (SQLException | RuntimeException e) {
      return false; // in use: it stays in WAL mode
    }
  }

  /** Puts {@code db}, a file private to this process, into WAL mode. */
  private static void enterWal(Path db) throws SQLException {
    try (Connection connection = Connections.readWrite(db, 0);
         Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA main.journal_mode=WAL");
    }
  }
}
