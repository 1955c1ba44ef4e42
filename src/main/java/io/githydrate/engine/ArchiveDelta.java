package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.archive.ArchiveFormatException;
import io.githydrate.archive.ArchiveLines.Unsuitable;
import io.githydrate.archive.ArchiveLines;
import io.githydrate.archive.ArchiveReader;
import io.githydrate.archive.SqliteTables;
import io.githydrate.archive.TableData;
import io.githydrate.archive.WrittenLines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brings a database up to date with a changed archive by changing only the rows whose lines
 * changed, when the database holds exactly what the archive's previous version describes (the
 * caller knows: it was in step with those bytes, and is untouched since). After a pull or a branch
 * switch most rows are the same on both sides: rewriting a few rows in place costs a fraction of
 * building the whole database again, and an application that has it open sees an ordinary commit.
 *
 * <p>It applies only where a line-by-line comparison is certain to mean what a full read means:
 *
 * <ul>
 *   <li>both archives in the layout {@link io.githydrate.archive.ArchiveWriter} writes (one row a
 *       line), everything before the rows (pragmas, schema) and each table's heading (columns,
 *       rowid) the same bytes in both;
 *   <li>the previous archive's bytes have the SHA-256 the caller gives;
 *   <li>a UTF-8 database without virtual tables (their rows are rebuilt from their text, not
 *       stored as given).
 * </ul>
 *
 * <p>Everything happens in one transaction: the database's triggers are dropped, so that no row
 * written fires one (the archive already holds what they did); the rows of each table that are
 * only in the previous archive are deleted, those only in the new one inserted, the AUTOINCREMENT
 * counters set as archived; the triggers are created again from their own text, in their order
 * ({@link TriggerSuspension}). Each changed table must then hold its archived row count and pass
 * SQLite's quick check, {@code sqlite_schema} must list the triggers exactly as before, and both
 * archives must have been read to their last byte and the previous one's digest must match, before
 * anything is committed. Anything unexpected rolls back and answers empty: the caller builds the
 * database in full, which also reports what is wrong with an archive.
 */
public final class ArchiveDelta {
  /**
   * What was changed: the new archive's summary and SHA-256 (the bytes compared), and how many
   * rows were deleted and inserted (a changed row counts once each).
   */
  public record Applied(ArchiveSummary summary, String archiveDigest, long rowsDeleted, long rowsInserted) {}

  private final ArchiveLines previous;
  private final ArchiveLines current;
  private final Connection connection;
  private long deleted;
  private long inserted;

  private ArchiveDelta(ArchiveLines previous, ArchiveLines current, Connection connection) {
    this.previous = previous;
    this.current = current;
    this.connection = connection;
  }

  /**
   * Makes {@code target}, which holds exactly what {@code previous} (an archive whose bytes have the
   * SHA-256 {@code previousDigest}) describes, hold what {@code archive} describes. Empty, with the
   * target unchanged, when that cannot be done row by row; throws only when the target stays locked
   * by another process past {@code lockTimeout} (left unchanged).
   *
   * @param archiveDigest the SHA-256 of {@code archive}'s bytes when the caller has just read it
   *     (hashing it again costs a hook more than the rows do), or null to have it computed; the
   *     caller checks that the file's stamp is the same afterwards
   */
  public static Optional<Applied> apply(Path target, InputStream previous, String previousDigest, Path archive,
      String archiveDigest, Duration lockTimeout) {
    int lockMillis = (int) lockTimeout.toMillis();
    Connection connection;
    try {
      connection = Connections.readWrite(target, lockMillis);
    } catch (HydrateException e) {
      return Optional.empty(); // the full rebuild says what is wrong with the target
    }
    try (connection;
         ArchiveLines old = new ArchiveLines(previous, true);
         ArchiveLines now = new ArchiveLines(Files.newInputStream(archive), archiveDigest == null);
         Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA foreign_keys=OFF"); // as while building: rows are restored as archived
      try {
        statement.execute("BEGIN IMMEDIATE");
      } catch (SQLException e) {
        if (SqliteErrors.isBusy(e)) {
          throw new Locked(target + ": it is locked by another process (waited " + lockMillis
              + " ms); left unchanged", e);
        }
        throw e;
      }
      boolean committed = false;
      try {
        if (!suitable(connection)) {
          return Optional.empty();
        }
        TriggerSuspension triggers = TriggerSuspension.dropAll(connection);
        ArchiveDelta delta = new ArchiveDelta(old, now, connection);
        ArchiveSummary summary = delta.compare();
        triggers.recreate();
        if (!old.digest().equals(previousDigest)) {
          throw new Unsuitable("the previous archive is not the one the database was in step with");
        }
        String digest = archiveDigest != null ? archiveDigest : now.digest();
        statement.execute("COMMIT");
        committed = true;
        return Optional.of(new Applied(summary, digest, delta.deleted, delta.inserted));
      } finally {
        if (!committed) {
          statement.execute("ROLLBACK");
        }
      }
    } catch (Locked e) {
      throw e;
    } catch (Unsuitable | IOException | SQLException | HydrateException e) {
      return Optional.empty();
    }
  }

  /** The target stayed locked: the one failure that a full rebuild would meet as well. */
  private static final class Locked extends HydrateException {
    private static final long serialVersionUID = 1L;

