package io.githydrate.cli;

import io.githydrate.archive.FileValue;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.githydrate.merge.DiffSink;
import io.githydrate.merge.RowChange;
import io.githydrate.merge.SchemaChange;
import io.githydrate.merge.SettingChange;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code git hydrate diff --json}, written as the diff runs:
 *
 * <pre>
 * {"databases": [{"path", "status", "before", "after",
 *                 "settings": [{"pragma", "before", "after", "sql"}],
 *                 "schema": [{"change", "type", "name", "before", "after", "sql": [...]}],
 *                 "tables": {name: {"added": [{"key", "row"}], "removed": [{"key", "row"}],
 *                                   "changed": [{"key", "cells": {column: {"before", "after"}}}],
 *                                   "unmatched": {"rows_before", "rows_after", "why"}}}}],
 *  "differences": true, "errors": []}
 * </pre>
 *
 * Values are as the archive writes them: numbers, strings, null, {@code {"blob": base64}} and
 * {@code {"real": "Infinity"}}. Only databases that differ are listed, and only tables with
 * changes. Each table's rows are spooled (see {@link JsonSpool}), so memory stays small.
 */
final class DiffJson implements AutoCloseable {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final PrintStream out;
  private final JsonGenerator g;

  DiffJson(PrintStream out) throws IOException {
    this.out = out;
    this.g = JSON.createGenerator(out);
    g.setPrettyPrinter(new DefaultPrettyPrinter());
    g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
    g.writeStartObject();
    g.writeArrayFieldStart("databases");
  }

  /** A sink for one database's diff; call {@link Database#end} after the diff. */
  Database database(String path, String status, String before, String after) {
    return new Database(path, status, before, after);
  }

