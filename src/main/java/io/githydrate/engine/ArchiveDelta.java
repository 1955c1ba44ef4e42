package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.archive.ArchiveFormatException;
import io.githydrate.archive.ArchiveReader;
import io.githydrate.archive.TableData;
import io.githydrate.engine.ArchiveLines.Unsuitable;
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
 *   <li>a UTF-8 database without triggers (changing rows would fire them) and without virtual
 *       tables (their rows are rebuilt from their text, not stored as given).
 * </ul>
 *
 * <p>Everything happens in one transaction: the rows of each table that are only in the previous
 * archive are deleted, those only in the new one inserted, the AUTOINCREMENT counters set as
 * archived; each changed table must then hold its archived row count and pass SQLite's quick
 * check, and both archives must have been read to their last byte and the previous one's digest
 * must match, before anything is committed. Anything unexpected rolls back and answers empty: the
 * caller builds the database in full, which also reports what is wrong with an archive.
 */
public final class ArchiveDelta {
  /**
   * How far ahead, in lines of each archive, the comparison looks for the next line both share,
   * widening only when needed; a run of changed rows longer than the last goes the full way.
   */
  private static final int[] WINDOWS = {8, 128, 2048};

  private static final byte[] FIRST_LINE = bytes("{");
  private static final byte[] FORMAT_LINE = bytes(" \"format\": \"git-hydrate-archive\",");
  private static final byte[] TABLES_OPEN = bytes(" \"tables\": {");
  private static final byte[] NO_TABLES = bytes(" \"tables\": {}");
  private static final byte[] TABLES_CLOSE = bytes(" }");
  private static final byte[] ARCHIVE_CLOSE = bytes("}");
  private static final byte[] TABLE_INDENT = bytes("  \"");
  private static final byte[] ROW_INDENT = bytes("   [");
  private static final byte[] ROWS_OPEN = bytes("\"rows\": [");
  private static final byte[] EMPTY_ROWS = bytes("\"rows\": [], \"row_count\": 0}");
  private static final byte[] ROWS_CLOSE = bytes("  ], \"row_count\": ");

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
        ArchiveDelta delta = new ArchiveDelta(old, now, connection);
        ArchiveSummary summary = delta.compare();
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

