package io.githydrate.sync;

import io.githydrate.audit.AuditLog;
import io.githydrate.audit.AuditTrail;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One run recorded in the audit log of its repository ({@link AuditLog}), with the archive digests
 * the sync state held before and after it: a database whose digest changed gets its line even where
 * nothing noted it. Outside a Git repository nothing is recorded.
 */
public final class AuditedRun {
  private final AuditTrail trail;
  private final Path gitDir;
  private final Map<String, String> before;

  private AuditedRun(AuditTrail trail, Path gitDir, Map<String, String> before) {
    this.trail = trail;
    this.gitDir = gitDir;
    this.before = before;
  }

  /**
   * Starts recording {@code operation} (begun at {@code startNanos}, {@link System#nanoTime}) for the
   * repository whose Git directory is {@code gitDir}, as this thread's {@link AuditTrail}.
   */
  public static AuditedRun start(Optional<Path> gitDir, String operation, long startNanos) {
    if (gitDir.isEmpty()) {
      return new AuditedRun(AuditTrail.current(), null, Map.of());
    }
    AuditTrail trail = AuditTrail.start(AuditLog.of(gitDir.get()), operation, startNanos);
    return new AuditedRun(trail, gitDir.get(), digests(gitDir.get()));
  }

  /** Writes the run's lines, with its exit code (0: done). Never throws for the log's sake. */
  public void finish(int exitCode) {
    if (gitDir == null) {
      return;
    }
    trail.finish(exitCode, before, digests(gitDir));
  }

  /** Writes nothing: the run is handed on to a process that records it. */
  public void abandon() {
    trail.abandon();
  }

  /** The archive digests the sync state of {@code gitDir} holds, by database; none without a state. */
  static Map<String, String> digests(Path gitDir) {
    Map<String, String> digests = new TreeMap<>();
    SyncState.loadExisting(SyncState.file(gitDir)).ifPresent(state -> state.labels().forEach(label ->
        state.get(label).map(SyncState.Record::archiveDigest).ifPresent(digest -> digests.put(label, digest))));
    return digests;
  }
}
