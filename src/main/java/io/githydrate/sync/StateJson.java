package io.githydrate.sync;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the sync state file: JSON objects whose values are strings, integers, null or further objects,
 * as {@link SyncState} writes it. Hand-written because this is on every hook's path: starting
 * Jackson's parser costs a fresh JVM some 20 ms (its number classes' static set-up), a fifth of
 * a hook's whole budget. Anything else (arrays, fractions, trailing text) is refused.
 */
final class StateJson {
  private final String text;
  private int at;

  private StateJson(String text) {
    this.text = text;
  }

  /**
   * The top-level object: nested objects as maps, strings as strings, integers as longs.
   *
   * @throws IllegalArgumentException if {@code text} is not such an object
   */
  static Map<String, Object> parse(String text) {
    StateJson reader = new StateJson(text);
    reader.skipSpace();
    Map<String, Object> object = reader.object();
    reader.skipSpace();
    if (reader.at != text.length()) {
      throw reader.problem("text after the end");
    }
    return object;
  }

  private Map<String, Object> object() {
    expect('{');
    Map<String, Object> members = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      at++;
      return members;
    }
    while (true) {
      skipSpace();
      String name = string();
      skipSpace();
      expect(':');
      skipSpace();
      if (members.containsKey(name)) {
        throw problem("\"" + name + "\" twice");
      }
      members.put(name, value());
      skipSpace();
      if (peek() == '}') {
        at++;
        return members;
      }
      expect(',');
    }
  }

  private Object value() {
    char c = peek();
    if (c == '{') {
      return object();
    }
    if (c == '"') {
      return string();
    }
    if (text.startsWith("null", at)) {
      at += 4;
      return null;
    }
    int start = at;
    if (c == '-') {
      at++;
    }
    while (at < text.length() && Character.isDigit(text.charAt(at))) {
      at++;
    }
    try {
      return Long.parseLong(text.substring(start, at));
    } catch (NumberFormatException e) {
      throw problem("expected an object, a string, an integer or null");
    }
  }

  private String string() {
    expect('"');
    StringBuilder value = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return value.toString();
      }
      if (c < 0x20) {
        throw problem("a control character in a string");
      }
      if (c != '\\') {
        value.append(c);
        continue;
      }
      char escape = next();
      switch (escape) {
        case '"', '\\', '/' -> value.append(escape);
        case 'b' -> value.append('\b');
        case 'f' -> value.append('\f');
        case 'n' -> value.append('\n');
        case 'r' -> value.append('\r');
        case 't' -> value.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw problem("a cut \\u escape");
          }
          try {
            value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          } catch (NumberFormatException e) {
            throw problem("a bad \\u escape");
          }
          at += 4;
        }
        default -> throw problem("a bad escape");
      }
    }
  }

  private void skipSpace() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private char peek() {
    if (at >= text.length()) {
      throw problem("cut short");
    }
    return text.charAt(at);
  }

  private char next() {
    char c = peek();
    at++;
    return c;
  }

  private void expect(char wanted) {
    if (next() != wanted) {
      throw problem("expected '" + wanted + "'");
    }
  }

  private IllegalArgumentException problem(String what) {
    return new IllegalArgumentException("state file, character " + at + ": " + what);
  }
}
