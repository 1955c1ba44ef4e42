package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.Warnings;
import io.githydrate.archive.ArchiveFormatException;
import io.githydrate.archive.ArchiveReader;
import io.githydrate.archive.ArchiveVisitor;
import io.githydrate.archive.Pragmas;
import io.githydrate.archive.SchemaObject;
import io.githydrate.archive.SqliteTables;
import io.githydrate.archive.TableData;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads an archive through without building anything, to count what it holds and check its form. */
public final class ArchiveInspector {
  private ArchiveInspector() {}

  /** What {@link #inspect} found. */
  public record Inspection(ArchiveReader.Kind kind, String database, ArchiveSummary summary, long bytes) {}

  /** Reads {@code archive} through; a row_count that disagrees with its rows is reported as a warning. */
  public static Inspection inspect(Path archive) {
    Counter counter = new Counter(archive);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
      ArchiveReader.Kind kind = ArchiveReader.read(in, counter);
      return new Inspection(kind, counter.database, new ArchiveSummary(counter.tables, counter.rows),
          Files.size(archive));
    } catch (ArchiveFormatException e) {
      throw new HydrateException("archive " + archive + " " + e.getMessage(), e);
    } catch (IOException e) {
      throw new HydrateException(archive + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static final class Counter implements ArchiveVisitor {
    private final Path archive;
    String database;
    int tables;
    long rows;

    Counter(Path archive) {
      this.archive = archive;
    }

    @Override
    public void warning(long line, String message) {
      Warnings.report("archive " + archive + (line > 0 ? " line " + line + ": " : ": ") + message);
    }

    @Override
    public void header(String databasePath, Pragmas pragmas) {
      database = databasePath;
    }

    @Override
    public void schemaObject(SchemaObject object) {
      if (object.isTable()) {
        tables++;
      }
    }

    @Override
    public void beginTable(TableData table) {}

    @Override
    public void row(Object[] values) {}

    @Override
    public void endTable(TableData table, long rowCount) {
      if (!SqliteTables.isKept(table.name())) {
        rows += rowCount;
      }
    }

    @Override
    public void end() {}
  }
}
