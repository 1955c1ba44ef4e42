package io.githydrate.archive;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads archives written by the reference design ({@code {"database", "exported_at",
 * "tables": {name: {"schema", "row_count", "rows": [{column: value}]}}}}) into the same visitor
 * calls as format v1. Those archives carry no pragmas and no indexes, views or triggers, and their
 * values carry no storage class: numbers become INTEGER or REAL, strings TEXT (BLOBs they
 * exported as base64 text stay text).
 */
final class LegacyArchive {
  private static final String SEQUENCE = "sqlite_sequence";

  private final ArchiveReader reader;
  private final JsonParser json;
  private String database;
  private boolean headerSent;

  private LegacyArchive(ArchiveReader reader) {
    this.reader = reader;
    this.json = reader.parser();
  }

  /** Continues reading at {@code token}, the first token inside the root object. */
  static void read(ArchiveReader reader, JsonToken token, ArchiveVisitor visitor) throws IOException {
    new LegacyArchive(reader).readFields(token, visitor);
  }

  private void readFields(JsonToken token, ArchiveVisitor visitor) throws IOException {
    boolean sawTables = false;
    for (; token == JsonToken.FIELD_NAME; token = json.nextToken()) {
      String field = json.currentName();
      if ("database".equals(field)) {
        JsonToken value = json.nextToken();
        database = value == JsonToken.VALUE_STRING ? json.getText() : null;
        json.skipChildren();
      } else if ("tables".equals(field)) {
        readTables(visitor);
        sawTables = true;
      } else {
        json.nextToken();
        json.skipChildren();
      }
    }
    reader.expect(token, JsonToken.END_OBJECT, "a field or the end of the archive");
    if (!sawTables) {
      throw reader.problem("not an archive: no \"format\" field (git-hydrate) and no \"tables\" field (older row-object shape)");
    }
    sendHeader(visitor);
    visitor.end();
  }

  private void sendHeader(ArchiveVisitor visitor) {
    if (!headerSent) {
      visitor.header(database, Pragmas.DEFAULTS);
      headerSent = true;
    }
  }

  private void readTables(ArchiveVisitor visitor) throws IOException {
    reader.expect(json.nextToken(), JsonToken.START_OBJECT, "a tables object");
    sendHeader(visitor);
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      reader.expect(json.nextToken(), JsonToken.START_OBJECT, "an object for table \"" + name + "\"");
      readTable(name, visitor);
    }
    reader.expect(json.currentToken(), JsonToken.END_OBJECT, "a table name");
  }

  private void readTable(String name, ArchiveVisitor visitor) throws IOException {
    boolean sawSchema = false;
    Long declared = null;
    long declaredLine = 0;
    long rows = -1;
    TableData table = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      switch (field) {
        case "schema" -> {
          String sql = reader.nextString(field);
          if (!SEQUENCE.equals(name)) {
            visitor.schemaObject(new SchemaObject("table", name, name, sql), reader.tokenLine());
          }
          sawSchema = true;
        }
        case "row_count" -> {
          declaredLine = reader.tokenLine();
          declared = reader.nextLong(field);
        }
        case "rows" -> {
          if (!sawSchema) {
            throw reader.problem("table \"" + name + "\": \"schema\" must come before \"rows\"");
          }
          RowsRead read = readRows(name, visitor);
          table = read.table;
          rows = read.count;
        }
        default -> {
          json.nextToken();
          json.skipChildren();
        }
      }
    }
    if (!sawSchema) {
      throw reader.problem("table \"" + name + "\" has no \"schema\"");
    }
    if (table == null) {
      table = new TableData(name, List.of(), false);
      visitor.beginTable(table);
      rows = 0;
    }
    if (declared != null && declared != rows) {
      // As in format v1 (see ArchiveReader#rowCountDiffers): the rows are what counts.
      visitor.warning(declaredLine, ArchiveReader.rowCountDiffers(name, rows, declared));
    }
    visitor.endTable(table, rows);
  }

  private record RowsRead(TableData table, long count) {}

  private RowsRead readRows(String name, ArchiveVisitor visitor) throws IOException {
    reader.expect(json.nextToken(), JsonToken.START_ARRAY, "a rows array for table \"" + name + "\"");
    TableData table = null;
    Map<String, Integer> positions = null;
    long count = 0;
    JsonToken token;
    while ((token = json.nextToken()) == JsonToken.START_OBJECT) {
      int line = reader.tokenLine();
      List<String> names = new ArrayList<>();
      List<Object> values = new ArrayList<>();
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        names.add(json.currentName());
        values.add(reader.value(json.nextToken()));
      }
      if (table == null) {
        table = new TableData(name, names, false);
        positions = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
          positions.put(names.get(i), i);
        }
        visitor.beginTable(table);
      }
      visitor.row(arrange(table, positions, names, values), line);
      count++;
    }
    reader.expect(token, JsonToken.END_ARRAY, "a row object");
    if (table == null) {
      table = new TableData(name, List.of(), false);
      visitor.beginTable(table);
    }
    return new RowsRead(table, count);
  }

  private Object[] arrange(TableData table, Map<String, Integer> positions, List<String> names, List<Object> values) {
    if (names.size() != table.columns().size()) {
      throw reader.problem("table \"" + table.name() + "\": row has " + names.size() + " columns, expected "
          + table.columns().size() + " as in its first row");
    }
    Object[] row = new Object[names.size()];
    for (int i = 0; i < names.size(); i++) {
      Integer position = positions.get(names.get(i));
      if (position == null) {
        throw reader.problem("table \"" + table.name() + "\": row has column \"" + names.get(i)
            + "\" that its first row does not have");
      }
      row[position] = values.get(i);
    }
    return row;
  }
}
