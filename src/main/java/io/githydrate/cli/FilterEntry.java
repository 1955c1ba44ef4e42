package io.githydrate.cli;

import io.githydrate.audit.AuditTrail;
import io.githydrate.git.Workspace;
import io.githydrate.git.filter.Filters;
import io.githydrate.sync.AuditedRun;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * The command lines Git runs for the {@code hydrate} filter, recognised before the command-line
 * parser loads (it costs a process tens of milliseconds): {@code filter-process},
 * {@code clean -- PATH} and {@code smudge -- PATH}. Their stdout carries Git's content alone, so
 * they write to the process's file descriptor directly, never through {@link System#out}, which a
 * stray message could reach and which hides write errors; {@link System#out} is pointed at stderr.
 */
final class FilterEntry {
  private FilterEntry() {}

  /** The filter command {@code args} are, if they are exactly one of the three forms. */
  static Optional<Runnable> recognise(String[] args, Path workTree, Map<String, String> env) {
    if (args.length == 1 && args[0].equals("filter-process")) {
      return Optional.of(() -> exit(audited("filter-process", null, workTree, env,
          () -> Filters.process(stdin(), stdout(), System.err, workTree, env))));
    }
    Optional<String> path = pathOf(args);
    if (path.isPresent() && (args[0].equals("clean") || args[0].equals("smudge"))) {
      boolean smudge = args[0].equals("smudge");
      return Optional.of(() -> exit(audited("filter " + args[0], path.get(), workTree, env,
          () -> Filters.single(smudge, path.get(), stdin(), stdout(), System.err, workTree, env))));
    }
    return Optional.empty();
  }

  /**
   * Runs {@code filter}, recorded in the audit log as {@code operation}: a line per database it
   * handled (the filter process notes each), or for the one {@code pathname} given.
   */
  private static int audited(String operation, String pathname, Path workTree, Map<String, String> env,
      IntSupplier filter) {
    AuditedRun audited = AuditedRun.start(Workspace.findGitDir(workTree, env), operation, System.nanoTime());
    int code = 1;
    try {
      code = filter.getAsInt();
      if (pathname != null && code == 0) {
        AuditTrail.current().database(pathname, operation.substring("filter ".length()), null, null);
      }
    } finally {
      audited.finish(code);
    }
    return code;
  }

  /** PATH of {@code clean -- PATH} or {@code clean PATH} (not an option). */
  static Optional<String> pathOf(String[] args) {
    if (args.length == 3 && args[1].equals("--") && !args[2].isEmpty()) {
      return Optional.of(args[2]);
    }
    if (args.length == 2 && !args[1].startsWith("-") && !args[1].isEmpty()) {
      return Optional.of(args[1]);
    }
    return Optional.empty();
  }

  private static InputStream stdin() {
    return new FileInputStream(FileDescriptor.in);
  }

  private static OutputStream stdout() {
    OutputStream out = new FileOutputStream(FileDescriptor.out);
    System.setOut(System.err);
    return out;
  }

  private static void exit(int code) {
    System.err.flush();
    System.exit(code);
  }
}
