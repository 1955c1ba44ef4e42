package io.githydrate.engine;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code CREATE VIRTUAL TABLE} statement says about how its rows can be archived: full-text
 * (FTS3/4/5) and R*Tree tables are archived by their visible rows and rebuilt by inserting them
 * again, so their shadow tables never enter the archive; FTS tables over external content are
 * rebuilt from that content.
 */
record VirtualTable(String module, String contentOption) {
  private static final String IDENTIFIER =
      "(?:\"(?:[^\"]|\"\")*\"|\\[[^\\]]*\\]|`(?:[^`]|``)*`|'(?:[^']|'')*'|[^\\s(.]+)";
  private static final Pattern CREATE = Pattern.compile(
      "^\\s*CREATE\\s+VIRTUAL\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:" + IDENTIFIER + "\\s*\\.\\s*)?"
          + IDENTIFIER + "\\s+USING\\s+([A-Za-z0-9_]+)",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern CONTENT = Pattern.compile(
      "[(,]\\s*content\\s*=\\s*('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|[^\\s,)]+)", Pattern.CASE_INSENSITIVE);
  private static final Set<String> FULL_TEXT = Set.of("fts3", "fts4", "fts5");
  private static final Set<String> RTREE = Set.of("rtree", "rtree_i32");

  /** The virtual table an SQL text creates, or empty when it is not a {@code CREATE VIRTUAL TABLE}. */
  static Optional<VirtualTable> parse(String sql) {
    Matcher create = CREATE.matcher(sql);
    if (!create.find()) {
      return Optional.empty();
    }
    String module = create.group(1).toLowerCase(Locale.ROOT);
    Matcher content = CONTENT.matcher(sql.substring(create.end()));
    String option = content.find() ? unquote(content.group(1)) : null;
    return Optional.of(new VirtualTable(module, option));
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && (value.charAt(0) == '\'' || value.charAt(0) == '"')) {
      char quote = value.charAt(0);
      return value.substring(1, value.length() - 1).replace("" + quote + quote, "" + quote);
    }
    return value;
  }

  boolean isFullText() {
    return FULL_TEXT.contains(module);
  }

  boolean isRtree() {
    return RTREE.contains(module);
  }

  /** Full-text table whose text lives in another table: its index is rebuilt, not archived. */
  boolean hasExternalContent() {
    return isFullText() && contentOption != null && !contentOption.isEmpty();
  }

  /** Full-text table that keeps no copy of its text: nothing can be archived to rebuild it. */
  boolean isContentless() {
    return isFullText() && contentOption != null && contentOption.isEmpty();
  }
}
