package io.githydrate.sync;

import static io.githydrate.Messages.printable;

import io.githydrate.HydrateException;
import io.githydrate.engine.BackupFolder;
import io.githydrate.engine.BackupPolicy;
import io.githydrate.engine.Hydrator;
import io.githydrate.git.DatabaseEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The repository's backups of replaced databases, for the user: listed, pruned by the policy,
 * deleted by name, and restored. Backups live in {@code .git/git-hydrate/backups/} (see
 * {@link BackupFolder}), so there are none outside a Git repository.
 */
public final class Backups {
  private final Context context;

  public Backups(Context context) {
    this.context = context;
  }

  /**
   * Every backup, oldest first, with the policy (null when {@code .hydrateconfig} holds an invalid
   * setting, which {@code errors} then says) and the folder as results show it.
   */
  public record Listing(String directory, List<BackupFolder.Backup> backups, BackupPolicy policy, List<String> errors) {
    public long totalBytes() {
      return backups.stream().mapToLong(BackupFolder.Backup::bytes).sum();
    }
  }

  /** What a restore did: the backup, the database it went back to, the action, and the backup of what was there. */
  public record Restored(String name, String database, Hydrator.Action action, String previous) {}

  /** What pruning removed (oldest first), and what is left. */
  public record Pruned(List<BackupFolder.Backup> removed, Listing left) {}

  public Listing list() {
    BackupFolder folder = folder();
    List<String> errors = new ArrayList<>();
    BackupPolicy policy = null;
    try {
      policy = context.backupPolicy();
    } catch (HydrateException e) {
      errors.add(e.getMessage());
    }
    try {
      return new Listing(context.display(folder.directory()), folder.list(), policy, errors);
    } catch (IOException e) {
      throw new HydrateException(folder.directory() + ": cannot list the backups: " + e.getMessage(), e);
    }
  }

  /** Removes the backups the repository's policy does not keep. */
  public Pruned prune() {
    BackupFolder folder = folder();
    BackupPolicy policy = context.backupPolicy();
    try {
      List<BackupFolder.Backup> removed = folder.prune(policy, context.clock().instant());
      return new Pruned(removed, list());
    } catch (IOException e) {
      throw new HydrateException(folder.directory() + ": cannot prune the backups: " + e.getMessage(), e);
    }
  }

  /** Deletes the backups named, with their journals and info; every name is checked before any is deleted. */
  public List<BackupFolder.Backup> delete(List<String> names) {
    List<BackupFolder.Backup> found = new ArrayList<>();
    for (String name : names) {
      found.add(find(name));
    }
    for (BackupFolder.Backup backup : found) {
      try {
        BackupFolder.delete(backup);
      } catch (IOException e) {
        throw new HydrateException(context.display(backup.file()) + ": cannot delete it: " + e.getMessage(), e);
      }
    }
    return found;
  }

  /**
   * Puts the backup {@code name} back as its database ({@code to}, a path in the work tree, when
   * given): checked first, the database's current content kept as a backup of its own, the file an
   * application may have open kept (see {@link Hydrator#restore}). The backup restored stays.
   *
   * @throws HydrateException naming the backup when it is missing or not healthy, or the database
   *     when it cannot be told or written; nothing changed then
   */
  public Restored restore(String name, Optional<String> to) {
    BackupFolder.Backup backup = find(name);
    String label = to.orElseGet(() -> databaseOf(backup));
    Path target = context.workspace().resolve(label);
    Hydrator.Outcome outcome = context.hydrator(true, true, BackupFolder.Reason.RESTORE)
        .restore(backup.file(), label, target);
    return new Restored(backup.name(), label, outcome.action(),
        outcome.backup() == null ? null : context.display(outcome.backup()));
  }

  /**
   * The work-tree path of the database {@code backup} holds. A backup from an older version records
   * only the file name: it is the one database of the repository with that name, or a file at the top.
   */
  private String databaseOf(BackupFolder.Backup backup) {
    if (backup.reason() != BackupFolder.Reason.UNKNOWN || backup.database().contains("/")) {
      return backup.database();
    }
    List<String> named = new ArrayList<>();
    for (DatabaseEntry entry : context.workspace().databases()) {
      String label = entry.label();
      if (label.equals(backup.database()) || label.endsWith("/" + backup.database())) {
        named.add(label);
      }
    }
    if (named.size() > 1 && !named.contains(backup.database())) {
      throw new HydrateException(backup.name() + ": made before backups recorded their database, and "
          + named.size() + " databases are named " + printable(backup.database()) + " (" + String.join(", ", named)
          + "); say which with --to PATH");
    }
    return named.size() == 1 ? named.get(0) : backup.database();
  }

  private BackupFolder.Backup find(String name) {
    BackupFolder folder = folder();
    try {
      return folder.find(name).orElseThrow(() -> new HydrateException(printable(name) + ": no such backup in "
          + context.display(folder.directory()) + (Files.exists(folder.directory(), LinkOption.NOFOLLOW_LINKS)
          ? " (git hydrate backups lists them)" : " (there are none)")));
    } catch (IOException e) {
      throw new HydrateException(folder.directory() + ": cannot read the backups: " + e.getMessage(), e);
    }
  }

  private BackupFolder folder() {
    Path directory = context.workspace().backupDirectory().orElseThrow(() ->
        new HydrateException(context.workspace().root() + ": not in a Git repository, so there are no backups"));
    return new BackupFolder(directory);
  }
}
