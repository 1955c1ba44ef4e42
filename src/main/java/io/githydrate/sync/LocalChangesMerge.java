package io.githydrate.sync;

import io.githydrate.HydrateException;
import io.githydrate.engine.AtomicFiles;
import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.GitCli;
import io.githydrate.git.MergeSettings;
import io.githydrate.merge.ArchiveMerge;
import io.githydrate.merge.Conflict;
import io.githydrate.merge.MergeException;
import io.githydrate.merge.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A database changed here while its archive changed in Git: a pull or switch whose hook found the
 * database changed (or locked), a {@code reset --hard}, a teammate's commit arriving any other way.
 * Both sides' changes are merged three-way, the base being the archive the two were last in step
 * with: the database's changes are "ours", the archive's "theirs". Without that base, or where the
 * changes conflict, nothing is merged and the caller falls back to keeping the database aside.
 */
final class LocalChangesMerge {
  /** A merged archive in a temporary file (the caller deletes it), and what the merge found. */
  record Merged(Path archive, ArchiveMerge.Outcome outcome) {
    String conflicts() {
      return outcome.conflicts().stream().limit(5).map(Conflict::where).collect(Collectors.joining(", "))
          + (outcome.conflicts().size() > 5 ? ", …" : "");
    }
  }

  private LocalChangesMerge() {}

  /**
   * Why {@code entry}'s changes cannot be merged with its archive's here, if they cannot: its large
   * values live in files beside the archive, which the merge's temporary archives have not.
   */
  static Optional<String> unmergeable(Context context, DatabaseEntry entry) {
    return context.archiveRules(entry.label()).largeValueBytes() > 0
        ? Optional.of("a database whose large values are kept in files of their own is not merged row by row")
        : Optional.empty();
  }

  /**
   * Merges {@code entry}'s database with its archive, the two having been in step with the archive
   * bytes whose SHA-256 is {@code synced}; empty when those bytes are not found in Git any more.
   */
  static Optional<Merged> run(Context context, DatabaseEntry entry, String synced, PreviousArchives previous) {
    GitCli git = new GitCli(context.workspace().root());
    String path = context.display(entry.archive());
    Optional<Path> base = InStepArchive.find(git, previous, path, synced);
    if (base.isEmpty()) {
      return Optional.empty();
    }
    Path ours = null;
    Path result = null;
    try {
      ours = AtomicFiles.tempFile("git-hydrate-local-", ".json");
      context.dehydrator().dehydrate(entry.database(), entry.label(), ours);
      result = AtomicFiles.tempFile("git-hydrate-merged-", ".json");
      ArchiveMerge.Outcome outcome = ArchiveMerge.merge(base.get(), ours, entry.archive(), result,
          new ArchiveMerge.Options(Policy.MARK, MergeSettings.keepsIds(context.workspace().root())));
      Merged merged = new Merged(result, outcome);
      result = null;
      return Optional.of(merged);
    } catch (IOException | MergeException e) {
      throw new HydrateException(entry.label() + ": cannot merge its changes with its archive's: " + e.getMessage(), e);
    } finally {
      AtomicFiles.deleteQuietly(base.get());
      AtomicFiles.deleteQuietly(ours);
      AtomicFiles.deleteQuietly(result);
    }
  }
}
