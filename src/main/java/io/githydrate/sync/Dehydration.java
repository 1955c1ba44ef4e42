package io.githydrate.sync;

import io.githydrate.HydrateException;
import io.githydrate.engine.DatabaseCheck;
import io.githydrate.engine.Dehydrator;
import io.githydrate.git.DatabaseEntry;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/** Exports databases to their archives; the reference design's {@code dehydrate_all}. */
public final class Dehydration {
  private final Context context;

  public Dehydration(Context context) {
    this.context = context;
  }

  /** Dehydrates each entry whose database exists; reports every failure and carries on. */
  public OperationResult run(List<DatabaseEntry> entries) {
    Dehydrator dehydrator = context.dehydrator();
    Map<String, DatabaseResult> results = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    for (DatabaseEntry entry : entries) {
      if (!Files.exists(entry.database())) {
        continue; // only an archive so far: nothing to export
      }
      try {
        Dehydrator.Written written = exportIfHealthy(context, entry, problem -> entry.database() + ": corrupt ("
            + problem + "); archive left as it was. Rebuild the database from its archive with: git hydrate repair "
            + entry.label());
        results.put(entry.label(), new DatabaseResult(context.display(entry.archive()), written.summary().tables(),
            written.summary().rows(), written.changed() ? "written" : "unchanged", null));
      } catch (HydrateException e) {
        // One database that cannot be exported (a full disk, say) must not stop the others.
        errors.add(e.getMessage());
      }
    }
    return new OperationResult(context.clock().instant(), results, errors);
  }

  /**
   * Exports {@code entry}'s database, replacing its archive only if the database also passes
   * {@code quick_check}: a damaged database must not overwrite a good archive, even where its tables
   * still read. SQLite's part of the check runs while the archive is written (both only read the
   * database), so it costs a second core rather than a second pass of time; the part that opens
   * the file itself comes first, as it would drop the export's locks.
   *
   * @param corrupt the error message for a database that fails the check, given the problem
   */
  static Dehydrator.Written exportIfHealthy(Context context, DatabaseEntry entry, Function<String, String> corrupt) {
    int lockMillis = (int) context.lockTimeout().toMillis();
    DatabaseCheck.Health file = DatabaseCheck.checkFile(entry.database(), lockMillis);
    if (!file.healthy()) {
      throw new HydrateException(corrupt.apply(file.problem()));
    }
    CompletableFuture<DatabaseCheck.Health> health = CompletableFuture.supplyAsync(
        () -> DatabaseCheck.checkContent(entry.database(), DatabaseCheck.Level.QUICK, lockMillis));
    try {
      return context.dehydrator().dehydrate(entry.database(), entry.label(), entry.archive(), () -> {
        DatabaseCheck.Health result = await(health);
        if (!result.healthy()) {
          throw new HydrateException(corrupt.apply(result.problem()));
        }
      });
    } catch (RuntimeException e) {
      // A damaged database often fails the export itself too; the check's verdict says it better.
      // Either way no check is left running against a database the caller may replace next.
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
