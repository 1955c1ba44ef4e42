package io.githydrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.HydrateException;
import io.githydrate.testing.InProcess;
import io.githydrate.testing.InProcess.Run;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * However a command fails, the user sees one line on stderr and exit code 1; the stack trace only
 * with {@code --stacktrace}. Failures are thrown by a command added for the test, since no real
 * command can be made to fail with a bug on purpose.
 */
class ErrorReportTest {
  @TempDir
  Path dir;

  @Command(name = "fail")
  static final class Failing implements Callable<Integer> {
    private final Supplier<Throwable> failure;

    Failing(Supplier<Throwable> failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() throws Exception {
      Throwable t = failure.get();
      if (t instanceof Error e) {
        throw e;
      }
      throw (Exception) t;
    }
  }

  private Run run(Supplier<Throwable> failure, String... args) {
    return InProcess.capture((out, err) -> {
      CommandLine commandLine = GitHydrateCommand.commandLine(out, err, dir, Map.of());
      commandLine.addSubcommand(new Failing(failure));
      return commandLine.execute(args);
    });
  }

  @Test
  void aUsersProblemIsItsMessage() {
    assertEquals(new Run(1, "", "git-hydrate: data/app.db: no such database file\n"),
        run(() -> new HydrateException("data/app.db: no such database file"), "fail"));
  }

  @Test
  void controlCharactersFromAnArchiveAreShownEscaped() {
    // a table name chosen by whoever pushed: a line break, and a terminal's "erase line" sequence
    assertEquals(new Run(1, "", "git-hydrate: archive a.json: table \"x\\u000agit-hydrate: all good\\u001b[2K\": bad\n"),
        run(() -> new HydrateException("archive a.json: table \"x\ngit-hydrate: all good\u001b[2K\": bad"), "fail"));
  }

  @Test
  void anUnexpectedExceptionIsOneLineWithAHint() {
    assertEquals(new Run(1, "", "git-hydrate: internal error: IllegalStateException: two lines of text"
        + " (rerun with --stacktrace to see where, and report it)\n"),
        run(() -> new IllegalStateException("two lines\n  of text"), "fail"));
  }

  @Test
  void anErrorIsOneLineToo() {
    assertEquals(new Run(1, "", "git-hydrate: internal error: StackOverflowError"
        + " (rerun with --stacktrace to see where, and report it)\n"), run(StackOverflowError::new, "fail"));
    assertEquals(new Run(1, "", "git-hydrate: internal error: OutOfMemoryError: Java heap space"
        + " (rerun with --stacktrace to see where, and report it)\n"),
        run(() -> new OutOfMemoryError("Java heap space"), "fail"));
  }

  @Test
  void stacktraceShowsTheTraceOfAnyFailure() {
    Run error = run(StackOverflowError::new, "--stacktrace", "fail");
    assertEquals(1, error.exitCode());
    assertTrue(error.err().startsWith("java.lang.StackOverflowError\n\tat "), error.err());
    Run exception = run(() -> new IllegalStateException("boom"), "--stacktrace", "fail");
    assertEquals(1, exception.exitCode());
    assertTrue(exception.err().startsWith("java.lang.IllegalStateException: boom\n\tat "), exception.err());
  }
}
