package io.githydrate.sync;

import io.githydrate.HydrateException;
import io.githydrate.engine.Dehydrator;
import io.githydrate.git.DatabaseEntry;
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
        Dehydrator.Written written = dehydrator.dehydrate(entry.database(), entry.label(), entry.archive());
        results.put(entry.label(), new DatabaseResult(context.display(entry.archive()), written.summary().tables(),
            written.summary().rows(), written.changed() ? "written" : "unchanged", null));
      } catch (HydrateException e) {
        errors.add(e.getMessage());
      }
    }
    return new OperationResult(context.clock().instant(), results, errors);
  }
}
