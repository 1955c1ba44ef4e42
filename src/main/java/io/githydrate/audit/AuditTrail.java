package io.githydrate.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run (a command, a hook, a filter process, an application's start or exit) did, gathered
 * while it runs and turned into the audit log's lines when it ends. Code deep in a run tells the
 * trail of its thread ({@link #current}) what happened to each database; where no run is being
 * recorded, that trail takes notes and drops them. Not thread safe: one thread runs a run.
 */
public final class AuditTrail {
  private static final ThreadLocal<AuditTrail> CURRENT = new ThreadLocal<>();
  private static final String UNCHANGED = "unchanged";
  private static final AuditTrail NONE = new AuditTrail(null, null, 0);

  private final AuditLog log;
  private final String operation;
  private final long startNanos;
  private final Instant started;
  private final Map<String, Database> databases = new LinkedHashMap<>();
  private String error;
  private boolean refused;
  private String problem;
  private boolean failedQuietly;

  private AuditTrail(AuditLog log, String operation, long startNanos) {
    this.log = log;
    this.operation = operation;
    this.startNanos = startNanos;
    this.started = log == null ? Instant.EPOCH
        : Instant.now().minusNanos(Math.max(0, System.nanoTime() - startNanos)).truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * What happened to one database, as the run saw it: {@code archiveDigest} is the SHA-256 of the
   * archive written or built from, when the run knows it (else the sync state's is taken).
   */
  record Database(String result, Long rows, String error, String archiveDigest) {}

  /**
   * Starts recording {@code operation} into {@code log}, begun at {@code startNanos}
   * ({@link System#nanoTime}), as this thread's trail until {@link #finish}.
   */
  public static AuditTrail start(AuditLog log, String operation, long startNanos) {
    AuditTrail trail = new AuditTrail(log, operation, startNanos);
    CURRENT.set(trail);
    return trail;
  }

  /** The trail of the run on this thread; one that records nothing when none is being recorded. */
  public static AuditTrail current() {
    AuditTrail trail = CURRENT.get();
    return trail == null ? NONE : trail;
  }

  /**
   * Notes what happened to {@code database} (a later note replaces an earlier one); {@code rows} and
   * {@code archiveDigest} may be null when not known.
   */
  public void database(String database, String result, Long rows, String archiveDigest) {
    if (this != NONE) {
      databases.put(database, new Database(result, rows, null, archiveDigest));
    }
  }

  /** Notes that {@code database} failed, with the one-line message the user saw. */
  public void failed(String database, String message) {
    if (this != NONE) {
      databases.put(database, new Database(AuditRecord.FAILED, null, message, null));
    }
  }

  /** Notes the run's failure, the line the user saw; the first one is kept. */
  public void error(String message) {
    if (this != NONE && error == null) {
      error = message;
    }
  }

  /**
   * Notes a line the run printed about a problem; the run's error when it fails and no
   * {@link #error} was noted.
   */
  public void problem(String line) {
    if (this != NONE && problem == null) {
      problem = line;
    }
  }

  /**
   * Notes that the run failed though its exit code says done: a post-checkout hook, whose code would
   * become the checkout's, that could not update the databases.
   */
  public void failedQuietly(String message) {
    if (this != NONE) {
      error(message);
      failedQuietly = true;
    }
  }

  /** Notes that the run refused what it was asked (a commit pre-commit stopped), rather than failed. */
  public void refused() {
    if (this != NONE) {
      refused = true;
    }
  }

  /**
   * Ends the run: writes a line for each database noted or whose archive's digest changed, or one
   * line without a database when there is none, and stops being this thread's trail.
   *
   * @param exitCode the run's exit code (0: done)
   * @param digests the archive digests the sync state holds now, by database; {@code before} those
   *     it held when the run began (either may be empty when there is no state)
   */
  public void finish(int exitCode, Map<String, String> before, Map<String, String> digests) {
    if (CURRENT.get() == this) {
      CURRENT.remove();
    }
    if (this == NONE) {
      return;
    }
    log.append(records(exitCode, before, digests, System.nanoTime()));
  }

  /** Stops being this thread's trail without writing anything (a run handed on to another process). */
  public void abandon() {
    if (CURRENT.get() == this) {
      CURRENT.remove();
    }
  }

  /**
   * The archive's digest after the run: the one the run noted; else the sync state's, when the run
   * changed it or left the archive unchanged. A command that writes an archive without recording it
   * in the state ({@code dehydrate}) and did not note its digest leaves it unknown, not the old one.
   */
  private static String archiveAfter(Database d, String stateBefore, String stateAfter) {
    if (d.archiveDigest() != null) {
      return d.archiveDigest();
    }
    boolean stateChanged = stateAfter != null && !stateAfter.equals(stateBefore);
    return stateChanged || UNCHANGED.equals(d.result()) ? stateAfter : null;
  }

  List<AuditRecord> records(int exitCode, Map<String, String> before, Map<String, String> digests, long endNanos) {
    long durationMs = Math.max(0, (endNanos - startNanos) / 1_000_000);
    boolean failed = exitCode != 0 || failedQuietly;
    String runResult = !failed ? AuditRecord.OK : refused && !failedQuietly ? AuditRecord.REFUSED : AuditRecord.FAILED;
    String error = this.error != null ? this.error : problem;
    long pid = ProcessHandle.current().pid();
    Map<String, Database> touched = new LinkedHashMap<>(databases);
    digests.forEach((label, digest) -> {
      if (!digest.equals(before.get(label))) {
        touched.putIfAbsent(label, new Database(runResult, null, null, null));
      }
    });
    List<AuditRecord> records = new ArrayList<>();
    touched.forEach((label, d) -> records.add(new AuditRecord(started, operation, label, before.get(label),
        archiveAfter(d, before.get(label), digests.get(label)), d.rows(), durationMs, d.result(),
        d.error() != null ? d.error() : AuditRecord.FAILED.equals(d.result()) ? error : null, pid)));
    if (records.isEmpty()) {
      // A hook that touched no database had nothing to do, however far it had to look to know it.
      String result = !failed && operation.startsWith("hook ") ? AuditRecord.NOTHING_TO_DO : runResult;
      records.add(new AuditRecord(started, operation, null, null, null, null, durationMs, result,
          failed ? error : null, pid));
    } else if (failed && records.stream().noneMatch(r -> r.failed() || r.result().equals(AuditRecord.REFUSED))) {
      // The run failed beyond any one database (a command line's error after the work): said once more.
      records.add(new AuditRecord(started, operation, null, null, null, null, durationMs, runResult, error, pid));
    }
    return records;
  }
}
