package io.githydrate.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one hook the way Git runs it ({@code git hook run NAME}, Git 2.36+; the hook file itself on
 * older Git) with {@code GIT_HYDRATE_PROBE} naming a file, and tells whether git-hydrate's lines in a
 * hook manager's script answered: they write the hook's name there and end the script, so nothing
 * after them runs. Run it only when {@link ManagerScript#linesFirst} holds, so that nothing of the
 * user's runs before them either. Each call starts processes and waits for them, at most
 * {@link #TIMEOUT_SECONDS}.
 */
final class HookProbe {
  static final String VARIABLE = "GIT_HYDRATE_PROBE";
  static final int TIMEOUT_SECONDS = 30;

  private final Path workTree;
  private final Map<String, String> env;

  HookProbe(Path workTree, Map<String, String> env) {
    this.workTree = workTree;
    this.env = env;
  }

  /** Empty when Git's hook {@code name} (the file {@code hook}) reached git-hydrate's lines; otherwise what happened instead. */
  Optional<String> run(String name, Path hook) {
    Path answer = null;
    try {
      answer = Files.createTempFile("git-hydrate-probe", ".txt");
      String failure = runGit(name, answer);
      if (failure != null && failure.contains("'hook' is not a git command")) {
        failure = runFile(hook, answer); // Git before 2.36
      }
      String said = Files.readString(answer, StandardCharsets.UTF_8).strip();
      if (said.equals(name)) {
        return Optional.empty();
      }
      return Optional.of(failure != null ? failure : "the hook ended without reaching them");
    } catch (IOException e) {
      return Optional.of("cannot run the hook: " + e.getMessage());
    } finally {
      if (answer != null) {
        try {
          Files.deleteIfExists(answer);
        } catch (IOException e) {
          // a temporary file of a few bytes; the system's cleaning takes it
        }
      }
    }
  }

  private String runGit(String name, Path answer) throws IOException {
    Process process = GitCli.withEnvironment(workTree, env)
        .start(List.of("hook", "run", name), null, true, Map.of(VARIABLE, shellPath(answer)));
    return outcome(process);
  }

  private String runFile(Path hook, Path answer) throws IOException {
    ProcessBuilder builder = new ProcessBuilder("sh", hook.toString()).directory(workTree.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.environment().put(VARIABLE, shellPath(answer));
    Process process = builder.start();
    process.getOutputStream().close();
    return outcome(process);
  }

  /** Null when the process exited 0; otherwise its exit code and the first line it wrote. */
  private static String outcome(Process process) throws IOException {
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return "the hook did not finish within " + TIMEOUT_SECONDS + " s";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return "interrupted";
    }
    String said = (err.join() + out.join()).strip();
    if (process.exitValue() == 0) {
      return null;
    }
    return "the hook exited with code " + process.exitValue()
        + said.lines().findFirst().map(line -> ": " + line).orElse("");
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** A path sh reads on every platform: Git for Windows' sh takes {@code C:/…}. */
  private static String shellPath(Path file) {
    return file.toAbsolutePath().toString().replace('\\', '/');
  }
}
