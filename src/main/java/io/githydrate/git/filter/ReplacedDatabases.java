package io.githydrate.git.filter;

import io.githydrate.HydrateException;
import io.githydrate.Messages;
import io.githydrate.PathText;
import io.githydrate.engine.AtomicFiles;
import io.githydrate.engine.BackupFolder;
import io.githydrate.engine.DatabaseCheck;
import io.githydrate.engine.Sidecars;
import io.githydrate.git.BackupSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;

/**
 * Looks after the database files Git replaces. Git removes a work-tree file before it asks for the
 * new one's content, and decides whether a file changed by its stat data alone: changes still in a
 * database's {@code -wal} file, or in the hot {@code -journal} of a write a crash left half done, do
 * not touch that data, so Git replaces such a database as if nothing had changed, and the old
 * {@code -wal} or {@code -journal} would then be applied to the new file by the next SQLite that opens it.
 *
 * <p>So the filter keeps a hard link to each database it has seen ({@link KeptCopies}'s shadow),
 * which keeps the removed file's content reachable. When Git is about to write a database whose
 * sidecars hold changes, the file and its sidecars become a named backup in
 * {@code .git/git-hydrate/backups/}, folded into one file through SQLite; sidecars that hold nothing
 * are removed. Either way no sidecar of the old file is left beside the new one.
 */
final class ReplacedDatabases {
  private final Path workTree;
  private final Path backups;
  private final int lockMillis;
  private final Clock clock;
  private final PrintStream log;

  ReplacedDatabases(Path workTree, Path backups, int lockMillis, Clock clock, PrintStream log) {
    this.workTree = workTree;
    this.backups = backups;
    this.lockMillis = lockMillis;
    this.clock = clock;
    this.log = log;
  }

