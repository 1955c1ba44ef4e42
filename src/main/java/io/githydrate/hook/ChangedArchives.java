package io.githydrate.hook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The archives a checkout changed, as the launcher hands them to {@link UpdateHook} in an
 * environment variable, from its shell check (lib/quick-hook.sh) or from {@link QuickHook}: a
 * first line that says what follows, one path per line, and optionally an empty line followed by
 * {@code sha256sum}'s lines for them, so that UpdateHook need not read them to know their digests
 * (hashing a few megabytes costs a freshly started JVM more than reading them). A list that cannot
 * travel so (a path with a line break, or too long for one environment variable) is not handed
 * over; UpdateHook then asks Git.
 *
 * @param paths work-tree paths of the archives that differ between the commits
 * @param digests SHA-256 of some of them, by path
 */
record ChangedArchives(List<String> paths, Map<String, String> digests) {
  /** The variable the launcher sets for UpdateHook. */
  static final String VARIABLE = "GIT_HYDRATE_CHANGED_ARCHIVES";
  private static final String HEADER = "git-hydrate changed archives";
  /** Linux refuses to start a program with a single environment entry over 128 KiB. */
  private static final int MAX_CHARS = 64 * 1024;
  /** A line of {@code sha256sum}: the digest, a space, a space or '*' (binary mode), the path. */
  private static final Pattern SUM = Pattern.compile("([0-9a-f]{64}) [ *](.+)");

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

  /** What {@code text} holds (as the shell keeps it: final line breaks removed); empty when it is no such list. */
  static Optional<ChangedArchives> decode(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String[] lines = text.split("\n", -1);
    if (!lines[0].equals(HEADER)) {
      return Optional.empty();
    }
    List<String> paths = new ArrayList<>();
    Map<String, String> digests = new HashMap<>();
    int i = 1;
    for (; i < lines.length && !lines[i].isEmpty(); i++) {
      paths.add(lines[i]);
    }
    for (i++; i < lines.length; i++) {
      // sha256sum escapes a name with a backslash or line break, and marks the line with a leading '\'.
      Matcher sum = SUM.matcher(lines[i]);
      if (sum.matches() && paths.contains(sum.group(2))) {
        digests.put(sum.group(2), sum.group(1));
      }
    }
    return Optional.of(new ChangedArchives(List.copyOf(paths), Map.copyOf(digests)));
  }
}
