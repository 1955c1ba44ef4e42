package io.githydrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GitHydrateCommandTest {
  private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

  private static Optional<String> named(String... args) {
    return GitHydrateCommand.subcommandNamed(args);
  }

  private static Set<String> registered(String... args) {
    CommandLine commandLine = GitHydrateCommand.commandLine(NOWHERE, NOWHERE, Path.of("."), Map.of(), args);
    return commandLine.getSubcommands().keySet();
  }

  @Test
  void picocliIsBytecodeTheClassCacheKeeps() throws Exception {
    // Class files before Java 6 (major version 50) are left out of the JDK's class caches (pom.xml).
    try (InputStream in = CommandLine.class.getResourceAsStream("CommandLine.class")) {
      byte[] header = in.readNBytes(8);
      int major = ((header[6] & 0xff) << 8) | (header[7] & 0xff);
      assertEquals(61, major, "class file version of picocli.CommandLine");
    }
  }

  @Test
  void theSubcommandIsTheFirstWordThatIsNoOptionOrOptionValue() {
    assertEquals(Optional.of("hydrate"), named("hydrate", "app.db.json", "-o", "status"));
    assertEquals(Optional.of("status"), named("-C", "hydrate", "status"));
    assertEquals(Optional.of("dehydrate"), named("--json", "--lock-timeout", "sync", "dehydrate"));
    assertEquals(Optional.of("verify"), named("--lock-timeout=2", "-Cdir", "verify"));
  }

  @Test
  void withoutAKnownSubcommandThereIsNone() {
    assertEquals(Optional.empty(), named());
    assertEquals(Optional.empty(), named("--help"));
    assertEquals(Optional.empty(), named("rehydrate", "status"));
    assertEquals(Optional.empty(), named("-C"));
  }

  @Test
  void onlyTheSubcommandRunIsBuilt() {
    assertEquals(Set.of("hydrate"), registered("hydrate", "--help"));
    assertEquals(Set.of("hook"), registered("hook", "pre-commit"));
  }

  @Test
  void theHelpAndAMistypedNameGetEverySubcommandUnderItsOwnName() {
    Set<String> all = registered();
    assertEquals(all, registered("--help"));
    assertEquals(all, registered("rehydrate"));
    assertEquals(all, registered("help", "status"));
    assertEquals(all, registered("man-page"));
    assertEquals(Set.of("install", "uninstall", "track", "untrack", "sync", "add", "status", "repair", "backups",
        "doctor", "dehydrate", "hydrate", "stats", "verify", "check", "conflicts", "resolve", "merge-driver", "diff",
        "migration", "log", "diagram", "docs", "audit", "help", "diff-driver", "textconv", "hook", "filter-process", "clean",
        "smudge", "man-page"), all);
    CommandLine commandLine = GitHydrateCommand.commandLine(NOWHERE, NOWHERE, Path.of("."), Map.of(), new String[0]);
    commandLine.getSubcommands().forEach((name, sub) -> assertEquals(name, sub.getCommandSpec().name(), name));
    commandLine.getSubcommands().forEach((name, sub) -> assertEquals(name,
        sub.getCommandSpec().userObject().getClass().getAnnotation(CommandLine.Command.class).name(), name));
  }
}
