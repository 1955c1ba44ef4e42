package io.githydrate.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.githydrate.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * git-hydrate command lines run in this JVM, through {@link Main#run} as the binary runs them, with
 * what they print kept for assertions. A JVM start costs a second or more on a busy machine, so
 * every test that is not about the process itself runs commands this way.
 */
public final class InProcess {
  private InProcess() {}

  /** What one command line printed on stdout and on stderr, and its exit code. */
  public record Run(int exitCode, String out, String err) {
    /** This run, once its stderr is seen to hold no stack trace: a user never sees one unless asked. */
    public Run withoutStackTrace() {
      assertFalse(err.contains("\tat ") || err.contains("Exception"), "a stack trace on stderr:\n" + err);
      return this;
    }

    @Override
    public String toString() {
      return "exit code " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err + "---";
    }
  }

  /** Something that prints on the two streams it is given and returns an exit code. */
  @FunctionalInterface
  public interface Command {
    int run(PrintStream out, PrintStream err);
  }

  /** Runs {@code git-hydrate args…} in {@code directory}, with this JVM's environment. */
  public static Run run(Path directory, String... args) {
    return capture((out, err) -> Main.run(out, err, directory, args));
  }

  /** Runs {@code git-hydrate args…} in {@code directory}, with {@code env} as the environment Git gave it. */
  public static Run run(Path directory, Map<String, String> env, String... args) {
    return capture((out, err) -> Main.run(out, err, directory, env, args));
  }

  /** Runs {@code command} with two fresh UTF-8 streams, closed when it returns, and keeps what it printed. */
  public static Run capture(Command command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
         PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = command.run(o, e);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
