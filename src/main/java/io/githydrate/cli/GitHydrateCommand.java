package io.githydrate.cli;

import io.githydrate.TerminalProgress;
import io.githydrate.HydrateException;
import io.githydrate.Messages;
import io.githydrate.audit.AuditTrail;
import io.githydrate.engine.PlaceholderValues;
import io.githydrate.engine.Progress;
import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.GitCli;
import io.githydrate.git.GitRepository;
import io.githydrate.git.Mode;
import io.githydrate.git.Workspace;
import io.githydrate.sync.Context;
import io.githydrate.sync.FilterWorkTree;
import io.githydrate.hook.Hooks;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/** The top-level command: options every subcommand shares, and the error handling for all. */
@Command(
    name = "git-hydrate",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = Version.class,
    description = {
        "Keeps SQLite databases out of Git and a deterministic, line-per-row JSON archive of each in Git.",
        "Without paths, commands act on every database of the repository (see README: Configuration)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:done", "1:a database or archive failed (each failure is printed)", "2:wrong command line",
        "3:verify: a round trip was not exact"
    })
final class GitHydrateCommand {
  @Option(names = "-C", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "Run as if started in DIR.")
  Path directory;

  @Option(names = "--json", scope = ScopeType.INHERIT,
      description = "Print the result as JSON on stdout.")
  boolean json;

  @Option(names = "--lock-timeout", paramLabel = "SECONDS", scope = ScopeType.INHERIT,
      description = "How long to wait for another process's lock on a database (default: ${DEFAULT-VALUE}).")
  double lockTimeoutSeconds = Context.DEFAULT_LOCK_TIMEOUT.toMillis() / 1000.0;

