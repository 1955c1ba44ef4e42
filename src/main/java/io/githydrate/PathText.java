package io.githydrate;

import java.nio.file.Path;

/**
 * A path as Git and SQLite's URIs write it: its names joined by {@code /}. Built from the path's
 * names rather than by replacing backslashes, which separate names only on Windows: on Linux and
 * macOS a backslash is part of a name ({@code back\slash.db}), as Git keeps it.
 */
public final class PathText {
  private PathText() {}

  /** {@code path}'s names joined by {@code /}, after its root written with {@code /} when it has one. */
  public static String slashed(Path path) {
    StringBuilder text = new StringBuilder();
    Path root = path.getRoot();
    if (root != null) {
      // "/" here; "C:\" or "\\server\share\" on Windows, where a backslash is only ever a separator
      text.append(root.toString().replace(root.getFileSystem().getSeparator(), "/"));
    }
    for (int i = 0; i < path.getNameCount(); i++) {
      if (i > 0) {
        text.append('/');
      }
      text.append(path.getName(i));
    }
    return text.toString();
  }
}
