package io.githydrate.api;

/**
 * What one start or exit did to one database, or found it to be.
 *
 * @param database the database's path, relative to the folder the manager works in, {@code /}-separated
 * @param archivePath its archive's path, shown the same way
 * @param outcome what was done, or why nothing was
 * @param tables how many tables the archive built from, or written, holds; 0 when neither happened
 * @param rows how many rows it holds; 0 when neither happened
 * @param backupPath where a damaged database was kept before it was rebuilt, or null
 * @param detail what to know about the outcome (for {@link Outcome#LOCAL_CHANGES}, which side changed;
 *     for {@link Outcome#FAILED}, the error), or null
 */
public record DatabaseResult(String database, String archivePath, Outcome outcome, int tables, long rows,
    String backupPath, String detail) {

  /** What was done to a database, or why nothing was. */
  public enum Outcome {
    /** The database and its archive hold the same content; nothing was done. */
    IN_STEP,
    /** Built from its archive where there was no database. */
    CREATED,
    /** Brought up to its newer archive (only the changed rows when it can, else rebuilt). */
    UPDATED,
    /** Found corrupt and rebuilt from its archive; the damaged file is kept at {@code backupPath}. */
    REPAIRED,
    /** Changed since it was last in step with its archive: left as it is, never overwritten. */
    LOCAL_CHANGES,
    /** A database without an archive yet: nothing to build it from; an exit writes one. */
    NO_ARCHIVE,
    /** Its changes were written to its archive. */
    EXPORTED,
    /** Its changes were merged with its archive's newer ones (in a Git work tree), into both. */
    MERGED,
    /** Unchanged while its archive moved on: not exported; the next start brings it along. */
    ARCHIVE_NEWER,
    /** An archive whose database is missing: the next start builds it. */
    NO_DATABASE,
    /** Failed; {@code detail} holds the error, which the report's errors list too. */
    FAILED
  }
}
