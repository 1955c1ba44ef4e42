package io.githydrate.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The line {@link ArchiveWriter} writes for a row of one table, indentation included and without
 * the comma that separates it from the next: what an archive holds for a row a database has, to be
 * compared with the archive's own lines. Goes through the writer itself, so the bytes are the same
 * by construction; meant for a few rows, not a table.
 */
public final class RowLines {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ArchiveWriter writer = new ArchiveWriter(out);

  public RowLines(TableData table) throws IOException {
    writer.begin("", new Pragmas(0, 0, "UTF-8", 4096, 0));
    writer.schema(List.of());
    writer.beginTable(table);
    writer.flush();
    out.reset();
  }

  /** The line for a row of {@code values}, as {@link ArchiveWriter#row} takes them. */
  public byte[] line(Object[] values) throws IOException {
    writer.row(values);
    writer.flush();
    byte[] written = out.toByteArray();
    out.reset();
    // The writer puts the comma and line feed before each row but the first.
    int from = 0;
    if (from < written.length && written[from] == ',') {
      from++;
    }
    if (from < written.length && written[from] == '\n') {
      from++;
    }
    return Arrays.copyOfRange(written, from, written.length);
  }
}
