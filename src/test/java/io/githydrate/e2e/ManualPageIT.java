package io.githydrate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.testing.ChildProcess;
import io.githydrate.testing.ChildProcess.Exec;
import io.githydrate.testing.Prerequisite;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code git hydrate --help} shows the manual page: Git runs {@code man git-hydrate} for it, and
 * {@code install.sh} puts {@code git-hydrate.1} in {@code PREFIX/share/man/man1}, where {@code man}
 * looks for a program found in {@code PREFIX/bin}. Installs the distribution {@code mvn package}
 * built into a prefix of its own, as a user would, with {@code GIT_HYDRATE_PREFIX}.
 */
class ManualPageIT {
  @TempDir
  static Path root;
  private static Path prefix;
  private static Map<String, String> env;

  @BeforeAll
  static void installed() throws IOException {
    Path dist = Path.of(System.getProperty("githydrate.dist", "target/git-hydrate"));
    Prerequisite.require(Files.isRegularFile(dist.resolve("share/man/man1/git-hydrate.1")),
        "no distribution with its manual page at " + dist.toAbsolutePath() + " (the package phase warned why)");
    Prerequisite.require(onPath("man") != null, "no man program on PATH to show a manual page with");
    prefix = root.resolve("prefix");
    env = new HashMap<>(System.getenv());
    env.keySet().removeIf(key -> key.startsWith("GIT_") || key.startsWith("MAN") || key.equals("XDG_CONFIG_HOME"));
    env.put("HOME", Files.createDirectories(root.resolve("home")).toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_HYDRATE_PREFIX", prefix.toString());
    env.put("PATH", prefix.resolve("bin") + File.pathSeparator + System.getenv("PATH"));
    env.put("MANPAGER", "cat");
    env.put("MANWIDTH", "100");
    env.put("LC_ALL", "C");
    Exec install = ChildProcess.run(Path.of("").toAbsolutePath(), env, List.of("sh", "install.sh"));
    assertEquals(0, install.exitCode(), install::toString);
  }

  @Test
  void installPutsTheManualPageWhereManFindsIt() {
    Path page = prefix.resolve("share/man/man1/git-hydrate.1");
    assertTrue(Files.isRegularFile(page), page + " after install.sh");
  }

  @Test
  void gitHydrateHelpShowsTheManualPage() {
    Exec help = ChildProcess.run(root, env, List.of("git", "hydrate", "--help"));
    assertEquals(0, help.exitCode(), help::toString);
    assertTrue(help.stdout().startsWith("GIT-HYDRATE(1)"), help::toString);
    for (String section : List.of("\nNAME\n", "\nSYNOPSIS\n", "\nCOMMANDS\n", "\nEXIT CODES\n")) {
      assertTrue(help.stdout().contains(section), section + " in:\n" + help.stdout());
    }
    assertTrue(help.stdout().contains("git hydrate help [COMMAND]"), help::toString);
  }

  @Test
  void gitHydrateHelpCommandShowsThatCommandsHelp() {
    Exec help = ChildProcess.run(root, env, List.of("git", "hydrate", "help", "status"));
    assertEquals(0, help.exitCode(), help::toString);
    assertTrue(help.stdout().startsWith("Usage: git-hydrate status "), help::toString);
  }

  private static Path onPath(String program) {
    for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
