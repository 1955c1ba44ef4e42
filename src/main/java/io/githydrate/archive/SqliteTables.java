package io.githydrate.archive;

import java.util.List;

/**
 * The tables SQLite itself creates whose rows an archive keeps: the AUTOINCREMENT counters and the
 * statistics ANALYZE gathers for the query planner. They have no schema entry in the archive (SQLite
 * refuses to create a {@code sqlite_} table by name); their rows follow the ordinary tables'.
 */
public final class SqliteTables {
  public static final String SEQUENCE = "sqlite_sequence";
  public static final String STAT1 = "sqlite_stat1";
  public static final String STAT4 = "sqlite_stat4";
  /** In the order ANALYZE creates them, which is the order the archive lists them in. */
  public static final List<String> STATISTICS = List.of(STAT1, STAT4);

  private SqliteTables() {}

  /** Whether the archive keeps the rows of the table {@code name}. */
  public static boolean isKept(String name) {
    return SEQUENCE.equals(name) || isStatistics(name);
  }

  public static boolean isStatistics(String name) {
    return STATISTICS.contains(name);
  }
}
