package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadlineTest {
  private static final String ENDLESS =
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

  @TempDir
  Path dir;

  @Test
  void anEndlessStatementIsStoppedAtItsDeadline() throws Exception {
    try (Connection connection = Connections.create(dir.resolve("x.db"));
         PreparedStatement endless = connection.prepareStatement(ENDLESS)) {
      SQLTimeoutException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
          () -> assertThrows(SQLTimeoutException.class,
              () -> Deadline.execute(connection, endless, Duration.ofMillis(200))));
      assertEquals("stopped after 200 ms", e.getMessage());
    }
  }

  @Test
  void theConnectionRunsWithoutADeadlineAfterwards() throws Exception {
    try (Connection connection = Connections.create(dir.resolve("x.db"))) {
      try (PreparedStatement quick = connection.prepareStatement("SELECT 1")) {
        Deadline.execute(connection, quick, Duration.ofMillis(1));
      }
      Thread.sleep(50);
      // Well past a deadline of 1 ms: no handler is left to stop this.
      try (PreparedStatement counting = connection.prepareStatement(
               "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000) SELECT count(*) FROM c");
           ResultSet rs = counting.executeQuery()) {
        rs.next();
        assertEquals(300000L, rs.getLong(1));
      }
    }
  }
}
