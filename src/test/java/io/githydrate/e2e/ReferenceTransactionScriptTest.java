package io.githydrate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.githydrate.testing.ChildProcess;
import io.githydrate.testing.TestGit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
  TestGit testGit;

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
    testGit = TestGit.withHome(dir.resolve("home")).withPathFirst(bin);
    repo = dir.resolve("repo");
    git(dir, "init", "-q", repo.toString());
    git(repo, "config", "core.hooksPath", hooks.toString());
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

  /** Runs {@code git args…} in {@code where}, failing the test unless it succeeds; its output, trimmed. */
  private String git(Path where, String... args) {
    return testGit.git(where, args).stdout().trim();
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

    ChildProcess.Exec tag = testGit.tryGit(repo, "tag", "refused");

    assertNotEquals(0, tag.exitCode(), () -> "the chained hook refused the prepared transaction:\n" + tag);
    assertEquals(List.of(), List.of(git(repo, "tag", "--list", "refused").split("\n")).stream()
        .filter(line -> !line.isEmpty()).toList());
    String update = "0".repeat(40) + " " + head + " refs/tags/refused";
    assertEquals(List.of(update, update), Files.readAllLines(seen), "prepared, then aborted");
  }
}
