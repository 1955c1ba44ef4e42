package io.githydrate.git;

import java.nio.file.FileSystems;
import java.util.ArrayList;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which files of a workspace are databases and where their archives live. Patterns are globs
 * ({@code *}, {@code **}, {@code ?}, {@code [..]}, {@code {a,b}}): one without a {@code /} matches a
 * file name anywhere, one with a {@code /} matches the path from the workspace root. An archive is
 * its database's path plus {@code .json}, beside it or, with an archive directory, below that.
 */
public final class DatabaseRules {
  public static final List<String> DEFAULT_DATABASES = List.of("*.db", "*.sqlite", "*.sqlite3");
  public static final String ARCHIVE_SUFFIX = ".json";

  private final List<String> databasePatterns;
  private final List<String> excludePatterns;
  /** Compiled on first use: a hook with nothing to do matches no path, and compiling globs costs it. */
  private List<PathMatcher> databases;
  private List<PathMatcher> excludes;
  private final String archiveDirectory;

  /**
   * @param databasePatterns globs of database files
   * @param excludePatterns globs of files and directories never to look at
   * @param archiveDirectory a directory relative to the root for all archives, or null for "beside"
   */
  public DatabaseRules(List<String> databasePatterns, List<String> excludePatterns, String archiveDirectory) {
    this.databasePatterns = List.copyOf(databasePatterns);
    this.excludePatterns = List.copyOf(excludePatterns);
    this.archiveDirectory = archiveDirectory == null || archiveDirectory.isBlank()
        ? null : trimSlashes(archiveDirectory);
  }

  public static DatabaseRules defaults() {
    return new DatabaseRules(DEFAULT_DATABASES, List.of(), null);
  }

  public List<String> databasePatterns() {
    return databasePatterns;
  }

  public List<String> excludePatterns() {
    return excludePatterns;
  }

  public Optional<String> archiveDirectory() {
    return Optional.ofNullable(archiveDirectory);
  }

  /** Whether the file at {@code label} (root-relative, {@code /}-separated) is a database. */
  public boolean isDatabase(String label) {
    return matchesAny(databaseMatchers(), label) && !isExcluded(label);
  }

  private synchronized List<PathMatcher> databaseMatchers() {
    if (databases == null) {
      databases = databasePatterns.stream().map(DatabaseRules::matcher).toList();
    }
    return databases;
  }

  private synchronized List<PathMatcher> excludeMatchers() {
    if (excludes == null) {
      excludes = excludePatterns.stream().map(DatabaseRules::matcher).toList();
    }
    return excludes;
  }

  public boolean isExcluded(String label) {
    return matchesAny(excludeMatchers(), label);
  }

  /** Root-relative path of the archive of the database at {@code label}. */
  public String archiveOf(String label) {
    return (archiveDirectory == null ? "" : archiveDirectory + "/") + label + ARCHIVE_SUFFIX;
  }

  /** The database whose archive is at {@code archiveLabel}, if that path is an archive's. */
  public Optional<String> databaseOf(String archiveLabel) {
    if (!archiveLabel.endsWith(ARCHIVE_SUFFIX)) {
      return Optional.empty();
    }
    String label = archiveLabel.substring(0, archiveLabel.length() - ARCHIVE_SUFFIX.length());
    if (archiveDirectory != null) {
      if (!label.startsWith(archiveDirectory + "/")) {
        return Optional.empty();
      }
      label = label.substring(archiveDirectory.length() + 1);
    }
    return isDatabase(label) ? Optional.of(label) : Optional.empty();
  }

  /**
   * What is wrong with {@code path} as the root-relative, {@code /}-separated path of a database, an
   * archive or the archive directory, judged by its text alone, worded to follow "it" ("it is an
   * absolute path"); empty when nothing is. Such paths
   * come from commits and from the committed {@code .hydrateconfig}, so from whoever can push: they
   * must name a place below the root that Git itself could hold, and never Git's own directory
   * (whose hooks and config run code). Where symbolic links lead is checked by {@link Workspace}.
   */
  public static Optional<String> problemOf(String path) {
    if (path.isEmpty()) {
      return Optional.of("is empty");
    }
    if (path.startsWith("/") || path.startsWith("\\") || path.matches("(?s)[A-Za-z]:.*")) {
      return Optional.of("is an absolute path");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        // also keeps every message and the state file one line per path
        return Optional.of("contains a control character");
      }
    }
    // A backslash separates folders on Windows, so it counts as a separator here on every system.
    for (String part : path.split("[/\\\\]", -1)) {
      if (part.isEmpty()) {
        return Optional.of("has an empty folder name (\"//\" or a trailing \"/\")");
      }
      if (part.equals(".") || part.equals("..")) {
        return Optional.of("has a \"" + part + "\" component");
      }
      if (isGitDirectoryName(part)) {
        return Optional.of("is inside .git, Git's own directory");
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a file name is {@code .git} in any case: case-insensitive file systems make {@code .GIT}
   * the same folder, and Windows ignores trailing dots and spaces ({@code .git.}); Git refuses all of
   * them in commits for the same reason.
   */
  static boolean isGitDirectoryName(String name) {
    return name.replaceAll("[. ]+$", "").toLowerCase(Locale.ROOT).equals(".git");
  }

  private static boolean matchesAny(List<PathMatcher> matchers, String label) {
    Path path = Path.of(label);
    Path name = path.getFileName();
    for (PathMatcher matcher : matchers) {
      if (matcher.matches(path) || (name != null && matcher.matches(name))) {
        return true;
      }
    }
    return false;
  }

  private static PathMatcher matcher(String glob) {
    String pattern = trimSlashes(glob);
    PathMatcher exact = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    if (pattern.contains("/")) {
      // "build/**" should exclude "build" itself as well as everything below it
      PathMatcher below = FileSystems.getDefault().getPathMatcher("glob:" + pattern + "/**");
      return path -> exact.matches(path) || below.matches(path);
    }
    return path -> path.getNameCount() == 1 && exact.matches(path);
  }

  private static String trimSlashes(String text) {
    String trimmed = text.trim().replace('\\', '/');
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }

  /**
   * Git pathspecs that match at least every path these rules take for a database. A pattern
   * without a slash matches a file name at any depth; one with a slash, the path and what is below
   * it. Java glob syntax that Git's lacks (braces, a {@code **} that is not a whole path segment)
   * gives none: not sure.
   */
  public List<String> gitPathspecs() {
    List<String> pathspecs = new ArrayList<>();
    for (String pattern : databasePatterns) {
      String glob = pattern.trim().replace('\\', '/').replaceAll("^/+|/+$", "");
      if (glob.isEmpty() || glob.contains("{") || glob.contains("}")
          || glob.replaceAll("(^|/)\\*\\*(/|$)", "/").contains("**")) {
        return List.of();
      }
      if (glob.contains("/")) {
        pathspecs.add(":(glob)" + glob);
        pathspecs.add(":(glob)" + glob + "/**");
      } else {
        pathspecs.add(":(glob)**/" + glob);
      }
    }
    return pathspecs;
  }
}
