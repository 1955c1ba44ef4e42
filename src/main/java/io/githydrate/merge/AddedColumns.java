package io.githydrate.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The column definitions {@code ALTER TABLE ADD COLUMN} appended to a table, read from the two
 * versions of its SQL text: SQLite adds each definition (with a comma) after the last column of the
 * stored {@code CREATE TABLE} text and changes nothing else, so the new text is the old one with one
 * piece inserted. Anything else (a table rebuilt, a column edited) is not an addition.
 */
final class AddedColumns {
  private AddedColumns() {}

  /**
   * The definitions of {@code names}, in order, if {@code after} is {@code before} with exactly those
   * columns appended; empty otherwise.
   */
  static Optional<List<String>> of(String before, String after, List<String> names) {
    if (names.isEmpty() || after.length() <= before.length()) {
      return Optional.empty();
    }
    int prefix = 0;
    while (prefix < before.length() && before.charAt(prefix) == after.charAt(prefix)) {
      prefix++;
    }
    int suffix = 0;
    while (prefix + suffix < before.length()
        && before.charAt(before.length() - 1 - suffix) == after.charAt(after.length() - 1 - suffix)) {
      suffix++;
    }
    if (prefix + suffix != before.length()) {
      return Optional.empty(); // something besides the insertion changed
    }
    // Where the match stops depends on the text around the insertion: the comma that separates the
    // new definitions may fall on either side of it.
    String inserted = trimCommas(after.substring(prefix, after.length() - suffix));
    List<String> definitions = split(inserted);
    if (definitions.size() != names.size()) {
      return Optional.empty();
    }
    for (int i = 0; i < names.size(); i++) {
      if (!names.get(i).equalsIgnoreCase(firstName(definitions.get(i)))) {
        return Optional.empty();
      }
    }
    return Optional.of(definitions);
  }

  private static String trimCommas(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && (text.charAt(start) == ',' || Character.isWhitespace(text.charAt(start)))) {
      start++;
    }
    while (end > start && (text.charAt(end - 1) == ',' || Character.isWhitespace(text.charAt(end - 1)))) {
      end--;
    }
    return text.substring(start, end);
  }

  /** Splits at the commas outside parentheses, quotes and comments. */
  private static List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"' || c == '`' || c == '[') {
        char close = c == '[' ? ']' : c;
        int end = text.indexOf(close, i + 1);
        i = end < 0 ? text.length() : end;
      } else if (c == '-' && text.startsWith("--", i)) {
        int end = text.indexOf('\n', i);
        i = end < 0 ? text.length() : end;
      } else if (c == '/' && text.startsWith("/*", i)) {
        int end = text.indexOf("*/", i + 2);
        i = end < 0 ? text.length() : end + 1;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i).strip());
        start = i + 1;
      }
    }
    parts.add(text.substring(start).strip());
    return parts;
  }

  /** A definition's column name, unquoted. */
  private static String firstName(String definition) {
    if (definition.isEmpty()) {
      return "";
    }
    char c = definition.charAt(0);
    if (c == '"' || c == '`' || c == '[' || c == '\'') {
      char close = c == '[' ? ']' : c;
      StringBuilder name = new StringBuilder();
      for (int i = 1; i < definition.length(); i++) {
        char d = definition.charAt(i);
        if (d == close) {
          if (close != ']' && i + 1 < definition.length() && definition.charAt(i + 1) == close) {
            name.append(d); // a doubled quote inside the name
            i++;
            continue;
          }
          return name.toString();
        }
        name.append(d);
      }
      return name.toString();
    }
    int end = 0;
    while (end < definition.length() && !Character.isWhitespace(definition.charAt(end))) {
      end++;
    }
    return definition.substring(0, end);
  }
}
