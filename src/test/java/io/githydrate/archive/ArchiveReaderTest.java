package io.githydrate.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchiveReaderTest {

  /** A complete v1 archive; line numbers in the expected messages below count from its first line. */
  private static final String VALID = """
      {
       "format": "git-hydrate-archive",
       "version": 1,
       "database": "data/app.db",
       "pragmas": {
        "application_id": 7,
        "auto_vacuum": 0,
        "encoding": "UTF-8",
        "page_size": 4096,
        "user_version": 3
       },
       "schema": [
        {"type": "table", "name": "t", "table": "t", "sql": "CREATE TABLE t(a, b)"},
        {"type": "index", "name": "t_a", "table": "t", "sql": "CREATE INDEX t_a ON t(a)"}
       ],
       "tables": {
        "t": {"columns": ["a", "b"], "rowid": true, "rows": [
         [1, "one", 1.5],
         [4, null, {"blob": "AP8="}]
        ], "row_count": 2},
        "sqlite_sequence": {"columns": ["name", "seq"], "rowid": false, "rows": [
         ["t", 4]
        ], "row_count": 1}
       }
      }
      """;

  /** Writes down every call, so that tests can compare the whole conversation. */
  private static final class Recorder implements ArchiveVisitor {
    final List<String> events = new ArrayList<>();
    final List<Object[]> rows = new ArrayList<>();

    @Override
    public void header(String databasePath, Pragmas pragmas) {
      events.add("header " + databasePath + " " + pragmas);
    }

    @Override
    public void schemaObject(SchemaObject object) {
      events.add("schema " + object);
    }

    @Override
    public void beginTable(TableData table) {
      events.add("begin " + table);
    }

    @Override
    public void row(Object[] values) {
      rows.add(values);
      events.add("row " + describe(values));
    }

    @Override
    public void endTable(TableData table, long rowCount) {
      events.add("end " + table.name() + " " + rowCount);
    }

    @Override
    public void warning(long line, String message) {
      events.add("warning line " + line + ": " + message);
    }

    @Override
    public void end() {
      events.add("end");
    }
  }

  private static String describe(Object[] values) {
    List<String> parts = new ArrayList<>();
    for (Object value : values) {
      parts.add(value == null ? "null"
          : value instanceof byte[] bytes ? "X'" + HexFormat.of().formatHex(bytes) + "'"
          : value.getClass().getSimpleName() + ":" + value);
    }
    return String.join(", ", parts);
  }

  private static InputStream utf8(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Recorder read(String text, ArchiveReader.Kind expected) throws IOException {
    Recorder recorder = new Recorder();
    assertEquals(expected, ArchiveReader.read(utf8(text), recorder));
    return recorder;
  }

  /** The one-line message {@code text} is refused with. */
  private static String refusal(String text) {
    ArchiveFormatException e = assertThrows(ArchiveFormatException.class,
        () -> ArchiveReader.read(utf8(text), new Recorder()));
    assertEquals(-1, e.getMessage().indexOf('\n'), "a message of more than one line: " + e.getMessage());
    return e.getMessage();
  }

  private static String valid(String from, String to) {
    assertTrue(VALID.contains(from), from);
    return VALID.replace(from, to);
  }

  @Test
  void readsAVersion1ArchiveInOrder() throws IOException {
    Recorder recorder = read(VALID, ArchiveReader.Kind.V1);
    assertEquals(List.of(
        "header data/app.db Pragmas[applicationId=7, autoVacuum=0, encoding=UTF-8, journalMode=null, pageSize=4096, userVersion=3]",
        "schema SchemaObject[type=table, name=t, table=t, sql=CREATE TABLE t(a, b)]",
        "schema SchemaObject[type=index, name=t_a, table=t, sql=CREATE INDEX t_a ON t(a)]",
        "begin TableData[name=t, columns=[a, b], withRowid=true]",
        "row Long:1, String:one, Double:1.5",
        "row Long:4, null, X'00ff'",
        "end t 2",
        "begin TableData[name=sqlite_sequence, columns=[name, seq], withRowid=false]",
        "row String:t, Long:4",
        "end sqlite_sequence 1",
        "end"), recorder.events);
  }

  @Test
  void valuesKeepTheirStorageClass() throws IOException {
    Recorder recorder = read(valid(
        "   [1, \"one\", 1.5],\n   [4, null, {\"blob\": \"AP8=\"}]\n  ], \"row_count\": 2}",
        String.join("\n",
            "   [-9223372036854775808, 9223372036854775807, 0],",
            "   [0.0, -0.0, 1.0E300],",
            "   [{\"real\": \"Infinity\"}, {\"real\": \"-Infinity\"}, {\"real\": \"NaN\"}],",
            "   [\"\", \"3\", \"é \\u0000 \\uD83D\\uDE00\"],",
            "   [{\"blob\": \"\"}, {\"blob\": \"AAH+/w==\"}, 2e2]",
            "  ], \"row_count\": 5}")), ArchiveReader.Kind.V1);
    assertEquals(List.of(
        "row Long:-9223372036854775808, Long:9223372036854775807, Long:0",
        "row Double:0.0, Double:-0.0, Double:1.0E300",
        "row Double:Infinity, Double:-Infinity, Double:NaN",
        "row String:, String:3, String:é \u0000 \uD83D\uDE00",
        "row X'', X'0001feff', Double:200.0"), recorder.events.subList(4, 9));
  }

  @Test
  void windowsLineEndingsAndAByteOrderMarkAreAccepted() throws IOException {
    Recorder plain = read(VALID, ArchiveReader.Kind.V1);
    Recorder crlf = read("\uFEFF" + VALID.replace("\n", "\r\n"), ArchiveReader.Kind.V1);
    assertEquals(plain.events, crlf.events);
  }

  @Test
  void readsTheReferenceDesignsArchives() throws IOException {
    Recorder recorder = read("""
        {
          "database": "app.db",
          "exported_at": "2024-01-02T03:04:05",
          "tables": {
            "users": {
              "schema": "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, score REAL)",
              "row_count": 3,
              "rows": [
                {"id": 1, "name": "Ann", "score": 1.5},
                {"name": null, "score": 2, "id": 2},
                {"id": 3, "name": "aGVsbG8=", "score": -1}
              ]
            },
            "sqlite_sequence": {
              "schema": "CREATE TABLE sqlite_sequence(name,seq)",
              "row_count": 1,
              "rows": [{"name": "users", "seq": 3}]
            },
            "empty": {"schema": "CREATE TABLE empty (x)", "row_count": 0, "rows": []}
          }
        }
        """, ArchiveReader.Kind.REFERENCE);
    assertEquals(List.of(
        "header app.db Pragmas[applicationId=null, autoVacuum=null, encoding=null, journalMode=null, pageSize=null, userVersion=null]",
        "schema SchemaObject[type=table, name=users, table=users, "
            + "sql=CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, score REAL)]",
        "begin TableData[name=users, columns=[id, name, score], withRowid=false]",
        "row Long:1, String:Ann, Double:1.5",
        "row Long:2, null, Long:2",
        "row Long:3, String:aGVsbG8=, Long:-1",
        "end users 3",
        "begin TableData[name=sqlite_sequence, columns=[name, seq], withRowid=false]",
        "row String:users, Long:3",
        "end sqlite_sequence 1",
        "schema SchemaObject[type=table, name=empty, table=empty, sql=CREATE TABLE empty (x)]",
        "begin TableData[name=empty, columns=[], withRowid=false]",
        "end empty 0",
        "end"), recorder.events);
  }

  @Test
  void aReferenceArchiveNeedNotDeclareRowCounts() throws IOException {
    Recorder recorder = read("""
        {"tables": {"t": {"schema": "CREATE TABLE t(x)", "rows": [{"x": 1}]}}}
        """, ArchiveReader.Kind.REFERENCE);
    assertEquals(List.of(
        "header null Pragmas[applicationId=null, autoVacuum=null, encoding=null, journalMode=null, pageSize=null, userVersion=null]",
        "schema SchemaObject[type=table, name=t, table=t, sql=CREATE TABLE t(x)]",
        "begin TableData[name=t, columns=[x], withRowid=false]",
        "row Long:1",
        "end t 1",
        "end"), recorder.events);
  }

  @Test
  void blobBytesAreDecodedExactly() throws IOException {
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    String base64 = java.util.Base64.getEncoder().encodeToString(all);
    Recorder recorder = read(valid("{\"blob\": \"AP8=\"}", "{\"blob\": \"" + base64 + "\"}"), ArchiveReader.Kind.V1);
    assertArrayEquals(all, (byte[]) recorder.rows.get(1)[2]);
  }

  @Test
  void anEmptyFileIsTruncated() {
    assertEquals("line 1: expected an archive object, got the end of the file (truncated archive?)", refusal(""));
  }

  @Test
  void aFileCutOffBetweenRowsIsTruncated() {
    String cut = VALID.substring(0, VALID.indexOf("  [4, null"));
    assertEquals("line 19: not valid JSON: Unexpected end-of-input within/between Array entries", refusal(cut));
  }

  @Test
  void aFileCutOffInsideARowIsTruncated() {
    String cut = VALID.substring(0, VALID.indexOf("{\"blob\""));
    assertEquals("line 19: not valid JSON: Unexpected end-of-input within/between Array entries", refusal(cut));
  }

  @Test
  void aFileCutOffAfterTheLastTableIsIncomplete() {
    String cut = VALID.substring(0, VALID.lastIndexOf(" }\n}"));
    assertEquals("line 24: not valid JSON: Unexpected end-of-input: expected close marker for Object "
        + "(start marker at line 16)", refusal(cut));
  }

  @Test
  void mergeConflictMarkersAreNamedAsSuch() {
    String conflicted = valid("  [4, null, {\"blob\": \"AP8=\"}]\n", """
          <<<<<<< HEAD
          [4, null, {"blob": "AP8="}]
        =======
          [4, "four", {"blob": "AP8="}]
        >>>>>>> theirs
        """);
    assertEquals("line 19: not valid JSON: Unexpected character ('<' (code 60)): expected a valid value "
        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false') "
        + "(a merge-conflict marker? resolve the conflict in the archive first)", refusal(conflicted));
  }

  @Test
  void invalidJsonNamesTheLine() {
    assertEquals("line 18: not valid JSON: Unexpected character (']' (code 93)): expected a value",
        refusal(valid("[1, \"one\", 1.5]", "[1, \"one\", 1.5,]")));
    assertEquals("line 14: not valid JSON: Unexpected character ('t' (code 116)): was expecting double-quote "
        + "to start field name", refusal(valid("{\"type\": \"index\"", "{type: \"index\"")));
    assertEquals("line 18: not valid JSON: Illegal unquoted character ((CTRL-CHAR, code 9)): has to be escaped "
        + "using backslash to be included in string value", refusal(valid("\"one\"", "\"o\tne\"")));
  }

  @Test
  void duplicateFieldsAreRefused() {
    assertEquals("line 3: not valid JSON: Duplicate field 'format'",
        refusal(valid("\"version\": 1,", "\"format\": 1,")));
  }

  @Test
  void contentAfterTheArchiveIsRefused() {
    assertEquals("line 26: unexpected content after the archive's closing brace", refusal(VALID + "{}\n"));
  }

  @Test
  void somethingElseThanAnObjectIsNotAnArchive() {
    assertEquals("line 1: expected an archive object, got \"[\"", refusal("[]"));
    assertEquals("line 1: not an archive: no \"format\" field (git-hydrate) and no \"tables\" field "
        + "(older row-object shape)", refusal("{}"));
  }

  @Test
  void anotherFormatIsRefused() {
    assertEquals("line 2: expected format \"git-hydrate-archive\", got \"sqlite-dump\"",
        refusal(valid("\"git-hydrate-archive\"", "\"sqlite-dump\"")));
  }

  @Test
  void aNewerVersionIsRefusedWithAHint() {
    assertEquals("line 3: unsupported archive version 2 (this git-hydrate reads version 1; "
        + "a newer git-hydrate wrote it?)", refusal(valid("\"version\": 1,", "\"version\": 2,")));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      "version": 1,              | "version": "1",             | line 3: expected an integer for "version", got a string
      "version": 1,              | "version": 1.0,             | line 3: expected an integer for "version", got 1.0
      "database": "data/app.db", | "database": null,           | line 4: expected a string for "database", got null
      "user_version": 3          | "user_version": 4294967296  | line 10: "user_version" is out of range: 4294967296
      "encoding": "UTF-8",       | "encoding": 8,              | line 8: expected a string for "encoding", got 8
      "columns": ["a", "b"]      | "columns": "a, b"           | line 17: expected an array for "columns", got a string
      "columns": ["a", "b"]      | "columns": ["a", 2]         | line 17: expected a string in "columns", got 2
      "rowid": true              | "rowid": 1                  | line 17: expected true or false for "rowid", got 1
      "row_count": 2             | "row_count": "2"            | line 20: expected an integer for "row_count", got a string
      "schema": [                | "schema": {                 | line 12: expected a schema array, got "{"
      "tables": {                | "tables": [                 | line 16: expected a tables object, got "["
      "rows": [                  | "rows": {                   | line 17: expected a rows array for table "t", got "{"
      "sql": "CREATE TABLE t(a, b)" | "sql": ["CREATE TABLE t(a, b)"] | line 13: expected a string for "sql", got "["
      """)
  void valuesOfTheWrongTypeAreRefused(String from, String to, String message) {
    assertEquals(message, refusal(valid(from, to)));
  }

  @Test
  void aRowThatIsNotAnArrayIsRefused() {
    assertEquals("line 18: expected a row array, got \"{\"",
        refusal(valid("[1, \"one\", 1.5]", "{\"a\": \"one\", \"b\": 1.5}")));
  }

  @Test
  void unknownFieldsAreRefused() {
    assertEquals("line 4: unknown field \"exported_at\"",
        refusal(valid("\"database\": \"data/app.db\",", "\"exported_at\": \"2024-01-01\", \"database\": \"data/app.db\",")));
    assertEquals("line 10: unknown pragma \"synchronous\"",
        refusal(valid("\"user_version\": 3", "\"user_version\": 3, \"synchronous\": 1")));
    assertEquals("line 10: journal_mode must be \"wal\" (a rollback journal is the default, left out)",
        refusal(valid("\"user_version\": 3", "\"user_version\": 3, \"journal_mode\": \"delete\"")));
    assertEquals("line 13: unknown schema field \"tbl_name\"",
        refusal(valid("\"table\": \"t\", \"sql\": \"CREATE TABLE t(a, b)\"",
            "\"table\": \"t\", \"tbl_name\": \"t\", \"sql\": \"CREATE TABLE t(a, b)\"")));
    assertEquals("line 17: table \"t\": unknown field \"types\"",
        refusal(valid("\"rowid\": true,", "\"rowid\": true, \"types\": [],")));
  }

  @Test
  void fieldsOutOfOrderAreRefused() {
    assertEquals("line 11: \"version\" must come before \"schema\"",
        refusal(valid(" \"version\": 1,\n", "")));
    assertEquals("line 5: \"pragmas\" must come before \"schema\"",
        refusal(VALID.substring(0, VALID.indexOf(" \"pragmas\"")) + VALID.substring(VALID.indexOf(" \"schema\""))));
    assertEquals("line 12: \"tables\" must come after \"schema\"",
        refusal(VALID.substring(0, VALID.indexOf(" \"schema\"")) + VALID.substring(VALID.indexOf(" \"tables\""))));
    assertEquals("line 17: table \"t\": \"columns\" and \"rowid\" must come before \"rows\"",
        refusal(valid("\"columns\": [\"a\", \"b\"], \"rowid\": true, ", "\"columns\": [\"a\", \"b\"], ")));
  }

  @Test
  void missingPartsAreRefused() {
    assertEquals("line 16: archive is incomplete: missing \"tables\"",
        refusal(VALID.substring(0, VALID.indexOf(",\n \"tables\"")) + "\n}\n"));
    assertEquals("line 14: schema entry needs \"type\", \"name\", \"table\" and \"sql\"",
        refusal(valid(", \"sql\": \"CREATE INDEX t_a ON t(a)\"", "")));
    assertEquals("line 17: table \"t\" has no \"rows\"",
        refusal(valid("\"rows\": [\n   [1, \"one\", 1.5],\n   [4, null, {\"blob\": \"AP8=\"}]\n  ], ", "")));
  }

  @Test
  void aRowWithTooManyValuesIsRefused() {
    assertEquals("line 18: table \"t\": row has more than 3 values",
        refusal(valid("[1, \"one\", 1.5]", "[1, \"one\", 1.5, 2]")));
  }

  @Test
  void aRowWithTooFewValuesIsRefused() {
    assertEquals("line 19: table \"t\": row has 2 values, expected 3",
        refusal(valid("[4, null, {\"blob\": \"AP8=\"}]", "[4, null]")));
    assertEquals("line 18: table \"t\": row has 0 values, expected 3",
        refusal(valid("[1, \"one\", 1.5]", "[]")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      "AP8"           | line 19: blob is not valid base64: Unexpected end of base64-encoded String: base64 variant 'MIME-NO-LINEFEEDS' expects padding (one or more '=' characters) at the end. This Base64Variant might have been incorrectly configured
      "AP*="          | line 19: blob is not valid base64: Illegal character '*' (code 0x2a) in base64 content
      """)
  void aBlobThatIsNotBase64IsRefused(String base64, String message) {
    assertEquals(message, refusal(valid("\"AP8=\"", base64)));
  }

  @Test
  void integersBeyond64BitsAreRefusedRatherThanRounded() {
    assertEquals("line 18: integer 9223372036854775808 does not fit in 64 bits",
        refusal(valid("[1, \"one\", 1.5]", "[9223372036854775808, \"one\", 1.5]")));
    assertEquals("line 18: integer -9223372036854775809 does not fit in 64 bits",
        refusal(valid("[1, \"one\", 1.5]", "[-9223372036854775809, \"one\", 1.5]")));
    assertEquals("line 20: expected an integer for \"row_count\", got 18446744073709551616",
        refusal(valid("\"row_count\": 2}", "\"row_count\": 18446744073709551616}")));
  }

  @Test
  void numbersBeyondTheLengthLimitAreRefused() {
    String digits = "1".repeat(65);
    assertEquals("line 18: not valid JSON: Number value length (65) exceeds the maximum allowed "
        + "(64, from `StreamReadConstraints.getMaxNumberLength()`)",
        refusal(valid("[1, \"one\", 1.5]", "[" + digits + ", \"one\", 1.5]")));
  }

  @Test
  void realsBeyondDoubleRangeAreRefused() {
    assertEquals("line 18: number 1e400 is out of range for a REAL",
        refusal(valid("[1, \"one\", 1.5]", "[1, \"one\", 1e400]")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {}                      | line 19: expected {"blob": …} or {"real": …}, got an empty object
      {"text": "x"}           | line 19: expected {"blob": …} or {"real": …}, got {"text": …}
      {"real": "inf"}         | line 19: expected "Infinity", "-Infinity" or "NaN", got "inf"
      {"real": 1.5}           | line 19: expected a string for "real", got 1.5
      {"blob": 1}             | line 19: expected a base64 string, got 1
      {"blob": "", "x": 1}    | line 19: expected the end of the {"blob": …} value, got field "x"
      [1]                     | line 19: expected a value, got "["
      """)
  void taggedValuesMustBeBlobOrReal(String value, String message) {
    assertEquals(message, refusal(valid("{\"blob\": \"AP8=\"}", value)));
  }

  private static final String SHA = "ab".repeat(32);

  @Test
  void aValueInAFileOfItsOwnIsReadAsItsReference() throws IOException {
    Recorder recorder = read(valid("{\"blob\": \"AP8=\"}",
        "{\"file\": \"" + SHA + "\", \"type\": \"blob\", \"size\": 5000000}"), ArchiveReader.Kind.V1);
    assertEquals("row Long:4, null, FileValue:<blob 5.0 MB sha256:abababababab…>", recorder.events.get(5));
    assertEquals(new FileValue(SHA, true, 17), read(valid("{\"blob\": \"AP8=\"}",
        "{\"file\": \"" + SHA + "\", \"type\": \"text\", \"size\": 17}"), ArchiveReader.Kind.V1).rows.get(1)[2]);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"file": "AB"}                                           | line 19: expected a SHA-256 of 64 lowercase hex digits in "file", got "AB"
      {"file": "@SHA@", "size": 1}                             | line 19: expected "type" after "file", got "size"
      {"file": "@SHA@", "type": "json", "size": 1}             | line 19: expected "type": "text" or "blob", got "json"
      {"file": "@SHA@", "type": "blob"}                        | line 19: expected "size" after "type", got "}"
      {"file": "@SHA@", "type": "blob", "size": -1}            | line 19: expected the value's size in bytes in "size", got -1
      {"file": "@SHA@", "type": "blob", "size": 1, "x": 2}     | line 19: expected the end of the {"file": …} value, got field "x"
      """)
  void aFileReferenceMustBeComplete(String value, String message) {
    assertEquals(message, refusal(valid("{\"blob\": \"AP8=\"}", value.replace("@SHA@", SHA))));
  }

  /** What Git's text merge of two sides that each added a row leaves: every row, a count one off. */
  @Test
  void aRowCountThatDisagreesWithCompleteRowsIsReportedAndEveryRowRead() throws IOException {
    Recorder recorder = read(valid("\"row_count\": 2}", "\"row_count\": 1}"), ArchiveReader.Kind.V1);
    Recorder plain = read(VALID, ArchiveReader.Kind.V1);

    List<String> expected = new ArrayList<>(plain.events);
    expected.add(expected.indexOf("end t 2"), "warning line 20: table \"t\" has 2 rows but its row_count says 1;"
        + " all 2 rows are used (merged without git-hydrate? its next export writes the right count)");
    assertEquals(expected, recorder.events);
  }

  @Test
  void aMissingRowCountIsStillRefused() {
    assertEquals("line 20: table \"t\" has 2 rows but declares no row_count (truncated or edited archive?)",
        refusal(valid(", \"row_count\": 2}", "}")));
  }

  /** A file cut short never gets as far as its counts: JSON's closing brackets are missing. */
  @Test
  void anArchiveCutShortIsRefusedWhereverItEnds() {
    for (int length = 0; length < VALID.length() - 2; length++) {
      String cut = VALID.substring(0, length);
      assertThrows(ArchiveFormatException.class, () -> ArchiveReader.read(utf8(cut), new Recorder()), "cut at " + length);
    }
    assertEquals("line 21: not valid JSON: Unexpected end-of-input within/between Object entries",
        refusal(VALID.substring(0, VALID.indexOf("  \"sqlite_sequence\""))));
  }

  @Test
  void deepNestingIsRefusedEvenWhereContentIsSkipped() {
    String deep = "[".repeat(20) + "]".repeat(20);
    assertEquals("line 2: not valid JSON: Document nesting depth (17) exceeds the maximum allowed "
        + "(16, from `StreamReadConstraints.getMaxNestingDepth()`)",
        refusal("{\"tables\": {},\n \"extra\": " + deep + "}"));
  }

  @Test
  void referenceArchiveErrorsNameTheTable() {
    assertEquals("line 1: table \"t\": row has 1 columns, expected 2 as in its first row",
        refusal("{\"tables\": {\"t\": {\"schema\": \"CREATE TABLE t(x, y)\", \"rows\": [{\"x\": 1, \"y\": 2}, {\"x\": 3}]}}}"));
    assertEquals("line 1: table \"t\": row has column \"z\" that its first row does not have",
        refusal("{\"tables\": {\"t\": {\"schema\": \"CREATE TABLE t(x, y)\", \"rows\": [{\"x\": 1, \"y\": 2}, {\"x\": 3, \"z\": 4}]}}}"));
    assertEquals("line 1: table \"t\": \"schema\" must come before \"rows\"",
        refusal("{\"tables\": {\"t\": {\"rows\": [], \"schema\": \"CREATE TABLE t(x)\"}}}"));
    assertEquals("line 1: table \"t\" has no \"schema\"",
        refusal("{\"tables\": {\"t\": {\"row_count\": 0}}}"));
    assertEquals("line 1: expected a row object, got \"[\"",
        refusal("{\"tables\": {\"t\": {\"schema\": \"CREATE TABLE t(x)\", \"rows\": [[1]]}}}"));
  }

  @Test
  void aReferenceArchiveWhoseRowCountDisagreesIsReportedAndEveryRowRead() throws IOException {
    Recorder recorder = read("{\"tables\": {\"t\": {\"schema\": \"CREATE TABLE t(x)\",\n \"row_count\": 2,"
        + " \"rows\": [{\"x\": 1}]}}}", ArchiveReader.Kind.REFERENCE);
    assertEquals(List.of(
        "header null Pragmas[applicationId=null, autoVacuum=null, encoding=null, journalMode=null, pageSize=null, userVersion=null]",
        "schema SchemaObject[type=table, name=t, table=t, sql=CREATE TABLE t(x)]",
        "begin TableData[name=t, columns=[x], withRowid=false]",
        "row Long:1",
        "warning line 2: table \"t\" has 1 rows but its row_count says 2; all 1 rows are used"
            + " (merged without git-hydrate? its next export writes the right count)",
        "end t 1",
        "end"), recorder.events);
  }

  @Test
  void theLineOfAProblemIsAlsoAvailableAsANumber() {
    ArchiveFormatException e = assertThrows(ArchiveFormatException.class,
        () -> ArchiveReader.read(utf8(valid("[4, null, {\"blob\": \"AP8=\"}]", "[4]")), new Recorder()));
    assertEquals(19, e.line());
  }

  @Test
  void theStreamIsNotClosed() throws IOException {
    boolean[] closed = {false};
    InputStream in = new ByteArrayInputStream(VALID.getBytes(StandardCharsets.UTF_8)) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    ArchiveReader.read(in, new Recorder());
    assertEquals(false, closed[0]);
  }
}
