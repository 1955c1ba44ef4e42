package io.githydrate.archive;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes one archive (format v1) to a stream, in the order the format fixes: header, pragmas,
 * schema, then each table's rows as they come. Holds no rows in memory.
 *
 * <p>Not thread safe. Buffers internally; {@link #finish()} flushes. The stream passed in is not
 * closed: its owner decides when the archive is complete.
 */
public final class ArchiveWriter implements Closeable {
  private final JsonGenerator json;
  private final RowEncoder rows = new RowEncoder();
  private final RawJson raw = new RawJson();
  private boolean tablesOpen;

  public ArchiveWriter(OutputStream out) {
    try {
      json = ArchiveFormat.jsonFactory().createGenerator(out, JsonEncoding.UTF8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    json.setPrettyPrinter(new ArchiveLayout());
  }

  /** Starts the archive: format name, version, the database's path and its pragmas. */
  public void begin(String databasePath, Pragmas pragmas) throws IOException {
    json.writeStartObject();
    json.writeStringField(ArchiveFormat.FORMAT, ArchiveFormat.NAME);
    json.writeNumberField(ArchiveFormat.VERSION_FIELD, ArchiveFormat.VERSION);
    json.writeStringField(ArchiveFormat.DATABASE, databasePath);
    json.writeObjectFieldStart(ArchiveFormat.PRAGMAS);
    json.writeNumberField(ArchiveFormat.APPLICATION_ID, pragmas.applicationId());
    json.writeNumberField(ArchiveFormat.AUTO_VACUUM, pragmas.autoVacuum());
    json.writeStringField(ArchiveFormat.ENCODING, pragmas.encoding());
    if (pragmas.journalMode() != null) {
      // Only WAL is kept in the file; leaving the default out keeps older archives' bytes.
      json.writeStringField(ArchiveFormat.JOURNAL_MODE, pragmas.journalMode());
    }
    json.writeNumberField(ArchiveFormat.PAGE_SIZE, pragmas.pageSize());
    json.writeNumberField(ArchiveFormat.USER_VERSION, pragmas.userVersion());
    json.writeEndObject();
  }

  /** Writes the schema entries, in the order they are to be created. */
  public void schema(List<SchemaObject> objects) throws IOException {
    json.writeArrayFieldStart(ArchiveFormat.SCHEMA);
    for (SchemaObject object : objects) {
      json.writeStartObject();
      json.writeStringField("type", object.type());
      json.writeStringField("name", object.name());
      json.writeStringField("table", object.table());
      json.writeStringField("sql", object.sql());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeObjectFieldStart(ArchiveFormat.TABLES);
    tablesOpen = true;
  }

  /** Opens a table's entry; its rows follow with {@link #row}. */
  public void beginTable(TableData table) throws IOException {
    json.writeObjectFieldStart(table.name());
    json.writeArrayFieldStart(ArchiveFormat.COLUMNS);
    for (String column : table.columns()) {
      json.writeString(column);
    }
    json.writeEndArray();
    json.writeBooleanField(ArchiveFormat.ROWID, table.withRowid());
    json.writeArrayFieldStart(ArchiveFormat.ROWS);
  }

  /** Writes one row: its values as {@link #value} takes them. */
  public void row(Object[] values) throws IOException {
    SerializableString encoded = rows.encode(values);
    if (encoded != null) {
      json.writeRawValue(encoded);
    } else {
      beginRow();
      for (Object value : values) {
        value(value);
      }
      endRow();
    }
  }

  /**
   * Writes one row given as the line another archive in this layout holds for it: its JSON array
   * only (no indentation, no trailing comma). The caller vouches that it is in canonical form, as
   * {@link #row} would write it, and has the table's width.
   */
  public void rawRow(byte[] encoded) throws IOException {
    json.writeRawValue(raw.set(encoded, encoded.length));
  }

  /** Starts a row; follow with one {@link #value} per value, then {@link #endRow()}. */
  public void beginRow() throws IOException {
    json.writeStartArray();
  }

  /**
   * Writes one value, keeping its SQLite storage class: {@code null}, {@link Long} (INTEGER),
   * {@link Double} (REAL), {@link String} or {@link Utf8Text} (TEXT) or {@code byte[]} (BLOB), or a
   * {@link FileValue} for one kept in a file of its own.
   */
  public void value(Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof Long l) {
      json.writeNumber(l);
    } else if (value instanceof Integer i) {
      json.writeNumber(i);
    } else if (value instanceof Double d) {
      real(d);
    } else if (value instanceof Utf8Text text) {
      json.writeUTF8String(text.bytes(), 0, text.bytes().length); // escapes as writeString would
    } else if (value instanceof String s) {
      json.writeString(s);
    } else if (value instanceof byte[] bytes) {
      json.writeStartObject();
      json.writeFieldName(ArchiveFormat.BLOB);
      json.writeBinary(bytes);
      json.writeEndObject();
    } else if (value instanceof FileValue file) {
      json.writeStartObject();
      json.writeStringField(ArchiveFormat.FILE, file.sha256());
      json.writeStringField(ArchiveFormat.FILE_TYPE, file.type());
      json.writeNumberField(ArchiveFormat.FILE_SIZE, file.size());
      json.writeEndObject();
    } else {
      throw new IllegalArgumentException("not a SQLite value: " + value.getClass());
    }
  }

  private void real(double d) throws IOException {
    if (Double.isFinite(d)) {
      json.writeNumber(d);
    } else {
      // JSON has no literal for these; SQLite stores infinities (and turns NaN into NULL).
      json.writeStartObject();
      json.writeStringField(ArchiveFormat.REAL, Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
      json.writeEndObject();
    }
  }

  public void endRow() throws IOException {
    json.writeEndArray();
  }

  /** Closes a table's entry, recording how many rows it holds. */
  public void endTable(long rowCount) throws IOException {
    json.writeEndArray();
    json.writeNumberField(ArchiveFormat.ROW_COUNT, rowCount);
    json.writeEndObject();
  }

  /**
   * Closes the tables and writes the {@code conflicts} a merge left unresolved (see docs/FORMAT.md),
   * one per line: each a map of field names to values as {@link #value} takes them, or a row
   * ({@code Object[]}) or key ({@code List}) of such values. Call at most once, after the last table.
   */
  public void conflicts(List<? extends Map<String, ?>> conflicts) throws IOException {
    closeTables();
    json.writeArrayFieldStart(ArchiveFormat.CONFLICTS);
    for (Map<String, ?> conflict : conflicts) {
      json.writeStartObject();
      for (Map.Entry<String, ?> field : conflict.entrySet()) {
        json.writeFieldName(field.getKey());
        nested(field.getValue());
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private void nested(Object value) throws IOException {
    if (value instanceof Object[] values) {
      json.writeStartArray();
      for (Object v : values) {
        value(v);
      }
      json.writeEndArray();
    } else if (value instanceof List<?> values) {
      nested(values.toArray());
    } else {
      value(value);
    }
  }

  private void closeTables() throws IOException {
    if (tablesOpen) {
      json.writeEndObject();
      tablesOpen = false;
    }
  }

  /** Closes the archive, ends it with a newline and flushes. */
  public void finish() throws IOException {
    closeTables();
    json.writeEndObject();
    json.writeRaw('\n');
    json.flush();
  }

  /** Hands what is buffered to the stream. */
  public void flush() throws IOException {
    json.flush();
  }

  @Override
  public void close() throws IOException {
    json.close();
  }
}
