package io.githydrate.cli;

import io.githydrate.Warnings;
import io.githydrate.hook.HookFastPath;
import io.githydrate.sync.AuditedRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** Entry point of the {@code git-hydrate} binary (also run as {@code git hydrate}). */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Path workingDirectory = Path.of("").toAbsolutePath();
    FilterEntry.recognise(args, workingDirectory, System.getenv()).ifPresent(Runnable::run);
    System.exit(run(System.out, System.err, workingDirectory, args));
  }

  /**
   * Runs one command line with the given streams and working directory, and returns the exit code
   * (see {@link ExitCodes}). Never calls {@link System#exit}, so tests run commands in-process.
   */
  public static int run(PrintStream out, PrintStream err, Path workingDirectory, String... args) {
    return run(out, err, workingDirectory, System.getenv(), args);
  }

  /** As {@link #run(PrintStream, PrintStream, Path, String...)}, with Git's environment given (hooks read it). */
  public static int run(PrintStream out, PrintStream err, Path workingDirectory, Map<String, String> env,
      String... args) {
    long started = System.nanoTime();
    // Checked before anything else is loaded: most hook runs end here (see HookFastPath).
    if (HookFastPath.nothingToDo(workingDirectory, env, args)) {
      HookFastPath.recordNothingToDo(workingDirectory, env, args, started);
      return ExitCodes.OK;
    }
    AuditedRun audited = AuditedCommand.start(workingDirectory, env, args, started);
    PrintStream watched = AuditedCommand.watching(err);
    Warnings.to(watched);
    int code = ExitCodes.FAILED;
    try {
      code = GitHydrateCommand.commandLine(out, watched, workingDirectory, env, args).execute(args);
    } finally {
      watched.flush();
      Warnings.to(err);
      audited.finish(code);
    }
    return code;
  }
}
