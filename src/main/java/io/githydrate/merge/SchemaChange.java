package io.githydrate.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A schema object (table, index, view, trigger) that differs between two versions, matched by name.
 *
 * @param type the object's type ({@code table} for virtual tables too); the new one when it changed
 * @param before its SQL in the old version; null when it was created
 * @param after its SQL in the new version; null when it was dropped
 * @param addedColumns for {@link Kind#ALTERED}, the column definitions appended, as
 *     {@code ALTER TABLE ADD COLUMN} takes them; empty otherwise
 */
public record SchemaChange(Kind kind, String type, String name, String before, String after,
    List<String> addedColumns) {

  /** How the object changed. */
  public enum Kind {
    CREATED("created"),
    DROPPED("dropped"),
    /** A table that only had columns appended: its rows are still matched. */
    ALTERED("altered"),
    /** Any other change of its definition. */
    REDEFINED("redefined");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    /** The name in {@code --json} output. */
    public String wireName() {
      return wireName;
    }
  }

  public SchemaChange {
    addedColumns = List.copyOf(addedColumns);
  }

  /**
   * The statements that turn the old object into the new one: its {@code CREATE} statement, a
   * {@code DROP}, or {@code ALTER TABLE ... ADD COLUMN} per column. A redefined object gives its new
   * {@code CREATE} statement (what it was is in {@link #before}).
   */
  public List<String> statements() {
    return switch (kind) {
      case CREATED, REDEFINED -> List.of(after + ";");
      case DROPPED -> List.of("DROP " + type.toUpperCase(Locale.ROOT) + " " + SqlText.identifier(name) + ";");
      case ALTERED -> {
        List<String> statements = new ArrayList<>();
        for (String column : addedColumns) {
          statements.add("ALTER TABLE " + SqlText.identifier(name) + " ADD COLUMN " + column + ";");
        }
        yield statements;
      }
    };
  }
}
