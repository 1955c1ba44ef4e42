package io.githydrate.merge;

import io.githydrate.archive.SchemaObject;
import io.githydrate.archive.TableData;
import java.io.IOException;
import java.util.List;

/**
 * Receives what {@link ArchiveDiff} finds, as it finds it: settings first, then schema changes, then
 * each table's rows in key order (all of one table before the next table's). Nothing is held back,
 * so a sink that prints as it goes shows a large diff in constant memory.
 */
public interface DiffSink {
  /** Both versions' whole schemas, in their archives' order, before anything else. */
  default void schemas(List<SchemaObject> before, List<SchemaObject> after) throws IOException {}

  void setting(SettingChange change) throws IOException;

  void schema(SchemaChange change) throws IOException;

  void row(RowChange change) throws IOException;

  /**
   * A table whose rows cannot be matched between the versions (its key changed), and that has too
   * many rows to list each: only how many it had.
   */
  void unmatched(String table, long rowsBefore, long rowsAfter, String why) throws IOException;

  /**
   * A table's rows are about to be reported. Rows of a table that is not matched come as all
   * removed and all added (or, from {@link ArchiveDiff#exactly}, all added).
   *
   * @param name its name (in the new version when both have it)
   * @param before its heading in the old version; null when that version has no rows for it
   * @param after its heading in the new version; null when that version has no rows for it
   * @param matched whether rows are matched by key
   * @param key the names of the key's columns ({@code rowid} for the rowid), as the version with
   *     rows (the new one when both have) names them
   * @param collations each key column's collating sequence
   */
  record TableStart(String name, TableData before, TableData after, boolean matched, List<String> key, List<String> collations) {
    public TableStart {
      key = List.copyOf(key);
      collations = List.copyOf(collations);
    }
  }

  /** A table's rows are about to be reported. */
  default void tableStart(TableStart table) throws IOException {}

  /** The rows of the table last started have all been reported. */
  default void tableEnd() throws IOException {}
}
