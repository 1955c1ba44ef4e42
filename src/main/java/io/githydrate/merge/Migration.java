package io.githydrate.merge;

import io.githydrate.engine.ArchiveRules;
import io.githydrate.engine.RealLiterals;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The SQL that takes a database from one version to another, made from the two versions' archives:
 * schema changes ({@code ALTER TABLE} where SQLite can, the table-rebuild procedure where it cannot)
 * and row changes by key, in one transaction; the settings a transaction cannot change follow it.
 * Applied to a database with the old archive's content, it gives one with the new archive's.
 *
 * <p>Streams: each archive is read once, and memory holds the two schemas, a row of each, and at
 * most a megabyte of one table's updates and inserts (see {@link MigrationScript}).
 */
public final class Migration {
  private Migration() {}

  /**
   * Writes the migration from archive {@code before} to archive {@code after} (either null for a
   * database that does not exist in that version) to {@code out}; writes nothing and returns false
   * when the archives are the same. A migration starts with {@code heading} (SQL comments). The
   * labels name the archives in messages.
   */
  public static boolean write(Path before, String beforeLabel, Path after, String afterLabel, Writer out,
      String heading) throws IOException {
    return write(before, beforeLabel, after, afterLabel, out, heading, "", ArchiveRules.NONE);
  }

  /**
   * As {@link #write(Path, String, Path, String, Writer, String)}, for the database {@code database}
   * under {@code rules}: an excluded table's rows are left as the database has them, and a change that
   * would write or compare a redacted column's value is refused ({@link io.githydrate.HydrateException}),
   * since its archives hold the placeholder; its value is never read from the environment, which would
   * print it.
   */
  public static boolean write(Path before, String beforeLabel, Path after, String afterLabel, Writer out,
      String heading, String database, ArchiveRules rules) throws IOException {
    if (before == null && after == null
        || before != null && after != null && Files.mismatch(before, after) == -1) {
      return false; // archives are canonical: the same bytes are the same database
    }
    out.write(heading);
    try (RealLiterals reals = new RealLiterals();
         MigrationScript script = new MigrationScript(out, reals, database, rules)) {
      ArchiveDiff.exactly(before, beforeLabel, after, afterLabel, script);
      script.finish();
    }
    return true;
  }
}
