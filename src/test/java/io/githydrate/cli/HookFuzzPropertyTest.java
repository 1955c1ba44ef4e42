package io.githydrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.TestSqlite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
  private static Map<String, String> env;

  /** Option-like words the command line knows or might misread; others starting with "-" are left out. */
  private static final List<String> OPTIONS = List.of("-", "--", "-x", "--json", "--help", "--version",
      "--lock-timeout", "--lock-timeout=0", "--lock-timeout=-1", "--lock-timeout=NaN", "--lock-timeout=1e308");

  @BeforeContainer
  static void anInstalledRepository() throws Exception {
    base = Files.createTempDirectory("git-hydrate-hook-fuzz");
    repository = Files.createDirectories(base.resolve("repo"));
    Path home = Files.createDirectories(base.resolve("home"));
    env = new HashMap<>();
    System.getenv().forEach((key, value) -> {
      if (!key.startsWith("GIT_")) {
        env.put(key, value);
      }
    });
    env.put("HOME", home.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    git("init", "-q", "-b", "main");
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

  private static void git(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Fuzz", "-c", "user.email=fuzz@example.com",
        "-c", "core.hooksPath=" + base.resolve("no-hooks")));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(repository.toFile()).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "git " + args[0] + " did not end");
    assertEquals(0, process.exitValue(), "git " + String.join(" ", args) + ":\n" + output);
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run hydrate(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
         PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(o, e, repository, env, args);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
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

  @Property(tries = 400)
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
