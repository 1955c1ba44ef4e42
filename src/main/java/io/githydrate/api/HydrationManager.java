package io.githydrate.api;

import io.githydrate.HydrateException;
import io.githydrate.Messages;
import io.githydrate.audit.AuditTrail;
import io.githydrate.engine.Progress;
import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.Workspace;
import io.githydrate.sync.ApplicationSync;
import io.githydrate.sync.AuditedRun;
import io.githydrate.sync.Context;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps an application's SQLite databases in step with their archives: at the application's start,
 * {@link #hydrateIfNeeded} builds each database that is missing, corrupt or behind its archive; at
 * a graceful exit, the hook {@link #dehydrateOnExit} registers exports each database that changed.
 * A database changed since it was last in step with its archive is never overwritten at a start:
 * it is left as it is and reported ({@link DatabaseResult.Outcome#LOCAL_CHANGES}).
 *
 * <p>Works in a Git work tree (with the state the hooks keep in {@code .git/git-hydrate/}, so they
 * agree) and in a plain folder (state in {@code .git-hydrate/state.json} there); which files are
 * databases and where their archives live is read from {@code .hydrateconfig} at the root, as the
 * command line reads it. A start with nothing to do opens no database: it compares file stamps with
 * the state.
 *
 * <p>Prints nothing on stdout. Failures of single databases are reported in the {@link Report},
 * one line each naming the file, as the command line prints them; a problem with the folder itself
 * (an unreadable {@code .hydrateconfig}, a repository in filter mode) is thrown as a
 * {@link HydrateException} with such a line. Immutable; calls on one folder must not overlap, in
 * one process or several (the state file has one writer at a time), so they are serialized here
 * within the process.
 */
public final class HydrationManager {
  private static final Object LOCK = new Object();

  private final Workspace workspace;
  private final DatabaseEntry only;
  private final Duration lockTimeout;

  private HydrationManager(Workspace workspace, DatabaseEntry only, Duration lockTimeout) {
    this.workspace = workspace;
    this.only = only;
    this.lockTimeout = lockTimeout;
  }

  /**
   * Every database of the Git work tree around {@code directory}, or, outside Git, of
   * {@code directory} itself, as {@code .hydrateconfig} at that root says (by default {@code *.db},
   * {@code *.sqlite}, {@code *.sqlite3}, each with its archive beside it as {@code NAME.json}).
   *
   * @throws HydrateException when {@code .hydrateconfig} cannot be read
   */
  public static HydrationManager forDirectory(Path directory) {
    return new HydrationManager(Workspace.around(directory), null, Context.DEFAULT_LOCK_TIMEOUT);
  }

  /**
   * The one database {@code database}, with its archive where the rules of the folder around it
   * put it (by default beside it, {@code NAME.json}).
   *
   * @throws HydrateException when {@code .hydrateconfig} cannot be read, or the path is refused
   */
  public static HydrationManager forDatabase(Path database) {
    Path absolute = database.toAbsolutePath().normalize();
    Workspace workspace = Workspace.around(absolute.getParent());
    return new HydrationManager(workspace, workspace.forDatabase(absolute), Context.DEFAULT_LOCK_TIMEOUT);
  }

  /** The one database {@code database}, with its archive at {@code archive}. */
  public static HydrationManager forDatabase(Path database, Path archive) {
    Path db = database.toAbsolutePath().normalize();
    Workspace workspace = Workspace.around(db.getParent());
    String label = workspace.labelOf(db).orElse(db.getFileName().toString());
    return new HydrationManager(workspace, new DatabaseEntry(label, db, archive.toAbsolutePath().normalize()),
        Context.DEFAULT_LOCK_TIMEOUT);
  }

  /** This manager, waiting up to {@code timeout} for another connection's lock on a database (default 5 s). */
  public HydrationManager withLockTimeout(Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("a lock timeout cannot be negative: " + timeout);
    }
    return new HydrationManager(workspace, only, timeout);
  }

  /** The folder paths in results are relative to: the work tree's top, or the plain folder. */
  public Path root() {
    return workspace.root();
  }

  /**
   * For an application's start: builds each database that is missing, corrupt (keeping the damaged
   * file) or behind its archive, and leaves every other one as it is, a database with changes of
   * its own included. Call it before opening the databases.
   *
   * @throws HydrateException for a problem with the folder itself (see the class comment)
   */
  public Report hydrateIfNeeded() {
    synchronized (LOCK) {
      return audited("api start", () -> report(sync().start(entries(), only == null)));
    }
  }

  /**
   * Exports each database that changed since it was last in step with its archive, as a commit's
   * hook would (in a Git work tree, changes on both sides are merged, or refused with an error
   * when they conflict). A database never in step with an archive holding other content is left,
   * and reported as {@link DatabaseResult.Outcome#LOCAL_CHANGES}: nobody can tell which is newer.
   *
   * @throws HydrateException for a problem with the folder itself (see the class comment)
   */
  public Report dehydrate() {
    synchronized (LOCK) {
      return audited("api exit", () -> report(sync().exit(entries(), only == null)));
    }
  }

  /** Runs {@code work}, recorded in the repository's audit log as {@code operation} (nothing outside Git). */
  private Report audited(String operation, Supplier<Report> work) {
    AuditedRun audited = AuditedRun.start(workspace.gitDir(), operation, System.nanoTime());
    int code = 1;
    try {
      Report report = work.get();
      report.errors().stream().findFirst().ifPresent(AuditTrail.current()::error);
      code = report.errors().isEmpty() ? 0 : 1;
      return report;
    } catch (HydrateException e) {
      AuditTrail.current().error(e.getMessage());
      throw e;
    } finally {
      audited.finish(code);
    }
  }

  /**
   * Registers a shutdown hook that runs {@link #dehydrate} when the JVM exits gracefully (the end
   * of {@code main}, {@link System#exit}, SIGTERM, Ctrl-C; not a kill -9 or a crash), printing each
   * error on stderr, one line each starting with {@code git-hydrate:}. Close the databases before
   * exiting: an export waits for their write locks only as long as the lock timeout.
   *
   * @return the hook, for {@link Runtime#removeShutdownHook}
   */
  public Thread dehydrateOnExit() {
    return dehydrateOnExit(report -> report.errors()
        .forEach(error -> System.err.println("git-hydrate: " + Messages.printable(error))));
  }

  /**
   * As {@link #dehydrateOnExit()}, handing the report to {@code whenDone} instead (on the hook's
   * thread, while the JVM shuts down: keep it short). A problem with the folder itself reaches
   * {@code whenDone} as a report with that one error.
   */
  public Thread dehydrateOnExit(Consumer<Report> whenDone) {
    Objects.requireNonNull(whenDone, "whenDone");
    Thread hook = new Thread(() -> {
      Report report;
      try {
        report = dehydrate();
      } catch (HydrateException e) {
        report = new Report(Clock.systemUTC().instant(), Duration.ZERO, Map.of(), List.of(e.getMessage()));
      }
      whenDone.accept(report);
    }, "git-hydrate dehydrate on exit");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  private ApplicationSync sync() {
    return new ApplicationSync(new Context(workspace, lockTimeout, Progress.NONE, Clock.systemUTC()));
  }

  private List<DatabaseEntry> entries() {
    return only != null ? List.of(only) : workspace.databases();
  }

  private static Report report(ApplicationSync.Report report) {
    Map<String, DatabaseResult> databases = new LinkedHashMap<>();
    report.databases().forEach((label, d) -> databases.put(label, new DatabaseResult(label, d.archivePath(),
        DatabaseResult.Outcome.valueOf(d.outcome().name()), d.summary() == null ? 0 : d.summary().tables(),
        d.summary() == null ? 0 : d.summary().rows(), d.backupPath(), d.detail())));
    return new Report(report.timestamp(), report.duration(), databases, report.errors());
  }
}
