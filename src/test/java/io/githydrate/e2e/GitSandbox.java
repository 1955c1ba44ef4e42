package io.githydrate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.testing.ChildProcess.Exec;
import io.githydrate.testing.InProcess;
import io.githydrate.testing.TestGit;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A throw-away Git world for one test class: a {@code git-hydrate} launcher on {@code PATH}, a
 * {@link TestGit} with a home folder of its own (so the user's Git configuration plays no part), and
 * a seed remote whose {@code main} already carries {@code app.db.json}, {@code .gitignore} and
 * {@code .gitattributes} as a first {@code git hydrate install} and commit left them. Every
 * {@code git} runs as a child process with that environment; its output is kept for assertion
 * messages.
 */
final class GitSandbox {
  /** The notes the seed commit's archive holds, as {@link #notes} reads them. */
  static final List<String> SEED_NOTES = List.of("1|first note", "2|second note");
  static final List<String> HOOKS = List.of("post-checkout", "post-commit", "post-merge", "post-rewrite", "pre-commit",
      "reference-transaction");

  /** One finished command: what ran, where, and everything it said. */
  record Result(List<String> command, Path directory, int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "$ " + String.join(" ", command) + "\n  (in " + directory + ")\nexit code " + exitCode
          + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr + "---";
    }

    String output() {
      return stdout + stderr;
    }

    /** The lines of stderr that git-hydrate wrote (its hooks prefix every line). */
    List<String> hydrateLines() {
      return stderr.lines().filter(line -> line.startsWith("git-hydrate:")).toList();
    }
  }

  private final Path root;
  private final TestGit git;
  private final Map<String, String> environment;
  private final Path seed;
  private final Path seedRemote;

  private GitSandbox(Path root, TestGit git) {
    this.root = root;
    this.git = git;
    this.environment = git.environment();
    this.seed = root.resolve("seed");
    this.seedRemote = root.resolve("seed.git");
  }

  /** Builds the launcher, the home folder and the seed remote under {@code root}. */
  static GitSandbox start(Path root) throws IOException {
    GitSandbox sandbox = withoutSeed(root);
    sandbox.makeSeed();
    return sandbox;
  }

  /**
   * As {@link #start}, with a seed in filter mode: {@code app.db} tracked at its own path (Git holds
   * its archive), and the hydrate filter set up once for the sandbox's user ({@code install --global}),
   * so a plain {@code git clone} of the seed remote checks out a working database.
   */
  static GitSandbox startFilterMode(Path root) throws IOException {
    GitSandbox sandbox = withoutSeed(root);
    sandbox.makeFilterSeed();
    return sandbox;
  }

  private static GitSandbox withoutSeed(Path root) throws IOException {
    Path bin = Files.createDirectories(root.resolve("bin"));
    writeLauncher(bin.resolve("git-hydrate"));
    return new GitSandbox(root, TestGit.withHome(root.resolve("home")).withPathFirst(bin));
  }

  /** The seed of filter mode: the first user's install --global and install --filter, then a commit. */
  private void makeFilterSeed() throws IOException {
    startSeed();
    git(seed, "hydrate", "install", "--global");
    git(seed, "hydrate", "install", "--filter");
    git(seed, "add", ".");
    git(seed, "commit", "-q", "-m", "Keep app.db in Git, stored as its archive");
    assertEquals(List.of(".gitattributes", ".gitignore", "app.db", "notes.txt"), trackedFiles(seed),
        "the seed commit should hold the database and the install's files");
    assertTrue(git(seed, "show", "HEAD:app.db").stdout().startsWith("{\n \"format\": \"git-hydrate-archive\""),
        "Git should hold the archive at the database's path");
    git(root, "clone", "-q", "--bare", seed.toString(), seedRemote.toString());
  }

  /**
   * The launcher runs the classes under test from this JVM's class path, so the tests need no
   * packaged binary; C1 only and the serial collector because each hook is a short-lived JVM.
   */
  private static void writeLauncher(Path launcher) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = launcherClassPath(Files.createDirectories(launcher.resolveSibling("lib")));
    String script = "#!/bin/sh\nexec " + shellQuote(java) + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
        + " -cp " + shellQuote(classPath) + " io.githydrate.cli.Main \"$@\"\n";
    Files.writeString(launcher, script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /**
   * This JVM's class path, with signed jars (JGit's) replaced by copies without their signatures, as
   * the shaded binary has them (see pom.xml): checking the signatures costs each hook's JVM about a
   * quarter of a second, a fifth of its run.
   */
  private static String launcherClassPath(Path lib) throws IOException {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      entries.add(isSigned(path) ? withoutSignatures(path, lib).toString() : entry);
    }
    return String.join(File.pathSeparator, entries);
  }

  private static boolean isSigned(Path jar) throws IOException {
    if (!Files.isRegularFile(jar)) {
      return false;
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream().anyMatch(entry -> isSignature(entry.getName()));
    }
  }

  private static boolean isSignature(String name) {
    return name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");
  }

  private static Path withoutSignatures(Path jar, Path lib) throws IOException {
    Path copy = lib.resolve(jar.getFileName());
    try (ZipFile zip = new ZipFile(jar.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        if (!isSignature(entry.getName())) {
          out.putNextEntry(new ZipEntry(entry.getName()));
          try (InputStream in = zip.getInputStream(entry)) {
            in.transferTo(out);
          }
          out.closeEntry();
        }
      }
    }
    return copy;
  }

  static String shellQuote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /** A new repository holding the seed's database and a text file, before any git-hydrate set-up. */
  private void startSeed() throws IOException {
    git(root, "init", "-q", seed.toString());
    sql(seed.resolve("app.db"),
        "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
        "CREATE TABLE tags(note_id INTEGER NOT NULL REFERENCES notes(id), tag TEXT NOT NULL)",
        "INSERT INTO notes VALUES (1, 'first note'), (2, 'second note')",
        "INSERT INTO tags VALUES (1, 'todo'), (2, 'done')");
    Files.writeString(seed.resolve("notes.txt"), "shared notes\n");
  }

  /** The seed is what the first user's {@code git hydrate install} and commit made; the clones start from it. */
  private void makeSeed() throws IOException {
    startSeed();
    git(seed, "hydrate", "install");
    git(seed, "add", ".gitignore", ".gitattributes", "notes.txt");
    git(seed, "commit", "-q", "-m", "Keep app.db in Git as its archive");
    assertEquals(List.of(".gitattributes", ".gitignore", "app.db.json", "notes.txt"), trackedFiles(seed),
        "the seed commit should hold the archive and the install's files");
    git(root, "clone", "-q", "--bare", seed.toString(), seedRemote.toString());
  }

  /** The environment every command of the sandbox runs with. */
  Map<String, String> environment() {
    return environment;
  }

  /** The environment with no {@code git-hydrate} reachable on {@code PATH}. */
  Map<String, String> environmentWithoutBinary() {
    Map<String, String> env = new HashMap<>(environment);
    String path = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty() && !Files.exists(Path.of(dir, "git-hydrate")))
        .collect(Collectors.joining(File.pathSeparator));
    env.put("PATH", path);
    return env;
  }

  /** A bare remote in {@code directory}, a copy of the seed remote. */
  Path newRemote(Path directory) throws IOException {
    Files.createDirectories(directory);
    Path remote = directory.resolve("remote.git");
    git(directory, "clone", "-q", "--bare", seedRemote.toString(), remote.toString());
    return remote;
  }

  /** A clone of {@code remote} at {@code directory}, without git-hydrate's hooks. */
  Path clone(Path remote, Path directory) throws IOException {
    Files.createDirectories(directory.getParent());
    git(directory.getParent(), "clone", "-q", remote.toString(), directory.toString());
    return directory;
  }

  /**
   * A clone in the state {@code git hydrate install} leaves it: the seed's installed hooks copied in
   * and the databases hydrated. Done in this JVM because each git-hydrate process costs a second or
   * more and most scenarios need two clones; the install command itself has its own scenarios.
   */
  Path cloneInstalled(Path remote, Path directory) throws IOException {
    clone(remote, directory);
    Path hooks = hooksOf(directory);
    for (String hook : HOOKS) {
      Files.copy(hooksOf(seed).resolve(hook), hooks.resolve(hook), StandardCopyOption.COPY_ATTRIBUTES);
    }
    InProcess.Run sync = InProcess.run(directory, environment, "sync");
    assertEquals(0, sync.exitCode(), () -> "git-hydrate sync in " + directory + " failed:\n" + sync);
    assertEquals(SEED_NOTES, notes(directory.resolve("app.db")), "the fresh clone's database");
    return directory;
  }

  /** Runs {@code git args…} in {@code directory} and fails the test unless it succeeds. */
  Result git(Path directory, String... args) {
    Result result = tryGit(directory, args);
    assertEquals(0, result.exitCode(), result::toString);
    return result;
  }

  /** Runs {@code git args…} in {@code directory}, whatever its exit code. */
  Result tryGit(Path directory, String... args) {
    return run(directory, environment, args);
  }

  /** Runs {@code git args…} in {@code directory} with {@code env} as its whole environment. */
  Result run(Path directory, Map<String, String> env, String... args) {
    Exec exec = git.tryGit(directory, env, args);
    return new Result(exec.command(), exec.directory(), exec.exitCode(), exec.stdout(), exec.stderr());
  }

  /** Where git-hydrate's hooks are installed in a clone that uses the default hooks folder. */
  static Path hooksOf(Path clone) {
    return clone.resolve(".git").resolve("hooks");
  }

  /** The paths the index of {@code clone} holds, as {@code git ls-files} prints them. */
  List<String> trackedFiles(Path clone) {
    return git(clone, "ls-files").stdout().lines().toList();
  }

  /** The lines of {@code git status --porcelain}; empty when the work tree is clean. */
  List<String> status(Path clone) {
    return git(clone, "status", "--porcelain").stdout().lines().toList();
  }

  /** Files changed by the commit {@code revision}. */
  List<String> filesOf(Path clone, String revision) {
    return git(clone, "show", "--format=", "--name-only", revision).stdout().lines().toList();
  }

  String head(Path clone) {
    return git(clone, "rev-parse", "HEAD").stdout().trim();
  }

  /**
   * Appends a line to {@code file}, stages it and commits: the everyday commit, where the pre-commit
   * hook exports whatever databases changed alongside.
   */
  Result commitFileChange(Path clone, String file, String line, String message) throws IOException {
    appendLine(clone.resolve(file), line);
    git(clone, "add", "--", file);
    return git(clone, "commit", "-m", message);
  }

  static void appendLine(Path file, String line) throws IOException {
    Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Every file directly in {@code directory}, sorted by name. */
  static List<String> list(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The content of every file directly in {@code directory}, by name. */
  static Map<String, String> contents(Path directory) throws IOException {
    Map<String, String> contents = new HashMap<>();
    for (String name : list(directory)) {
      Path file = directory.resolve(name);
      if (Files.isRegularFile(file)) {
        contents.put(name, Files.readString(file, StandardCharsets.ISO_8859_1));
      }
    }
    return contents;
  }

  // Opened by file: URI, so spaces and letters such as "ü" in a path reach SQLite as the file's own name.
  private static Connection open(Path db) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath().toUri().toASCIIString());
  }

  /** Runs each statement against {@code db}, creating it if needed. */
  static void sql(Path db, String... statements) {
    try (Connection connection = open(db); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new AssertionError(db + ": " + e.getMessage(), e);
    }
  }

  /** Each row {@code select} returns, its values joined by {@code |} ({@code NULL} for null). */
  static List<String> query(Path db, String select) {
    if (!Files.isRegularFile(db)) {
      throw new AssertionError(db + ": no such database");
    }
    List<String> rows = new ArrayList<>();
    try (Connection connection = open(db); Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery(select)) {
      int width = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= width; i++) {
          Object value = rs.getObject(i);
          values.add(value == null ? "NULL" : value.toString());
        }
        rows.add(String.join("|", values));
      }
    } catch (SQLException e) {
      throw new AssertionError(db + ": " + e.getMessage(), e);
    }
    return rows;
  }

  /** The notes of a database made from the seed, in id order. */
  static List<String> notes(Path db) {
    return query(db, "SELECT id, body FROM notes ORDER BY id");
  }

  /** The seed's notes plus {@code extra}. */
  static List<String> seedNotesAnd(String... extra) {
    List<String> all = new ArrayList<>(SEED_NOTES);
    all.addAll(List.of(extra));
    return all;
  }

  static void assertContains(String text, String expected, Result result) {
    assertTrue(text.contains(expected), () -> "expected to find \"" + expected + "\" in:\n" + result);
  }
}
