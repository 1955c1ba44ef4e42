package io.githydrate.archive;

/**
 * The database-wide settings an archive carries, fixed when a database file is created.
 * A {@code null} field (only in archives of the reference design) means "SQLite's default".
 *
 * @param journalMode {@link #WAL} for a database in write-ahead-log mode, the one journal mode
 *     SQLite keeps in the file itself; null for the rollback journal (SQLite's default)
 */
public record Pragmas(Integer applicationId, Integer autoVacuum, String encoding, String journalMode,
    Integer pageSize, Integer userVersion) {

  public static final String WAL = "wal";
  public static final Pragmas DEFAULTS = new Pragmas(null, null, null, null, null, null);

  /** Settings of a database in rollback-journal mode. */
  public Pragmas(Integer applicationId, Integer autoVacuum, String encoding, Integer pageSize, Integer userVersion) {
    this(applicationId, autoVacuum, encoding, null, pageSize, userVersion);
  }

  public boolean wal() {
    return WAL.equals(journalMode);
  }
}
