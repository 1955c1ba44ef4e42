package io.githydrate.merge;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Archive values and names as SQL shows them, each on one line, so that a diff or a text rendering
 * of an archive keeps one row per line: {@code NULL}, {@code 42}, {@code 0.5}, {@code 'it''s'},
 * {@code x'00ff'}; a control character in text becomes {@code || char(10) ||}. A BLOB longer than
 * {@value #SHOWN_BYTES} bytes is shortened, with its length and the start of its SHA-256, so that
 * two different long BLOBs never look alike.
 */
public final class SqlText {
  static final int SHOWN_BYTES = 32;
  private static final String PLAIN = "[A-Za-z_][A-Za-z0-9_]*";
  /** SQLite's keywords (sqlite.org/lang_keywords.html): a name spelled as one must be quoted in SQL. */
  private static final Set<String> KEYWORDS = Set.of(("ABORT ACTION ADD AFTER ALL ALTER ALWAYS ANALYZE AND AS ASC"
      + " ATTACH AUTOINCREMENT BEFORE BEGIN BETWEEN BY CASCADE CASE CAST CHECK COLLATE COLUMN COMMIT CONFLICT"
      + " CONSTRAINT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP DATABASE DEFAULT DEFERRABLE"
      + " DEFERRED DELETE DESC DETACH DISTINCT DO DROP EACH ELSE END ESCAPE EXCEPT EXCLUDE EXCLUSIVE EXISTS EXPLAIN"
      + " FAIL FILTER FIRST FOLLOWING FOR FOREIGN FROM FULL GENERATED GLOB GROUP GROUPS HAVING IF IGNORE IMMEDIATE IN"
      + " INDEX INDEXED INITIALLY INNER INSERT INSTEAD INTERSECT INTO IS ISNULL JOIN KEY LAST LEFT LIKE LIMIT MATCH"
      + " MATERIALIZED NATURAL NO NOT NOTHING NOTNULL NULL NULLS OF OFFSET ON OR ORDER OTHERS OUTER OVER PARTITION"
      + " PLAN PRAGMA PRECEDING PRIMARY QUERY RAISE RANGE RECURSIVE REFERENCES REGEXP REINDEX RELEASE RENAME REPLACE"
      + " RESTRICT RETURNING RIGHT ROLLBACK ROW ROWS SAVEPOINT SELECT SET TABLE TEMP TEMPORARY THEN TIES TO"
      + " TRANSACTION TRIGGER UNBOUNDED UNION UNIQUE UPDATE USING VACUUM VALUES VIEW VIRTUAL WHEN WHERE WINDOW WITH"
      + " WITHOUT").split(" "));

  private SqlText() {}

  /** A value as an SQL literal on one line. */
  public static String literal(Object value) {
    if (value instanceof String text) {
      return text(text);
    }
    if (value instanceof byte[] bytes) {
      return blob(bytes);
    }
    if (value instanceof Double d && d.isInfinite()) {
      return d > 0 ? "9e999" : "-9e999"; // what SQLite reads as its infinities
    }
    return Values.show(value);
  }

  /**
   * A value as an SQL literal SQLite reads back as the same value of the same storage class: as
   * {@link #literal}, but a BLOB in full, however long.
   */
  public static String exactLiteral(Object value) {
    if (value instanceof byte[] bytes) {
      return "x'" + HexFormat.of().formatHex(bytes) + "'";
    }
    return literal(value);
  }

  /** A key: its one value, or its values in parentheses. */
  public static String key(List<?> key) {
    if (key.size() == 1) {
      return literal(key.get(0));
    }
    StringBuilder shown = new StringBuilder("(");
    for (int i = 0; i < key.size(); i++) {
      shown.append(i > 0 ? ", " : "").append(literal(key.get(i)));
    }
    return shown.append(')').toString();
  }

  /** A table or column name as a label: as it is when it is a plain word, else double-quoted. */
  public static String name(String name) {
    return name.matches(PLAIN) ? name : quoted(name);
  }

  /** A name as SQL needs it in a statement: also quoted when it is a keyword. */
  public static String identifier(String name) {
    return name.matches(PLAIN) && !KEYWORDS.contains(name.toUpperCase(Locale.ROOT)) ? name : quoted(name);
  }

  private static String quoted(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String text(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return withControlCharacters(text);
      }
    }
    return "'" + text.replace("'", "''") + "'";
  }

  /** Text with control characters as SQL concatenation: {@code 'a' || char(10) || 'b'}. */
  private static String withControlCharacters(String text) {
    StringBuilder shown = new StringBuilder();
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      boolean end = i == text.length();
      char c = end ? 0 : text.charAt(i);
      if (end || c < 0x20 || c == 0x7f) {
        if (i > start) {
          join(shown).append('\'').append(text.substring(start, i).replace("'", "''")).append('\'');
        }
        if (!end) {
          join(shown).append("char(").append((int) c).append(')');
        }
        start = i + 1;
      }
    }
    return shown.toString();
  }

  private static StringBuilder join(StringBuilder shown) {
    return shown.length() > 0 ? shown.append(" || ") : shown;
  }

  private static String blob(byte[] bytes) {
    HexFormat hex = HexFormat.of();
    if (bytes.length <= SHOWN_BYTES) {
      return "x'" + hex.formatHex(bytes) + "'";
    }
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return "x'" + hex.formatHex(Arrays.copyOf(bytes, SHOWN_BYTES / 2)) + "…' (" + bytes.length + " bytes, sha256 "
        + hex.formatHex(digest, 0, 4) + ")";
  }
}
