package io.githydrate.engine;

import java.util.List;

/** The text of a version 1 archive of database "bad.db" with one table "t", for tests of refused rows. */
final class OneTableArchive {
  /** The archive line of the first row. */
  static final int FIRST_ROW_LINE = 11;

  private OneTableArchive() {}

  /**
   * Table "t" made by {@code sql} (no quotes in it), with {@code columns} (a JSON array) and
   * {@code rows}, one a line from {@link #FIRST_ROW_LINE}.
   */
  static String text(String sql, String columns, boolean rowid, List<String> rows) {
    return """
        {
         "format": "git-hydrate-archive",
         "version": 1,
         "database": "bad.db",
         "pragmas": {"application_id": 0, "auto_vacuum": 0, "encoding": "UTF-8", "page_size": 4096, "user_version": 0},
         "schema": [
          {"type": "table", "name": "t", "table": "t", "sql": "%s"}
         ],
         "tables": {
          "t": {"columns": %s, "rowid": %s, "rows": [
        %s
          ], "row_count": %d}
         }
        }
        """.formatted(sql, columns, rowid, String.join(",\n", rows), rows.size());
  }
}
