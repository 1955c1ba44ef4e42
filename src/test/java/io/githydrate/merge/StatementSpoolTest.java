package io.githydrate.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Statements held back come out whole and in order, from memory or, past a megabyte, from a file. */
class StatementSpoolTest {
  private static String drained(int statements) throws Exception {
    StringWriter out = new StringWriter();
    try (StatementSpool spool = new StatementSpool()) {
      for (int i = 0; i < statements; i++) {
        spool.add("INSERT INTO t VALUES (" + i + ", '" + "x".repeat(100) + "');");
      }
      spool.drainTo(out);
      spool.add("SELECT 'after';");
      spool.drainTo(out);
    }
    return out.toString();
  }

  private static String expected(int statements) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < statements; i++) {
      text.append("INSERT INTO t VALUES (").append(i).append(", '").append("x".repeat(100)).append("');\n");
    }
    return text.append("SELECT 'after';\n").toString();
  }

  @Test
  void aFewStatementsStayInMemory() throws Exception {
    assertEquals(expected(3), drained(3));
  }

  @Test
  void manyStatementsSpillToAFileAndComeBackInOrder() throws Exception {
    int statements = 2 * StatementSpool.IN_MEMORY / 100; // about two megabytes
    assertEquals(expected(statements), drained(statements));
  }
}
