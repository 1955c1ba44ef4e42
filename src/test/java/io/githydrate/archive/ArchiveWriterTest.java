package io.githydrate.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchiveWriterTest {
  private static final Pragmas PRAGMAS = new Pragmas(0, 0, "UTF-8", 4096, 0);

  /** Records whether its owner closed it: the writer must not. */
  private static final class OwnedStream extends ByteArrayOutputStream {
    boolean closed;

    @Override
    public void close() {
      closed = true;
    }

    String text() {
      return toString(StandardCharsets.UTF_8);
    }
  }

  private interface Body {
    void write(ArchiveWriter writer) throws IOException;
  }

  private static String write(List<SchemaObject> schema, Body tables) throws IOException {
    OwnedStream out = new OwnedStream();
    try (ArchiveWriter writer = new ArchiveWriter(out)) {
      writer.begin("data/app.db", PRAGMAS);
      writer.schema(schema);
      tables.write(writer);
      writer.finish();
    }
    assertFalse(out.closed, "the writer closed a stream it does not own");
    return out.text();
  }

  private static void row(ArchiveWriter writer, Object... values) throws IOException {
    writer.beginRow();
    for (Object value : values) {
      writer.value(value);
    }
    writer.endRow();
  }

  @Test
  void emptyDatabaseHasEmptySchemaAndTables() throws IOException {
    assertEquals("""
        {
         "format": "git-hydrate-archive",
         "version": 1,
         "database": "data/app.db",
         "pragmas": {
          "application_id": 0,
          "auto_vacuum": 0,
          "encoding": "UTF-8",
          "page_size": 4096,
          "user_version": 0
         },
         "schema": [],
         "tables": {}
        }
        """, write(List.of(), writer -> {}));
  }

  @Test
  void eachSchemaEntryAndEachRowHasALineOfItsOwn() throws IOException {
    List<SchemaObject> schema = List.of(
        new SchemaObject("table", "t", "t", "CREATE TABLE t(a, b)"),
        new SchemaObject("index", "t_a", "t", "CREATE INDEX t_a ON t(a)"));
    String text = write(schema, writer -> {
      writer.beginTable(new TableData("t", List.of("a", "b"), true));
      row(writer, 1L, 10L, "x");
      row(writer, 5L, null, "y");
      writer.endTable(2);
      writer.beginTable(new TableData("empty", List.of("c"), false));
      writer.endTable(0);
    });
    assertEquals("""
        {
         "format": "git-hydrate-archive",
         "version": 1,
         "database": "data/app.db",
         "pragmas": {
          "application_id": 0,
          "auto_vacuum": 0,
          "encoding": "UTF-8",
          "page_size": 4096,
          "user_version": 0
         },
         "schema": [
          {"type": "table", "name": "t", "table": "t", "sql": "CREATE TABLE t(a, b)"},
          {"type": "index", "name": "t_a", "table": "t", "sql": "CREATE INDEX t_a ON t(a)"}
         ],
         "tables": {
          "t": {"columns": ["a", "b"], "rowid": true, "rows": [
           [1, 10, "x"],
           [5, null, "y"]
          ], "row_count": 2},
          "empty": {"columns": ["c"], "rowid": false, "rows": [], "row_count": 0}
         }
        }
        """, text);
  }

  @Test
  void everyValueKindKeepsItsStorageClass() throws IOException {
    String text = write(List.of(), writer -> {
      writer.beginTable(new TableData("v", List.of("x"), false));
      row(writer, (Object) null);
      row(writer, 0L);
      row(writer, Long.MIN_VALUE);
      row(writer, Long.MAX_VALUE);
      row(writer, 7);
      row(writer, 1.5);
      row(writer, 0.1);
      row(writer, -0.0);
      row(writer, 3.0);
      row(writer, 1e300);
      row(writer, Double.MIN_VALUE);
      row(writer, Double.POSITIVE_INFINITY);
      row(writer, Double.NEGATIVE_INFINITY);
      row(writer, Double.NaN);
      row(writer, "");
      row(writer, "3");
      row(writer, new byte[0]);
      row(writer, new byte[] {0, 1, (byte) 0xfe, (byte) 0xff});
      writer.endTable(18);
    });
    String rows = text.substring(text.indexOf("\"rows\": [\n") + 10, text.indexOf("  ], \"row_count\""));
    assertEquals("""
           [null],
           [0],
           [-9223372036854775808],
           [9223372036854775807],
           [7],
           [1.5],
           [0.1],
           [-0.0],
           [3.0],
           [1.0E300],
           [4.9E-324],
           [{"real": "Infinity"}],
           [{"real": "-Infinity"}],
           [{"real": "NaN"}],
           [""],
           ["3"],
           [{"blob": ""}],
           [{"blob": "AAH+/w=="}]
        """, rows);
  }

  @Test
  void aValueInAFileOfItsOwnIsWrittenAsItsReferenceOnTheRowsLine() throws IOException {
    String sha = "0123456789abcdef".repeat(4);
    String text = write(List.of(), writer -> {
      writer.beginTable(new TableData("v", List.of("x", "y"), false));
      writer.row(new Object[] {new FileValue(sha, false, 5_242_880), new FileValue(sha, true, 17)});
      writer.endTable(1);
    });
    String rows = text.substring(text.indexOf("\"rows\": [\n") + 10, text.indexOf("  ], \"row_count\""));
    assertEquals("   [{\"file\": \"" + sha + "\", \"type\": \"blob\", \"size\": 5242880}, {\"file\": \"" + sha
        + "\", \"type\": \"text\", \"size\": 17}]\n", rows);
  }

  /**
   * Line breaks inside values would break the one-line-per-row layout that makes diffs readable.
   * Characters outside the Basic Multilingual Plane come out as their surrogate pair, escaped
   * (Jackson's default): still deterministic, and decoded by every JSON reader.
   */
  @Test
  void textIsEscapedSoThatARowNeverSpansLines() throws IOException {
    String text = write(List.of(), writer -> {
      writer.beginTable(new TableData("v", List.of("x"), false));
      row(writer, "line1\nline2\r\ttab \"quoted\" back\\slash \u0000nul \u001f");
      row(writer, "é ü 日本 😀");
      writer.endTable(2);
    });
    String rows = text.substring(text.indexOf("\"rows\": [\n") + 10, text.indexOf("  ], \"row_count\""));
    assertEquals("""
           ["line1\\nline2\\r\\ttab \\"quoted\\" back\\\\slash \\u0000nul \\u001F"],
           ["é ü 日本 😀"]
        """, rows);
  }

  @Test
  void namesWithQuotesAndNonAsciiLettersAreEscapedJson() throws IOException {
    String text = write(List.of(new SchemaObject("table", "we\"ird näme", "we\"ird näme",
        "CREATE TABLE \"we\"\"ird näme\"(\"a b\")")), writer -> {
          writer.beginTable(new TableData("we\"ird näme", List.of("a b"), true));
          writer.endTable(0);
        });
    assertEquals(List.of(
        " \"schema\": [",
        "  {\"type\": \"table\", \"name\": \"we\\\"ird näme\", \"table\": \"we\\\"ird näme\", "
            + "\"sql\": \"CREATE TABLE \\\"we\\\"\\\"ird näme\\\"(\\\"a b\\\")\"}",
        " ],",
        " \"tables\": {",
        "  \"we\\\"ird näme\": {\"columns\": [\"a b\"], \"rowid\": true, \"rows\": [], \"row_count\": 0}",
        " }",
        "}"), Arrays.asList(text.split("\n")).subList(11, 18));
  }

  @Test
  void theArchiveIsUtf8WithOneTrailingNewline() throws IOException {
    OwnedStream out = new OwnedStream();
    try (ArchiveWriter writer = new ArchiveWriter(out)) {
      writer.begin("ä.db", new Pragmas(1, 2, "UTF-16le", 512, -1));
      writer.schema(List.of());
      writer.finish();
    }
    byte[] bytes = out.toByteArray();
    assertEquals('\n', bytes[bytes.length - 1]);
    assertEquals('}', bytes[bytes.length - 2]);
    assertEquals("""
        {
         "format": "git-hydrate-archive",
         "version": 1,
         "database": "ä.db",
         "pragmas": {
          "application_id": 1,
          "auto_vacuum": 2,
          "encoding": "UTF-16le",
          "page_size": 512,
          "user_version": -1
         },
         "schema": [],
         "tables": {}
        }
        """, new String(bytes, StandardCharsets.UTF_8));
  }

  @Test
  void aValueOfAnotherTypeIsAProgrammingError() throws IOException {
    try (ArchiveWriter writer = new ArchiveWriter(new OwnedStream())) {
      writer.begin("x.db", PRAGMAS);
      writer.schema(List.of());
      writer.beginTable(new TableData("t", List.of("a"), false));
      writer.beginRow();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> writer.value(1.5f));
      assertEquals("not a SQLite value: class java.lang.Float", e.getMessage());
    }
  }
}
