package io.githydrate.sync;

import io.githydrate.HydrateException;
import io.githydrate.engine.DatabaseCheck;
import io.githydrate.engine.Dehydrator;
import io.githydrate.git.DatabaseEntry;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        // A damaged database must not overwrite a good archive, even where its tables still read.
        DatabaseCheck.Health health =
            DatabaseCheck.check(entry.database(), DatabaseCheck.Level.QUICK, (int) context.lockTimeout().toMillis());
        if (!health.healthy()) {
          errors.add(entry.database() + ": corrupt (" + health.problem() + "); archive left as it was."
              + " Rebuild the database from its archive with: git hydrate repair " + entry.label());
          continue;
        }
        Dehydrator.Written written = dehydrator.dehydrate(entry.database(), entry.label(), entry.archive());
        results.put(entry.label(), new DatabaseResult(context.display(entry.archive()), written.summary().tables(),
            written.summary().rows(), written.changed() ? "written" : "unchanged", null));
      } catch (HydrateException e) {
        errors.add(e.getMessage());
      } catch (UncheckedIOException e) {
        // One archive that cannot be written (a full disk) must not stop the others.
        errors.add(entry.archive() + ": cannot write the archive: " + e.getCause().getMessage());
      }
    }
    return new OperationResult(context.clock().instant(), results, errors);
  }
}
