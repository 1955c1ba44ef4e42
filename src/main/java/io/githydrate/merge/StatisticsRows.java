package io.githydrate.merge;

import io.githydrate.archive.ArchiveFormatException;
import io.githydrate.archive.ArchiveReader;
import io.githydrate.archive.ArchiveWriter;
import io.githydrate.archive.SqliteTables;
import io.githydrate.archive.TableData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The ANALYZE statistics ({@code sqlite_stat1}, {@code sqlite_stat4}), merged as whole tables: they
 * describe the data as one ANALYZE saw it, so rows from two runs would not describe anything. The
 * side that changed a table wins; where both did, ours. Rows about tables the merge left out go.
 */
final class StatisticsRows {
  /** One statistics table of one archive: its heading and its rows as the archive's lines. */
  private record Table(TableData heading, List<ByteBuffer> lines) {}

  private StatisticsRows() {}

  /**
   * Writes each statistics table the merge keeps, after the other tables; {@code keepsTable} tells
   * whether the merged schema has a table of that name.
   */
  static void write(ArchiveFile base, ArchiveFile ours, ArchiveFile theirs, Predicate<String> keepsTable,
      ArchiveWriter writer) throws IOException {
    for (String name : SqliteTables.STATISTICS) {
      Table a = read(base, name);
      Table o = read(ours, name);
      Table t = read(theirs, name);
      Table merged = Objects.equals(a, o) ? t : o;
      if (merged == null) {
        continue;
      }
      List<ByteBuffer> kept = new ArrayList<>();
      for (ByteBuffer line : merged.lines()) {
        if (describes(line, merged.heading(), keepsTable)) {
          kept.add(line);
        }
      }
      writer.beginTable(merged.heading());
      for (ByteBuffer line : kept) {
        writer.rawRow(line.array());
      }
      writer.endTable(kept.size());
    }
  }

  private static Table read(ArchiveFile file, String name) throws IOException {
    if (file == null) {
      return null;
    }
    try {
      Optional<ArchiveFile.Rows> rows = file.table(name);
      if (rows.isEmpty()) {
        return null;
      }
      List<ByteBuffer> lines = new ArrayList<>();
      for (byte[] line = rows.get().next(); line != null; line = rows.get().next()) {
        lines.add(ByteBuffer.wrap(line));
      }
      return new Table(rows.get().table(), lines);
    } catch (ArchiveFile.NotInLayout e) {
      throw new ArchiveMerge.OffLayout(file.label() + ": " + name, e);
    }
  }

  /** Whether a statistics row is about a table the merge keeps: its first column after the rowid. */
  private static boolean describes(ByteBuffer line, TableData heading, Predicate<String> keepsTable) {
    int width = heading.columns().size() + (heading.withRowid() ? 1 : 0);
    try {
      Object[] row = ArchiveReader.readRowLine(line.array(), width);
      return row[heading.withRowid() ? 1 : 0] instanceof String table && keepsTable.test(table);
    } catch (ArchiveFormatException | IOException e) {
      throw new MergeException("table \"" + heading.name() + "\": a row does not read: " + e.getMessage());
    }
  }
}
