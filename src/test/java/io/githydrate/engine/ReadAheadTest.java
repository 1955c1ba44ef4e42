package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.archive.ArchiveVisitor;
import io.githydrate.archive.Pragmas;
import io.githydrate.archive.SchemaObject;
import io.githydrate.archive.TableData;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

  /** Records what reaches it, with lines, and every size it is told. */
  private static final class Recorder implements ArchiveVisitor, ReadAhead.SizeAware {
    final List<String> events = new ArrayList<>();
    final List<Integer> rowLines = new ArrayList<>();
    final List<Long> sizes = new ArrayList<>();

    @Override
    public void archiveBytesRead(long bytes) {
      sizes.add(bytes);
    }

    @Override
    public void header(String databasePath, Pragmas pragmas) {
      events.add("header");
    }

    @Override
    public void schemaObject(SchemaObject object) {
      throw new AssertionError("the reader passes the line");
    }

    @Override
    public void schemaObject(SchemaObject object, int line) {
      events.add("schema " + object.name() + " at " + line);
    }

    @Override
    public void beginTable(TableData table) {
      events.add("begin " + table.name());
    }

    @Override
    public void row(Object[] values) {
      throw new AssertionError("the reader passes the line");
    }

    @Override
    public void row(Object[] values, int line) {
      rowLines.add(line);
      assertEquals(values[0], (long) line, "row values and line travel together");
    }

    @Override
    public void endTable(TableData table, long rowCount) {
      events.add("end " + table.name() + " " + rowCount);
    }

    @Override
    public void end() {
      events.add("end");
    }
  }

  @Test
  void eachRowKeepsItsLineAcrossBatchesAndTheSizeGrowsToTheWholeArchive() throws Exception {
    int rows = 1000;
    StringBuilder archive = new StringBuilder("""
        {
         "format": "git-hydrate-archive",
         "version": 1,
         "database": "x.db",
         "pragmas": {"application_id": 0, "auto_vacuum": 0, "encoding": "UTF-8", "page_size": 4096, "user_version": 0},
         "schema": [
          {"type": "table", "name": "t", "table": "t", "sql": "CREATE TABLE t(line, text)"}
         ],
         "tables": {
          "t": {"columns": ["line", "text"], "rowid": false, "rows": [
        """);
    for (int i = 0; i < rows; i++) {
      // each row holds the line it is on, and some rows span two lines
      int line = 11 + i + i / 100;
      archive.append("   [").append(line).append(i % 100 == 99 ? ",\n" : ", ").append("\"row ").append(i)
          .append("\"]").append(i + 1 < rows ? ",\n" : "\n");
    }
    archive.append("  ], \"row_count\": ").append(rows).append("}\n }\n}\n");
    byte[] bytes = archive.toString().getBytes(StandardCharsets.UTF_8);
    Recorder recorder = new Recorder();
    ReadAhead.read(new ByteArrayInputStream(bytes), recorder);
    assertEquals(List.of("header", "schema t at 7", "begin t", "end t " + rows, "end"), recorder.events);
    assertEquals(IntStream.range(0, rows).map(i -> 11 + i + i / 100).boxed().toList(), recorder.rowLines);
    for (int i = 1; i < recorder.sizes.size(); i++) {
      assertTrue(recorder.sizes.get(i - 1) <= recorder.sizes.get(i), "sizes only grow: " + recorder.sizes);
    }
    assertEquals(bytes.length, recorder.sizes.get(recorder.sizes.size() - 1));
  }
}
