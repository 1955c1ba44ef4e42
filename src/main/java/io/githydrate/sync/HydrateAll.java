package io.githydrate.sync;

import io.githydrate.HydrateException;
import io.githydrate.audit.AuditTrail;
import io.githydrate.engine.BackupFolder;
import io.githydrate.engine.Hydrator;
import io.githydrate.git.DatabaseEntry;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rebuilds databases from their archives; the reference design's {@code hydrate_all}. */
public final class HydrateAll {
  private final Context context;
  private final boolean force;

  public HydrateAll(Context context, boolean force) {
    this.context = context;
    this.force = force;
  }

  /** Hydrates each entry whose archive exists; reports every failure and carries on. */
  public OperationResult run(List<DatabaseEntry> entries) {
    Hydrator hydrator = context.hydrator(force, true, BackupFolder.Reason.FORCED);
    Map<String, DatabaseResult> results = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    for (DatabaseEntry entry : entries) {
      if (!Files.exists(entry.archive())) {
        continue; // a database without an archive yet: nothing to hydrate from
      }
      try {
        Hydrator.Outcome outcome = hydrator.hydrate(entry.archive(), entry.label(), entry.database());
        results.put(entry.label(), new DatabaseResult(context.display(entry.archive()), outcome.summary().tables(),
            outcome.summary().rows(), outcome.action().wireName(),
            outcome.backup() == null ? null : context.display(outcome.backup())));
        AuditTrail.current().database(entry.label(), outcome.action().wireName(), outcome.summary().rows(),
            outcome.archiveDigest());
      } catch (HydrateException e) {
        errors.add(e.getMessage());
        AuditTrail.current().failed(entry.label(), e.getMessage());
      }
    }
    return new OperationResult(context.clock().instant(), results, errors);
  }
}
