package io.githydrate.archive;

/**
 * Receives an archive's content as {@link ArchiveReader} streams it. Calls come in this order:
 * {@code header}, then any mix of {@code schemaObject} and table blocks ({@code beginTable},
 * {@code row}…, {@code endTable}), then {@code end}. A v1 archive gives every schema object before
 * the first table; an archive of the reference design gives each table's schema just before its
 * rows. Exceptions thrown here stop the reading and reach the reader's caller unchanged.
 */
public interface ArchiveVisitor {

  void header(String databasePath, Pragmas pragmas);

  void schemaObject(SchemaObject object);

  /**
   * {@link #schemaObject(SchemaObject)}, told the line where the entry starts in the archive (0
   * when unknown). The reader calls this one; visitors that report no locations need not override it.
   */
  default void schemaObject(SchemaObject object, int line) {
    schemaObject(object);
  }

  void beginTable(TableData table);

  /**
   * One row: values in {@link TableData#columns()} order, preceded by the rowid when the table
   * has {@link TableData#withRowid()}. Each value is {@code null}, {@link Long}, {@link Double},
   * {@link String} or {@code byte[]}. The array is the visitor's to keep.
   */
  void row(Object[] values);

  /**
   * {@link #row(Object[])}, told the line where the row starts in the archive (0 when unknown), so
   * that a row the database refuses can be named. The reader calls this one.
   */
  default void row(Object[] values, int line) {
    row(values);
  }

  void endTable(TableData table, long rowCount);

  /**
   * Something in the archive that the reader worked around rather than refused, at {@code line} (0
   * when unknown): a table's {@code row_count} that disagrees with its rows, as a text merge of two
   * sides that each added a row leaves. Called before the table's {@code endTable}. Visitors that
   * report nothing need not override it.
   */
  default void warning(long line, String message) {}

  void end();

  /** Takes an archive's content and does nothing with it; extend it to receive only some of it. */
  class Ignoring implements ArchiveVisitor {
    @Override
    public void header(String databasePath, Pragmas pragmas) {}

    @Override
    public void schemaObject(SchemaObject object) {}

    @Override
    public void beginTable(TableData table) {}

    @Override
    public void row(Object[] values) {}

    @Override
    public void endTable(TableData table, long rowCount) {}

    @Override
    public void end() {}
  }
}