  /** UTF-8 (rows are compared as the UTF-8 the archive holds), no triggers, no virtual tables. */
  private static boolean suitable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("PRAGMA main.encoding")) {
        if (!rs.next() || !"UTF-8".equals(rs.getString(1))) {
          return false;
        }
      }
      try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM main.sqlite_schema WHERE type = 'trigger'"
          + " OR (type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%')")) {
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
      if ((number == 1 && !Arrays.equals(line, FIRST_LINE)) || (number == 2 && !Arrays.equals(line, FORMAT_LINE))) {
        throw new Unsuitable("not in the layout git-hydrate writes");
      }
    } while (!Arrays.equals(line, TABLES_OPEN) && !Arrays.equals(line, NO_TABLES));
    if (Arrays.equals(line, NO_TABLES)) {
      requireEnd();
      return new ArchiveSummary(0, 0);
    }
    int tables = 0;
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
      if (Arrays.equals(old, TABLES_CLOSE) || Arrays.equals(now, TABLES_CLOSE)) {
        same(old, now);
        if (separated || tables == 0 && sequence == null) {
          throw new Unsuitable("not in the layout git-hydrate writes");
        }
        requireEnd();
        break;
      }
      if (!separated) {
        throw new Unsuitable("not in the layout git-hydrate writes");
      }
      RowLines oldRows = RowLines.of(old, previous);
      RowLines newRows = RowLines.of(now, current);
      if (!Arrays.equals(oldRows.heading, newRows.heading)) {
        throw new Unsuitable("a table's heading changed");
      }
      TableData table = heading(newRows.heading);
      if (SourceSchema.SEQUENCE.equals(table.name())) {
        List<byte[]> before = oldRows.all();
        sequence = newRows.all();
        sequenceChanged = before.size() != sequence.size()
            || !before.stream().map(ByteBuffer::wrap).toList().equals(sequence.stream().map(ByteBuffer::wrap).toList());
      } else {
        try (TablePatch patch = new TablePatch(connection, table)) {
          diff(oldRows, newRows, patch);
          newRows.requireComplete();
          patch.finish(newRows.declared);
          deleted += patch.deleted();
          inserted += patch.inserted();
        }
        tables++;
        rows += newRows.declared;
      }
      oldRows.requireComplete();
      newRows.requireComplete();
      if (oldRows.separated != newRows.separated) {
        throw new Unsuitable("not in the layout git-hydrate writes");
      }
      separated = newRows.separated;
    }
    if (sequence != null && (sequenceChanged || deleted > 0 || inserted > 0)) {
      restoreSequence(sequence);
    }
    return new ArchiveSummary(tables, rows);
  }

  /** The archive's closing brace, then the end of both files. */
  private void requireEnd() throws IOException, Unsuitable {
    byte[] last = same(previous.next(), current.next());
    if (!Arrays.equals(last, ARCHIVE_CLOSE) || previous.next() != null || current.next() != null) {
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

  /**
   * Pairs up the lines of one table's rows: equal lines are the same row, left alone; lines between
   * pairs are rows deleted (previous) or inserted (new). Any pairing of equal lines in order gives
   * the new rows exactly (what is kept is in both); the nearest pair is taken, looking further ahead
   * only when needed.
   */
  private static void diff(RowLines oldRows, RowLines newRows, TablePatch patch)
      throws IOException, SQLException, Unsuitable {
    Lookahead old = new Lookahead(oldRows);
    Lookahead now = new Lookahead(newRows);
    while (true) {
      boolean hasOld = old.fill(1);
      boolean hasNew = now.fill(1);
      if (!hasOld && !hasNew) {
        return;
      } else if (!hasOld) {
        patch.insert(now.poll());
      } else if (!hasNew) {
        patch.delete(old.poll());
      } else if (Arrays.equals(old.get(0), now.get(0))) {
        old.poll();
        now.poll();
      } else {
        resynchronize(old, now, patch);
      }
    }
  }

  private static void resynchronize(Lookahead old, Lookahead now, TablePatch patch)
      throws IOException, SQLException, Unsuitable {
    for (int window : WINDOWS) {
      old.fill(window);
      now.fill(window);
      Map<ByteBuffer, Integer> newAt = new HashMap<>();
      for (int j = 0; j < now.size(); j++) {
        newAt.putIfAbsent(ByteBuffer.wrap(now.get(j)), j);
      }
      int bestOld = -1;
      int bestNew = -1;
      for (int i = 0; i < old.size() && (bestOld < 0 || i < bestOld + bestNew); i++) {
        Integer j = newAt.get(ByteBuffer.wrap(old.get(i)));
        if (j != null && (bestOld < 0 || i + j < bestOld + bestNew)) {
          bestOld = i;
          bestNew = j;
        }
      }
      if (bestOld < 0 && old.exhausted() && now.exhausted()) {
        bestOld = old.size(); // nothing left in common: all of the rest changed
        bestNew = now.size();
      }
      if (bestOld >= 0) {
        for (int i = 0; i < bestOld; i++) {
          patch.delete(old.poll());
        }
        for (int j = 0; j < bestNew; j++) {
          patch.insert(now.poll());
        }
        return;
      }
    }
    throw new Unsuitable("more than " + WINDOWS[WINDOWS.length - 1] + " rows in a row changed");
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

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean startsWith(byte[] line, byte[] prefix) {
    return line.length >= prefix.length && Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static boolean endsWith(byte[] line, byte[] suffix) {
    return line.length >= suffix.length
        && Arrays.equals(line, line.length - suffix.length, line.length, suffix, 0, suffix.length);
  }

  /**
   * One table's entry in one archive: its heading line (up to its {@code "rows": [}), then its row
   * lines, trailing commas taken off, up to the line that closes the rows with their count. Checks
   * the commas as it goes: between rows, none after the last.
   */
  private static final class RowLines {
    final byte[] heading;
    private final ArchiveLines lines;
    private boolean closed;
    private boolean lastHadComma;
    private long count;
    long declared;
    /** Whether the table's entry ends with a comma (another table follows). */
    boolean separated;

    private RowLines(byte[] heading, ArchiveLines lines) {
      this.heading = heading;
      this.lines = lines;
    }

    static RowLines of(byte[] line, ArchiveLines lines) throws Unsuitable {
      if (!startsWith(line, TABLE_INDENT)) {
        throw new Unsuitable("not in the layout git-hydrate writes");
      }
      if (endsWith(line, ROWS_OPEN)) {
        return new RowLines(line, lines);
      }
      boolean comma = line[line.length - 1] == ',';
      byte[] entry = comma ? Arrays.copyOf(line, line.length - 1) : line;
      if (!endsWith(entry, EMPTY_ROWS)) {
        throw new Unsuitable("not in the layout git-hydrate writes");
      }
      RowLines empty = new RowLines(Arrays.copyOf(entry, entry.length - EMPTY_ROWS.length + ROWS_OPEN.length), null);
      empty.closed = true;
      empty.separated = comma;
      return empty;
    }

    /** The next row's line, without its comma; null after the last row. */
    byte[] next() throws IOException, Unsuitable {
      if (closed) {
        return null;
      }
      byte[] line = lines.next();
      if (line == null) {
        throw new Unsuitable("truncated");
      }
      if (startsWith(line, ROW_INDENT)) {
        if (count > 0 && !lastHadComma) {
          throw new Unsuitable("rows not separated by commas");
        }
        count++;
        lastHadComma = line[line.length - 1] == ',';
        return lastHadComma ? Arrays.copyOf(line, line.length - 1) : line;
      }
      if (!startsWith(line, ROWS_CLOSE) || count == 0 || lastHadComma) {
        throw new Unsuitable("not in the layout git-hydrate writes");
      }
      separated = line[line.length - 1] == ',';
      String rest = new String(line, ROWS_CLOSE.length, line.length - ROWS_CLOSE.length - (separated ? 1 : 0),
          StandardCharsets.US_ASCII);
      if (!rest.matches("[1-9][0-9]{0,17}}")) {
        throw new Unsuitable("not in the layout git-hydrate writes");
      }
      declared = Long.parseLong(rest.substring(0, rest.length() - 1));
      closed = true;
      return null;
    }

    List<byte[]> all() throws IOException, Unsuitable {
      List<byte[]> rows = new ArrayList<>();
      for (byte[] row = next(); row != null; row = next()) {
        rows.add(row);
      }
      return rows;
    }

    /**
     * Read to the line that closes the rows, with as many rows as it declares. A count that
     * disagrees (left by a text merge made without git-hydrate) is not refused by a full read, only
     * reported: it is left to the full build, which reads every row and says so.
     */
    void requireComplete() throws IOException, Unsuitable {
      if (!closed || count != declared) {
        throw new Unsuitable("a row count does not match its rows");
      }
    }
  }

  /** The next lines of one table's rows, read ahead as far as the pairing needs. */
  private static final class Lookahead {
    private final RowLines source;
    private byte[][] lines = new byte[16][];
    private int head;
    private int size;
    private boolean exhausted;

    Lookahead(RowLines source) {
      this.source = source;
    }

    /** Reads ahead to {@code count} lines if there are that many; whether there are. */
    boolean fill(int count) throws IOException, Unsuitable {
      while (size < count && !exhausted) {
        byte[] line = source.next();
        if (line == null) {
          exhausted = true;
        } else {
          if (size == lines.length) {
            byte[][] grown = new byte[lines.length * 2][];
            for (int i = 0; i < size; i++) {
              grown[i] = get(i);
            }
            lines = grown;
            head = 0;
          }
          lines[(head + size++) & (lines.length - 1)] = line;
        }
      }
      return size >= count;
    }

    byte[] get(int index) {
      return lines[(head + index) & (lines.length - 1)];
    }

    byte[] poll() {
      byte[] line = get(0);
      lines[head] = null;
      head = (head + 1) & (lines.length - 1);
      size--;
      return line;
    }

    int size() {
      return size;
    }

    boolean exhausted() {
      return exhausted;
    }
  }
}
