package io.githydrate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.TestSqlite;
import io.githydrate.cli.Main;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pushed commit chooses the paths git-hydrate works on: a symbolic link to a folder outside the
 * clone, or a {@code .hydrateconfig} whose archive directory is {@code .git/…} or {@code ../…}.
 * After a real {@code git clone}, the post-checkout hook refuses such paths with a line naming them,
 * does not fail the checkout, and writes nothing outside the work tree or into {@code .git}.
 */
class UnsafePathsTest {
  private static final String NO_COMMIT = "0".repeat(40);

  @TempDir
  Path dir;

  private Path origin;
  private Path outside;
  private Map<String, String> env;

  /** What one in-process run printed and returned. */
  private record Run(int exitCode, String out, String err) {}

  @BeforeEach
  void anOriginAndAFolderOutside() throws IOException {
    origin = Files.createDirectories(dir.resolve("origin"));
    outside = Files.createDirectories(dir.resolve("outside"));
    env = new HashMap<>();
    System.getenv().forEach((key, value) -> {
      if (!key.startsWith("GIT_")) {
        env.put(key, value);
      }
    });
    env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
  }

  private void git(Path directory, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Pusher", "-c", "user.email=p@example.com",
        "-c", "init.defaultBranch=main", "-c", "core.hooksPath=" + dir.resolve("no-hooks")));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "git did not end");
    assertEquals(0, process.exitValue(), "git " + String.join(" ", args) + ":\n" + output);
  }

  private Run hydrate(Path directory, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
         PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(o, e, directory, env, args);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Writes a valid archive of a one-table database to {@code archive} (made outside any repository). */
  private void archive(Path archive, String note) throws Exception {
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    Path db = scratch.resolve("source.db");
    Files.deleteIfExists(db);
    TestSqlite.exec(db, "CREATE TABLE note(text TEXT)", "INSERT INTO note VALUES ('" + note + "')");
    Files.createDirectories(archive.getParent());
    assertEquals(0, hydrate(scratch, "dehydrate", db.toString(), "-o", archive.toString()).exitCode());
  }

  /** Commits everything in the origin, clones it (Git checks out, running no hook) and returns the clone. */
  private Path pushAndClone() throws Exception {
    git(origin, "init", "-q");
    git(origin, "add", "-A");
    git(origin, "commit", "-q", "-m", "what an attacker pushed");
    git(dir, "clone", "-q", origin.toString(), "clone");
    return dir.resolve("clone");
  }

  private List<String> filesOutside() throws IOException {
    try (Stream<Path> files = Files.walk(outside)) {
      return files.filter(p -> !p.equals(outside)).map(Path::toString).toList();
    }
  }

  @Test
  void aCommittedLinkToAFolderOutsideDoesNotLetACheckoutWriteThere() throws Exception {
    Files.writeString(origin.resolve(".hydrateconfig"), "[hydrate]\n\tarchiveDirectory = db\n");
    archive(origin.resolve("db/sub/link/evil.db.json"), "written outside");
    archive(origin.resolve("db/good.db.json"), "good");
    Files.createDirectories(origin.resolve("sub"));
    Files.createSymbolicLink(origin.resolve("sub/link"), outside);
    Path clone = pushAndClone();
    assertTrue(Files.isSymbolicLink(clone.resolve("sub/link")), "git checked the link out");

    Run hook = hydrate(clone, "hook", "post-checkout", NO_COMMIT, "HEAD", "1");
    String refusal = "sub/link/evil.db: refusing this path: it leads outside the repository (sub/link resolves to "
        + outside.toRealPath() + ")";
    assertEquals(0, hook.exitCode(), "a post-checkout hook failed the checkout:\n" + hook.err());
    assertTrue(hook.err().contains("git-hydrate: ERROR: " + refusal + "; skipped\n"), hook.err());
    assertEquals(List.of(), filesOutside());
    assertEquals(List.of("good"), GitSandbox.query(clone.resolve("good.db"), "SELECT text FROM note"),
        "the other databases are still rebuilt");

    Run all = hydrate(clone, "hydrate");
    assertEquals(new Run(1, "", "git-hydrate: " + refusal + "\n"), all);
    assertEquals(List.of(), filesOutside());
  }

  @Test
  void anArchiveDirectoryInsideGitIsRefusedWithoutFailingTheCheckout() throws Exception {
    Files.writeString(origin.resolve(".hydrateconfig"), "[hydrate]\n\tarchiveDirectory = .git/hooks\n");
    archive(origin.resolve("app.db.json"), "harmless");
    Path clone = pushAndClone();
    List<String> hooksBefore = List.of(clone.resolve(".git/hooks").toFile().list());
    String refusal = clone.resolve(".hydrateconfig") + ": hydrate.archiveDirectory \".git/hooks\" must name a folder"
        + " inside the repository: it is inside .git, Git's own directory";

    Run hook = hydrate(clone, "hook", "post-checkout", NO_COMMIT, "HEAD", "1");
    assertEquals(new Run(0, "", "git-hydrate: ERROR: databases were not updated: " + refusal + "\n"
        + "git-hydrate: the checkout itself is fine; fix the above and run 'git hydrate sync'\n"), hook);
    Run status = hydrate(clone, "status");
    assertEquals(new Run(1, "", "git-hydrate: " + refusal + "\n"), status);
    Run commit = hydrate(clone, "hook", "pre-commit");
    assertEquals(new Run(1, "", "git-hydrate: " + refusal + "\n"), commit);
    assertEquals(hooksBefore, List.of(clone.resolve(".git/hooks").toFile().list()));
  }

  @Test
  void anArchiveDirectoryAboveTheCloneIsRefused() throws Exception {
    Files.writeString(origin.resolve(".hydrateconfig"), "[hydrate]\n\tarchiveDirectory = ../outside\n");
    Path clone = pushAndClone();
    Files.writeString(clone.resolve("app.db"), "");
    Run dehydrate = hydrate(clone, "dehydrate");
    assertEquals(new Run(1, "", "git-hydrate: " + clone.resolve(".hydrateconfig") + ": hydrate.archiveDirectory"
        + " \"../outside\" must name a folder inside the repository: it has a \"..\" component\n"), dehydrate);
    assertEquals(List.of(), filesOutside());
  }
}
