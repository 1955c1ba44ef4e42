package io.githydrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.TestSqlite;
import io.githydrate.testing.InProcess;
import io.githydrate.testing.InProcess.Run;
import io.githydrate.testing.TestGit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.commons.io.file.PathUtils;

/**
 * Fuzzing the hook entry point: {@code git-hydrate hook NAME ARGS…} with random names and
 * arguments, in a real Git repository where git-hydrate is installed and a database committed, never
 * throws, never prints a stack trace and ends in bounded time; a post-* hook given only arguments
 * (no options) never fails, since its exit code would become Git's.
 */
class HookFuzzPropertyTest {
  private static final long TIMEOUT_SECONDS = 20;
  private static final AtomicInteger TRIED = new AtomicInteger();
  private static Path base;
  private static Path repository;
  /** Git with no hooks: the fuzzing calls the hook entry point itself. */
  private static TestGit testGit;

  /** Option-like words the command line knows or might misread; others starting with "-" are left out. */
  private static final List<String> OPTIONS = List.of("-", "--", "-x", "--json", "--help", "--version",
      "--lock-timeout", "--lock-timeout=0", "--lock-timeout=-1", "--lock-timeout=NaN", "--lock-timeout=1e308");

  @BeforeContainer
  static void anInstalledRepository() throws Exception {
    base = Files.createTempDirectory("git-hydrate-hook-fuzz");
    repository = Files.createDirectories(base.resolve("repo"));
    testGit = TestGit.withHome(base.resolve("home")).withConfig("core.hooksPath", base.resolve("no-hooks").toString());
    git("init", "-q");
    TestSqlite.exec(repository.resolve("app.db"), "CREATE TABLE note(id INTEGER PRIMARY KEY, text TEXT)",
        "INSERT INTO note(text) VALUES ('first')");
    assertEquals(0, hydrate("install").exitCode());
    assertEquals(0, hydrate("add").exitCode());
    git("add", ".gitignore", ".gitattributes");
    git("commit", "-q", "--no-verify", "-m", "first");
    TestSqlite.exec(repository.resolve("app.db"), "INSERT INTO note(text) VALUES ('second')");
    assertEquals(0, hydrate("add").exitCode());
    git("commit", "-q", "--no-verify", "-m", "second");
  }

  @AfterContainer
  static void figures() throws IOException {
    System.out.printf("hook fuzzing: %d random hook command lines, none hung, threw or printed a stack trace%n",
        TRIED.get());
    PathUtils.deleteDirectory(base);
  }

  private static void git(String... args) {
    testGit.git(repository, args);
  }

  private static Run hydrate(String... args) {
    return InProcess.run(repository, testGit.environment(), args);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.oneOf(
        Arbitraries.of("post-checkout", "post-merge", "post-rewrite", "pre-commit", "post-commit", "pre-push",
            "POST-CHECKOUT", "", " "),
        Arbitraries.strings().ofMaxLength(20).filter(s -> !s.startsWith("-") && !s.startsWith("@")));
  }

  @Provide
  Arbitrary<List<String>> arguments() {
    Arbitrary<String> word = Arbitraries.oneOf(
        Arbitraries.of("0".repeat(40), "0".repeat(64), "HEAD", "HEAD~1", "HEAD~99", "ORIG_HEAD", "main",
            "refs/heads/main", "HEAD^{tree}", "HEAD:app.db.json", ":/first", "main..HEAD", "@{-1}", "1", "0",
            "rebase", "amend", "", " ", "../..", "app.db", "app.db.json", ".git", "a".repeat(5000)),
        Arbitraries.strings().withCharRange('0', '9').withCharRange('a', 'f').ofLength(40),
        Arbitraries.strings().ofMaxLength(40).filter(s -> !s.startsWith("-") && !s.startsWith("@")),
        Arbitraries.of(OPTIONS));
    return word.list().ofMaxSize(4);
  }

  @Property(tries = 100)
  @Label("Fuzzing: any hook command line ends cleanly, without a stack trace")
  void anyHookCommandLineEndsCleanly(@ForAll("names") String name, @ForAll("arguments") List<String> arguments)
      throws Exception {
    List<String> commandLine = new ArrayList<>(List.of("hook", name));
    commandLine.addAll(arguments);
    Run run = assertTimeoutPreemptively(java.time.Duration.ofSeconds(TIMEOUT_SECONDS),
        () -> hydrate(commandLine.toArray(String[]::new)), () -> "hook " + commandLine + " did not end");
    TRIED.incrementAndGet();
    String output = run.out() + run.err();
    assertFalse(output.contains("\tat ") || output.contains("Exception in thread") || output.contains("Caused by:"),
        "a stack trace:\n" + output);
    assertFalse(output.contains("git-hydrate: internal error"), "a bug, not a clear error:\n" + output);
    assertTrue(List.of(0, 1, 2).contains(run.exitCode()), "exit code " + run.exitCode() + "\n" + output);
    boolean onlyArguments = arguments.stream().noneMatch(OPTIONS::contains);
    if (name.startsWith("post-") && onlyArguments) {
      assertEquals(0, run.exitCode(), "a post-* hook failed Git's command:\n" + output);
    }
    assertEquals(List.of(List.of("ok")), TestSqlite.query(repository.resolve("app.db"), "PRAGMA quick_check"));
  }
}
