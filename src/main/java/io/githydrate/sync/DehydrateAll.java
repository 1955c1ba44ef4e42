package io.githydrate.sync;

import io.githydrate.HydrateException;
import io.githydrate.audit.AuditTrail;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.HealthyExport;
import io.githydrate.engine.LineIndex;
import io.githydrate.git.DatabaseEntry;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Exports databases to their archives; the reference design's {@code dehydrate_all}. */
public final class DehydrateAll {
  private final Context context;

  public DehydrateAll(Context context) {
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
        AuditTrail.current().database(entry.label(), written.changed() ? "written" : "unchanged",
            written.summary().rows(), written.digest());
      } catch (HydrateException e) {
        // One database that cannot be exported (a full disk, say) must not stop the others.
        errors.add(e.getMessage());
        AuditTrail.current().failed(entry.label(), e.getMessage());
      }
    }
    return new OperationResult(context.clock().instant(), results, errors);
  }

  /**
   * Exports {@code entry}'s database, replacing its archive only if the database also passes
   * {@code quick_check} (see {@link HealthyExport}).
   *
   * @param corrupt the error message for a database that fails the check, given the problem
   */
  static Dehydrator.Written exportIfHealthy(Context context, DatabaseEntry entry, Function<String, String> corrupt) {
    return exportIfHealthy(context, entry, corrupt, null);
  }

  /** {@link #exportIfHealthy(Context, DatabaseEntry, Function)}, with the archive's line index made with {@code key}. */
  static Dehydrator.Written exportIfHealthy(Context context, DatabaseEntry entry, Function<String, String> corrupt,
      LineIndex.Key key) {
    return new HealthyExport(context.dehydrator(), (int) context.lockTimeout().toMillis(), corrupt)
        .toFile(entry.database(), entry.label(), entry.archive(), key);
  }
}
