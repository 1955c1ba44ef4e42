package io.githydrate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.githydrate.testing.ChildProcess.Exec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real {@code git}, for tests, cut off from the machine's and the user's settings: this JVM's
 * environment without any {@code GIT_*} variable or {@code XDG_CONFIG_HOME} (either could point Git
 * at another repository, index or configuration), a home folder of its own whose {@code .gitconfig}
 * is all the configuration Git reads, a fixed author and committer, and messages in English so that
 * tests can read them. Each command is a child process ({@link ChildProcess}). Immutable.
 */
public final class TestGit {
  private final Map<String, String> environment;
  private final List<String> options;

  private TestGit(Map<String, String> environment, List<String> options) {
    this.environment = Map.copyOf(environment);
    this.options = List.copyOf(options);
  }

  /**
   * Git with {@code home} (made if needed) as its home folder, where a {@code .gitconfig} is written:
   * new repositories start on {@code main}, and {@code git pull} merges.
   */
  public static TestGit withHome(Path home) throws IOException {
    Files.createDirectories(home);
    Files.writeString(home.resolve(".gitconfig"), "[init]\n\tdefaultBranch = main\n[pull]\n\trebase = false\n");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.keySet().removeIf(key -> key.startsWith("GIT_") || key.equals("XDG_CONFIG_HOME"));
    String all = env.remove("LC_ALL");
    if (all != null) {
      env.putIfAbsent("LC_CTYPE", all);
    }
    env.remove("LANGUAGE");
    env.put("LC_MESSAGES", "C");
    env.put("HOME", home.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_AUTHOR_NAME", "Ada Author");
    env.put("GIT_AUTHOR_EMAIL", "ada@example.com");
    env.put("GIT_COMMITTER_NAME", "Carl Committer");
    env.put("GIT_COMMITTER_EMAIL", "carl@example.com");
    env.put("GIT_EDITOR", "true");
    env.put("GIT_TERMINAL_PROMPT", "0");
    return new TestGit(env, List.of());
  }

  /** This Git with {@code directory} first on {@code PATH}, for the programs Git and its hooks start. */
  public TestGit withPathFirst(Path directory) {
    Map<String, String> env = new HashMap<>(environment);
    env.put("PATH", directory + File.pathSeparator + env.getOrDefault("PATH", ""));
    return new TestGit(env, options);
  }

  /** This Git with {@code -c key=value} before every command's arguments. */
  public TestGit withConfig(String key, String value) {
    List<String> more = new ArrayList<>(options);
    more.addAll(List.of("-c", key + "=" + value));
    return new TestGit(environment, more);
  }

  /** The environment every command runs with, unmodifiable. */
  public Map<String, String> environment() {
    return environment;
  }

  /** Runs {@code git args…} in {@code directory} and fails the test unless it succeeds. */
  public Exec git(Path directory, String... args) {
    Exec exec = tryGit(directory, args);
    assertEquals(0, exec.exitCode(), exec::toString);
    return exec;
  }

  /** Runs {@code git args…} in {@code directory}, whatever its exit code. */
  public Exec tryGit(Path directory, String... args) {
    return tryGit(directory, environment, args);
  }

  /** Runs {@code git args…} in {@code directory} with {@code env} as its whole environment, whatever its exit code. */
  public Exec tryGit(Path directory, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(options);
    command.addAll(List.of(args));
    return ChildProcess.run(directory, env, command);
  }
}
