package io.githydrate.git;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
      return checks;
    }
    checkHooks(checks, Mode.HOOKS);
    checkIgnoresAndAttributes(checks);
    return checks;
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
      if (hooksPath.contains(".husky")) {
        checks.add(huskyCheck(mode));
        husky = true;
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

  /** husky regenerates its hook folder; its own scripts in .husky/ are where other tools join in. */
  private Check huskyCheck(Mode mode) {
    List<String> missing = new ArrayList<>();
    List<String> run = mode.hooks().stream().filter(GitHook::huskyRuns).map(GitHook::fileName).toList();
    for (String name : run) {
      Path script = workspace.root().resolve(".husky").resolve(name);
      try {
        if (!Files.isRegularFile(script) || !Files.readString(script).contains("git-hydrate hook " + name)) {
          missing.add(name);
        }
      } catch (java.io.IOException e) {
        missing.add(name);
      }
    }
    return missing.isEmpty()
        ? new Check(true, "husky runs git-hydrate from .husky/ for " + String.join(", ", run), null)
        : new Check(false, "husky manages the hooks, and .husky/ does not call git-hydrate for " + missing,
            "add the line  git-hydrate hook NAME \"$@\"  to .husky/NAME for each of them");
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
