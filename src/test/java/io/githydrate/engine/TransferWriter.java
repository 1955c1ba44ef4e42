package io.githydrate.engine;

import io.githydrate.TestSqlite;
import io.githydrate.testing.ChildProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An application that writes to a database without pause, run in a child JVM by
 * {@link ConcurrentWriterIT} so that its locks are another process's, as a real application's
 * are. Each transaction reads the {@code marker} row (which says what {@code account} sums to),
 * checks that sum, and moves an amount between two accounts, so that every committed state keeps
 * it; then it pauses for a millisecond. It retries SQLITE_BUSY as an application would and reports
 * everything else. It writes until its stdin ends (the test closes it, or the test's JVM ended), so
 * that the test, not a clock started in another process, says when it has seen enough.
 *
 * <p>Prints "ready" once it runs, "marker NAME" whenever the marker it reads changes (after another
 * process replaced the content), "error TEXT" for each failure, and at the end
 * "done TRANSACTIONS BUSY ERRORS MARKER SUM".
 */
public final class TransferWriter {
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;

  private TransferWriter() {}

  public static void main(String[] args) throws SQLException, InterruptedException {
    Path db = Path.of(args[0]);
    AtomicBoolean stop = new AtomicBoolean();
    Thread stdin = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // nothing is sent; only the end counts
        }
      } catch (IOException e) {
        // a broken pipe ends the run as an end of input does
      }
      stop.set(true);
    });
    stdin.setDaemon(true);
    stdin.start();
    Random random = new Random(42);
    long transactions = 0;
    long busy = 0;
    long errors = 0;
    String marker = null;
    long sum = 0;
    try (Connection connection = TestSqlite.open(db)) {
      TestSqlite.exec(connection, "PRAGMA busy_timeout = 5000");
      System.out.println("ready");
      System.out.flush();
      while (!stop.get()) {
        try {
          TestSqlite.exec(connection, "BEGIN IMMEDIATE");
          List<Object> seen = TestSqlite.query(connection, "SELECT name, total FROM marker").get(0);
          sum = (Long) TestSqlite.query(connection, "SELECT sum(balance) FROM account").get(0).get(0);
          if (!seen.get(0).equals(marker)) {
            marker = (String) seen.get(0);
            System.out.println("marker " + marker);
          }
          if (sum != (Long) seen.get(1)) {
            errors++;
            System.out.println("error the accounts sum to " + sum + ", not " + seen.get(1));
          }
          int from = 1 + random.nextInt(100);
          int to = 1 + random.nextInt(100);
          int amount = 1 + random.nextInt(50);
          TestSqlite.exec(connection,
              "UPDATE account SET balance = balance - " + amount + " WHERE id = " + from,
              "UPDATE account SET balance = balance + " + amount + " WHERE id = " + to,
              "COMMIT");
          transactions++;
          // An application pauses between transactions, if only briefly; one that never does starves
          // every other writer in rollback-journal mode, where a writer needs the whole file.
          Thread.sleep(1);
        } catch (SQLException e) {
          int code = e.getErrorCode() & 0xff;
          if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
            busy++;
          } else {
            errors++;
            System.out.println("error " + e.getErrorCode() + " " + e.getMessage().replace('\n', ' '));
          }
          rollbackQuietly(connection);
        }
      }
    }
    System.out.println("done " + transactions + " " + busy + " " + errors + " " + marker + " " + sum);
    System.out.flush();
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      TestSqlite.exec(connection, "ROLLBACK");
    } catch (SQLException e) {
      // no transaction was open (BEGIN itself was busy)
    }
  }

  /** Starts a writer and waits until it runs; closing the process's stdin stops it. */
  static Process start(Path db) throws IOException {
    Process process = new ProcessBuilder(ChildProcess.java(TransferWriter.class, db.toString()))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] ready = process.getInputStream().readNBytes(6);
    if (!"ready\n".equals(new String(ready, StandardCharsets.US_ASCII))) {
      process.destroyForcibly();
      throw new IOException("the writer did not start: " + new String(ready, StandardCharsets.US_ASCII));
    }
    return process;
  }
}
