package io.githydrate.git;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Optional;

/**
 * Which files of a workspace are databases and where their archives live. Patterns are globs
 * ({@code *}, {@code **}, {@code ?}, {@code [..]}, {@code {a,b}}): one without a {@code /} matches a
 * file name anywhere, one with a {@code /} matches the path from the workspace root. An archive is
 * its database's path plus {@code .json}, beside it or, with an archive directory, below that.
 */
public final class Layout {
  public static final List<String> DEFAULT_DATABASES = List.of("*.db", "*.sqlite", "*.sqlite3");
  public static final String ARCHIVE_SUFFIX = ".json";

  private final List<String> databasePatterns;
  private final List<String> excludePatterns;
  private final List<PathMatcher> databases;
  private final List<PathMatcher> excludes;
  private final String archiveDirectory;

  /**
   * @param databasePatterns globs of database files
   * @param excludePatterns globs of files and directories never to look at
   * @param archiveDirectory a directory relative to the root for all archives, or null for "beside"
   */
  public Layout(List<String> databasePatterns, List<String> excludePatterns, String archiveDirectory) {
    this.databasePatterns = List.copyOf(databasePatterns);
    this.excludePatterns = List.copyOf(excludePatterns);
    this.databases = databasePatterns.stream().map(Layout::matcher).toList();
    this.excludes = excludePatterns.stream().map(Layout::matcher).toList();
    this.archiveDirectory = archiveDirectory == null || archiveDirectory.isBlank()
        ? null : trimSlashes(archiveDirectory);
  }

  public static Layout defaults() {
    return new Layout(DEFAULT_DATABASES, List.of(), null);
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
    return matchesAny(databases, label) && !isExcluded(label);
  }

  public boolean isExcluded(String label) {
    return matchesAny(excludes, label);
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
}
