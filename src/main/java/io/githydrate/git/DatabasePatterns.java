package io.githydrate.git;

import static io.githydrate.Messages.printable;

import io.githydrate.HydrateException;
import io.githydrate.engine.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;

/**
 * Edits which files are databases: the {@code hydrate.databases} globs of the committed
 * {@code .hydrateconfig} (see {@link DatabaseRules}), which also decide the attribute and ignore lines
 * {@code install} writes. Like {@code git lfs track}: a pattern added here is a database in every
 * clone once the change is committed.
 */
public final class DatabasePatterns {
  private final Path root;

  public DatabasePatterns(Path root) {
    this.root = root;
  }

  /** The patterns in effect: those of {@code .hydrateconfig}, or the defaults when it names none. */
  public List<String> current() {
    List<String> patterns = Arrays.asList(read().getStringList("hydrate", null, "databases"));
    return patterns.isEmpty() ? DatabaseRules.DEFAULT_DATABASES : patterns;
  }

  /** Adds {@code glob}; false when it was there already. */
  public boolean track(String glob) {
    check(glob);
    List<String> patterns = new ArrayList<>(current());
    if (patterns.contains(glob)) {
      return false;
    }
    patterns.add(glob);
    write(patterns);
    return true;
  }

  /** Removes {@code glob}; false when it was not there. */
  public boolean untrack(String glob) {
    List<String> patterns = new ArrayList<>(current());
    if (!patterns.remove(glob)) {
      return false;
    }
    if (patterns.isEmpty()) {
      throw new HydrateException("\"" + printable(glob) + "\" is the only database pattern left; "
          + "a repository needs at least one (git hydrate uninstall removes git-hydrate altogether)");
    }
    write(patterns);
    return true;
  }

  private static void check(String glob) {
    if (glob.isBlank() || glob.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new HydrateException("\"" + printable(glob) + "\" is not a pattern: it is empty or holds a control character");
    }
    if (glob.startsWith("!") || glob.contains(" ")) {
      throw new HydrateException("\"" + printable(glob) + "\" cannot be a database pattern: "
          + "it would mean something else as a line of .gitattributes (no \"!\" first, no spaces)");
    }
    try {
      FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (IllegalArgumentException e) {
      throw new HydrateException("\"" + printable(glob) + "\" is not a valid pattern: " + e.getMessage());
    }
  }

  private Config read() {
    Path file = root.resolve(Workspace.CONFIG_FILE);
    Config config = new Config();
    if (Files.isRegularFile(file)) {
      try {
        config.fromText(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException | ConfigInvalidException e) {
        throw new HydrateException(file + ": " + e.getMessage(), e);
      }
    }
    return config;
  }

  private void write(List<String> patterns) {
    Config config = read();
    config.setStringList("hydrate", null, "databases", patterns);
    Path file = root.resolve(Workspace.CONFIG_FILE);
    Path temp = null;
    try {
      temp = AtomicFiles.tempFileBeside(file);
      Files.writeString(temp, config.toText(), StandardCharsets.UTF_8);
      AtomicFiles.replace(temp, file);
      temp = null;
    } catch (IOException e) {
      throw new HydrateException(file + ": cannot write: " + e.getMessage(), e);
    } finally {
      AtomicFiles.deleteQuietly(temp);
    }
  }
}