  /** Ends the output. */
  void finish(boolean differences, List<String> errors) throws IOException {
    g.writeEndArray();
    g.writeBooleanField("differences", differences);
    g.writeArrayFieldStart("errors");
    for (String error : errors) {
      g.writeString(error);
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeRaw('\n');
    g.flush();
  }

  @Override
  public void close() throws IOException {
    g.close();
    out.flush();
  }

  /** One database's object, begun at its first difference. */
  final class Database implements DiffSink {
    private final String path;
    private final String status;
    private final String before;
    private final String after;
    private final List<SettingChange> settings = new ArrayList<>();
    private final List<SchemaChange> schema = new ArrayList<>();
    private boolean started;
    private String table;
    private JsonSpool added;
    private JsonSpool removed;
    private JsonSpool changed;

    private Database(String path, String status, String before, String after) {
      this.path = path;
      this.status = status;
      this.before = before;
      this.after = after;
    }

    @Override
    public void setting(SettingChange change) {
      settings.add(change);
    }

    @Override
    public void schema(SchemaChange change) {
      schema.add(change);
    }

    @Override
    public void row(RowChange change) throws IOException {
      start();
      if (!change.table().equals(table)) {
        endTable();
        table = change.table();
        added = new JsonSpool(JSON);
        removed = new JsonSpool(JSON);
        changed = new JsonSpool(JSON);
      }
      switch (change.kind()) {
        case ADDED -> rowEntry(added.next(), change.key(), change.columns(), change.after());
        case REMOVED -> rowEntry(removed.next(), change.key(), change.columns(), change.before());
        case CHANGED -> {
          JsonGenerator c = changed.next();
          c.writeStartObject();
          key(c, change.key());
          c.writeObjectFieldStart("cells");
          for (int i = 0; i < change.columns().size(); i++) {
            c.writeObjectFieldStart(change.columns().get(i));
            c.writeFieldName("before");
            value(c, change.before().get(i));
            c.writeFieldName("after");
            value(c, change.after().get(i));
            c.writeEndObject();
          }
          c.writeEndObject();
          c.writeEndObject();
        }
      }
    }

    @Override
    public void unmatched(String name, long rowsBefore, long rowsAfter, String why) throws IOException {
      start();
      endTable();
      g.writeObjectFieldStart(name);
      g.writeObjectFieldStart("unmatched");
      g.writeNumberField("rows_before", rowsBefore);
      g.writeNumberField("rows_after", rowsAfter);
      g.writeStringField("why", why);
      g.writeEndObject();
      g.writeEndObject();
    }

    /**
     * Ends the database's object; {@code always} writes it even when nothing differed (a database
     * added or deleted). Returns whether it was written.
     */
    boolean end(boolean always) throws IOException {
      if (always || !settings.isEmpty() || !schema.isEmpty()) {
        start();
      }
      if (started) {
        endTable();
        g.writeEndObject();
        g.writeEndObject();
      }
      return started;
    }

    private void start() throws IOException {
      if (started) {
        return;
      }
      started = true;
      g.writeStartObject();
      g.writeStringField("path", path);
      g.writeStringField("status", status);
      g.writeStringField("before", before);
      g.writeStringField("after", after);
      g.writeArrayFieldStart("settings");
      for (SettingChange change : settings) {
        g.writeStartObject();
        g.writeStringField("pragma", change.pragma());
        g.writeFieldName("before");
        value(g, change.before());
        g.writeFieldName("after");
        value(g, change.after());
        g.writeStringField("sql", change.sql());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("schema");
      for (SchemaChange change : schema) {
        g.writeStartObject();
        g.writeStringField("change", change.kind().wireName());
        g.writeStringField("type", change.type());
        g.writeStringField("name", change.name());
        g.writeStringField("before", change.before());
        g.writeStringField("after", change.after());
        g.writeArrayFieldStart("sql");
        for (String statement : change.statements()) {
          g.writeString(statement);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("tables");
    }

    private void endTable() throws IOException {
      if (table == null) {
        return;
      }
      g.writeObjectFieldStart(table);
      for (String kind : List.of("added", "removed", "changed")) {
        JsonSpool spool = kind.equals("added") ? added : kind.equals("removed") ? removed : changed;
        try (spool) {
          if (!spool.isEmpty()) {
            g.writeArrayFieldStart(kind);
            spool.copyTo(g);
            g.writeEndArray();
          }
        }
      }
      g.writeEndObject();
      table = null;
    }
  }

  private static void rowEntry(JsonGenerator c, List<Object> key, List<String> columns, List<Object> values)
      throws IOException {
    c.writeStartObject();
    key(c, key);
    c.writeObjectFieldStart("row");
    for (int i = 0; i < columns.size(); i++) {
      c.writeFieldName(columns.get(i));
      value(c, values.get(i));
    }
    c.writeEndObject();
    c.writeEndObject();
  }

  private static void key(JsonGenerator c, List<Object> key) throws IOException {
    c.writeArrayFieldStart("key");
    for (Object value : key) {
      value(c, value);
    }
    c.writeEndArray();
  }

  /** A value as the archive writes it. */
  static void value(JsonGenerator c, Object value) throws IOException {
    if (value == null) {
      c.writeNull();
    } else if (value instanceof Long l) {
      c.writeNumber(l);
    } else if (value instanceof Integer i) {
      c.writeNumber(i);
    } else if (value instanceof Double d && d.isInfinite()) {
      c.writeStartObject();
      c.writeStringField("real", d > 0 ? "Infinity" : "-Infinity");
      c.writeEndObject();
    } else if (value instanceof Double d) {
      c.writeNumber(d);
    } else if (value instanceof byte[] bytes) {
      c.writeStartObject();
      c.writeStringField("blob", Base64.getEncoder().encodeToString(bytes));
      c.writeEndObject();
    } else if (value instanceof FileValue file) {
      c.writeStartObject();
      c.writeStringField("file", file.sha256());
      c.writeStringField("type", file.type());
      c.writeNumberField("size", file.size());
      c.writeEndObject();
    } else {
      c.writeString(value.toString());
    }
  }
}
