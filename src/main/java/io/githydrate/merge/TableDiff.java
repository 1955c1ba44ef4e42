package io.githydrate.merge;

import io.githydrate.archive.ArchiveFormatException;
import io.githydrate.archive.ArchiveReader;
import io.githydrate.archive.TableData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two-way walk of one table's rows, streamed: both versions in key order, rows matched by key
 * and compared cell by cell. A row whose line is the same in both versions (the usual case) is
 * passed without being parsed, so a diff costs little more than reading the two archives.
 */
final class TableDiff {
  private final TableData before;
  private final TableData after;
  private final KeySpec key;
  private final SqliteOrder order;
  private final DiffSink sink;
  private final ArchiveDiff.Counter counter;
  /** Whether a value the old version cannot tell is a difference rather than skipped. */
  private final boolean exact;

  TableDiff(TableData before, TableData after, KeySpec key, SqliteOrder order, DiffSink sink,
      ArchiveDiff.Counter counter, boolean exact) {
    this.before = before;
    this.after = after;
    this.key = key;
    this.order = order;
    this.sink = sink;
    this.counter = counter;
    this.exact = exact;
  }

  /** Walks both versions' rows ({@code old} in the new version's shape) to their ends. */
  void run(Side old, Side now) throws IOException, ArchiveFile.NotInLayout {
    boolean lines = old.identity() && now.identity();
    while (old.has() || now.has()) {
      if (lines && old.has() && now.has() && Arrays.equals(old.line(), now.line())) {
        old.advance();
        now.advance();
        continue;
      }
      int c = !old.has() ? 1 : !now.has() ? -1 : key.compare(order, old.key(), now.key());
      if (c < 0) {
        removed(old.key(), old.take());
      } else if (c > 0) {
        added(now.key(), now.take());
      } else {
        Object[] at = now.key();
        compare(at, old.take(), now.take());
      }
    }
  }

  private void compare(Object[] at, Row old, Row now) throws IOException {
    if (Row.same(old, now)) {
      return;
    }
    Object[] b = old.values();
    Object[] a = now.values();
    List<String> columns = new ArrayList<>();
    List<Object> was = new ArrayList<>();
    List<Object> is = new ArrayList<>();
    for (int i = after.withRowid() ? 1 : 0; i < a.length; i++) {
      Object value = b[i];
      if (value == TablePairing.UNKNOWN && !exact) {
        continue;
      }
      if (value instanceof TablePairing.Default given) {
        if (given.matches(a[i])) {
          continue;
        }
        value = given.value();
      } else if (Values.same(value, a[i])) {
        continue;
      }
      columns.add(columnName(after, i));
      was.add(value);
      is.add(a[i]);
    }
    if (!columns.isEmpty()) {
      counter.changed++;
      sink.row(new RowChange(RowChange.Kind.CHANGED, after.name(), Arrays.asList(at), columns, was, is));
    }
  }

  private void added(Object[] at, Row row) throws IOException {
    counter.added++;
    sink.row(new RowChange(RowChange.Kind.ADDED, after.name(), Arrays.asList(at), after.columns(), null,
        visible(after, row.values())));
  }

  private void removed(Object[] at, Row row) throws IOException {
    counter.removed++;
    // Shown as the old version had it, not in the new shape.
    Object[] raw = row.identity() ? row.values() : parse(before, row.line());
    sink.row(new RowChange(RowChange.Kind.REMOVED, after.name(), Arrays.asList(at), before.columns(),
        visible(before, raw), null));
  }

  /** A row's column values, without the rowid the key already shows. */
  static List<Object> visible(TableData table, Object[] values) {
    return Arrays.asList(table.withRowid() ? Arrays.copyOfRange(values, 1, values.length) : values);
  }

  static Object[] parse(TableData table, byte[] line) throws IOException {
    try {
      return ArchiveReader.readRowLine(line, table.width());
    } catch (ArchiveFormatException e) {
      throw new MergeException("table \"" + table.name() + "\": " + e.getMessage());
    }
  }

  private static String columnName(TableData table, int index) {
    int column = table.withRowid() ? index - 1 : index;
    return column < 0 ? "rowid" : table.columns().get(column);
  }
}
