package io.githydrate.merge;

import io.githydrate.archive.ArchiveFormatException;
import io.githydrate.archive.ArchiveReader;
import io.githydrate.archive.ArchiveVisitor;
import io.githydrate.archive.ArchiveWriter;
import io.githydrate.archive.Pragmas;
import io.githydrate.archive.SchemaObject;
import io.githydrate.archive.TableData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An archive that is valid but not laid out as git-hydrate writes it (pretty-printed by another
 * tool, edited by hand), rewritten line by line in that layout, streaming, so that it can be
 * merged. Values are written back in canonical form; the rows' order is kept.
 */
final class CanonicalCopy {
  private CanonicalCopy() {}

  /** Writes {@code archive}, named {@code label} in messages, in the canonical layout to {@code copy}. */
  static void write(Path archive, String label, Path copy) throws IOException {
    try (InputStream in = Files.newInputStream(archive);
         OutputStream out = Files.newOutputStream(copy);
         ArchiveWriter writer = new ArchiveWriter(out)) {
      ArchiveReader.Kind kind = ArchiveReader.read(in, new Visitor(writer));
      if (kind != ArchiveReader.Kind.V1) {
        throw new MergeException(label + ": an archive in the older, row-object shape; hydrate and dehydrate it once to move it to the current format");
      }
    } catch (ArchiveFormatException e) {
      throw new MergeException(label + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static final class Visitor implements ArchiveVisitor {
    private final ArchiveWriter writer;
    private final List<SchemaObject> schema = new ArrayList<>();
    private boolean schemaWritten;

    Visitor(ArchiveWriter writer) {
      this.writer = writer;
    }

    @Override
    public void header(String databasePath, Pragmas pragmas) {
      run(() -> writer.begin(databasePath, pragmas));
    }

    @Override
    public void schemaObject(SchemaObject object) {
      schema.add(object);
    }

    private void schemaOnce() {
      if (!schemaWritten) {
        schemaWritten = true;
        run(() -> writer.schema(schema));
      }
    }

    @Override
    public void beginTable(TableData table) {
      schemaOnce();
      run(() -> writer.beginTable(table));
    }

    @Override
    public void row(Object[] values) {
      run(() -> writer.row(values));
    }

    @Override
    public void endTable(TableData table, long rowCount) {
      run(() -> writer.endTable(rowCount));
    }

    @Override
    public void end() {
      schemaOnce();
      run(writer::finish);
    }

    private interface Write {
      void run() throws IOException;
    }

    private static void run(Write write) {
      try {
        write.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
