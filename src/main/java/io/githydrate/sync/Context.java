package io.githydrate.sync;

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

  /** {@code path} as results show it: relative to the workspace root when inside it. */
  public String display(java.nio.file.Path path) {
    return workspace.labelOf(path).orElse(path.toString());
  }
}
