package io.githydrate.engine;

import io.githydrate.HydrateException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Exports a database only if it also passes {@code quick_check}: a damaged database must not
 * overwrite a good archive, even where its tables still read. SQLite's part of the check runs while
 * the archive is written (both only read the database), so it costs a second core rather than a
 * second pass of time; the part that opens the file itself comes first, as it would drop the
 * export's locks (see {@link DatabaseCheck}).
 */
public final class HealthyExport {
  private final Dehydrator dehydrator;
  private final int lockMillis;
  private final Function<String, String> corrupt;

  /**
   * @param corrupt the error message for a database that fails the check, given the problem
   */
  public HealthyExport(Dehydrator dehydrator, int lockMillis, Function<String, String> corrupt) {
    this.dehydrator = dehydrator;
    this.lockMillis = lockMillis;
    this.corrupt = corrupt;
  }

  /** Writes {@code db}'s archive to the file {@code archive}, as {@link Dehydrator#dehydrate(Path, String, Path)}. */
  public Dehydrator.Written toFile(Path db, String label, Path archive) {
    return toFile(db, label, archive, null);
  }

  /** {@link #toFile(Path, String, Path)}, telling the archive's digest and line index when given a {@code key}. */
  public Dehydrator.Written toFile(Path db, String label, Path archive, LineIndex.Key key) {
    CompletableFuture<DatabaseCheck.Health> health = startCheck(db);
    return guarded(health, () -> dehydrator.dehydrate(db, label, archive, () -> requireHealthy(health), key));
  }

  /**
   * Streams {@code db}'s archive to {@code out}, then waits for the check: a database that fails it
   * has had (part of) its archive written already, and the caller must discard it.
   */
  public ArchiveSummary toStream(Path db, String label, OutputStream out) {
    CompletableFuture<DatabaseCheck.Health> health = startCheck(db);
    return guarded(health, () -> {
      ArchiveSummary summary = dehydrator.dehydrate(db, label, out);
      requireHealthy(health);
      return summary;
    });
  }

  private CompletableFuture<DatabaseCheck.Health> startCheck(Path db) {
    DatabaseCheck.Health file = DatabaseCheck.checkFile(db, lockMillis);
    if (!file.healthy()) {
      throw new HydrateException(corrupt.apply(file.problem()));
    }
    return CompletableFuture.supplyAsync(() -> DatabaseCheck.checkContent(db, DatabaseCheck.Level.QUICK, lockMillis));
  }

  private void requireHealthy(CompletableFuture<DatabaseCheck.Health> health) {
    DatabaseCheck.Health result = await(health);
    if (!result.healthy()) {
      throw new HydrateException(corrupt.apply(result.problem()));
    }
  }

  /**
   * Runs the export; a damaged database often fails the export itself too, and the check's verdict
   * says it better. Either way no check is left running against a database the caller may replace next.
   */
  private <T> T guarded(CompletableFuture<DatabaseCheck.Health> health, java.util.function.Supplier<T> export) {
    try {
      return export.get();
    } catch (RuntimeException e) {
      DatabaseCheck.Health result;
      try {
        result = await(health);
      } catch (RuntimeException checkFailed) {
        e.addSuppressed(checkFailed);
        throw e;
      }
      throw result.healthy() ? e : new HydrateException(corrupt.apply(result.problem()), e);
    }
  }

  /** The check's result; an exception it ended with (a locked database, say) as it reported it. */
  private static DatabaseCheck.Health await(CompletableFuture<DatabaseCheck.Health> health) {
    try {
      return health.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