    Locked(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** UTF-8 (rows are compared as the UTF-8 the archive holds), no virtual tables. */
  private static boolean suitable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("PRAGMA main.encoding")) {
        if (!rs.next() || !"UTF-8".equals(rs.getString(1))) {
          return false;
        }
      }
      try (ResultSet rs = statement.executeQuery(
          "SELECT count(*) FROM main.sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")) {
        return rs.next() && rs.getLong(1) == 0;
      }
    }
  }

  /** Compares and applies both archives to their ends; the new archive's summary. */
  private ArchiveSummary compare() throws IOException, SQLException, Unsuitable {
    byte[] line;
    int number = 0;
    do {
      line = same(previous.next(), current.next());
      number++;
      if ((number == 1 && !Arrays.equals(line, WrittenLines.FIRST_LINE)) || (number == 2 && !Arrays.equals(line, WrittenLines.FORMAT_LINE))) {
        throw new Unsuitable("not in the layout git-hydrate writes");
      }
    } while (!Arrays.equals(line, WrittenLines.TABLES_OPEN) && !Arrays.equals(line, WrittenLines.NO_TABLES));
    if (Arrays.equals(line, WrittenLines.NO_TABLES)) {
      requireEnd();
      return new ArchiveSummary(0, 0);
    }
    int tables = 0;
    int entries = 0; // tables' entries, SQLite's own included
    long rows = 0;
    List<byte[]> sequence = null;
    boolean sequenceChanged = false;
    boolean separated = true; // whether the table before ended with a comma (none before the first)
    while (true) {
      byte[] old = previous.next();
      byte[] now = current.next();
      if (old == null || now == null) {
        throw new Unsuitable("truncated");
      }
      if (Arrays.equals(old, WrittenLines.TABLES_CLOSE) || Arrays.equals(now, WrittenLines.TABLES_CLOSE)) {
        same(old, now);
        if (separated || entries == 0) {
          throw new Unsuitable("not in the layout git-hydrate writes");
        }
        requireEnd();
        break;
      }
      if (!separated) {
        throw new Unsuitable("not in the layout git-hydrate writes");
      }
      WrittenLines.TableRows oldRows = WrittenLines.TableRows.of(old, previous);
      WrittenLines.TableRows newRows = WrittenLines.TableRows.of(now, current);
      if (!Arrays.equals(oldRows.heading(), newRows.heading())) {
        throw new Unsuitable("a table's heading changed");
      }
      TableData table = heading(newRows.heading());
      entries++;
      if (SqliteTables.SEQUENCE.equals(table.name())) {
        List<byte[]> before = oldRows.all();
        sequence = newRows.all();
        sequenceChanged = before.size() != sequence.size()
            || !before.stream().map(ByteBuffer::wrap).toList().equals(sequence.stream().map(ByteBuffer::wrap).toList());
      } else {
        try (TablePatch patch = new TablePatch(connection, table)) {
          LinePairing.pair(oldRows, newRows, patch);
          newRows.requireComplete();
          patch.finish(newRows.declared());
          deleted += patch.deleted();
          inserted += patch.inserted();
        }
        if (!SqliteTables.isStatistics(table.name())) { // counted as a dehydrate counts them
          tables++;
          rows += newRows.declared();
        }
      }
      oldRows.requireComplete();
      newRows.requireComplete();
      if (oldRows.separated() != newRows.separated()) {
        throw new Unsuitable("not in the layout git-hydrate writes");
      }
      separated = newRows.separated();
    }
    if (sequence != null && (sequenceChanged || deleted > 0 || inserted > 0)) {
      restoreSequence(sequence);
    }
    return new ArchiveSummary(tables, rows);
  }

  /** The archive's closing brace, then the end of both files. */
  private void requireEnd() throws IOException, Unsuitable {
    byte[] last = same(previous.next(), current.next());
    if (!Arrays.equals(last, WrittenLines.ARCHIVE_CLOSE) || previous.next() != null || current.next() != null) {
      throw new Unsuitable("not in the layout git-hydrate writes");
    }
  }

  private static byte[] same(byte[] old, byte[] now) throws Unsuitable {
    if (old == null || now == null || !Arrays.equals(old, now)) {
      throw new Unsuitable(old == null || now == null ? "truncated" : "the archives differ in more than rows");
    }
    return now;
  }

  private static TableData heading(byte[] line) throws IOException, Unsuitable {
    try {
      return ArchiveReader.readTableLine(line);
    } catch (ArchiveFormatException e) {
      throw new Unsuitable(e.getMessage());
    }
  }

  /** The AUTOINCREMENT counters as archived; inserting rows may have moved them. */
  private void restoreSequence(List<byte[]> lines) throws IOException, SQLException, Unsuitable {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM main.sqlite_sequence");
    }
    try (PreparedStatement insert =
             connection.prepareStatement("INSERT INTO main.sqlite_sequence (name, seq) VALUES (?, ?)")) {
      for (byte[] line : lines) {
        Object[] values;
        try {
          values = ArchiveReader.readRowLine(line, 2);
        } catch (ArchiveFormatException e) {
          throw new Unsuitable("sqlite_sequence: " + e.getMessage());
        }
        DatabaseBuilder.bind(insert, 1, values[0]);
        DatabaseBuilder.bind(insert, 2, values[1]);
        insert.executeUpdate();
      }
    }
  }
}
