package io.githydrate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed reference-transaction script, run by the real git with a stand-in git-hydrate that
 * records how it was called: Git runs the hook for every ref update, and the script alone decides,
 * without a JVM, which of them move HEAD with no other hook to follow.
 */
class ReferenceTransactionScriptTest {
  @TempDir
  Path dir;

  Path repo;
  Path calls;
  Map<String, String> env;

  @BeforeEach
  void repositoryWithTheScript() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    calls = dir.resolve("calls.txt");
    Files.writeString(calls, "");
    executable(bin.resolve("git-hydrate"), "#!/bin/sh\necho \"$*\" >> " + GitSandbox.shellQuote(calls.toString()) + "\n");
    Path hooks = Files.createDirectories(dir.resolve("hooks"));
    try (InputStream script = getClass().getResourceAsStream("/io/githydrate/hooks/reference-transaction")) {
      executable(hooks.resolve("reference-transaction"), new String(script.readAllBytes(), StandardCharsets.UTF_8));
    }
    env = new HashMap<>(System.getenv());
    env.keySet().removeIf(key -> key.startsWith("GIT_"));
    env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
    env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    repo = dir.resolve("repo");
    git(dir, "init", "-q", "-b", "main", repo.toString());
    git(repo, "config", "core.hooksPath", hooks.toString());
    git(repo, "config", "user.name", "Ada");
    git(repo, "config", "user.email", "ada@example.com");
    for (String line : List.of("one", "two", "three")) {
      Files.writeString(repo.resolve("f"), line + "\n");
      git(repo, "add", "f");
      git(repo, "commit", "-q", "-m", line);
    }
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private String git(Path where, String... args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(where.toFile()).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError("git " + String.join(" ", args) + " failed:\n" + output);
      }
      return output.trim();
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private List<String> callsSince() throws IOException {
    List<String> lines = Files.readAllLines(calls);
    Files.writeString(calls, "");
    return lines;
  }

  @Test
  void resetHardToAnotherCommitCallsTheHookWithTheMove() throws IOException {
    String before = git(repo, "rev-parse", "HEAD");
    String after = git(repo, "rev-parse", "HEAD~1");
    callsSince();

    git(repo, "reset", "-q", "--hard", "HEAD~1");

    assertEquals(List.of("hook reference-transaction committed " + before + " " + after + " HEAD"), callsSince());
  }

  @Test
  void resetHardInPlaceCallsTheHookToo() throws IOException {
    String head = git(repo, "rev-parse", "HEAD");
    callsSince();

    git(repo, "reset", "-q", "--hard");

    assertEquals(List.of("hook reference-transaction committed " + head + " " + head + " HEAD"), callsSince());
  }

  @Test
  void updatesOfOtherRefsStartNothing() throws IOException {
    callsSince();

    git(repo, "tag", "v1");
    git(repo, "branch", "other", "HEAD~1");
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD~2");
    git(repo, "branch", "-f", "other", "HEAD~2");

    assertEquals(List.of(), callsSince());
  }

  @Test
  void movesThatAnotherHookFollowsAreLeftToIt() throws IOException {
    callsSince();

    Files.writeString(repo.resolve("f"), "four\n");
    git(repo, "commit", "-q", "-a", "-m", "four"); // post-commit
    git(repo, "commit", "-q", "--amend", "-m", "four, amended"); // post-commit
    git(repo, "checkout", "-q", "HEAD~1"); // post-checkout
    git(repo, "checkout", "-q", "main"); // post-checkout
    git(repo, "checkout", "-q", "-b", "topic", "HEAD~2"); // post-checkout
    git(repo, "merge", "-q", "main"); // post-merge (a fast-forward)

    assertEquals(List.of(), callsSince());
  }

  @Test
  void aChainedHookReadsTheSameUpdatesAndItsRefusalStands() throws IOException {
    Path seen = dir.resolve("seen.txt");
    executable(dir.resolve("hooks").resolve("reference-transaction.before-git-hydrate"),
        "#!/bin/sh\ncat >> " + GitSandbox.shellQuote(seen.toString()) + "\n[ \"$1\" != prepared ] || exit 1\n");
    String head = git(repo, "rev-parse", "HEAD");

    ProcessBuilder builder = new ProcessBuilder("git", "tag", "refused").directory(repo.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    int exit;
    try {
      exit = builder.start().waitFor();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }

    assertNotEquals(0, exit, "the chained hook refused the prepared transaction");
    assertEquals(List.of(), List.of(git(repo, "tag", "--list", "refused").split("\n")).stream()
        .filter(line -> !line.isEmpty()).toList());
    String update = "0".repeat(40) + " " + head + " refs/tags/refused";
    assertEquals(List.of(update, update), Files.readAllLines(seen), "prepared, then aborted");
  }
}
