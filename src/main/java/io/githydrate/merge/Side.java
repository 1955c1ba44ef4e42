package io.githydrate.merge;

import io.githydrate.archive.ArchiveFormatException;
import io.githydrate.archive.ArchiveReader;
import java.io.IOException;

/**
 * One side's rows of a table as the merge walks them: the current row's line, and on demand its
 * values in the merged table's shape and its key. Rows must come in strictly increasing key order;
 * one that does not stops the merge, since matching rows by key relies on it.
 */
final class Side {
  static final Side NONE = new Side(null, null, null, null, null, 0);

  private final String label;
  private final ArchiveFile.Rows rows;
  private final Shape shape;
  private final KeySpec key;
  private final SqliteOrder order;
  private final int width;
  private final boolean identity;
  private byte[] line;
  private Object[] values;
  private Object[] currentKey;
  private Object[] previousKey;
  private byte[] lastLine;

  Side(String label, ArchiveFile.Rows rows, Shape shape, KeySpec key, SqliteOrder order, int width) {
    this.label = label;
    this.rows = rows;
    this.shape = shape;
    this.key = key;
    this.order = order;
    this.width = width;
    this.identity = shape == null || shape.identity();
  }

  /** Moves to the first row; call once before anything else. */
  Side start() throws IOException, ArchiveFile.NotInLayout {
    advance();
    return this;
  }

  boolean has() {
    return line != null;
  }

  byte[] line() {
    return line;
  }

  /** Whether lines of this side can be compared byte for byte with the merged table's. */
  boolean identity() {
    return identity;
  }

  /** The current row's values in the merged table's shape. */
  Object[] values() throws IOException {
    if (values == null) {
      values = parse(line);
    }
    return values;
  }

  Object[] key() throws IOException {
    if (currentKey == null) {
      currentKey = key.of(values());
      if (previousKey != null && key.compare(order, previousKey, currentKey) >= 0) {
        throw new MergeException(label + ": table \"" + rows.table().name() + "\": rows are not in key order at "
            + Values.show(currentKey) + " (edited by hand? dehydrate it again)");
      }
      previousKey = currentKey;
    }
    return currentKey;
  }

  /** The current row, then moves past it. */
  Row take() throws IOException, ArchiveFile.NotInLayout {
    Row row = new Row(line, values(), identity());
    advance();
    return row;
  }

  void advance() throws IOException, ArchiveFile.NotInLayout {
    if (line != null) {
      lastLine = line;
    }
    line = rows == null ? null : rows.next();
    values = null;
    currentKey = null;
  }

  /** The key of the last row of this side (its largest); null when it has none. Call at the end. */
  Object[] lastKey() throws IOException {
    return lastLine == null ? null : key.of(parse(lastLine));
  }

  private Object[] parse(byte[] bytes) throws IOException {
    try {
      Object[] raw = ArchiveReader.readRowLine(bytes, width);
      return shape == null ? raw : shape.map(raw);
    } catch (ArchiveFormatException e) {
      throw new MergeException(label + ": table \"" + rows.table().name() + "\": " + e.getMessage());
    }
  }
}
