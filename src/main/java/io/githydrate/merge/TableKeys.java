package io.githydrate.merge;

import io.githydrate.archive.TableData;
import io.githydrate.engine.SchemaProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which values identify the rows of one table as one archive has it, told by that archive's own
 * schema: the rowid when rows carry it (or the table is virtual), the INTEGER PRIMARY KEY, or a
 * WITHOUT ROWID table's primary key; {@code sqlite_sequence} rows by their table's name.
 */
final class TableKeys {
  static final String SEQUENCE = "sqlite_sequence";
  private static final KeySpec ROWID = new KeySpec(new int[] {0}, List.of("BINARY"), true);

  private TableKeys() {}

  /** The key of {@code heading}'s rows; empty when a key column is not stored (a generated column). */
  static Optional<KeySpec> of(TableData heading, SchemaProbe schema) {
    if (heading.name().equalsIgnoreCase(SEQUENCE) && !heading.withRowid()) {
      return Optional.of(new KeySpec(new int[] {0}, List.of("BINARY"), false));
    }
    if (heading.withRowid()) {
      return Optional.of(ROWID);
    }
    Optional<SchemaProbe.Table> table = schema.table(heading.name());
    if (table.isEmpty() || table.get().key().isEmpty()) {
      return Optional.of(ROWID);
    }
    List<String> key = table.get().key();
    int[] positions = new int[key.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = ForeignKeys.position(heading, key.get(i));
      if (positions[i] < 0) {
        return Optional.empty();
      }
    }
    return Optional.of(new KeySpec(positions, table.get().collations(), table.get().integerKey()));
  }

  /** Whether rows can be put in this key's order here (SQLite's built-in collations only). */
  static boolean sortable(KeySpec key) {
    return key.collations().stream().allMatch(SqliteOrder::supports);
  }

  /** The names of a key's columns ({@code rowid} for the rowid), to match keys of two versions. */
  static List<String> names(TableData heading, KeySpec key) {
    List<String> names = new ArrayList<>();
    for (int position : key.positions()) {
      int column = position - (heading.withRowid() ? 1 : 0);
      names.add(column < 0 ? "rowid" : heading.columns().get(column).toLowerCase(java.util.Locale.ROOT));
    }
    return names;
  }
}
