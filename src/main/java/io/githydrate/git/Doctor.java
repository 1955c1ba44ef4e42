package io.githydrate.git;

import io.githydrate.HydrateException;
import io.githydrate.engine.BackupFolder;
import io.githydrate.engine.BackupPolicy;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Proves a repository's set-up works, the way Git will use it: the binary is found on PATH, the
 * hooks are in the directory Git really runs hooks from (through {@code core.hooksPath} and hook
 * managers too), databases are ignored and archives kept byte-exact. Each finding says how to fix it.
 */
public final class Doctor {
  /** One finding; {@code fix} is null when all is well. */
  public record Check(boolean ok, String what, String fix) {}

  private final Workspace workspace;
  private final GitCli git;
  private final Map<String, String> env;

  public Doctor(Workspace workspace, GitCli git, Map<String, String> env) {
    this.workspace = workspace;
    this.git = git;
    this.env = env;
  }

  public List<Check> run() {
    List<Check> checks = new ArrayList<>();
    checks.add(binaryOnPath());
    if (Mode.of(workspace.root()) == Mode.FILTER) {
      checks.add(new Check(true, "this repository keeps its databases in filter mode (see .gitattributes)", null));
      checkFilterConfig(checks);
      checkHooks(checks, Mode.FILTER);
      checkFilterDatabases(checks);
      largeValuesInFilterMode().ifPresent(checks::add);
      checks.add(backups(Instant.now()));
      return checks;
    }
    checkHooks(checks, Mode.HOOKS);
    checkIgnoresAndAttributes(checks);
    checks.add(backups(Instant.now()));
    return checks;
  }

  /**
   * A finding when {@code .hydrateconfig} sets {@code large-values}, which filter mode does not honour:
   * Git stores only the database, through the filter, so files beside its archive cannot go with it.
   */
  Optional<Check> largeValuesInFilterMode() {
    boolean set;
    try {
      set = DatabaseSettings.read(workspace.root()).setsLargeValues();
    } catch (HydrateException e) {
      return Optional.of(new Check(false, e.getMessage(), "correct " + Workspace.CONFIG_FILE
          + " (see README: Configuration)"));
    }
    return set ? Optional.of(new Check(false, LARGE_VALUES_IN_FILTER_MODE,
        "to keep large values in files of their own, use hooks mode: git hydrate install --hooks")) : Optional.empty();
  }

  /** What doctor says when filter mode is asked to keep values out of line. */
  static final String LARGE_VALUES_IN_FILTER_MODE = Workspace.CONFIG_FILE + " sets large-values, but filter mode"
      + " keeps every value in its archive's lines (Git stores only the database)";

  /** The backups of replaced databases against the repository's policy, and how to free what is over it. */
  Check backups(Instant now) {
    Optional<Path> directory = workspace.backupDirectory();
    BackupPolicy policy;
    List<BackupFolder.Backup> all;
    try {
      policy = BackupSettings.policy(workspace.root());
      all = directory.isEmpty() ? List.of() : new BackupFolder(directory.get()).list();
    } catch (HydrateException e) {
      return new Check(false, e.getMessage(), "correct the [backups] section of " + Workspace.CONFIG_FILE
          + " (see README: Configuration)");
    } catch (IOException e) {
      return new Check(false, "cannot read the backups: " + e.getMessage(), "check the permissions of "
          + directory.get());
    }
    String where = directory.flatMap(workspace::labelOf).orElse("");
    long bytes = all.stream().mapToLong(BackupFolder.Backup::bytes).sum();
    String found = all.size() + (all.size() == 1 ? " backup, " : " backups, ") + BackupPolicy.size(bytes) + " in " + where;
    String limits = policy.keepCount() + (policy.keepCount() == 1 ? " backup" : " backups") + " and "
        + BackupPolicy.size(policy.maxBytes());
    if (!policy.exceeded(all)) {
      return new Check(true, all.isEmpty() ? "no backups of replaced databases" : found + ", within the policy ("
          + limits + ")", null);
    }
    if (!policy.toRemove(all, now).isEmpty()) {
      return new Check(false, found + ": more than the policy keeps (" + limits + ")",
          "run: git hydrate backups prune");
    }
    return new Check(false, found + ": more than backups.keep-count and backups.max-size allow (" + limits
        + "), all kept since they are younger than " + policy.keepDays() + " days or the newest of their database",
        "delete those you do not need with: git hydrate backups delete NAME (git hydrate backups lists them),"
        + " or change the [backups] limits in " + Workspace.CONFIG_FILE);
  }

  private void checkFilterConfig(List<Check> checks) {
    List<String> problems = new FilterConfig(git).problems();
    checks.add(problems.isEmpty()
        ? new Check(true, "Git runs the hydrate filter here (filter.hydrate.process, required, clean, smudge)", null)
        : new Check(false, "the hydrate filter is not set up for this clone: " + String.join("; ", problems),
            "run once per user: git hydrate install --global (or, for this clone only: git hydrate install --filter)"));
  }

