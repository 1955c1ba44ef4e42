package io.githydrate.engine;

/**
 * Told how far long work has come, so that a terminal can show it. Called on the working thread,
 * often: implementations must be cheap and must not throw.
 */
public interface Progress {
  Progress NONE = (database, table, rows) -> {};

  /** {@code rows} rows of {@code table} in {@code database} are done. */
  void update(String database, String table, long rows);
}