  @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
      description = "Print the stack trace of an error (for bug reports).")
  boolean stacktrace;

  private InputStream in = System.in;
  private PrintStream out;
  private PrintStream err;
  private Path workingDirectory;
  private Map<String, String> env;
  /** Whether a redacted column's variable that is not set stops a build (a command's --strict). */
  private boolean strict;
  private TerminalProgress progress;
  /** Whether a JSON document went to stdout: a failure after it must not print a second one. */
  private boolean jsonWritten;

  /** The help of {@code --strict}, which every command that builds databases takes and passes here ({@link #strict}). */
  static final String STRICT = "Fail, changing nothing, when a redacted column's environment variable is not set"
      + " (default: a warning, and the placeholder text as its value).";

  /** Subcommands that describe the others, so need every one built. */
  private static final Set<String> ABOUT_ALL = Set.of("help", "man-page");

  /** Every subcommand by name, in the order the help lists them. */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> all = new LinkedHashMap<>();
    all.put("install", InstallCommand::new);
    all.put("uninstall", UninstallCommand::new);
    all.put("track", TrackCommand::new);
    all.put("untrack", UntrackCommand::new);
    all.put("sync", SyncCommand::new);
    all.put("add", AddCommand::new);
    all.put("status", StatusCommand::new);
    all.put("repair", RepairCommand::new);
    all.put("backups", BackupsCommand::new);
    all.put("doctor", DoctorCommand::new);
    all.put("dehydrate", DehydrateCommand::new);
    all.put("hydrate", HydrateCommand::new);
    all.put("stats", StatsCommand::new);
    all.put("verify", VerifyCommand::new);
    all.put("check", CheckCommand::new);
    all.put("conflicts", ConflictsCommand::new);
    all.put("resolve", ResolveCommand::new);
    all.put("merge-driver", MergeDriverCommand::new);
    all.put("diff", DiffCommand::new);
    all.put("migration", MigrationCommand::new);
    all.put("log", LogCommand::new);
    all.put("diagram", DiagramCommand::new);
    all.put("docs", DocsCommand::new);
    all.put("audit", AuditCommand::new);
    all.put("help", CommandLine.HelpCommand::new);
    all.put("diff-driver", DiffDriverCommand::new);
    all.put("textconv", TextconvCommand::new);
    all.put("hook", HookCommand::new);
    all.put("filter-process", FilterProcessCommand::new);
    all.put("clean", CleanCommand::new);
    all.put("smudge", SmudgeCommand::new);
    all.put("man-page", ManPageCommand::new);
    return all;
  }

  /** The command line for every subcommand. */
  static CommandLine commandLine(PrintStream out, PrintStream err, Path workingDirectory, Map<String, String> env) {
    return commandLine(out, err, workingDirectory, env, SUBCOMMANDS.keySet());
  }

  /**
   * The command line for running {@code args}: with only the subcommand they name, if they name
   * one, since picocli builds a subcommand's model from its annotations up front (about 10 ms each
   * at start-up, where nothing is compiled yet); the help and a mistyped name get them all.
   */
  static CommandLine commandLine(PrintStream out, PrintStream err, Path workingDirectory, Map<String, String> env,
      String[] args) {
    Optional<String> named = subcommandNamed(args).filter(name -> !ABOUT_ALL.contains(name));
    return commandLine(out, err, workingDirectory, env, named.map(Set::of).orElse(SUBCOMMANDS.keySet()));
  }

  /** The subcommand {@code args} run, skipping the top-level options before it (and their values). */
  static Optional<String> subcommandNamed(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-C") || arg.equals("--lock-timeout")) {
        i++;
      } else if (!arg.startsWith("-")) {
        return SUBCOMMANDS.containsKey(arg) ? Optional.of(arg) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static CommandLine commandLine(PrintStream out, PrintStream err, Path workingDirectory,
      Map<String, String> env, Set<String> subcommands) {
    GitHydrateCommand top = new GitHydrateCommand();
    top.env = env;
    top.out = out;
    top.err = err;
    top.workingDirectory = workingDirectory;
    CommandLine commandLine = new CommandLine(top);
    SUBCOMMANDS.forEach((name, command) -> {
      if (subcommands.contains(name)) {
        commandLine.addSubcommand(name, command.get());
      }
    });
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setExecutionExceptionHandler((e, cl, parsed) -> top.report(e));
    CommandLine.IParameterExceptionHandler usage = commandLine.getParameterExceptionHandler();
    commandLine.setParameterExceptionHandler((e, args) -> {
      int code = usage.handleParseException(e, args);
      if (jsonAsked(args)) {
        // Before the options were parsed, so --json is looked for as given; picocli said why on stderr.
        new Output(out, new PrintStream(PrintStream.nullOutputStream()), true, () -> { }).failure(e.getMessage());
      }
      return code;
    });
    // picocli hands only Exceptions to the handler above; an Error (StackOverflowError,
    // OutOfMemoryError) would otherwise escape with the JVM's own trace.
    commandLine.setExecutionStrategy(parsed -> {
      try {
        return new CommandLine.RunLast().execute(parsed);
      } catch (Error e) {
        return top.report(e);
      }
    });
    return commandLine;
  }

  /**
   * Reports a failure on stderr as one line: the user's problem as its message, anything else as
   * an internal error with a hint. The trace only with {@code --stacktrace}, since it helps a bug
   * report but tells a user nothing they can act on.
   */
  private int report(Throwable e) {
    Throwable failure = e instanceof CommandLine.ExecutionException && e.getCause() != null ? e.getCause() : e;
    String message = failure instanceof HydrateException ? Messages.printable(failure.getMessage())
        : "internal error: " + oneLine(failure) + " (rerun with --stacktrace to see where, and report it)";
    AuditTrail.current().error(message);
    if (stacktrace) {
      failure.printStackTrace(err);
    } else {
      err.println("git-hydrate: " + message);
    }
    err.flush();
    if (json && !jsonWritten) {
      new Output(out, new PrintStream(PrintStream.nullOutputStream()), true, () -> jsonWritten = true)
          .failure(message);
    }
    return ExitCodes.FAILED;
  }

  /** Whether {@code args} ask for JSON: {@code --json} before a {@code --} that ends the options. */
  private static boolean jsonAsked(String[] args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return false;
      }
      if (arg.equals("--json")) {
        return true;
      }
    }
    return false;
  }

  /** The failure's type and message on one line. */
  private static String oneLine(Throwable failure) {
    String message = failure.getMessage();
    String text = failure.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    return Messages.printable(text.replaceAll("\\s*[\\r\\n]+\\s*", " "));
  }

  PrintStream out() {
    return out;
  }

  /** What the command reads: the process's stdin (only the filter commands read it). */
  InputStream in() {
    return in;
  }

  /** The directory the command runs in: the process's, or the one {@code -C} names, which must exist. */
  Path workingDirectory() {
    if (directory == null) {
      return workingDirectory;
    }
    Path dir = workingDirectory.resolve(directory);
    if (!Files.isDirectory(dir)) {
      throw new HydrateException("-C " + directory + ": " + (Files.exists(dir) ? "not a directory" : "no such directory"));
    }
    return dir;
  }

  PrintStream err() {
    return err;
  }

  Map<String, String> env() {
    return env;
  }

  /** The Git repository of the workspace; a clear error outside one. */
  GitRepository repository(Workspace workspace) {
    if (workspace.gitDir().isEmpty()) {
      throw new HydrateException(workspace.root() + ": not in a Git repository");
    }
    return GitRepository.open(workspace.root(), env);
  }

  /** What the hooks do, for this workspace and repository, reporting on stderr. */
  Hooks hooks(Workspace workspace, GitRepository repository) {
    return new Hooks(context(workspace), repository, new GitCli(workspace.root()), env, err);
  }

  Output output() {
    return new Output(out, err, json, () -> jsonWritten = true);
  }

  Workspace workspace() {
    return Workspace.around(workingDirectory());
  }

  Context context(Workspace workspace) {
    Progress shown = TerminalProgress.forTerminal(err);
    progress = shown instanceof TerminalProgress terminal ? terminal : null;
    return new Context(workspace, Duration.ofMillis((long) (lockTimeoutSeconds * 1000)), shown, Clock.systemUTC(),
        PlaceholderValues.of(env).orStrict(strict));
  }

  /** Makes a variable of a redacted column that is not set an error for what this command builds. */
  void strict(boolean strict) {
    this.strict |= strict;
  }

  /** Clears the progress line before results are printed. */
  void progressDone() {
    if (progress != null) {
      progress.clear();
    }
  }

  /** Resolves a path given on the command line against the working directory (and -C). */
  Path path(Path given) {
    Path base = directory == null ? workingDirectory : workingDirectory.resolve(directory);
    return base.resolve(given).toAbsolutePath().normalize();
  }

  /** The mode of the workspace's repository; hooks mode outside Git (only explicit paths work there). */
  Mode mode(Workspace workspace) {
    return workspace.gitDir().isPresent() ? Mode.of(workspace.root()) : Mode.HOOKS;
  }

  /**
   * A filter-mode repository's databases for a command, after turning archive text checked out at
   * their paths into databases (said on stderr; failures are added to {@code errors}).
   */
  FilterWorkTree filterWorkTree(Workspace workspace, List<String> errors) {
    FilterWorkTree workTree = new FilterWorkTree(context(workspace), new GitCli(workspace.root()));
    for (String line : FilterWorkTree.describe(workTree.buildCheckedOutArchives(errors))) {
      err.println("git-hydrate: " + line);
    }
    return workTree;
  }

  /** The filter-mode databases the given paths name (all without paths). */
  List<DatabaseEntry> filterEntries(FilterWorkTree workTree, Workspace workspace, List<Path> paths) {
    List<DatabaseEntry> all = workTree.entries();
    if (paths == null || paths.isEmpty()) {
      return all;
    }
    List<DatabaseEntry> named = new ArrayList<>();
    for (Path given : paths) {
      Path path = path(given);
      String label = workspace.labelOf(path)
          .orElseThrow(() -> new HydrateException(path + ": not inside the repository"));
      named.add(all.stream().filter(e -> e.label().equals(label)).findFirst()
          .orElse(new DatabaseEntry(label, workspace.resolve(label), workspace.resolve(label))));
    }
    return named;
  }

  /**
   * Refuses a repository-wide command that has no meaning in filter mode, where Git stores and
   * restores the databases itself; {@code instead} says what does the job there.
   */
  void refuseWithoutPathsInFilterMode(Workspace workspace, List<Path> paths, String instead) {
    if ((paths == null || paths.isEmpty()) && mode(workspace) == Mode.FILTER) {
      throw new HydrateException("this repository keeps its databases in filter mode, where Git stores and"
          + " restores them itself: " + instead);
    }
  }

  /** The databases the given paths name (all without paths), in whichever mode the repository is; each once. */
  List<DatabaseEntry> entriesOfMode(Workspace workspace, List<Path> paths, List<String> errors) {
    List<DatabaseEntry> entries = mode(workspace) == Mode.FILTER
        ? filterEntries(filterWorkTree(workspace, errors), workspace, paths)
        : entries(workspace, paths);
    Map<String, DatabaseEntry> once = new LinkedHashMap<>();
    entries.forEach(entry -> once.putIfAbsent(entry.label(), entry));
    return new ArrayList<>(once.values());
  }

  /**
   * {@code entries} without those a path on the command line named but where neither the database
   * nor its archive exists, each of which is an error in {@code errors}: a path given explicitly
   * that names nothing is the user's mistake, not a database to report as missing.
   */
  List<DatabaseEntry> existing(Workspace workspace, List<DatabaseEntry> entries, List<Path> paths,
      List<String> errors) {
    if (paths == null || paths.isEmpty()) {
      return entries;
    }
    List<DatabaseEntry> found = new ArrayList<>();
    for (DatabaseEntry entry : entries) {
      if (Files.exists(entry.database()) || Files.exists(entry.archive())) {
        found.add(entry);
      } else {
        String archive = workspace.labelOf(entry.archive()).orElse(entry.archive().toString());
        errors.add(Messages.printable(entry.label()) + ": no such database, and no archive "
            + Messages.printable(archive) + " either");
      }
    }
    return found;
  }

  /**
   * The entries the given paths name: archives ({@code *.json}) for their databases, anything else
   * as a database; without paths, every database of the workspace.
   */
  List<DatabaseEntry> entries(Workspace workspace, List<Path> paths) {
    if (paths == null || paths.isEmpty()) {
      return workspace.databases();
    }
    List<DatabaseEntry> entries = new ArrayList<>();
    for (Path given : paths) {
      Path path = path(given);
      entries.add(path.getFileName().toString().endsWith(".json")
          ? workspace.forArchive(path) : workspace.forDatabase(path));
    }
    return entries;
  }
}
