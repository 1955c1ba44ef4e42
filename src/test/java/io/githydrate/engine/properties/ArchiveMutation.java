package io.githydrate.engine.properties;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One random change to an archive's bytes, of the kinds a careless merge, a broken tool or an
 * attacker makes: bytes deleted, duplicated or replaced, a cut, tokens swapped, a value of another
 * type or out of range, merge-conflict markers, and schema SQL edited into something else.
 *
 * @param position picks the byte, line, token or schema entry
 * @param length how many bytes or lines, where that applies
 * @param choice picks the replacement text from the kind's list
 * @param bytes the content for REPLACE_BYTES
 */
record ArchiveMutation(Kind kind, int position, int length, int choice, byte[] bytes) {

  enum Kind {
    DELETE_BYTES, DUPLICATE_BYTES, REPLACE_BYTES, CUT, DELETE_LINES, DUPLICATE_LINES, SWAP_LINES,
    SWAP_TOKENS, CHANGE_VALUE, CONFLICT_MARKERS, EDIT_SCHEMA
  }

  /** A file outside the scratch folder that no archive may ever make SQLite write. */
  static final Path ESCAPE = Path.of(System.getProperty("java.io.tmpdir"), "git-hydrate-fuzz-escape.db");

  /** What a {@link Token} is: enough to find values, punctuation and schema SQL. */
  enum TokenKind { STRING, OTHER_VALUE, PUNCTUATION }

  /** One JSON token of the text, by its span; scanned by hand, since a regular expression over a long string overflows the stack. */
  record Token(TokenKind kind, int start, int end) {}

  private static final List<String> VALUES = List.of(
      "0", "-1", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999999999999999",
      "1e400", "-1e400", "1E-400", "-0.0", "0.1", "1.", ".5", "01", "-", "0x10", "NaN", "Infinity",
      "\"\"", "\"text\"", "\"\\ud800\"", "\"\\u0000\"", "true", "false", "null", "{}", "[]", "[[]]",
      "{\"blob\": \"!!!\"}", "{\"blob\": \"AAAA\"}", "{\"blob\": 1}", "{\"real\": \"NaN\"}", "{\"real\": \"Infinity\"}",
      "{\"real\": \"1\"}", "{\"x\": 1}", "\"git-hydrate-archive\"", "2", "\"table\"", "\"view\"", "\"index\"",
      "\"trigger\"", "\"sqlite_master\"", "\"temp.t\"", "\"../../escape\"");

  /** Replacements for a schema entry's SQL text, as JSON string content; %s is its original text. */
  private static final List<String> SCHEMA_EDITS = List.of(
      "%s; DROP TABLE sqlite_master",
      "%s; ATTACH DATABASE '" + sqlString(ESCAPE) + "' AS e",
      "ATTACH DATABASE '" + sqlString(ESCAPE) + "' AS e",
      "backup to " + sqlString(ESCAPE),
      "restore from " + sqlString(ESCAPE),
      "VACUUM INTO '" + sqlString(ESCAPE) + "'",
      "SELECT load_extension('" + sqlString(ESCAPE) + "')",
      "PRAGMA writable_schema = ON",
      "%s -- trailing comment",
      "%s /* unclosed comment",
      "%s;",
      "%s; ",
      "CREATE TEMP TABLE x(a)",
      "CREATE TABLE main.x(a)",
      "CREATE TABLE x AS SELECT 1",
      "CREATE VIEW v AS WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c) SELECT i FROM c",
      "CREATE TRIGGER tr AFTER INSERT ON x BEGIN SELECT 1; END",
      "CREATE VIRTUAL TABLE x USING fts5(a)",
      "CREATE TABLE x(a CHECK (load_extension('" + sqlString(ESCAPE) + "')))",
      "CREATE TABLE x(a DEFAULT (randomblob(10)))",
      "CREATE TABLE \"",
      "CREATE",
      "",
      "\\u0000",
      "%s%s");

