package io.githydrate.merge;

import java.io.IOException;

/**
 * Receives what {@link ArchiveDiff} finds, as it finds it: settings first, then schema changes, then
 * each table's rows in key order (all of one table before the next table's). Nothing is held back,
 * so a sink that prints as it goes shows a large diff in constant memory.
 */
public interface DiffSink {
  void setting(SettingChange change) throws IOException;

  void schema(SchemaChange change) throws IOException;

  void row(RowChange change) throws IOException;

  /**
   * A table whose rows cannot be matched between the versions (its key changed), and that has too
   * many rows to list each: only how many it had.
   */
  void unmatched(String table, long rowsBefore, long rowsAfter, String why) throws IOException;
}
