package io.githydrate.sync;

import io.githydrate.git.GitCli;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The archives as they were at the commit Git moved the work tree from (a checkout's previous
 * HEAD, ORIG_HEAD after a merge or rebase), read with {@code git cat-file}: what an untouched
 * database is likely still in step with, so that only the rows that changed since need changing
 * (see {@link io.githydrate.engine.ArchiveDelta}, which checks the bytes' digest before using them).
 */
public final class PreviousArchives {
  /** No earlier commit known (a clone, {@code git hydrate sync}): every database is rebuilt in full. */
  public static final PreviousArchives NONE = new PreviousArchives(null, null, Map.of());
  /** Row-by-row updates turned off ({@code GIT_HYDRATE_ROW_UPDATES=0}): every database is rebuilt in full. */
  static final PreviousArchives OFF = new PreviousArchives(null, null, Map.of());

  private final Path workTree;
  private final String commit;
  private final Map<String, String> env;

  private PreviousArchives(Path workTree, String commit, Map<String, String> env) {
    this.workTree = workTree;
    this.commit = commit;
    this.env = env;
  }

  /**
   * The archives at {@code commit} of the repository whose work tree is {@code workTree}, asking Git
   * with {@code env}; none when {@code env} sets {@code GIT_HYDRATE_ROW_UPDATES=0}, which has every
   * database rebuilt in full.
   */
  public static PreviousArchives at(Path workTree, String commit, Map<String, String> env) {
    if ("0".equals(env.get("GIT_HYDRATE_ROW_UPDATES"))) {
      return OFF;
    }
    return commit == null || commit.isEmpty() || commit.startsWith("-") ? NONE
        : new PreviousArchives(workTree, commit, env);
  }

  /** Whether databases may be brought up to date row by row (see {@link #at}). */
  boolean rowUpdates() {
    return this != OFF && !"0".equals(System.getenv("GIT_HYDRATE_ROW_UPDATES"));
  }

  /**
   * The bytes of the archive at {@code path} (relative to the work tree's top, {@code /}-separated)
   * as that commit has it, streamed from Git; empty when there is no commit or Git cannot start. A
   * path the commit lacks gives no bytes (their digest then matches nothing). Closing the stream
   * ends the {@code git} process.
   */
  Optional<InputStream> open(String path) {
    if (commit == null) {
      return Optional.empty();
    }
    // In a partial clone a missing object would be fetched from the remote, during a hook: without
    // it the database is simply rebuilt in full (Git 2.44 and later honour this).
    return GitCli.withEnvironment(workTree, env).openBlob(commit + ":./" + path, Map.of("GIT_NO_LAZY_FETCH", "1"));
  }
}