  /** Each tracked database: there, a database (not its archive's text), stored as an archive, its side files ignored. */
  private void checkFilterDatabases(List<Check> checks) {
    List<String> tracked = new FilterDatabases(workspace, git).tracked();
    if (tracked.isEmpty()) {
      checks.add(new Check(true, "no database is tracked yet (git add one: Git stores it as its archive)", null));
    }
    for (String label : tracked) {
      Path file;
      try {
        file = workspace.resolve(label);
      } catch (io.githydrate.HydrateException e) {
        checks.add(new Check(false, e.getMessage(), "rename it within the repository"));
        continue;
      }
      if (!Files.isRegularFile(file)) {
        checks.add(new Check(false, label + " is missing from the work tree", "run: git restore -- " + label));
      } else if (FilterDatabases.holdsArchiveText(file)) {
        checks.add(new Check(false, label + " holds its archive's text, not a database (it was checked out before"
            + " the hydrate filter was set up)", "run: git hydrate install --filter"));
      } else if (startsWithSqliteHeader(git.head(16, "cat-file", "blob", ":" + label))) {
        checks.add(new Check(false, label + " is stored in Git as a raw SQLite file (committed before the filter)",
            "store it as its archive: git add --renormalize -- " + label + " && git commit"));
      } else {
        checks.add(new Check(true, label + " is a database, stored in Git as its archive", null));
      }
      boolean ignored = git.tryRun("check-ignore", "-q", "--no-index", "--", label + "-wal") != null;
      checks.add(ignored
          ? new Check(true, label + "'s -wal, -shm and -journal files are ignored by Git", null)
          : new Check(false, label + "-wal is not ignored, so SQLite's side files could be committed",
              "run: git hydrate install"));
    }
  }

  private static boolean startsWithSqliteHeader(byte[] head) {
    return head != null && new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("SQLite format 3\0");
  }

