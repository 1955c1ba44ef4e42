package io.githydrate.sync;

import io.githydrate.HydrateException;
import io.githydrate.engine.ArchiveRules;
import io.githydrate.engine.BackupFolder;
import io.githydrate.engine.BackupPolicy;
import io.githydrate.engine.BuildCache;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Hydrator;
import io.githydrate.engine.PlaceholderFilling;
import io.githydrate.engine.PlaceholderValues;
import io.githydrate.engine.Progress;
import io.githydrate.git.BackupSettings;
import io.githydrate.git.DatabaseSettings;
import io.githydrate.git.Mode;
import io.githydrate.git.GitCli;
import io.githydrate.git.Workspace;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.time.Clock;
import java.time.Duration;

/**
 * What every repository-wide operation needs: the workspace, how long to wait for other processes'
 * locks, where to report progress, the clock that stamps results and backups, and the environment
 * redacted columns are filled in from.
 */
public record Context(Workspace workspace, Duration lockTimeout, Progress progress, Clock clock,
    PlaceholderValues placeholderValues) {
  /** How long commands wait for another process's lock on a database unless told otherwise. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

  /** Redacted columns filled in from this process's environment. */
  public Context(Workspace workspace, Duration lockTimeout, Progress progress, Clock clock) {
    this(workspace, lockTimeout, progress, clock, PlaceholderValues.ofProcess());
  }

  /**
   * Exports with the repository's rules. A value file no longer referenced is deleted only when Git
   * has it (at HEAD or in the index): another archive, staged or stashed, may still reference one
   * Git does not have, and nothing else could give it back.
   */
  public Dehydrator dehydrator() {
    return new Dehydrator((int) lockTimeout.toMillis(), progress, this::archiveRules, this::gitHas);
  }

  /** Which files of the values folder {@code folder} Git has, at HEAD or in the index. */
  private Predicate<Path> gitHas(Path folder) {
    Optional<String> label = workspace.labelOf(folder);
    if (label.isEmpty()) {
      return file -> false;
    }
    GitCli git = new GitCli(workspace.root());
    Set<String> tracked = new HashSet<>();
    try {
      tracked.addAll(git.entries(List.of("ls-files", "-z", "--cached", "--"), GitCli.literal(List.of(label.get()))));
    } catch (HydrateException e) {
      return file -> false; // Git cannot say: every file stays
    }
    String atHead = git.tryRun("ls-tree", "-r", "-z", "--name-only", "HEAD", "--", label.get());
    if (atHead != null) {
      Arrays.stream(atHead.split("\0")).filter(name -> !name.isEmpty()).forEach(tracked::add);
    }
    return file -> workspace.labelOf(file).map(tracked::contains).orElse(false);
  }

  public Hydrator hydrator(boolean force) {
    return hydrator(force, true);
  }

  /** @param keepBackup false only where the replaced content is known to be in Git already */
  public Hydrator hydrator(boolean force, boolean keepBackup) {
    return hydrator(force, keepBackup, BackupFolder.Reason.REPLACED);
  }

  /**
   * A hydrator whose backups record {@code reason}, and that prunes the backups by the repository's
   * {@link #backupPolicy} once it kept one.
   *
   * @param keepBackup false only where the replaced content is known to be in Git already
   */
  public Hydrator hydrator(boolean force, boolean keepBackup, BackupFolder.Reason reason) {
    return new Hydrator(new Hydrator.Options(force, workspace.backupDirectory().orElse(null), lockTimeout, keepBackup,
        null, false, reason, this::backupPolicy), progress, clock, this::archiveRules,
        placeholderValues);
  }

  /**
   * What the database at {@code label} keeps out of its archive's lines ({@code [database "PATH"]} in
   * {@code .hydrateconfig}).
   *
   * @throws io.githydrate.HydrateException when a setting there is not valid
   */
  public ArchiveRules archiveRules(String label) {
    return DatabaseSettings.read(workspace.root()).rulesFor(label, Mode.of(workspace.root()));
  }

  /** What fills in the redacted columns of the database at {@code label} as it is updated row by row. */
  public PlaceholderFilling placeholderFilling(String label) {
    return new PlaceholderFilling(label, archiveRules(label), placeholderValues);
  }

  /**
   * How the repository keeps its backups ({@code [backups]} in {@code .hydrateconfig}).
   *
   * @throws io.githydrate.HydrateException when a setting there is not valid
   */
  public BackupPolicy backupPolicy() {
    return BackupSettings.policy(workspace.root());
  }

  /**
   * A hydrator that replaces differing content ({@code force}) and keeps the databases it builds in
   * the repository's {@link BuildCache}, to copy them in again when an archive comes back (a branch
   * switched back to). For keeping work trees in step; commands that are asked to build (hydrate,
   * repair, verify) build. {@code GIT_HYDRATE_CACHE=0} in the environment turns the cache off.
   */
  public Hydrator cachingHydrator(boolean keepBackup) {
    BuildCache cache = "0".equals(System.getenv("GIT_HYDRATE_CACHE")) ? null
        : workspace.cacheDirectory().map(BuildCache::new).orElse(null);
    // A database with changes of its own is replaced only when an archive from Git replaces its own.
    return new Hydrator(new Hydrator.Options(true, workspace.backupDirectory().orElse(null), lockTimeout, keepBackup,
        cache, true, BackupFolder.Reason.LOCAL_CHANGES, this::backupPolicy), progress, clock, this::archiveRules,
        placeholderValues);
  }

  /** {@code path} as results show it: relative to the workspace root when inside it. */
  public String display(java.nio.file.Path path) {
    return workspace.labelOf(path).orElse(path.toString());
  }
}
