package io.githydrate.cli;

import io.githydrate.audit.AuditTrail;
import io.githydrate.git.Workspace;
import io.githydrate.sync.AuditedRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The audit log's view of a command line: which operation it is ({@code sync}, {@code hook
 * pre-commit}, {@code backups restore}…), and the line it failed with, taken from its stderr. The
 * commands that only describe the tool or its log ({@code audit}, {@code help}, {@code --version})
 * are not recorded.
 */
final class AuditedCommand {
  private static final Set<String> NOT_RECORDED = Set.of("audit", "help", "man-page");
  private static final Set<String> WITH_SUBCOMMAND = Set.of("hook", "backups");

  private AuditedCommand() {}

  /** The operation {@code args} run, if it is recorded. */
  static Optional<String> operation(String[] args) {
    Optional<String> named = GitHydrateCommand.subcommandNamed(args);
    if (named.isEmpty() || NOT_RECORDED.contains(named.get())) {
      return Optional.empty();
    }
    String name = named.get();
    if (WITH_SUBCOMMAND.contains(name)) {
      for (int i = indexOf(args, name) + 1; i < args.length; i++) {
        if (!args[i].startsWith("-")) {
          return Optional.of(name + " " + args[i]);
        }
      }
    }
    return Optional.of(name);
  }

  private static int indexOf(String[] args, String name) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(name)) {
        return i;
      }
    }
    return args.length;
  }

  /** The Git directory the command runs in: that of {@code -C DIR} when given, else of the working directory. */
  static Optional<Path> gitDir(Path workingDirectory, Map<String, String> env, String[] args) {
    Path directory = workingDirectory;
    // -C is inherited by every subcommand, so it may come after the subcommand's name too.
    for (int i = 0; i + 1 < args.length && !args[i].equals("--"); i++) {
      if (args[i].equals("-C")) {
        directory = workingDirectory.resolve(args[i + 1]);
        break;
      }
    }
    return Workspace.findGitDir(directory, env);
  }

  /** Starts recording {@code args}, begun at {@code startNanos}, when they are recorded. */
  static AuditedRun start(Path workingDirectory, Map<String, String> env, String[] args, long startNanos) {
    Optional<String> operation = operation(args);
    return AuditedRun.start(operation.isEmpty() ? Optional.empty() : gitDir(workingDirectory, env, args),
        operation.orElse(null), startNanos);
  }

  /**
   * {@code err}, with everything passed on to it as it is, telling the current trail the first line
   * printed that says what went wrong ({@code git-hydrate: …}, not a warning): a refused commit, a
   * failed check. Lines are seen as the commands print them, one {@code println} each.
   */
  static PrintStream watching(PrintStream err) {
    return new ProblemWatch(err, AuditTrail.current());
  }

  /**
   * Text goes to the stream it wraps through that stream's own {@code print}, so in its encoding;
   * what is printed otherwise (a char, a number) goes to it as bytes.
   */
  private static final class ProblemWatch extends PrintStream {
    private static final String PREFIX = "git-hydrate: ";
    private final PrintStream err;
    private final AuditTrail trail;
    private boolean found;

    ProblemWatch(PrintStream err, AuditTrail trail) {
      super(err, true);
      this.err = err;
      this.trail = trail;
    }

    @Override
    public void print(String text) {
      synchronized (this) {
        err.print(text);
        if (!found && text != null && text.startsWith(PREFIX) && !text.startsWith(PREFIX + "warning:")) {
          found = true;
          trail.problem(text.substring(PREFIX.length()).lines().findFirst().orElse(""));
        }
      }
    }

    @Override
    public void print(Object value) {
      print(String.valueOf(value));
    }

    @Override
    public void flush() {
      super.flush();
      err.flush();
    }
  }
}
