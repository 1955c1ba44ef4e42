package io.githydrate.cli;

import io.githydrate.Warnings;
import io.githydrate.hook.HookFastPath;
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
    // Checked before anything else is loaded: most hook runs end here (see HookFastPath).
    if (HookFastPath.nothingToDo(workingDirectory, env, args)) {
      return ExitCodes.OK;
    }
    Warnings.to(err);
    return GitHydrateCommand.commandLine(out, err, workingDirectory, env, args).execute(args);
  }
}
