package io.githydrate.git;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group of Git settings git-hydrate writes, checks and removes as one. {@link #FilterConfig(GitCli)}
 * is what makes the {@code hydrate} filter work: the long-running process Git runs for every file
 * with {@code filter=hydrate}, {@code required} so that a filter that fails stops the Git command
 * instead of letting raw bytes through, and one-file {@code clean} and {@code smudge} commands for
 * clients that do not speak the process protocol (JGit and the IDEs built on it).
 * {@link #drivers(GitCli)} is what {@code merge=hydrate} and {@code diff=hydrate} run in both modes:
 * the row-level merge driver, the semantic diff, a text form of archives for {@code git log -p},
 * and a hunk-header pattern naming the table a changed row belongs to. Written once per user
 * ({@code --global}, like {@code git lfs install}), or into one clone's own configuration.
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

  /** Every setting of the filter, in the order written. */
  public static final Map<String, String> SETTINGS = filterSettings();

  /** Every setting of the merge and diff drivers, in the order written. */
  public static final Map<String, String> DRIVER_SETTINGS = driverSettings();

  private static Map<String, String> filterSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("filter.hydrate.process", "git-hydrate filter-process");
    settings.put("filter.hydrate.required", "true");
    settings.put("filter.hydrate.clean", "git-hydrate clean -- %f");
    settings.put("filter.hydrate.smudge", "git-hydrate smudge -- %f");
    return Collections.unmodifiableMap(settings);
  }

  private static Map<String, String> driverSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("merge.hydrate.name", "git-hydrate: merge archives row by row");
    settings.put("merge.hydrate.driver", "git-hydrate merge-driver %O %A %B %P");
    settings.put("diff.hydrate.command", "git-hydrate diff-driver");
    settings.put("diff.hydrate.textconv", "git-hydrate textconv");
    settings.put("diff.hydrate.cachetextconv", "true");
    // A table's heading line: "  "name": {"columns": ..." (see docs/FORMAT.md).
    settings.put("diff.hydrate.xfuncname", "^  \"(.+)\": \\{\"columns\"");
    return Collections.unmodifiableMap(settings);
  }

  private final GitCli git;
  private final Map<String, String> settings;
  private final List<String> sections;

  /** The filter's settings. */
  public FilterConfig(GitCli git) {
    this(git, SETTINGS, List.of("filter.hydrate"));
  }

  private FilterConfig(GitCli git, Map<String, String> settings, List<String> sections) {
    this.git = git;
    this.settings = settings;
    this.sections = sections;
  }

  /** The merge and diff drivers' settings. */
  public static FilterConfig drivers(GitCli git) {
    return new FilterConfig(git, DRIVER_SETTINGS, List.of("merge.hydrate", "diff.hydrate"));
  }

  /** Whether Git, as configured for this directory (every scope), runs the filter as written here. */
  public boolean effective() {
    return problems().isEmpty();
  }

  /** What is missing or different in the configuration Git uses here; empty when the filter works. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> setting : settings.entrySet()) {
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
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      if (!setting.getValue().equals(git.tryRun("config", scope.flag, "--get", setting.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Writes the settings into {@code scope}; returns one line per setting it changed. */
  public List<String> write(Scope scope) {
    List<String> done = new ArrayList<>();
    for (Map.Entry<String, String> setting : settings.entrySet()) {
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
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      if (setting.getValue().equals(git.tryRun("config", scope.flag, "--get", setting.getKey()))) {
        git.run("config", scope.flag, "--unset", setting.getKey());
        done.add("removed " + setting.getKey() + " (" + scope.flag.substring(2) + ")");
      }
    }
    for (String section : sections) {
      String rest = git.tryRun("config", scope.flag, "--get-regexp", "^" + section.replace(".", "\\.") + "\\.");
      if (rest == null || rest.isEmpty()) {
        git.tryRun("config", scope.flag, "--remove-section", section);
      }
    }
    return done;
  }
}
