package io.githydrate.git;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Git configuration that makes the {@code hydrate} filter work: the long-running process Git
 * runs for every file with {@code filter=hydrate}, {@code required} so that a filter that fails
 * stops the Git command instead of letting raw bytes through, and one-file {@code clean} and
 * {@code smudge} commands for clients that do not speak the process protocol (JGit and the IDEs
 * built on it). Also a hunk-header pattern for {@code diff=hydrate}, so {@code git diff} names the
 * table a changed row belongs to. Written once per user ({@code --global}, like {@code git lfs
 * install}), or into one clone's own configuration.
 */
public final class FilterConfig {
  /** Where the settings go. */
  public enum Scope {
    GLOBAL("--global"), LOCAL("--local");

    private final String flag;

    Scope(String flag) {
      this.flag = flag;
    }
  }

  /** Every setting, in the order written. */
  public static final Map<String, String> SETTINGS = settings();

  private static Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("filter.hydrate.process", "git-hydrate filter-process");
    settings.put("filter.hydrate.required", "true");
    settings.put("filter.hydrate.clean", "git-hydrate clean -- %f");
    settings.put("filter.hydrate.smudge", "git-hydrate smudge -- %f");
    // A table's heading line: "  "name": {"columns": ..." (see docs/FORMAT.md).
    settings.put("diff.hydrate.xfuncname", "^  \"(.+)\": \\{\"columns\"");
    return Collections.unmodifiableMap(settings);
  }

  private final GitCli git;

  public FilterConfig(GitCli git) {
    this.git = git;
  }

  /** Whether Git, as configured for this directory (every scope), runs the filter as written here. */
  public boolean effective() {
    return problems().isEmpty();
  }

  /** What is missing or different in the configuration Git uses here; empty when the filter works. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> setting : SETTINGS.entrySet()) {
      if (setting.getKey().startsWith("diff.")) {
        continue; // nicer diffs only
      }
      String value = git.tryRun("config", "--get", setting.getKey());
      if (value == null) {
        problems.add(setting.getKey() + " is not set");
      } else if (!value.equals(setting.getValue())) {
        problems.add(setting.getKey() + " is \"" + value + "\", expected \"" + setting.getValue() + "\"");
      }
    }
    return problems;
  }

  /** Whether the settings are in {@code scope}'s file exactly as written here. */
  public boolean writtenIn(Scope scope) {
    for (Map.Entry<String, String> setting : SETTINGS.entrySet()) {
      if (!setting.getValue().equals(git.tryRun("config", scope.flag, "--get", setting.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Writes the settings into {@code scope}; returns one line per setting it changed. */
  public List<String> write(Scope scope) {
    List<String> done = new ArrayList<>();
    for (Map.Entry<String, String> setting : SETTINGS.entrySet()) {
      if (!setting.getValue().equals(git.tryRun("config", scope.flag, "--get", setting.getKey()))) {
        git.run("config", scope.flag, setting.getKey(), setting.getValue());
        done.add("set " + setting.getKey() + " = " + setting.getValue() + " (" + scope.flag.substring(2) + ")");
      }
    }
    return done;
  }

  /**
   * Removes from {@code scope} exactly the settings written here (a value someone changed is left),
   * and their sections when nothing else is left in them; returns one line per setting removed.
   */
  public List<String> remove(Scope scope) {
    List<String> done = new ArrayList<>();
    for (Map.Entry<String, String> setting : SETTINGS.entrySet()) {
      if (setting.getValue().equals(git.tryRun("config", scope.flag, "--get", setting.getKey()))) {
        git.run("config", scope.flag, "--unset", setting.getKey());
        done.add("removed " + setting.getKey() + " (" + scope.flag.substring(2) + ")");
      }
    }
    for (String section : List.of("filter.hydrate", "diff.hydrate")) {
      String rest = git.tryRun("config", scope.flag, "--get-regexp", "^" + section.replace(".", "\\.") + "\\.");
      if (rest == null || rest.isEmpty()) {
        git.tryRun("config", scope.flag, "--remove-section", section);
      }
    }
    return done;
  }
}
