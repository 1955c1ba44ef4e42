package io.githydrate.engine;

import io.githydrate.archive.SqliteTables;
import io.githydrate.archive.TableData;
import io.githydrate.archive.Utf8Text;
import java.nio.charset.StandardCharsets;

/**
 * What of one table's rows its archive holds under the database's {@link ArchiveRules}: no row of a
 * table whose rows are excluded; of SQLite's own tables, no row about such a table (its
 * AUTOINCREMENT counter, its statistics: they change with the rows the archive leaves out), and no
 * {@code sqlite_stat4} row of a table with a redacted column (its samples are copies of indexed
 * values); every other row with its redacted values replaced by their placeholders.
 */
final class ArchivedRows {
  private final ArchiveRules rules;
  private final boolean excluded;
  /** Where SQLite's own table names the table a row is about; -1 for other tables. */
  private final int aboutTable;
  private final boolean sampled;
  private final TableRedaction redaction;

  private ArchivedRows(ArchiveRules rules, TableData table) {
    this.rules = rules;
    this.excluded = rules.excludesRows(table.name());
    this.sampled = SqliteTables.STAT4.equals(table.name());
    this.aboutTable = SqliteTables.SEQUENCE.equals(table.name()) ? 0
        : SqliteTables.isStatistics(table.name()) ? (table.withRowid() ? 1 : 0) : -1;
    this.redaction = TableRedaction.of(rules, table);
  }

  /** The rows of {@code table} under {@code rules}; null when they all go in as they are. */
  static ArchivedRows of(ArchiveRules rules, TableData table) {
    if (rules.rowsExcluded().isEmpty() && rules.redactions().isEmpty()) {
      return null;
    }
    ArchivedRows rows = new ArchivedRows(rules, table);
    return !rows.excluded && rows.aboutTable < 0 && rows.redaction == null ? null : rows;
  }

  /** Whether the archive holds none of the table's rows, so they need not even be read. */
  boolean none() {
    return excluded;
  }

  /** The row as the archive holds it, or null when the archive leaves it out. */
  Object[] archived(Object[] values) {
    if (aboutTable >= 0 && aboutTable < values.length) {
      String table = text(values[aboutTable]);
      if (table != null && (rules.excludesRows(table) || sampled && !rules.redactionsOf(table).isEmpty())) {
        return null;
      }
    }
    return redaction == null ? values : redaction.redacted(values);
  }

  private static String text(Object value) {
    if (value instanceof Utf8Text text) {
      return new String(text.bytes(), StandardCharsets.UTF_8);
    }
    return value instanceof String text ? text : null;
  }
}