  static Arbitrary<ArchiveMutation> any() {
    return Combinators.combine(
        Arbitraries.of(Kind.class),
        Arbitraries.integers().greaterOrEqual(0),
        Arbitraries.integers().between(1, 64),
        Arbitraries.integers().greaterOrEqual(0),
        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16))
        .as(ArchiveMutation::new);
  }

  private static String sqlString(Path path) {
    return path.toString().replace("'", "''").replace("\\", "\\\\");
  }

  /** The archive with this change made. */
  byte[] apply(byte[] archive) {
    int size = archive.length;
    int at = size == 0 ? 0 : position % size;
    int end = Math.min(size, at + length);
    return switch (kind) {
      case DELETE_BYTES -> concat(Arrays.copyOfRange(archive, 0, at), Arrays.copyOfRange(archive, end, size));
      case DUPLICATE_BYTES -> concat(Arrays.copyOfRange(archive, 0, end), Arrays.copyOfRange(archive, at, size));
      case REPLACE_BYTES -> {
        byte[] copy = archive.clone();
        for (int i = 0; i < bytes.length && at + i < size; i++) {
          copy[at + i] = bytes[i];
        }
        yield copy;
      }
      case CUT -> Arrays.copyOf(archive, at);
      default -> applyToText(new String(archive, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    };
  }

  private String applyToText(String text) {
    return switch (kind) {
      case DELETE_LINES, DUPLICATE_LINES, SWAP_LINES, CONFLICT_MARKERS -> lines(text);
      case SWAP_TOKENS -> swapTokens(text);
      case CHANGE_VALUE -> changeValue(text);
      case EDIT_SCHEMA -> editSchema(text);
      default -> throw new IllegalStateException(kind.toString());
    };
  }

  private String lines(String text) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    int at = position % lines.size();
    int end = Math.min(lines.size(), at + 1 + length % 4);
    switch (kind) {
      case DELETE_LINES -> lines.subList(at, end).clear();
      case DUPLICATE_LINES -> lines.addAll(end, new ArrayList<>(lines.subList(at, end)));
      case SWAP_LINES -> {
        int other = choice % lines.size();
        String line = lines.get(at);
        lines.set(at, lines.get(other));
        lines.set(other, line);
      }
      default -> {
        // what Git leaves in a file when both sides changed the same rows
        lines.add(end, ">>>>>>> theirs");
        lines.add(at, "=======");
        lines.addAll(at, new ArrayList<>(lines.subList(at + 1, end + 1)));
        lines.add(at, "<<<<<<< HEAD");
      }
    }
    return String.join("\n", lines);
  }

  private String swapTokens(String text) {
    List<Token> tokens = tokens(text);
    if (tokens.size() < 2) {
      return text;
    }
    Token a = tokens.get(position % tokens.size());
    Token b = tokens.get(choice % tokens.size());
    if (a.start() > b.start()) {
      Token t = a;
      a = b;
      b = t;
    }
    if (a.start() == b.start()) {
      return text;
    }
    return text.substring(0, a.start()) + text.substring(b.start(), b.end()) + text.substring(a.end(), b.start())
        + text.substring(a.start(), a.end()) + text.substring(b.end());
  }

  private String changeValue(String text) {
    List<Token> values = tokens(text).stream().filter(t -> t.kind() != TokenKind.PUNCTUATION).toList();
    if (values.isEmpty()) {
      return text;
    }
    Token value = values.get(position % values.size());
    return text.substring(0, value.start()) + VALUES.get(choice % VALUES.size()) + text.substring(value.end());
  }

  /** Replaces the SQL text of one schema entry (the string after a {@code "sql"} key). */
  private String editSchema(String text) {
    List<Token> tokens = tokens(text);
    List<Token> sql = new ArrayList<>();
    for (int i = 0; i + 2 < tokens.size(); i++) {
      Token key = tokens.get(i);
      if (key.kind() == TokenKind.STRING && text.substring(key.start(), key.end()).equals("\"sql\"")
          && tokens.get(i + 2).kind() == TokenKind.STRING) {
        sql.add(tokens.get(i + 2));
      }
    }
    if (sql.isEmpty()) {
      return text;
    }
    Token entry = sql.get(position % sql.size());
    if (entry.end() - entry.start() < 2) {
      return text; // a string cut short at the end of the text
    }
    String original = text.substring(entry.start() + 1, entry.end() - 1);
    return text.substring(0, entry.start()) + "\""
        + SCHEMA_EDITS.get(choice % SCHEMA_EDITS.size()).replace("%s", original) + "\"" + text.substring(entry.end());
  }

  /** The tokens of a JSON text, roughly: whatever is not a string, number, literal or punctuation is skipped. */
  static List<Token> tokens(String text) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        int j = i + 1;
        while (j < text.length() && text.charAt(j) != '"') {
          j += text.charAt(j) == '\\' ? 2 : 1;
        }
        int end = Math.min(text.length(), j + 1);
        tokens.add(new Token(TokenKind.STRING, i, end));
        i = end;
      } else if (c == '-' || Character.isDigit(c) || Character.isLetter(c)) {
        int j = i + 1;
        while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || "+-.".indexOf(text.charAt(j)) >= 0)) {
          j++;
        }
        tokens.add(new Token(TokenKind.OTHER_VALUE, i, j));
        i = j;
      } else if ("{}[]:,".indexOf(c) >= 0) {
        tokens.add(new Token(TokenKind.PUNCTUATION, i, i + 1));
        i++;
      } else {
        i++;
      }
    }
    return tokens;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Override
  public String toString() {
    return kind + "(position " + position + ", length " + length + ", choice " + choice + ", bytes "
        + Arrays.toString(bytes) + ")";
  }
}