  /**
   * Called before the content of {@code file} is produced for Git. A file still there is not being
   * replaced (Git shows content this way too), and is left alone.
   */
  void beforeReplacing(KeptCopies.Slot slot, Path file) throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    rescue(slot, file);
  }

  /**
   * After Git removed the work tree's file (or put another in its place): keeps what would be lost
   * as a backup, folded into one database through SQLite, and says so: changes its sidecars hold,
   * or changes made since it was last in step with its archive file (hooks mode, where the database
   * is an ignored file Git overwrites once a commit tracks its path). Removes sidecars that hold
   * nothing, and forgets the hard link.
   */
  void rescue(KeptCopies.Slot slot, Path file) throws IOException {
    Path shadow = slot == null ? null : slot.shadow();
    boolean hasShadow = shadow != null && Files.isRegularFile(shadow, LinkOption.NOFOLLOW_LINKS);
    boolean sidecarChanges = !Sidecars.existing(file).isEmpty() && Sidecars.holdContent(file);
    boolean localChanges = hasShadow && slot.shadowChangedSinceInStep();
    if (!sidecarChanges && !localChanges) {
      for (Path sidecar : Sidecars.existing(file)) {
        Files.deleteIfExists(sidecar);
      }
      if (slot != null) {
        slot.dropShadow();
      }
      return;
    }
    Files.createDirectories(backups);
    Instant made = clock.instant();
    Path backup = backupPath(file, made);
    String what = sidecarChanges ? Sidecars.existing(file).stream().filter(p -> !p.toString().endsWith("-shm"))
        .map(p -> p.getFileName().toString()).reduce((a, b) -> a + " and " + b).orElse("")
        : "it";
    if (!sidecarChanges) {
      describe(backup, file, made, BackupFolder.Reason.LOCAL_CHANGES);
      Files.move(shadow, backup);
      slot.dropShadow();
      prune(made);
      say(slotName(slot, file) + " had changes not in its archive file when Git replaced it (it was ignored, and"
          + " a commit now tracks its path); the database with those changes is kept as " + shown(backup));
      return;
    }
    if (!hasShadow) {
      // The database itself is gone: what the sidecars hold is kept, though it cannot be read alone.
      moveSidecars(file, backup);
      say(slotName(slot, file) + ": " + what + " held changes Git could not see, and the database they belong to"
          + " was already replaced; they are kept beside " + shown(backup) + " (not a database on their own)");
      return;
    }
    describe(backup, file, made, BackupFolder.Reason.REPLACED_BY_GIT);
    Files.move(shadow, backup);
    slot.dropShadow();
    moveSidecars(file, backup);
    prune(made);
    try {
      Sidecars.fold(backup, lockMillis);
      DatabaseCheck.Health health = DatabaseCheck.check(backup, DatabaseCheck.Level.QUICK, lockMillis);
      if (!health.healthy()) {
        say(slotName(slot, file) + ": " + what + " held changes Git could not see; the database with them is kept as "
            + shown(backup) + ", but it fails its check: " + health.problem());
        return;
      }
    } catch (HydrateException e) {
      say(slotName(slot, file) + ": " + what + " held changes Git could not see; they are kept with the database in "
          + shown(backup) + " (" + e.getMessage() + ")");
      return;
    }
    say(slotName(slot, file) + ": " + what + " held changes Git could not see (it replaced the file);"
        + " the database with those changes is kept as " + shown(backup));
  }

  /** Makes the slot's hard link point at {@code file}, the database now in the work tree; failures are ignored. */
  static void link(KeptCopies.Slot slot, Path file) {
    Path shadow = slot.shadow();
    try {
      if (Files.isRegularFile(shadow, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(shadow, file)) {
        return;
      }
      Path temp = slot.newTempFile(KeptCopies.SHADOW);
      Files.delete(temp);
      Files.createLink(temp, file);
      Files.move(temp, shadow, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // another file system, or links not supported: without it a -wal is kept without its database
    }
  }

  /** Whether the work-tree file the slot's hard link was made for is gone (the link is its last name). */
  static boolean orphaned(KeptCopies.Slot slot) {
    try {
      Object links = Files.getAttribute(slot.shadow(), "unix:nlink", LinkOption.NOFOLLOW_LINKS);
      return links instanceof Integer count && count == 1;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  private void moveSidecars(Path file, Path backup) throws IOException {
    for (String suffix : Sidecars.SUFFIXES) {
      Path sidecar = Sidecars.of(file, suffix);
      if (!Files.exists(sidecar, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      if (suffix.equals("-shm")) {
        Files.delete(sidecar); // the WAL's index: SQLite builds it again from the WAL
      } else {
        Files.move(sidecar, Sidecars.of(backup, suffix));
      }
    }
  }

  private Path backupPath(Path file, Instant made) throws IOException {
    return new BackupFolder(backups).newPath(file, made, ".bak");
  }

  /**
   * Records what {@code backup} (about to take its name) holds and why, in a backup folder of the
   * Git directory; not in a work tree without one.
   */
  private void describe(Path backup, Path file, Instant made, BackupFolder.Reason reason) throws IOException {
    if (!backups.equals(workTree)) {
      String label = file.startsWith(workTree)
          ? workTree.relativize(file).toString().replace('\\', '/') : file.getFileName().toString();
      BackupFolder.describe(backup, label, made, reason);
    }
  }

  /**
   * Prunes the backup folder of the Git directory by the repository's policy, which keeps the
   * backup just made (the newest of its database); a failure is said on the log.
   */
  private void prune(Instant now) {
    if (backups.equals(workTree)) {
      return;
    }
    try {
      new BackupFolder(backups).prune(BackupSettings.policy(workTree), now);
    } catch (HydrateException | IOException e) {
      say("backups in " + shown(backups) + " were not pruned: " + e.getMessage());
    }
  }

  /** A backup's path as messages show it: from the top of the work tree when it is inside. */
  private String shown(Path backup) {
    return backup.startsWith(workTree) ? PathText.slashed(workTree.relativize(backup)) : backup.toString();
  }

  private static String slotName(KeptCopies.Slot slot, Path file) {
    return slot != null ? slot.pathname() : file.toString();
  }

  private void say(String message) {
    log.println("git-hydrate: " + Messages.printable(message));
    log.flush();
  }
}
