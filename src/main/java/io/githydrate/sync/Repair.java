package io.githydrate.sync;

import io.githydrate.HydrateException;
import io.githydrate.engine.BackupFolder;
import io.githydrate.engine.DatabaseCheck;
import io.githydrate.engine.Hydrator;
import io.githydrate.git.DatabaseEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The reference design's {@code fix_corrupted_dbs}: checks every database and rebuilds each corrupt
 * one from its archive, keeping the damaged file as a backup. Never repairs in place.
 */
public final class Repair {
  /**
   * The reference design's FixResult (paths checked, found corrupt, rebuilt, and every error), plus
   * where each damaged file was kept.
   */
  public record FixResult(List<String> checked, List<String> corrupted, List<String> fixed, List<String> errors,
      List<String> backups) {}

  private final Context context;
  private final DatabaseCheck.Level level;

  public Repair(Context context, DatabaseCheck.Level level) {
    this.context = context;
    this.level = level;
  }

  public FixResult run(List<DatabaseEntry> entries) {
    return run(entries, entry -> Files.exists(entry.archive()) ? Optional.of(entry.archive()) : Optional.empty());
  }

  /**
   * As {@link #run(List)}, with the archive of each corrupt database found by {@code archiveOf}
   * (asked only for those): in filter mode Git holds it, not a file of the work tree.
   */
  public FixResult run(List<DatabaseEntry> entries, Function<DatabaseEntry, Optional<Path>> archiveOf) {
    List<String> checked = new ArrayList<>();
    List<String> corrupted = new ArrayList<>();
    List<String> fixed = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    List<String> backups = new ArrayList<>();
    Hydrator hydrator = context.hydrator(true, true, BackupFolder.Reason.CORRUPT);
    for (DatabaseEntry entry : entries) {
      if (!Files.exists(entry.database())) {
        continue;
      }
      checked.add(entry.label());
      DatabaseCheck.Health health;
      try {
        health = DatabaseCheck.check(entry.database(), level, (int) context.lockTimeout().toMillis());
      } catch (HydrateException e) {
        errors.add(e.getMessage());
        continue;
      }
      if (health.healthy()) {
        continue;
      }
      corrupted.add(entry.label());
      Optional<Path> archive;
      try {
        archive = archiveOf.apply(entry);
      } catch (HydrateException e) {
        errors.add(e.getMessage());
        continue;
      }
      if (archive.isEmpty()) {
        errors.add(entry.label() + ": corrupt (" + health.problem() + ") and has no archive to rebuild it from");
        continue;
      }
      try {
        Hydrator.Outcome outcome = hydrator.repair(archive.get(), entry.label(), entry.database());
        fixed.add(entry.label());
        if (outcome.backup() != null) {
          backups.add(context.display(outcome.backup()));
        }
      } catch (HydrateException e) {
        errors.add(entry.label() + ": corrupt (" + health.problem() + "), and rebuilding failed: " + e.getMessage());
      }
    }
    return new FixResult(checked, corrupted, fixed, errors, backups);
  }
}
