package io.githydrate.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run as a child process to its end: its whole environment given, stdin closed at once,
 * stdout and stderr kept. The output goes to temporary files rather than pipes, so that a process a
 * hook leaves running in the background cannot hold the test up by keeping them open.
 */
public final class ChildProcess {
  /** How long a command may take before it and its children are ended and the test fails. */
  public static final Duration LIMIT = Duration.ofSeconds(120);

  private ChildProcess() {}

  /** One finished command: what ran, where, and everything it printed (as UTF-8). */
  public record Exec(List<String> command, Path directory, int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "$ " + String.join(" ", command) + "\n  (in " + directory + ")\nexit code " + exitCode
          + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr + "---";
    }
  }

  /**
   * Runs {@code command} in {@code directory} with {@code env} as its whole environment, whatever its
   * exit code. The program is looked up on this JVM's {@code PATH}, not on {@code env}'s: name it by
   * its path where that matters.
   */
  public static Exec run(Path directory, Map<String, String> env, List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("git-hydrate-test-out", ".txt");
      err = Files.createTempFile("git-hydrate-test-err", ".txt");
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      process.getOutputStream().close();
      if (!process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError("timed out after " + LIMIT.toSeconds() + " s: " + String.join(" ", command)
            + " in " + directory);
      }
      return new Exec(List.copyOf(command), directory, process.exitValue(), text(out), text(err));
    } catch (IOException e) {
      throw new AssertionError(String.join(" ", command) + " in " + directory + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** The file's bytes as UTF-8, malformed sequences replaced: git may print a binary file. */
  private static String text(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  /**
   * The command line of a child JVM that runs {@code main} with {@code args}, on this JVM's Java and
   * class path: for a test that needs another process's locks, or a process it can kill. C1 only
   * and the serial collector, since such a JVM lives a few seconds at most.
   */
  public static List<String> java(Class<?> main, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return command;
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a file left in the temporary folder harms no test
      }
    }
  }
}
