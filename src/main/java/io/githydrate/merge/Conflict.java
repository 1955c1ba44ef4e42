package io.githydrate.merge;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One thing a three-way merge could not decide, with what each side had. Values are archive values
 * ({@code null}, {@link Long}, {@link Double}, {@link String}, {@code byte[]}); a whole row is an
 * {@code Object[]} of them, as the table's archive lists it; a side that has no such row, object or
 * value has {@code null}.
 *
 * @param kind what disagreed
 * @param table the table (for {@link Kind#SCHEMA}, the schema object's name; for {@link Kind#PRAGMA},
 *     the pragma's)
 * @param key the row's key values (empty when not about one row)
 * @param column the column whose value disagreed ({@link Kind#CELL} only)
 * @param detail what a person needs to know beyond the three values (for a broken constraint,
 *     SQLite's message)
 */
public record Conflict(Kind kind, String table, List<Object> key, String column, Object base, Object ours,
    Object theirs, String detail) {

  /** What disagreed. */
  public enum Kind {
    /** One cell changed to different values on each side. */
    CELL("cell"),
    /** A row deleted on one side and changed on the other. */
    DELETED("deleted"),
    /** A row inserted on both sides under one key with different values. */
    INSERTED("inserted"),
    /** A schema object changed (or dropped, or its table's rows changed) differently on each side. */
    SCHEMA("schema"),
    /** A database setting changed to different values on each side. */
    PRAGMA("pragma"),
    /** Both sides' changes are fine alone, but together break a constraint. */
    CONSTRAINT("constraint");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  public Conflict {
    key = key == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(key));
  }

  /** Where it is, for a person: {@code t 42 price}, {@code t ["a", 1]}, {@code schema t}. */
  public String where() {
    StringBuilder text = new StringBuilder();
    text.append(kind == Kind.SCHEMA ? "schema " : kind == Kind.PRAGMA ? "pragma " : "").append(table);
    if (!key.isEmpty()) {
      text.append(' ').append(key.size() == 1 ? Values.show(key.get(0)) : Values.show(key.toArray()));
    }
    if (column != null) {
      text.append(' ').append(column);
    }
    return text.toString();
  }

  /** One line for a person: where, then base / ours / theirs. */
  public String describe() {
    String sides = switch (kind) {
      case DELETED -> (ours == null ? "deleted on ours, changed on theirs" : "changed on ours, deleted on theirs");
      case INSERTED -> "inserted on both sides with different values";
      case CONSTRAINT -> detail;
      case SCHEMA -> detail != null ? detail : "changed differently on each side";
      default -> "base " + Values.show(base) + ", ours " + Values.show(ours) + ", theirs " + Values.show(theirs);
    };
    return where() + ": " + sides;
  }

  /** The fields the archive's {@code conflicts} list gives it, in order. */
  public Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("kind", kind.wireName());
    fields.put(kind == Kind.SCHEMA ? "name" : kind == Kind.PRAGMA ? "pragma" : "table", table);
    if (!key.isEmpty()) {
      fields.put("key", key);
    }
    if (column != null) {
      fields.put("column", column);
    }
    fields.put("base", base);
    fields.put("ours", ours);
    fields.put("theirs", theirs);
    if (detail != null) {
      fields.put("detail", detail);
    }
    return fields;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Conflict c && kind == c.kind && table.equals(c.table)
        && Values.same(key.toArray(), c.key.toArray()) && java.util.Objects.equals(column, c.column)
        && Values.same(base, c.base) && Values.same(ours, c.ours) && Values.same(theirs, c.theirs)
        && java.util.Objects.equals(detail, c.detail);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(kind, table, column);
  }

  @Override
  public String toString() {
    return describe() + (key.isEmpty() ? "" : " " + Arrays.deepToString(key.toArray()));
  }
}
