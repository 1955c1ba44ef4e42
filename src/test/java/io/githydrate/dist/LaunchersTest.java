package io.githydrate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.dist.Launchers.Value;
import io.githydrate.testing.ChildProcess;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers written from src/dist's templates. The sh launcher is run with a stand-in java that
 * records each command line it is given, so each case's JVM options are checked without a JVM.
 */
class LaunchersTest {
  private static final Path TEMPLATES = Path.of("src/dist");
  /** As build.sh gives them for a JDK 25 runtime with every class cache trained. */
  private static final Map<Value, String> DISTRIBUTION = Map.of(Value.SQLITE_LIBRARY, "libsqlitejdbc.so",
      Value.MAIN_CACHE, "git-hydrate.aot", Value.HOOK_CACHE, "hook.aot", Value.UPDATE_CACHE, "update.aot",
      Value.FILTER_CACHE, "filter.aot", Value.CACHE_OPTION, "-XX:AOTCache", Value.CACHE_LOG, "aot");
  /**
   * Logs the path it was run by and the two variables the launcher hands on (line breaks as |), then
   * its arguments, one a line. QuickHook prints a list of changed archives; every class but
   * cli.Main then fails, so that a hook goes through all three JVMs.
   */
  private static final String FAKE_JAVA = """
      #!/bin/sh
      {
        printf 'run %s CHANGED=%s FAST_PATH=%s\\n' "$0" \\
          "$(printf %s "${GIT_HYDRATE_CHANGED_ARCHIVES-unset}" | tr '\\n' '|')" "${GIT_HYDRATE_FAST_PATH-unset}"
        for arg do printf '%s\\n' "$arg"; done
      } >> "$JAVA_LOG"
      for arg do
        case $arg in
          io.githydrate.hook.QuickHook) echo 'git-hydrate changed archives'; echo 'app.db.json'; exit 1 ;;
          io.githydrate.hook.*) exit 1 ;;
        esac
      done
      """;
  /** The runtime's Java version, as build.sh's Launchers runs on it. */
  private static final int JDK = 25;
  private static final List<String> OPTIONS = Launchers.options(TEMPLATES.resolve("jvm-options"), JDK);
  private static final String LIBRARY = "-Dorg.sqlite.lib.path=LIB";
  private static final String LIBRARY_NAME = "-Dorg.sqlite.lib.name=libsqlitejdbc.so";
  private static final String NO_VARIABLES = "CHANGED=unset FAST_PATH=unset";

  @TempDir
  Path root;
  private Path dist;
  private Path log;

