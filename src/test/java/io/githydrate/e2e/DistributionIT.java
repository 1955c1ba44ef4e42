package io.githydrate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.testing.ChildProcess;
import io.githydrate.testing.ChildProcess.Exec;
import io.githydrate.testing.Poll;
import io.githydrate.testing.Prerequisite;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution that {@code mvn package} builds (target/git-hydrate/, see src/dist/build.sh) runs on
 * its own Java runtime: every command here runs with no JDK reachable, neither on {@code PATH} (which
 * holds only links to git, sh and the few tools the hooks use) nor through {@code JAVA_HOME}.
 */
class DistributionIT {
  private static final List<String> TOOLS = List.of("git", "sh", "dirname", "readlink", "find", "awk", "sed", "grep", "head");

  @TempDir
  static Path root;
  private static Map<String, String> env;

  @BeforeAll
  static void withoutJdk() throws IOException {
    Path dist = Path.of(System.getProperty("githydrate.dist", "target/git-hydrate"));
    Prerequisite.require(Files.isExecutable(dist.resolve("bin/git-hydrate")),
        "no distribution at " + dist.toAbsolutePath() + " (the package phase warned why it built none)");
    Path bin = Files.createDirectories(root.resolve("bin"));
    // Linked as install.sh links it, so the launcher has to find its folder through the link.
    Files.createSymbolicLink(bin.resolve("git-hydrate"), dist.resolve("bin/git-hydrate").toAbsolutePath());
    for (String tool : TOOLS) {
      Files.createSymbolicLink(bin.resolve(tool), onPath(tool));
    }
    Path home = Files.createDirectories(root.resolve("home"));
    env = new HashMap<>();
    env.put("PATH", bin.toString());
    env.put("HOME", home.toString());
    env.put("LC_ALL", "C");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_AUTHOR_NAME", "Ada Author");
    env.put("GIT_AUTHOR_EMAIL", "ada@example.com");
    env.put("GIT_COMMITTER_NAME", "Ada Author");
    env.put("GIT_COMMITTER_EMAIL", "ada@example.com");
    Exec java = run(root, "sh", "-c", "command -v java || echo none");
    assertEquals("none\n", java.stdout(), "no java may be reachable in the test's environment");
  }

  @Test
  void versionRunsWithoutJdkAndPrintsNothingElse() {
    Exec result = run(root, "git-hydrate", "--version");
    assertEquals(0, result.exitCode(), result::toString);
    assertTrue(result.stdout().startsWith("git-hydrate "), result::toString);
    assertEquals("", result.stderr(), "the JVM or a library warned on stderr");
  }

