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
    checkHooks(checks);
    checkIgnoresAndAttributes(checks);
    return checks;
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

  private void checkHooks(List<Check> checks) {
    Installer installer = new Installer(workspace, git);
    Path hooks = installer.hooksDirectory();
    String hooksPath = git.tryRun("config", "--get", "core.hooksPath");
    String where = workspace.labelOf(hooks).orElse(hooks.toString());
    if (hooksPath != null && !hooksPath.isEmpty()) {
      checks.add(new Check(true, "Git runs hooks from core.hooksPath = " + hooksPath, null));
      if (hooksPath.contains(".husky")) {
        checks.add(huskyCheck());
        return;
      }
    }
    for (String name : Installer.HOOKS) {
      Path hook = hooks.resolve(name);
      if (!Installer.isOurs(hook)) {
        checks.add(new Check(false, "hook " + name + " in " + where + " is not git-hydrate's",
            "run: git hydrate install"));
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
  private Check huskyCheck() {
    List<String> missing = new ArrayList<>();
    for (String name : Installer.HOOKS) {
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
        ? new Check(true, "husky runs git-hydrate from .husky/ for all four hooks", null)
        : new Check(false, "husky manages the hooks, and .husky/ does not call git-hydrate for " + missing,
            "add the line  git-hydrate hook NAME \"$@\"  to .husky/NAME for each of them");
  }

  private void checkIgnoresAndAttributes(List<Check> checks) {
    Layout layout = workspace.layout();
    List<String> samples = new ArrayList<>();
    for (DatabaseEntry entry : workspace.databases()) {
      samples.add(entry.label());
    }
    if (samples.isEmpty()) {
      for (String pattern : layout.databasePatterns()) {
        samples.add(pattern.replace("**/", "").replace("*", "example"));
      }
    }
    for (String label : samples) {
      boolean ignored = git.tryRun("check-ignore", "-q", "--no-index", "--", label) != null;
      checks.add(ignored
          ? new Check(true, label + " is ignored by Git", null)
          : new Check(false, label + " is not ignored, so it could be committed", "run: git hydrate install"));
      String archive = layout.archiveOf(label);
      String eol = git.tryRun("check-attr", "eol", "--", archive);
      boolean lf = eol != null && eol.endsWith(": eol: lf");
      checks.add(lf
          ? new Check(true, archive + " keeps LF line ends (eol=lf)", null)
          : new Check(false, archive + " has no eol=lf attribute; CRLF conversion would change it on some machines",
              "run: git hydrate install (see .gitattributes.sample)"));
    }
  }
}