  @BeforeEach
  void distribution() throws IOException {
    dist = root.resolve("git-hydrate");
    log = root.resolve("java.log");
    Files.createDirectories(dist.resolve("lib"));
    // The shell's answer: never sure, and no archive large.
    Files.writeString(dist.resolve("lib/quick-hook.sh"),
        "hydrate_quick() { hydrate_changed=; return 1; }\nhydrate_large() { return 1; }\n");
    executable(Files.createDirectories(dist.resolve("runtime/bin")).resolve("java"), FAKE_JAVA);
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Runs {@code launcher} in the temporary folder, with this JVM's environment and {@code env}; fails unless it exits 0. */
  private void run(Map<String, String> env, String launcher, String... args) {
    Map<String, String> all = new HashMap<>(System.getenv());
    all.remove("GIT_HYDRATE_JAVA_OPTS");
    all.remove("GIT_HYDRATE_JAVA");
    all.put("JAVA_LOG", log.toString());
    all.putAll(env);
    List<String> command = new ArrayList<>(List.of(launcher));
    command.addAll(List.of(args));
    ChildProcess.Exec exec = ChildProcess.run(root, all, command);
    assertEquals(0, exec.exitCode(), exec::toString);
  }

  /** The command lines bin/git-hydrate ran java with: each the java and variables line, then the arguments. */
  private List<List<String>> launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
    Files.deleteIfExists(log);
    run(env, dist.resolve("bin/git-hydrate").toString(), args);
    List<List<String>> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith("run ")) {
        lines.add(new ArrayList<>());
      }
      lines.get(lines.size() - 1).add(line);
    }
    return lines;
  }

  private List<List<String>> launch(String... args) throws IOException, InterruptedException {
    return launch(Map.of(), args);
  }

  /** One command line of the runtime's java: {@code variables}, the options, then {@code words}, LIB being lib/. */
  private List<String> line(String variables, String... words) {
    return lineOf(dist.resolve("bin") + "/../runtime/bin/java", variables, words);
  }

  /** One command line of {@code java}. */
  private List<String> lineOf(String java, String variables, String... words) {
    List<String> line = new ArrayList<>(List.of("run " + java + " " + variables));
    line.addAll(OPTIONS);
    for (String word : words) {
      line.add(word.replace("LIB", dist.resolve("bin") + "/../lib"));
    }
    return line;
  }

  @Test
  void commandsRunC1OnlyWithTheMainCache() throws Exception {
    Launchers.write(TEMPLATES, dist, DISTRIBUTION, JDK);
    assertEquals(List.of(line(NO_VARIABLES, "-XX:TieredStopAtLevel=1", LIBRARY, LIBRARY_NAME,
        "-XX:AOTCache=LIB/git-hydrate.aot", "-Xlog:aot*=off:stderr", "-cp", "LIB/git-hydrate.jar",
        "io.githydrate.cli.Main", "status", "--json")), launch("status", "--json"));
    // The merge driver with a small young generation; GIT_HYDRATE_JAVA_OPTS last before the class.
    assertEquals(List.of(line(NO_VARIABLES, "-XX:TieredStopAtLevel=1", "-Xmn32m", LIBRARY, LIBRARY_NAME,
        "-XX:AOTCache=LIB/git-hydrate.aot", "-Xlog:aot*=off:stderr", "-Xmx1g", "-Da=b", "-cp", "LIB/git-hydrate.jar",
        "io.githydrate.cli.Main", "merge-driver", "o", "a b", "t", "p")),
        launch(Map.of("GIT_HYDRATE_JAVA_OPTS", "-Xmx1g -Da=b"), "merge-driver", "o", "a b", "t", "p"));
  }

  @Test
  void aFileOver512MiBAndTheFilterGetBothCompilers() throws Exception {
    Launchers.write(TEMPLATES, dist, DISTRIBUTION, JDK);
    try (RandomAccessFile large = new RandomAccessFile(root.resolve("large.db").toFile(), "rw")) {
      large.setLength(513L << 20);
    }
    assertEquals(List.of(line(NO_VARIABLES, LIBRARY, LIBRARY_NAME, "-XX:AOTCache=LIB/git-hydrate.aot",
        "-Xlog:aot*=off:stderr", "-cp", "LIB/git-hydrate.jar", "io.githydrate.cli.Main", "dehydrate", "large.db")),
        launch("dehydrate", "large.db"));
    assertEquals(List.of(line(NO_VARIABLES, LIBRARY, LIBRARY_NAME, "-XX:AOTCache=LIB/filter.aot",
        "-Xlog:aot*=off:stderr", "-cp", "LIB/git-hydrate.jar", "io.githydrate.cli.Main", "filter-process")),
        launch("filter-process"));
  }

  @Test
  void aHookGoesFromTheQuickJvmToTheUpdateJvmToTheFullCommand() throws Exception {
    Launchers.write(TEMPLATES, dist, DISTRIBUTION, JDK);
    assertEquals(List.of(
        line(NO_VARIABLES, "-XX:TieredStopAtLevel=1", LIBRARY, LIBRARY_NAME, "-XX:AOTCache=LIB/hook.aot",
            "-Xlog:aot*=off:stderr", "-cp", "LIB/git-hydrate.jar", "io.githydrate.hook.QuickHook", "--print-changed",
            "hook", "post-checkout", "a", "b", "1"),
        line("CHANGED=git-hydrate changed archives|app.db.json FAST_PATH=unset", "-XX:TieredStopAtLevel=1",
            LIBRARY, LIBRARY_NAME, "-XX:AOTCache=LIB/update.aot", "-Xlog:aot*=off:stderr", "-cp", "LIB/git-hydrate.jar",
            "io.githydrate.hook.UpdateHook", "hook", "post-checkout", "a", "b", "1"),
        line("CHANGED=unset FAST_PATH=0", "-XX:TieredStopAtLevel=1", LIBRARY, LIBRARY_NAME,
            "-XX:AOTCache=LIB/git-hydrate.aot", "-Xlog:aot*=off:stderr", "-cp", "LIB/git-hydrate.jar",
            "io.githydrate.cli.Main", "hook", "post-checkout", "a", "b", "1")),
        launch("hook", "post-checkout", "a", "b", "1"));
    assertEquals(List.of(
        line(NO_VARIABLES, "-XX:TieredStopAtLevel=1", LIBRARY, LIBRARY_NAME, "-XX:AOTCache=LIB/hook.aot",
            "-Xlog:aot*=off:stderr", "-cp", "LIB/git-hydrate.jar", "io.githydrate.hook.QuickHook", "hook", "pre-commit"),
        line("CHANGED=unset FAST_PATH=0", "-XX:TieredStopAtLevel=1", LIBRARY, LIBRARY_NAME,
            "-XX:AOTCache=LIB/git-hydrate.aot", "-Xlog:aot*=off:stderr", "-cp", "LIB/git-hydrate.jar",
            "io.githydrate.cli.Main", "hook", "pre-commit")),
        launch("hook", "pre-commit"));
  }

  /** install.sh's form: the jar alone, run by the java that built it, or by GIT_HYDRATE_JAVA. */
  @Test
  void withoutARuntimeTheGivenJavaRunsTheJarWithTheSameOptions() throws Exception {
    Path java = Files.move(dist.resolve("runtime/bin/java"), root.resolve("system java"));
    Files.delete(dist.resolve("runtime/bin"));
    Launchers.write(TEMPLATES, dist, Map.of(Value.JAVA, java.toString()), JDK);
    String[] words = {"-XX:TieredStopAtLevel=1", "-cp", "LIB/git-hydrate.jar", "io.githydrate.cli.Main", "--version"};
    assertEquals(List.of(lineOf(java.toString(), NO_VARIABLES, words)), launch("--version"));
    Path other = Files.copy(java, root.resolve("other java"));
    assertEquals(List.of(lineOf(other.toString(), NO_VARIABLES, words)),
        launch(Map.of("GIT_HYDRATE_JAVA", other.toString()), "--version"));
  }

  @Test
  void theLauncherFindsItsFolderThroughALink() throws Exception {
    Launchers.write(TEMPLATES, dist, DISTRIBUTION, JDK);
    Path bin = Files.createDirectories(root.resolve("elsewhere/bin"));
    Files.createSymbolicLink(bin.resolve("git-hydrate"), dist.resolve("bin/git-hydrate"));
    run(Map.of(), bin.resolve("git-hydrate").toString(), "--version");
    assertTrue(Files.readAllLines(log).contains("-XX:AOTCache=" + dist.resolve("bin") + "/../lib/git-hydrate.aot"));
  }

  @Test
  void theCmdLauncherHasCrLfLineEndsAndItsValuesFilledIn() throws IOException {
    Launchers.write(TEMPLATES, dist, Map.of(Value.JAVA, "C:\\Java 100%\\bin\\java.exe", Value.HOOK_CACHE, "hook.jsa"),
        JDK);
    String cmd = Files.readString(dist.resolve("bin/git-hydrate.cmd"));
    assertFalse(cmd.replace("\r\n", "").contains("\n"), "a line ends without CR");
    assertTrue(cmd.contains("\r\nset \"OPTIONS=" + String.join(" ", OPTIONS) + "\"\r\n"), cmd);
    assertTrue(cmd.contains("\r\nset \"OTHER_JAVA=C:\\Java 100%%\\bin\\java.exe\"\r\n"), cmd);
    assertTrue(cmd.contains("\r\nset \"HOOK_CACHE=hook.jsa\"\r\n"), cmd);
    assertTrue(cmd.contains("\r\nset \"LIBRARY=\"\r\n"), cmd);
    assertFalse(cmd.matches("(?s).*@[A-Z_]+@.*"), "a placeholder was left");
  }

  @Test
  void valuesReachTheShLauncherAsTheyAre() throws Exception {
    for (String value : List.of("", "plain-word.aot", "/opt/my java/bin/java", "it's $HOME `x` \"q\" \\ *")) {
      Path template = root.resolve("template.sh");
      Files.writeString(template, "x=@JAVA@\nprintf '%s' \"$x\"\n");
      String script = Launchers.fill(template, Map.of(Value.JAVA, value), Launchers::shellWord);
      ChildProcess.Exec sh = ChildProcess.run(root, System.getenv(), List.of("sh", "-c", script));
      assertEquals(0, sh.exitCode(), sh::toString);
      assertEquals(value, sh.stdout(), sh::toString);
      assertEquals("", sh.stderr(), sh::toString);
    }
  }

  @Test
  void anUnknownPlaceholderStopsTheBuild() throws IOException {
    Path template = Files.writeString(root.resolve("launcher.sh"), "#!/bin/sh\n\nx=@JAVA_HOME@\n");
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> Launchers.fill(template, Map.of(), Launchers::shellWord));
    assertEquals(template + " line 3: expected a placeholder @NAME@ with NAME one of [JVM_OPTIONS, JAVA, "
        + "SQLITE_LIBRARY, MAIN_CACHE, HOOK_CACHE, UPDATE_CACHE, FILTER_CACHE, CACHE_OPTION, CACHE_LOG], got @JAVA_HOME@",
        unknown.getMessage());
  }

  @Test
  void anOptionFromALaterJdkIsLeftOutBeforeIt() throws IOException {
    Path options = Files.writeString(root.resolve("jvm-options"),
        "# comment\n\n-XX:+UseSerialGC\nfrom JDK 22: --enable-native-access=ALL-UNNAMED\n-Xlog:disable\n");
    assertEquals(List.of("-XX:+UseSerialGC", "-Xlog:disable"), Launchers.options(options, 21));
    assertEquals(List.of("-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-Xlog:disable"),
        Launchers.options(options, 22));
  }

  @Test
  void aLineOfJvmOptionsThatIsNotOneOptionStopsTheBuild() throws IOException {
    Path options = Files.writeString(root.resolve("jvm-options"), "# comment\n-XX:+UseSerialGC\n-Xmx1g -Xms1g\n");
    IllegalArgumentException two = assertThrows(IllegalArgumentException.class, () -> Launchers.options(options, 25));
    assertEquals(options + " line 3: expected one JVM option (a word starting with -, no spaces, quotes, *, ? or $),"
        + " or \"from JDK N: \" and one, got \"-Xmx1g -Xms1g\"", two.getMessage());
    Path since = Files.writeString(root.resolve("jvm-options"), "from JDK: -Xlog:disable\n");
    assertThrows(IllegalArgumentException.class, () -> Launchers.options(since, 25));
  }

  @Test
  void anUnknownValueNameFails() {
    assertEquals(1, Launchers.run("write", TEMPLATES.toString(), root.toString(), "CACHE=x.aot"));
    assertEquals(1, Launchers.run("write", TEMPLATES.toString(), root.toString(), "JVM_OPTIONS=-Xmx1g"));
    assertEquals(2, Launchers.run("write", TEMPLATES.toString()));
    assertEquals(0, Launchers.run("write", TEMPLATES.toString(), root.toString(), "JAVA=/usr/bin/java"));
  }
}