  @Test
  void dehydratesAndHydratesExplicitPaths() {
    Path db = root.resolve("explicit.db");
    GitSandbox.sql(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, data BLOB)",
        "INSERT INTO t VALUES (1, 'Zoë', x'00ff'), (2, NULL, NULL)");
    Exec dehydrate = run(root, "git-hydrate", "dehydrate", "explicit.db", "-o", "explicit.json");
    assertEquals(0, dehydrate.exitCode(), dehydrate::toString);
    Exec hydrate = run(root, "git-hydrate", "hydrate", "explicit.json", "-o", "copy.db");
    assertEquals(0, hydrate.exitCode(), hydrate::toString);
    assertEquals(List.of("1|Zoë|00FF", "2|NULL|"),
        GitSandbox.query(root.resolve("copy.db"), "SELECT id, name, hex(data) FROM t ORDER BY id"));
  }

  /** The layout library (ELK, EMF, Guava) finds all it needs in the linked runtime's modules. */
  @Test
  void drawsADiagramOnTheLinkedRuntime() throws IOException {
    Path db = root.resolve("drawn.db");
    GitSandbox.sql(db, "CREATE TABLE a(id INTEGER PRIMARY KEY)", "CREATE TABLE b(a_id INTEGER REFERENCES a(id))");
    Exec diagram = run(root, "git-hydrate", "diagram", "drawn.db", "--changes-since", "drawn.db");
    assertEquals(0, diagram.exitCode(), diagram::toString);
    assertEquals("", diagram.stderr(), "the JVM or a library warned on stderr");
    assertTrue(diagram.stdout().contains("data-from=\"b\" data-to=\"a\""), diagram::toString);
  }

  /**
   * Rows travel between threads in batches bounded by bytes as well as by count: with batches of
   * hundreds of rows, 1.5 MB rows took 144 MB of heap at once and both commands ran out of memory.
   */
  @Test
  void rowsOfLargeValuesGoThroughASmallHeap() throws IOException {
    Path db = root.resolve("large values.db");
    GitSandbox.sql(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, data BLOB, note TEXT)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 96)"
            + " INSERT INTO t SELECT i, randomblob(1000000), hex(randomblob(250000)) FROM n");
    String small = "GIT_HYDRATE_JAVA_OPTS=-Xmx48m exec git-hydrate ";
    Exec dehydrate = run(root, "sh", "-c", small + "dehydrate 'large values.db' -o large.json");
    assertEquals(0, dehydrate.exitCode(), dehydrate::toString);
    Exec hydrate = run(root, "sh", "-c", small + "hydrate large.json -o large-copy.db");
    assertEquals(0, hydrate.exitCode(), hydrate::toString);
    String check = "SELECT count(*), sum(length(data)), sum(length(note)) FROM t";
    assertEquals(List.of("96|96000000|48000000"), GitSandbox.query(root.resolve("large-copy.db"), check));
    Exec again = run(root, "git-hydrate", "dehydrate", "large-copy.db", "-o", "large-copy.json");
    assertEquals(0, again.exitCode(), again::toString);
    assertSameArchivesButTheirPath(root.resolve("large.json"), root.resolve("large-copy.json"));
  }

  /**
   * C2's compiling costs about half a second of CPU time, which pays off only on hundreds of
   * megabytes: commands run C1 alone unless a file they name is over 512 MiB (a sparse one here).
   */
  @Test
  void commandsRunC1OnlyUnlessGivenALargeFile() throws IOException {
    try (RandomAccessFile large = new RandomAccessFile(root.resolve("sparse.db").toFile(), "rw")) {
      large.setLength(513L << 20);
    }
    Files.writeString(root.resolve("small.db"), "not a database");
    assertEquals("C1 only", compilers("--version"));
    assertEquals("C1 only", compilers("dehydrate", "small.db", "-o", "small.json"));
    assertEquals("C1 and C2", compilers("dehydrate", "sparse.db", "-o", "sparse.json"));
    assertEquals("C1 and C2", compilers("dehydrate", root.resolve("sparse.db").toString()));
    assertTrue(Files.notExists(root.resolve("sparse.json")), "a file that is not a database was archived");
  }

  /** Which JIT compilers the launcher has the JVM run for a command. */
  private static String compilers(String... command) {
    List<String> line = new ArrayList<>(List.of("sh", "-c",
        "GIT_HYDRATE_JAVA_OPTS=-XX:+PrintCommandLineFlags exec git-hydrate \"$@\"", "git-hydrate"));
    line.addAll(List.of(command));
    String flags = run(root, line.toArray(String[]::new)).stdout().lines().findFirst().orElse("");
    assertTrue(flags.contains("-XX:+UseSerialGC"), "no JVM flags printed: " + flags);
    return flags.contains("-XX:TieredStopAtLevel=1") ? "C1 only" : "C1 and C2";
  }

  /** Line by line, as the archives are large; the fourth line names the database. */
  private static void assertSameArchivesButTheirPath(Path expected, Path actual) throws IOException {
    try (BufferedReader want = Files.newBufferedReader(expected); BufferedReader got = Files.newBufferedReader(actual)) {
      int line = 1;
      for (String w = want.readLine(), g = got.readLine(); w != null || g != null;
           w = want.readLine(), g = got.readLine(), line++) {
        if (line != 4 && !Objects.equals(w, g)) {
          throw new AssertionError(actual + " differs from " + expected + " on line " + line);
        }
      }
    }
  }

  @Test
  void cloneAndInstallRebuildsTheCommittedDatabase() throws IOException {
    Path origin = Files.createDirectories(root.resolve("origin"));
    assertEquals(0, run(origin, "git", "init", "-q").exitCode());
    GitSandbox.sql(origin.resolve("app.db"), "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)",
        "INSERT INTO notes VALUES (1, 'first note')");
    Exec install = run(origin, "git", "hydrate", "install");
    assertEquals(0, install.exitCode(), install::toString);
    assertEquals(0, run(origin, "git", "add", ".").exitCode());
    Exec commit = run(origin, "git", "commit", "-q", "-m", "Keep app.db as its archive");
    assertEquals(0, commit.exitCode(), commit::toString);
    assertEquals(".gitattributes\n.gitignore\napp.db.json\n", run(origin, "git", "ls-files").stdout());

    assertEquals(0, run(root, "git", "clone", "-q", "origin", "clone").exitCode());
    Path clone = root.resolve("clone");
    Exec cloneInstall = run(clone, "git", "hydrate", "install");
    assertEquals(0, cloneInstall.exitCode(), cloneInstall::toString);
    assertEquals(List.of("1|first note"), GitSandbox.notes(clone.resolve("app.db")));

    // Hooks through the launcher: its quick JVM, then the full command when there is work.
    String first = run(clone, "git", "rev-parse", "--abbrev-ref", "HEAD").stdout().trim();
    GitSandbox.sql(clone.resolve("app.db"), "INSERT INTO notes VALUES (2, 'second note')");
    assertEquals(0, run(clone, "git", "checkout", "-q", "-b", "second").exitCode());
    Exec commitSecond = run(clone, "git", "-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-q",
        "--allow-empty", "-m", "A second note");
    assertEquals(0, commitSecond.exitCode(), commitSecond::toString);
    Exec back = run(clone, "git", "checkout", "-q", first);
    assertEquals(0, back.exitCode(), back::toString);
    assertEquals(List.of("1|first note"), GitSandbox.notes(clone.resolve("app.db")), back::toString);
    Exec again = run(clone, "git", "checkout", "-q", "second");
    assertEquals(List.of("1|first note", "2|second note"), GitSandbox.notes(clone.resolve("app.db")), again::toString);
    Exec noChange = run(clone, "git", "checkout", "-q", "-b", "third");
    assertEquals("", noChange.stderr(), "a checkout that changes no archive says nothing");
  }

  /**
   * Filter mode through the packaged launcher: Git runs git-hydrate filter-process (both compilers,
   * the filter's own class cache), a plain clone after install --global gets a working database,
   * and a commit's pre-commit hook is answered by the shell when nothing binary is staged.
   */
  @Test
  void filterModeThroughTheLauncher() throws IOException {
    Path origin = Files.createDirectories(root.resolve("filter-origin"));
    assertEquals(0, run(origin, "git", "init", "-q").exitCode());
    GitSandbox.sql(origin.resolve("app.db"), "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)",
        "INSERT INTO notes VALUES (1, 'first note')");
    Exec global = run(origin, "git", "hydrate", "install", "--global");
    assertEquals(0, global.exitCode(), global::toString);
    Exec install = run(origin, "git", "hydrate", "install", "--filter");
    assertEquals(0, install.exitCode(), install::toString);
    assertEquals(0, run(origin, "git", "add", ".").exitCode());
    // A JVM would print its flags on stdout: the shell answers a pre-commit with nothing binary staged.
    Exec hook = run(origin, "sh", "-c", "GIT_HYDRATE_JAVA_OPTS=-XX:+PrintCommandLineFlags exec git-hydrate hook pre-commit");
    assertEquals(0, hook.exitCode(), hook::toString);
    assertEquals("", hook.stdout(), "no JVM should start for this pre-commit: " + hook);
    Exec commit = run(origin, "git", "commit", "-q", "-m", "The database, as its archive");
    assertEquals(0, commit.exitCode(), commit::toString);
    assertTrue(run(origin, "git", "show", "HEAD:app.db").stdout().startsWith("{\n \"format\": \"git-hydrate-archive\""));
    assertEquals("C1 and C2", compilers("filter-process"));

    Exec clone = run(root, "git", "clone", "-q", "filter-origin", "filter-clone");
    assertEquals(0, clone.exitCode(), clone::toString);
    Path copy = root.resolve("filter-clone");
    assertEquals(List.of("1|first note"), GitSandbox.notes(copy.resolve("app.db")));
    GitSandbox.sql(copy.resolve("app.db"), "INSERT INTO notes VALUES (2, 'second note')");
    Exec status = run(copy, "git", "status", "--porcelain");
    assertEquals(" M app.db\n", status.stdout(), status::toString);
    assertEquals("", status.stderr(), "the filter printed nothing: " + status);
  }

  @Test
  void aCheckoutThatChangesAnArchiveUpdatesItsDatabaseWithoutTheFullCommand() throws IOException {
    Path repo = Files.createDirectories(root.resolve("switching"));
    assertEquals(0, run(repo, "git", "init", "-q", "-b", "main").exitCode());
    GitSandbox.sql(repo.resolve("app.db"), "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)",
        "INSERT INTO notes VALUES (1, 'on main')");
    assertEquals(0, run(repo, "git", "hydrate", "install").exitCode());
    assertEquals(0, run(repo, "git", "add", ".").exitCode());
    assertEquals(0, run(repo, "git", "commit", "-q", "-m", "main").exitCode());
    assertEquals(0, run(repo, "git", "checkout", "-q", "-b", "other").exitCode());
    GitSandbox.sql(repo.resolve("app.db"), "UPDATE notes SET body = 'on other'");
    assertEquals(0, run(repo, "git", "hydrate", "add").exitCode());
    assertEquals(0, run(repo, "git", "commit", "-q", "-m", "other").exitCode());

    // Every JVM the launcher starts logs the classes it has; none may be the command line's or JGit's.
    Path logs = Files.createDirectories(root.resolve("class-logs"));
    // Row by row first, then (GIT_HYDRATE_ROW_UPDATES=0) rebuilt in full.
    int step = 0;
    for (String branch : List.of("main", "other", "main", "other")) {
      boolean rowByRow = step++ < 2;
      env.put("GIT_HYDRATE_JAVA_OPTS", "-Xlog:class+load:file=" + logs.resolve(step + "-" + branch + "-%p.log"));
      if (!rowByRow) {
        env.put("GIT_HYDRATE_ROW_UPDATES", "0");
      }
      Exec result;
      try {
        result = run(repo, "git", "checkout", "-q", branch);
      } finally {
        env.remove("GIT_HYDRATE_JAVA_OPTS");
        env.remove("GIT_HYDRATE_ROW_UPDATES");
      }
      assertEquals(0, result.exitCode(), result::toString);
      assertEquals("git-hydrate: app.db: " + (rowByRow ? "updated in place (+1 -1 rows)" : "replaced")
          + " from app.db.json\n", result.stderr());
      assertEquals(List.of("1|on " + branch), GitSandbox.query(repo.resolve("app.db"), "SELECT id, body FROM notes"));
    }
    String classes;
    try (Stream<Path> files = Files.list(logs)) {
      StringBuilder all = new StringBuilder();
      for (Path log : files.toList()) {
        all.append(Files.readString(log, StandardCharsets.UTF_8));
      }
      classes = all.toString();
    }
    assertTrue(classes.contains("io.githydrate.hook.UpdateHook "), "the launcher's update JVM ran");
    assertTrue(!classes.contains("picocli.CommandLine ") && !classes.contains("org.eclipse.jgit.lib.Repository "),
        "the full command ran, or its classes were loaded");
    try (Stream<Path> kept = Files.list(repo.resolve(".git/git-hydrate/cache"))) {
      assertEquals(2, kept.count(), "both branches' databases are kept for the next switch");
    }

    // Once the files have settled (some seconds after they were written) and a sync listed them, a
    // checkout or commit that touches no database is answered by the launcher's shell: no JVM starts.
    Poll.until(Duration.ofSeconds(15), Duration.ofMillis(250), "a sync that lists the settled files", () -> {
      Exec sync = run(repo, "git", "hydrate", "sync");
      assertEquals(0, sync.exitCode(), sync::toString);
      return Files.exists(repo.resolve(".git/git-hydrate/settled"));
    });
    Path quiet = Files.createDirectories(root.resolve("quiet-logs"));
    env.put("GIT_HYDRATE_JAVA_OPTS", "-Xlog:class+load:file=" + quiet.resolve("jvm-%p.log"));
    try {
      assertEquals(0, run(repo, "git", "checkout", "-q", "-b", "third").exitCode());
      Files.writeString(repo.resolve("readme.txt"), "text\n");
      assertEquals(0, run(repo, "git", "add", "readme.txt").exitCode());
      Exec commit = run(repo, "git", "commit", "-q", "-m", "Text only");
      assertEquals(0, commit.exitCode(), commit::toString);
    } finally {
      env.remove("GIT_HYDRATE_JAVA_OPTS");
    }
    try (Stream<Path> started = Files.list(quiet)) {
      assertEquals(List.of(), started.toList(), "a JVM started for hooks with nothing to do");
    }
  }

  /** Runs {@code command} in {@code directory} with the test's environment, its program found on the test's PATH. */
  private static Exec run(Path directory, String... command) {
    List<String> resolved = new ArrayList<>(List.of(command));
    // ProcessBuilder looks the program up on this JVM's PATH, so name it by the test's PATH.
    resolved.set(0, env.get("PATH") + File.separator + command[0]);
    return ChildProcess.run(directory, env, resolved);
  }

  private static Path onPath(String tool) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, tool))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(() -> new AssertionError(tool + " is not on PATH; the test needs it"));
  }
}
