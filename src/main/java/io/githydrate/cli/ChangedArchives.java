package io.githydrate.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How {@link QuickHook} hands the archives a checkout changed to {@link UpdateHook} through the
 * launcher, which keeps QuickHook's output in an environment variable for it: a first line that
 * says what follows, then one path per line. A list that cannot travel so (a path with a line
 * break, or too long for one environment variable) is not handed over; UpdateHook then asks Git.
 */
final class ChangedArchives {
  /** The variable the launcher sets for UpdateHook. */
  static final String VARIABLE = "GIT_HYDRATE_CHANGED_ARCHIVES";
  private static final String HEADER = "git-hydrate changed archives";
  /** Linux refuses to start a program with a single environment entry over 128 KiB. */
  private static final int MAX_CHARS = 64 * 1024;

  private ChangedArchives() {}

  /** The text for {@code paths}, or empty when they cannot travel as text lines. */
  static Optional<String> encode(List<String> paths) {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (String path : paths) {
      if (path.isEmpty() || path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0 || path.indexOf('\0') >= 0) {
        return Optional.empty();
      }
      text.append(path).append('\n');
    }
    return text.length() > MAX_CHARS ? Optional.empty() : Optional.of(text.toString());
  }

  /** The paths in {@code text} (as the shell keeps it: final line breaks removed), or empty when it holds none. */
  static Optional<List<String>> decode(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String[] lines = text.split("\n", -1);
    if (!lines[0].equals(HEADER)) {
      return Optional.empty();
    }
    List<String> paths = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isEmpty()) {
        paths.add(lines[i]);
      }
    }
    return Optional.of(paths);
  }
}
