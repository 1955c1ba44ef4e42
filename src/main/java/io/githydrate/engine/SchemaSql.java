package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.archive.SchemaObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The check every schema entry of an archive passes before SQLite sees its SQL: exactly one
 * {@code CREATE TABLE}, {@code CREATE [UNIQUE] INDEX}, {@code CREATE VIEW}, {@code CREATE TRIGGER} or
 * {@code CREATE VIRTUAL TABLE} statement of the entry's type, creating the object the entry names
 * in the main schema, and nothing that reaches the temp schema or loads native code.
 *
 * <p>The check is lexical: it splits the text into tokens the way SQLite's tokenizer does (strings,
 * quoted identifiers, comments) and looks at the statement's head, its end and its qualified names.
 * It does not parse SQL, so SQLite may still refuse what passes; what the archive builds is checked
 * again against {@code sqlite_schema} afterwards. sqlite-jdbc has no authorizer, so this check is
 * what keeps statements other than the entry's own CREATE from ever being prepared.
 */
final class SchemaSql {
  /** The only modules the archive format can carry (see FORMAT.md): others are refused on dehydrate. */
  private static final Set<String> MODULES = Set.of("fts3", "fts4", "fts5", "rtree", "rtree_i32");
  private static final int SHOWN = 40;

  private SchemaSql() {}

  /** Kinds of tokens; whitespace and comments are dropped. */
  enum Kind { WORD, QUOTED, STRING, BLOB, NUMBER, PUNCT }

  /**
   * One token: {@code text} as written, {@code value} with quotes removed and doubled quotes
   * undone (for identifiers and strings; the text otherwise).
   */
  record Token(Kind kind, String text, String value) {
    /** Whether this is the keyword, in any ASCII case, as SQLite matches keywords. */
    boolean is(String keyword) {
      return kind == Kind.WORD && lowerAscii(text).equals(lowerAscii(keyword));
    }

    boolean is(char punctuation) {
      return kind == Kind.PUNCT && text.charAt(0) == punctuation;
    }

    /** Whether SQLite's grammar accepts this token as a name ({@code nm}: an identifier or a string). */
    boolean isName() {
      return kind == Kind.WORD || kind == Kind.QUOTED || kind == Kind.STRING;
    }
  }

  /** The SQL text cannot be split into tokens; the message says why. */
  static final class LexicalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LexicalException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Throws a {@link HydrateException} saying what is wrong with {@code object}'s SQL, if anything:
   * {@code schema entry "t": its SQL ... (only one CREATE TABLE statement for "t" is allowed)}.
   */
  static void check(SchemaObject object) {
    String problem = problem(object.type(), object.name(), object.sql());
    if (problem != null) {
      throw new HydrateException("schema entry \"" + object.name() + "\": its SQL " + problem + " (only one "
          + statementName(object.type()) + " statement for \"" + object.name() + "\" is allowed)");
    }
  }

  private static String statementName(String type) {
    return switch (type) {
      case "table" -> "CREATE TABLE";
      case "index" -> "CREATE INDEX";
      case "view" -> "CREATE VIEW";
      case "trigger" -> "CREATE TRIGGER";
      default -> "CREATE";
    };
  }

