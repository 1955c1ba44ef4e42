package io.githydrate.git;

import java.util.List;
import java.util.Optional;

/**
 * A hook manager's script (husky's {@code .husky/NAME}) as git-hydrate sees it: where its lines for
 * one hook are, and whether anything before them could end the script first. Only lines that cannot
 * end it count as harmless — blank lines, comments, the {@code #!} line, and husky 5–8's
 * {@code . "$(dirname -- "$0")/_/husky.sh"} (which runs the script again, itself, and exits
 * afterwards) — so a script whose git-hydrate lines follow only those reaches them wherever it ends.
 * Immutable; the text is split on {@code \n}.
 */
record ManagerScript(String text, String lines, int begin, int end) {
  // lines: git-hydrate's lines, from its begin line to its end line and that line's break; "" when absent
  static final String BEGIN = "# >>> git-hydrate ";
  static final String END = "# <<< git-hydrate ";

  /** {@code text} with git-hydrate's lines for hook {@code name} found in it (if any). */
  static ManagerScript of(String text, String name) {
    int begin = lineStarting(text, BEGIN + name + " ", 0);
    if (begin < 0) {
      return new ManagerScript(text, "", -1, -1);
    }
    int endLine = lineStarting(text, END + name, begin);
    if (endLine < 0) {
      return new ManagerScript(text, "", -1, -1);
    }
    int newline = text.indexOf('\n', endLine);
    int end = newline < 0 ? text.length() : newline + 1;
    return new ManagerScript(text, text.substring(begin, end), begin, end);
  }

  /** The script without git-hydrate's lines. */
  String without() {
    return begin < 0 ? text : text.substring(0, begin) + text.substring(end);
  }

  /** Whether git-hydrate's lines are there and nothing before them can end the script. */
  boolean linesFirst() {
    return begin >= 0 && firstBlocker().isEmpty();
  }

  /** The first line before git-hydrate's lines that is not harmless, numbered from 1; empty when there is none. */
  Optional<String> firstBlocker() {
    List<String> before = (begin < 0 ? text : text.substring(0, begin)).lines().toList();
    for (int i = 0; i < before.size(); i++) {
      if (!harmless(before.get(i))) {
        return Optional.of("line " + (i + 1) + ": " + before.get(i).strip());
      }
    }
    return Optional.empty();
  }

  /**
   * {@code script} with {@code lines} put first: after its {@code #!} line, and after husky's
   * {@code husky.sh} line when that comes before any command, so they run once, in the run of the
   * script that husky.sh starts.
   */
  static String insertFirst(String script, String lines) {
    List<String> all = script.lines().toList();
    int at = !all.isEmpty() && all.get(0).startsWith("#!") ? 1 : 0;
    for (int i = at; i < all.size() && harmless(all.get(i)); i++) {
      if (sourcesHusky(all.get(i))) {
        at = i + 1;
      }
    }
    int offset = 0;
    for (int i = 0; i < at; i++) {
      offset = script.indexOf('\n', offset) + 1;
    }
    if (offset == 0 && at > 0) {
      return script + "\n" + lines; // one line without a line break
    }
    return script.substring(0, offset) + lines + script.substring(offset);
  }

  private static boolean harmless(String line) {
    String stripped = line.strip();
    return stripped.isEmpty() || stripped.startsWith("#") || sourcesHusky(stripped);
  }

  private static boolean sourcesHusky(String line) {
    String stripped = line.strip();
    return stripped.matches("\\.\\s+\"?\\$\\(dirname (-- )?\"?\\$0\"?\\)\"?/_/husky\\.sh\"?");
  }

  private static int lineStarting(String text, String prefix, int from) {
    for (int at = from; at < text.length(); ) {
      if (text.startsWith(prefix, at)) {
        return at;
      }
      int newline = text.indexOf('\n', at);
      if (newline < 0) {
        return -1;
      }
      at = newline + 1;
    }
    return -1;
  }
}
