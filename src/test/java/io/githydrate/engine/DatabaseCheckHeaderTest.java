package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.TestSqlite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header checks on crafted headers: each field the file format constrains, one at a time. */
class DatabaseCheckHeaderTest {
  @TempDir
  Path dir;

  private byte[] header;
  private long size;

  @BeforeEach
  void healthyDatabase() throws Exception {
    Path db = dir.resolve("ok.db");
    TestSqlite.exec(db, "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
    byte[] bytes = Files.readAllBytes(db);
    header = Arrays.copyOf(bytes, 100);
    size = bytes.length;
  }

  private String problem() {
    DatabaseCheck.Health health = DatabaseCheck.checkHeader(header, size, false);
    return health.healthy() ? "healthy" : health.problem();
  }

  private void put32(int offset, long value) {
    header[offset] = (byte) (value >>> 24);
    header[offset + 1] = (byte) (value >>> 16);
    header[offset + 2] = (byte) (value >>> 8);
    header[offset + 3] = (byte) value;
  }

  @Test
  void aHealthyHeaderPasses() {
    assertEquals("healthy", problem());
  }

  @Test
  void aDatabaseWithNoSchemaYetPasses() throws Exception {
    Path db = dir.resolve("settings-only.db");
    TestSqlite.exec(db, "PRAGMA user_version = 7");
    assertTrue(DatabaseCheck.checkHeader(db).healthy(), () -> DatabaseCheck.checkHeader(db).problem());
  }

  @Test
  void versionsOtherThanLegacyOrWalAreRefused() {
    header[18] = 3;
    assertEquals("file format versions 3/1 in the header, expected 1 or 2 (legacy or WAL)", problem());
    header[18] = 1;
    header[19] = 0;
    assertEquals("file format versions 1/0 in the header, expected 1 or 2 (legacy or WAL)", problem());
    header[18] = 2;
    header[19] = 2;
    assertEquals("healthy", problem());
  }

  @Test
  void reservedSpaceMustLeaveFourHundredEightyUsableBytes() {
    header[16] = 2; // 512-byte pages
    header[17] = 0;
    header[20] = 33;
    assertEquals("33 reserved bytes per page in the header leave fewer than 480 of 512 usable", problem());
    header[20] = 32;
    assertEquals("healthy", problem());
  }

  @Test
  void schemaFormatMustBeOneToFour() {
    put32(44, 5);
    assertEquals("schema format 5 in the header, expected 1 to 4", problem());
    put32(44, 0);
    assertEquals("schema format 0 in the header, expected 1 to 4", problem());
    put32(44, 1);
    assertEquals("healthy", problem());
  }

  @Test
  void textEncodingMustBeOneToThree() {
    put32(56, 4);
    assertEquals("text encoding 4 in the header, expected 1 to 3", problem());
    put32(56, 0);
    assertEquals("text encoding 0 in the header, expected 1 to 3", problem());
    put32(56, 3);
    assertEquals("healthy", problem());
  }

  @Test
  void theAreaReservedForExpansionMustBeZero() {
    header[80] = 1;
    assertEquals("byte 80 of the header, reserved for expansion, is not zero", problem());
  }

  @Test
  void aFileShorterThanItsHeaderSaysIsTruncated() {
    put32(28, size / 4096 + 3);
    assertEquals("file holds " + size / 4096 + " pages, but its header says " + (size / 4096 + 3) + " (truncated?)",
        problem());
  }

  @Test
  void thePageCountIsOnlyTrustedWhenItIsCurrent() {
    put32(28, size / 4096 + 3);
    put32(92, 12345); // written by an older change: SQLite ignores the count
    assertEquals("healthy", problem());
  }

  @Test
  void thePageCountIsNotCheckedWhileAWalMayHoldPages() {
    put32(28, size / 4096 + 3);
    assertTrue(DatabaseCheck.checkHeader(header, size, true).healthy());
  }

  @Test
  void theExistingChecksStillHold() {
    byte[] saved = header.clone();
    header[16] = 0x0b;
    header[17] = (byte) 0xb8;
    assertEquals("invalid page size 3000 in the header", problem());
    header = saved.clone();
    header[21] = 65;
    assertEquals("invalid payload fractions in the header", problem());
    header = saved.clone();
    header[0] = 'X';
    assertEquals("not a SQLite database (no SQLite header)", problem());
    header = saved;
    size += 100;
    assertEquals("file size " + size + " is not a multiple of the page size 4096 (truncated?)", problem());
  }

  @Test
  void aCorruptHeaderFileIsReportedByTheCheck() throws Exception {
    Path db = dir.resolve("bad.db");
    TestSqlite.exec(db, "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
    byte[] bytes = Files.readAllBytes(db);
    bytes[44 + 3] = 9;
    Files.write(db, bytes);
    DatabaseCheck.Health health = DatabaseCheck.check(db, DatabaseCheck.Level.QUICK, 0);
    assertEquals(new DatabaseCheck.Health(false, "schema format 9 in the header, expected 1 to 4"), health);
  }

  /**
   * A copy of a database and its journal taken in the middle of a write is what a process killed
   * mid-write leaves: the check rolls it back, as the next application to open it would, and finds
   * the content from before the write.
   */
  @Test
  void aHotJournalIsRolledBackNotCalledCorrupt() throws Exception {
    Path db = dir.resolve("live.db");
    TestSqlite.exec(db, "PRAGMA journal_mode=DELETE", "CREATE TABLE t(x)",
        "WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 2000)"
            + " INSERT INTO t SELECT printf('%0500d', v) FROM n");
    Path crashed = dir.resolve("crashed.db");
    try (Connection writer = TestSqlite.open(db)) {
      TestSqlite.exec(writer, "PRAGMA cache_size=2", "BEGIN", "UPDATE t SET x = 'changed'");
      Path journal = dir.resolve("live.db-journal");
      assertTrue(Files.size(journal) > 0, "the write has not spilled to the file yet");
      Files.copy(db, crashed);
      Files.copy(journal, dir.resolve("crashed.db-journal"), StandardCopyOption.REPLACE_EXISTING);
      TestSqlite.exec(writer, "ROLLBACK");
    }
    assertEquals(DatabaseCheck.Health.OK, DatabaseCheck.check(crashed, DatabaseCheck.Level.FULL, 0));
    assertEquals(List.of(TestSqlite.row(0L)), TestSqlite.query(crashed, "SELECT count(*) FROM t WHERE x = 'changed'"));
    assertEquals(new Dehydrator(0, Progress.NONE).digest(db, ""), new Dehydrator(0, Progress.NONE).digest(crashed, ""));
  }
}
