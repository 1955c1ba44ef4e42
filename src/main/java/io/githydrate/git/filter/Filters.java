package io.githydrate.git.filter;

import io.githydrate.HydrateException;
import io.githydrate.Messages;
import io.githydrate.git.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What Git runs for the {@code hydrate} filter: the long-running process that serves every file of
 * a Git command ({@code filter.hydrate.process}), or one file at a time
 * ({@code filter.hydrate.clean} and {@code smudge}), for clients that do not speak the process
 * protocol, such as JGit and the tools built on it.
 */
public final class Filters {
  /** How long the filter waits for an application's lock on a database it reads. */
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);

  /** Exit codes of the one-file commands. */
  public static final int OK = 0;
  public static final int FAILED = 1;

  private Filters() {}

  /**
   * Serves Git's filter protocol on {@code in} and {@code out} until Git closes {@code in}.
   *
   * @param workTree the process's directory, where Git runs it: the top of the work tree
   */
  public static int process(InputStream in, OutputStream out, PrintStream log, Path workTree, Map<String, String> env) {
    FilterHandler filter;
    try {
      filter = filter(workTree, env, log);
    } catch (IOException | RuntimeException e) {
      // Nothing can be converted here (its working folders cannot be made): say so for each command
      // once, and let Git stop asking, rather than fail the process Git would only start again.
      String reason = "the hydrate filter cannot work in " + workTree + ": " + e.getMessage();
      filter = (request, content) -> new FilterReply.Unusable(reason);
    }
    return FilterProcess.serve(in, out, log, filter);
  }

  /**
   * Cleans ({@code smudge} false) or smudges one file: its content on {@code in}, the result on
   * {@code out}; a failure is one line on {@code log} and exit code {@link #FAILED}.
   *
   * @param pathname the file's path from the top of the work tree (Git's {@code %f})
   */
  public static int single(boolean smudge, String pathname, InputStream in, OutputStream out, PrintStream log,
      Path workTree, Map<String, String> env) {
    try {
      DatabaseFilter filter = filter(workTree, env, log);
      FilterRequest.Command command = smudge ? FilterRequest.Command.SMUDGE : FilterRequest.Command.CLEAN;
      FilterReply reply = filter.convert(new FilterRequest(command, pathname, Map.of()), in);
      in.transferTo(OutputStream.nullOutputStream());
      if (reply instanceof FilterReply.Content content) {
        content.writer().writeTo(out);
        out.flush();
        filter.finish();
        return OK;
      }
      String reason = reply instanceof FilterReply.Refused refused ? refused.reason() : ((FilterReply.Unusable) reply).reason();
      log.println("git-hydrate: " + Messages.printable(reason));
      return FAILED;
    } catch (HydrateException e) {
      log.println("git-hydrate: " + Messages.printable(e.getMessage()));
      return FAILED;
    } catch (IOException e) {
      log.println("git-hydrate: " + Messages.printable(pathname + ": " + e.getMessage()));
      return FAILED;
    }
  }

  /**
   * Records that the database at {@code label} was in step with its archive file (hooks mode) when
   * it had the stamp {@code stamp} ({@link io.githydrate.engine.FileStamp#ofDatabase}): a hard link
   * keeps it reachable should Git ever replace the file, and only changes made since are kept then
   * (see {@link #keepReplaced}). Failures are ignored.
   */
  public static void markInStep(Path gitDir, String label, Path database, String stamp) {
    new KeptCopies(gitDir.resolve("git-hydrate").resolve("filter")).slot(label).markInStep(database, stamp);
  }

  /** Keeps, as backups, what Git would have lost of the databases it removed or replaced (said on {@code log}). */
  public static void keepReplaced(Path workTree, Map<String, String> env, PrintStream log) {
    try {
      filter(workTree, env, log).keepReplaced();
    } catch (IOException | RuntimeException e) {
      log.println("git-hydrate: cannot check for databases Git replaced: " + Messages.printable(String.valueOf(e.getMessage())));
    }
  }

  private static DatabaseFilter filter(Path workTree, Map<String, String> env, PrintStream log) throws IOException {
    Path gitDir = Workspace.findGitDir(workTree, env).orElse(null);
    return new DatabaseFilter(workTree.toAbsolutePath().normalize(), gitDir, LOCK_TIMEOUT, Clock.systemUTC(), log);
  }
}