  private Check binaryOnPath() {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && (Files.isExecutable(Path.of(dir, "git-hydrate"))
          || Files.isRegularFile(Path.of(dir, "git-hydrate.cmd")))) {
        return new Check(true, "git-hydrate is on PATH (" + dir + ")", null);
      }
    }
    return new Check(false, "git-hydrate is not on PATH, so the hooks cannot run it",
        "run install.sh, or add the folder holding git-hydrate to PATH");
  }

  private void checkHooks(List<Check> checks, Mode mode) {
    Installer installer = new Installer(workspace, git);
    Path hooks = installer.hooksDirectory();
    String hooksPath = git.tryRun("config", "--get", "core.hooksPath");
    String where = workspace.labelOf(hooks).orElse(hooks.toString());
    boolean husky = false;
    if (hooksPath != null && !hooksPath.isEmpty()) {
      checks.add(new Check(true, "Git runs hooks from core.hooksPath = " + hooksPath, null));
      if (installer.usesHusky()) {
        huskyChecks(mode, hooks, checks);
        husky = true;
      } else {
        hooksPathChecks(hooks, checks);
      }
    }
    for (GitHook gitHook : GitHook.values()) {
      String name = gitHook.fileName();
      if (husky && gitHook.huskyRuns()) {
        continue; // checked in .husky/ above
      }
      Path hook = hooks.resolve(name);
      if (!mode.hooks().contains(gitHook)) {
        if (Installer.isOurs(hook)) {
          checks.add(new Check(false, "hook " + name + " in " + where + " is left from hooks mode",
              "run: git hydrate install"));
        }
        continue;
      }
      if (!Installer.isOurs(hook)) {
        // install keeps a foreign hook as NAME.before-git-hydrate, so it refuses when that name is taken.
        Path chained = hooks.resolve(name + Installer.CHAINED_SUFFIX);
        checks.add(Files.exists(chained)
            ? new Check(false, "hook " + name + " in " + where + " is not git-hydrate's, and " + name
                + Installer.CHAINED_SUFFIX + " is there too, so install cannot keep it",
                "move one of the two out of " + where + " (merge what it does into the other), then run: git hydrate install")
            : new Check(false, "hook " + name + " in " + where + " is not git-hydrate's", "run: git hydrate install"));
      } else if (!Files.isExecutable(hook)) {
        checks.add(new Check(false, "hook " + name + " in " + where + " is not executable",
            "run: chmod +x " + hook));
      } else {
        Path chained = hooks.resolve(name + Installer.CHAINED_SUFFIX);
        checks.add(new Check(true, "hook " + name + " is installed in " + where
            + (Files.exists(chained) ? " (and runs the hook that was there before)" : ""), null));
      }
    }
  }

  /**
   * A {@code core.hooksPath} outside the repository serves other repositories too: git-hydrate's
   * own folder for this repository must stand in for it and still run each of its hooks.
   */
  private void hooksPathChecks(Path hooks, List<Check> checks) {
    OwnHooksFolder own = new OwnHooksFolder(workspace, git);
    String install = "run: git hydrate install";
    if (own.inUse(hooks)) {
      if (!own.isThisRepositorys(hooks)) {
        checks.add(new Check(false, "core.hooksPath names " + hooks + ", git-hydrate's hooks folder of another"
            + " repository (was this one copied or moved?)", install));
        return;
      }
      String shared = own.shared().map(own::label).orElse(null);
      checks.add(new Check(true, "this repository has a hooks folder of its own, " + own.label(hooks)
          + (shared == null ? "" : ", so that no hook is written into " + shared + ", whose hooks run from it too"),
          null));
      List<String> missing = own.missingForwarders();
      if (!missing.isEmpty()) {
        checks.add(new Check(false, shared + " has hooks that Git does not run in this repository: "
            + String.join(", ", missing), install));
      }
    } else if (!own.insideRepository(hooks)) {
      checks.add(new Check(true, own.label(hooks) + " is outside this repository, and other repositories run hooks"
          + " from it too" + (Installer.anyOurs(hooks) ? " (git-hydrate's hooks there run for each of them)"
              : ": git hydrate install gives this repository a hooks folder of its own, which still runs them"), null));
    }
  }

  /**
   * husky regenerates its hook folder; its own scripts in .husky/ are where other tools join in. For
   * each hook, git-hydrate's lines must come before anything that can end the script, and Git's hook
   * must reach them: {@link HookProbe} runs it, and the lines answer and end the script there.
   */
  private void huskyChecks(Mode mode, Path hooks, List<Check> checks) {
    for (GitHook gitHook : mode.hooks()) {
      if (gitHook.huskyRuns()) {
        checks.add(huskyCheck(gitHook, mode, hooks));
      }
    }
  }

  private Check huskyCheck(GitHook gitHook, Mode mode, Path hooks) {
    String name = gitHook.fileName();
    Installer installer = new Installer(workspace, git);
    Path script = installer.huskyScript(name);
    String label = workspace.labelOf(script).orElse(script.toString());
    String text;
    try {
      text = Files.isRegularFile(script) ? Files.readString(script, java.nio.charset.StandardCharsets.UTF_8) : "";
    } catch (java.io.IOException e) {
      return new Check(false, "cannot read husky's " + label + ": " + e.getMessage(), "check its permissions");
    }
    String install = "run: git hydrate install";
    ManagerScript parsed = ManagerScript.of(text, name);
    if (parsed.lines().isEmpty()) {
      return text.contains("git-hydrate hook " + name)
          ? new Check(false, "husky's " + label + " calls git-hydrate on a line that an exit or exec before it"
              + " would skip (an earlier install added it at the end)", install + " (it puts git-hydrate's lines first)")
          : new Check(false, "husky manages the hooks, and " + label + " does not run git-hydrate", install);
    }
    Optional<String> blocker = parsed.firstBlocker();
    if (blocker.isPresent()) {
      return new Check(false, "husky's " + label + " runs a command before git-hydrate's lines (" + blocker.get()
          + "), which could end the script first", install + " (it puts git-hydrate's lines first)");
    }
    if (!parsed.lines().equals(Installer.managerLines(gitHook, mode))) {
      return new Check(false, "git-hydrate's lines in " + label + " are not the ones this version writes", install);
    }
    Path hook = hooks.resolve(name);
    String where = workspace.labelOf(hooks).orElse(hooks.toString());
    if (!Files.isRegularFile(hook)) {
      return new Check(false, "Git has no " + name + " hook in " + where + ", so husky's " + label + " never runs",
          "run husky's set-up in this clone: npx husky (npm install runs it through the prepare script)");
    }
    Optional<String> failure = new HookProbe(workspace.root(), env).run(name, hook);
    if (failure.isPresent()) {
      String skipped = "0".equals(env.get("HUSKY")) ? " (HUSKY=0 is set, which has husky skip every hook)" : "";
      return new Check(false, "Git's " + name + " hook does not reach git-hydrate's lines in " + label + ": "
          + failure.get() + skipped, "check " + where + "/" + name + " and " + label);
    }
    return new Check(true, "husky runs git-hydrate from " + label + " (probed: Git's " + name
        + " hook reached its lines, which come before anything that can end the script)", null);
  }

  private void checkIgnoresAndAttributes(List<Check> checks) {
    DatabaseRules rules = workspace.rules();
    List<String> samples = new ArrayList<>();
    for (DatabaseEntry entry : workspace.databases()) {
      samples.add(entry.label());
    }
    if (samples.isEmpty()) {
      for (String pattern : rules.databasePatterns()) {
        samples.add(pattern.replace("**/", "").replace("*", "example"));
      }
    }
    for (String label : samples) {
      boolean ignored = git.tryRun("check-ignore", "-q", "--no-index", "--", label) != null;
      checks.add(ignored
          ? new Check(true, label + " is ignored by Git", null)
          : new Check(false, label + " is not ignored, so it could be committed", "run: git hydrate install"));
      String archive = rules.archiveOf(label);
      String eol = git.tryRun("check-attr", "eol", "--", archive);
      boolean lf = eol != null && eol.endsWith(": eol: lf");
      checks.add(lf
          ? new Check(true, archive + " keeps LF line ends (eol=lf)", null)
          : new Check(false, archive + " has no eol=lf attribute; CRLF conversion would change it on some machines",
              "run: git hydrate install (see .gitattributes.sample)"));
    }
  }
}
