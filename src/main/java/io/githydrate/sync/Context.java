package io.githydrate.sync;

import io.githydrate.engine.BuildCache;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Hydrator;
import io.githydrate.engine.Progress;
import io.githydrate.git.Workspace;
import java.time.Clock;
import java.time.Duration;

/**
 * What every repository-wide operation needs: the workspace, how long to wait for other processes'
 * locks, where to report progress, and the clock that stamps results and backups.
 */
public record Context(Workspace workspace, Duration lockTimeout, Progress progress, Clock clock) {
  /** How long commands wait for another process's lock on a database unless told otherwise. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

  public Dehydrator dehydrator() {
    return new Dehydrator((int) lockTimeout.toMillis(), progress);
  }

  public Hydrator hydrator(boolean force) {
    return hydrator(force, true);
  }

  /** @param keepBackup false only where the replaced content is known to be in Git already */
  public Hydrator hydrator(boolean force, boolean keepBackup) {
    return new Hydrator(new Hydrator.Options(force, workspace.backupDirectory().orElse(null), lockTimeout, keepBackup),
        progress, clock);
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
    return new Hydrator(new Hydrator.Options(true, workspace.backupDirectory().orElse(null), lockTimeout, keepBackup, cache, true),
        progress, clock);
  }

  /** {@code path} as results show it: relative to the workspace root when inside it. */
  public String display(java.nio.file.Path path) {
    return workspace.labelOf(path).orElse(path.toString());
  }
}