  /**
   * What is wrong with {@code sql} as the SQL of a schema entry of {@code type} named {@code name},
   * as a phrase that follows "its SQL", or null when nothing is.
   */
  static String problem(String type, String name, String sql) {
    List<Token> tokens;
    try {
      tokens = tokens(sql);
    } catch (LexicalException e) {
      return e.getMessage();
    }
    if (tokens.isEmpty()) {
      return "is empty";
    }
    String head = head(tokens, type, name);
    if (head != null) {
      return head;
    }
    String end = type.equals("trigger") ? triggerEnd(tokens) : statementEnd(tokens);
    if (end != null) {
      return end;
    }
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      // With no database attached, "temp" is the only schema besides "main". A reference to it
      // would make a view or trigger of the main database depend on objects made elsewhere. The
      // first part of "a.b" or "a.b.c" is the only place for a schema; a lexer cannot tell the
      // schema temp from a table named temp there, so both are refused.
      if (token.isName() && lowerAscii(token.value()).equals("temp") && i + 1 < tokens.size()
          && tokens.get(i + 1).is('.') && (i == 0 || !tokens.get(i - 1).is('.'))) {
        return "refers to the temp schema (" + show(token.text() + "." + textAt(tokens, i + 2))
            + "); objects may refer only to the main schema";
      }
      // Refused in every spelling: SQLite also calls a function through a quoted name.
      if (token.isName() && lowerAscii(token.value()).equals("load_extension")) {
        return "mentions load_extension, which loads native code";
      }
    }
    return null;
  }

  /** Checks {@code CREATE [UNIQUE] INDEX|TABLE|VIEW|TRIGGER|VIRTUAL TABLE [IF NOT EXISTS] name}. */
  private static String head(List<Token> tokens, String type, String name) {
    if (!tokens.get(0).is("CREATE")) {
      return "starts with " + show(tokens.get(0).text()) + ", not CREATE";
    }
    int i = 1;
    if (at(tokens, i, "TEMP") || at(tokens, i, "TEMPORARY")) {
      return "creates a TEMP object; every object belongs to the main schema";
    }
    String created;
    if (at(tokens, i, "UNIQUE") && at(tokens, i + 1, "INDEX")) {
      created = "index";
      i += 2;
    } else if (at(tokens, i, "INDEX") || at(tokens, i, "TABLE") || at(tokens, i, "VIEW") || at(tokens, i, "TRIGGER")) {
      created = lowerAscii(tokens.get(i).text());
      i++;
    } else if (at(tokens, i, "VIRTUAL") && at(tokens, i + 1, "TABLE")) {
      created = "virtual table";
      i += 2;
    } else {
      return "is CREATE " + at(tokens, i) + ", not " + statementName(type);
    }
    String createdType = created.equals("virtual table") ? "table" : created;
    if (!createdType.equals(type)) {
      return "creates " + (created.startsWith("i") ? "an " : "a ") + created + ", but the entry is of type \""
          + type + "\"";
    }
    if (at(tokens, i, "IF")) {
      if (!at(tokens, i + 1, "NOT") || !at(tokens, i + 2, "EXISTS")) {
        return "has CREATE " + created.toUpperCase(Locale.ROOT) + " IF without NOT EXISTS";
      }
      i += 3;
    }
    if (i >= tokens.size() || !tokens.get(i).isName()) {
      return "names no object after CREATE " + created.toUpperCase(Locale.ROOT) + " (got "
          + at(tokens, i) + ")";
    }
    Token given = tokens.get(i);
    if (i + 1 < tokens.size() && tokens.get(i + 1).is('.')) {
      return "qualifies the name with a schema (" + show(given.text() + "." + textAt(tokens, i + 2))
          + "); names in an archive are unqualified";
    }
    if (!given.value().equals(name)) {
      String sameButCase = lowerAscii(given.value()).equals(lowerAscii(name))
          ? " (the entry must spell the name as SQLite stores it)" : "";
      return "creates " + created + " " + quote(given.value()) + ", not " + quote(name) + sameButCase;
    }
    i++;
    switch (created) {
      case "table" -> {
        if (at(tokens, i, "AS")) {
          return "is CREATE TABLE ... AS SELECT, which runs a query; an archive holds the table's columns";
        }
        if (i >= tokens.size() || !tokens.get(i).is('(')) {
          return "has " + at(tokens, i) + " where the column list should start";
        }
      }
      case "virtual table" -> {
        if (!at(tokens, i, "USING") || i + 1 >= tokens.size() || !tokens.get(i + 1).isName()) {
          return "has no USING module after the name";
        }
        String module = lowerAscii(tokens.get(i + 1).value());
        if (!MODULES.contains(module)) {
          return "uses module \"" + tokens.get(i + 1).value() + "\"; archives hold only fts3, fts4, fts5, rtree"
              + " and rtree_i32 tables";
        }
      }
      case "index" -> {
        if (!at(tokens, i, "ON")) {
          return "has " + at(tokens, i) + " where ON should follow the index name";
        }
      }
      default -> {
        // a view's column list or AS, a trigger's timing and event: SQLite checks those
      }
    }
    return null;
  }

  /** Everything but a trigger ends at its first ";", which may only be followed by comments. */
  private static String statementEnd(List<Token> tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).is(';') && i + 1 < tokens.size()) {
        return "has a second statement after \";\": " + show(rest(tokens, i + 1));
      }
    }
    return null;
  }

  /**
   * A trigger's body holds statements ending in ";" between BEGIN and END; the trigger ends at the
   * first END that follows a ";" (no statement of a body can start with END), as in SQLite's
   * {@code sqlite3_complete}.
   */
  private static String triggerEnd(List<Token> tokens) {
    boolean begun = false;
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.is("BEGIN")) {
        begun = true;
      } else if (token.is(';')) {
        if (!begun) {
          return "has a second statement after \";\": " + show(rest(tokens, i + 1));
        }
        if (at(tokens, i + 1, "END")) {
          int after = i + 2;
          if (after == tokens.size() || (after + 1 == tokens.size() && tokens.get(after).is(';'))) {
            return null;
          }
          int next = tokens.get(after).is(';') ? after + 1 : after;
          return "has a second statement after the trigger's END: " + show(rest(tokens, next));
        }
      }
    }
    return "has no body ending in \"; END\"";
  }

  private static boolean at(List<Token> tokens, int i, String keyword) {
    return i < tokens.size() && tokens.get(i).is(keyword);
  }

  /** The token at {@code i} for a message. */
  private static String at(List<Token> tokens, int i) {
    return i < tokens.size() ? show(tokens.get(i).text()) : "the end of the text";
  }

  private static String textAt(List<Token> tokens, int i) {
    return i < tokens.size() ? tokens.get(i).text() : "the end";
  }

  private static String rest(List<Token> tokens, int from) {
    StringBuilder text = new StringBuilder();
    for (int i = from; i < tokens.size() && text.length() <= SHOWN; i++) {
      text.append(i > from ? " " : "").append(tokens.get(i).text());
    }
    return text.toString();
  }

  /** A piece of SQL for a one-line message: quoted, control characters escaped, long text cut. */
  private static String show(String text) {
    return text.length() > SHOWN ? quote(text.substring(0, SHOWN)).replaceFirst("\"$", "...\"") : quote(text);
  }

  /** A name for a one-line message: quoted, control characters escaped. */
  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      quoted.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return quoted.append('"').toString();
  }

  /** Lower case for ASCII letters only: SQLite folds no other letters when it compares names. */
  static String lowerAscii(String text) {
    StringBuilder lower = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (lower == null) {
          lower = new StringBuilder(text);
        }
        lower.setCharAt(i, (char) (c + ('a' - 'A')));
      }
    }
    return lower == null ? text : lower.toString();
  }

  /**
   * Splits {@code sql} into tokens as SQLite's tokenizer ({@code tokenize.c}) does, dropping
   * whitespace and comments. Where SQLite would find an illegal token (a control character, an
   * unterminated string, a malformed BLOB literal) this throws instead, so that no text is read
   * one way here and another way by SQLite.
   */
  static List<Token> tokens(String sql) {
    List<Token> tokens = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      char next = i + 1 < n ? sql.charAt(i + 1) : 0;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
        i++;
      } else if (c == '-' && next == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (c == '/' && next == '*') {
        int end = sql.indexOf("*/", i + 2);
        if (end < 0) {
          throw new LexicalException("has an unterminated /* comment");
        }
        i = end + 2;
      } else if (c == '\'') {
        i = quoted(sql, i, '\'', Kind.STRING, tokens);
      } else if (c == '"' || c == '`') {
        i = quoted(sql, i, c, Kind.QUOTED, tokens);
      } else if (c == '[') {
        int end = sql.indexOf(']', i + 1);
        if (end < 0) {
          throw new LexicalException("has an unterminated [identifier");
        }
        tokens.add(new Token(Kind.QUOTED, sql.substring(i, end + 1), sql.substring(i + 1, end)));
        i = end + 1;
      } else if ((c == 'x' || c == 'X') && next == '\'') {
        i = blob(sql, i, tokens);
      } else if (isDigit(c) || (c == '.' && isDigit(next))) {
        i = number(sql, i, tokens);
      } else if (isIdentifierStart(c)) {
        int end = i + 1;
        while (end < n && isIdentifierPart(sql.charAt(end))) {
          end++;
        }
        String word = sql.substring(i, end);
        tokens.add(new Token(Kind.WORD, word, word));
        i = end;
      } else if (c < 0x20 || c == 0x7f) {
        throw new LexicalException("has control character U+" + String.format("%04X", (int) c)
            + " outside a string or quoted name");
      } else {
        String punctuation = String.valueOf(c);
        tokens.add(new Token(Kind.PUNCT, punctuation, punctuation));
        i++;
      }
    }
    return tokens;
  }

  /** A string or identifier in {@code quote}s, in which a doubled quote stands for one. */
  private static int quoted(String sql, int start, char quote, Kind kind, List<Token> tokens) {
    StringBuilder value = new StringBuilder();
    int i = start + 1;
    while (true) {
      int end = sql.indexOf(quote, i);
      if (end < 0) {
        throw new LexicalException("has an unterminated " + (kind == Kind.STRING ? "string" : "quoted name")
            + " starting " + show(sql.substring(start)));
      }
      value.append(sql, i, end);
      if (end + 1 < sql.length() && sql.charAt(end + 1) == quote) {
        value.append(quote);
        i = end + 2;
      } else {
        tokens.add(new Token(kind, sql.substring(start, end + 1), value.toString()));
        return end + 1;
      }
    }
  }

  /** {@code x'…'}: hexadecimal digits in pairs, no doubled quotes (SQLite's rule). */
  private static int blob(String sql, int start, List<Token> tokens) {
    int i = start + 2;
    while (i < sql.length() && isHexDigit(sql.charAt(i))) {
      i++;
    }
    if (i >= sql.length() || sql.charAt(i) != '\'' || (i - start - 2) % 2 != 0) {
      throw new LexicalException("has a malformed BLOB literal starting " + show(sql.substring(start)));
    }
    String text = sql.substring(start, i + 1);
    tokens.add(new Token(Kind.BLOB, text, text));
    return i + 1;
  }

  /**
   * A number: digits, a fraction, an exponent with its sign, hexadecimal digits, and any letters run
   * on (SQLite makes those an illegal token; they are kept in the number here, never a name).
   */
  private static int number(String sql, int start, List<Token> tokens) {
    boolean hex = sql.startsWith("0x", start) || sql.startsWith("0X", start);
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      char previous = sql.charAt(i - 1);
      boolean exponentSign = (c == '+' || c == '-') && (previous == 'e' || previous == 'E') && !hex;
      if (!(isIdentifierPart(c) || c == '.' || exponentSign)) {
        break;
      }
      i++;
    }
    String text = sql.substring(start, i);
    tokens.add(new Token(Kind.NUMBER, text, text));
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** SQLite reads every byte of a multi-byte UTF-8 character as part of an identifier. */
  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || isDigit(c) || c == '$';
  }
}
