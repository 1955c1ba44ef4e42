package io.githydrate.merge;

import io.githydrate.HydrateException;
import io.githydrate.archive.ArchiveFormatException;
import io.githydrate.archive.ArchiveReader;
import io.githydrate.archive.ArchiveVisitor;
import io.githydrate.archive.Pragmas;
import io.githydrate.archive.SchemaObject;
import io.githydrate.archive.TableData;
import io.githydrate.engine.SchemaProbe;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One archive as text a person reads and Git diffs line by line (Git's textconv for databases):
 * the settings as {@code PRAGMA} statements, the schema as its {@code CREATE} statements, then one
 * line per row, {@code t 42: id=42, name='x', price=0.99}, in the archive's order. A changed row is
 * then one changed line in {@code git log -p}, with its table, key and column names in view.
 */
public final class ReadableArchive {
  private ReadableArchive() {}

  /**
   * Reads the archive from {@code in} and writes its text to {@code out}, which is flushed, not
   * closed. {@code label} names the archive in messages; a {@link HydrateException} says what is
   * wrong with an archive that does not read.
   */
  public static void write(InputStream in, String label, OutputStream out) throws IOException {
    Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    Lines lines = new Lines(text);
    try {
      ArchiveReader.read(in, lines);
    } catch (ArchiveFormatException e) {
      throw new HydrateException(label + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      lines.close();
    }
    text.flush();
  }

  /** Turns what the reader streams into lines. */
  private static final class Lines implements ArchiveVisitor {
    private final Writer out;
    private final List<SchemaObject> schema = new ArrayList<>();
    private SchemaProbe probe;
    private int probed = -1;
    private TableData table;
    private KeySpec key;

    Lines(Writer out) {
      this.out = out;
    }

    @Override
    public void header(String databasePath, Pragmas pragmas) {
      if (pragmas == null) {
        return;
      }
      setting("application_id", pragmas.applicationId());
      setting("auto_vacuum", pragmas.autoVacuum());
      setting("encoding", pragmas.encoding());
      setting("journal_mode", pragmas.journalMode());
      setting("page_size", pragmas.pageSize());
      setting("user_version", pragmas.userVersion());
    }

    private void setting(String pragma, Object value) {
      if (value != null) {
        line(new SettingChange(pragma, null, value instanceof Integer i ? Long.valueOf(i) : value).sql());
      }
    }

    @Override
    public void schemaObject(SchemaObject object) {
      schema.add(object);
      line(object.sql() + ";");
    }

    @Override
    public void beginTable(TableData heading) {
      table = heading;
      key = TableKeys.of(heading, probe()).orElse(null);
    }

    /** The schema read so far, in SQLite (again when more came: the older shape gives it per table). */
    private SchemaProbe probe() {
      if (probed != schema.size()) {
        close();
        probe = SchemaProbe.of(schema);
        probed = schema.size();
      }
      return probe;
    }

    @Override
    public void row(Object[] values) {
      StringBuilder shown = new StringBuilder(SqlText.name(table.name()));
      if (key != null) {
        shown.append(' ').append(SqlText.key(java.util.Arrays.asList(key.of(values))));
      }
      shown.append(':');
      int offset = table.withRowid() ? 1 : 0;
      for (int i = offset; i < values.length; i++) {
        shown.append(i > offset ? ", " : " ").append(SqlText.name(table.columns().get(i - offset))).append('=')
            .append(SqlText.literal(values[i]));
      }
      line(shown.toString());
    }

    @Override
    public void endTable(TableData heading, long rowCount) {
      table = null;
    }

    @Override
    public void end() {}

    private void line(String text) {
      try {
        out.write(text);
        out.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void close() {
      Optional.ofNullable(probe).ifPresent(SchemaProbe::close);
      probe = null;
    }
  }
}
