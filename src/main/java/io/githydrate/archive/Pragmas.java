package io.githydrate.archive;

/**
 * The database-wide settings an archive carries, fixed when a database file is created.
 * A {@code null} field (only in archives of the reference design) means "SQLite's default".
 */
public record Pragmas(
    Integer applicationId, Integer autoVacuum, String encoding, Integer pageSize, Integer userVersion) {

  public static final Pragmas DEFAULTS = new Pragmas(null, null, null, null, null);
}
