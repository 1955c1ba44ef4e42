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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

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
 *   <li>the previous archive is known by its {@link LineIndex}, bound to the SHA-256 the caller
 *       gives (or made from its bytes, which must have that SHA-256);
 *   <li>a UTF-8 database without virtual tables (their rows are rebuilt from their text, not
 *       stored as given).
 * </ul>
 *
 * <p>The new archive is read once, each line hashed as it comes ({@link LineDigest}); a line whose
 * digest is the previous archive's entry is the same row, and is not even parsed. Everything
 * happens in one transaction: the database's triggers are dropped, so that no row written fires one
 * (the archive already holds what they did); the rows of each table that are only in the previous
 * archive are deleted (each checked against its entry first), those only in the new one inserted,
 * the AUTOINCREMENT counters set as archived; the triggers are created again from their own text,
 * in their order ({@link TriggerSuspension}). Each changed table must then hold its archived row
 * count (and a small one pass SQLite's quick check), {@code sqlite_schema} must list the triggers
 * exactly as before, and the new archive must have been read to its last byte, before anything is
 * committed. Anything unexpected rolls back and answers empty: the caller builds the database in
 * full, which also reports what is wrong with an archive. The new archive's own index comes back
 * with the result, for the next update.
 */
public final class ArchiveDelta {
  /**
   * What was changed: the new archive's summary, SHA-256 (the bytes compared), CRC-32C (the bytes
   * read, to tell another reader's from) and index, and how many rows were deleted and inserted (a
   * changed row counts once each).
   */
  public record Applied(ArchiveSummary summary, String archiveDigest, long archiveCrc32c, LineIndex index,
      long rowsDeleted, long rowsInserted) {}

  private final LineIndex previous;
  private final ArchiveLines lines;
  private final ValueFiles.Source values;
  private final LineIndex.Builder current;
  private final Connection connection;
  /** Fills in the redacted columns of the rows inserted, and redacts the rows compared. */
  private final PlaceholderFilling filling;
  /** The next entry of {@link #current} to hand out; the entries before came from the current line. */
  private int entry;
  private long deleted;
  private long inserted;

  private ArchiveDelta(LineIndex previous, ArchiveLines lines, LineIndex.Builder current, Connection connection,
      ValueFiles.Source values, PlaceholderFilling filling) {
    this.values = values;
    this.previous = previous;
    this.lines = lines;
    this.current = current;
    this.connection = connection;
    this.filling = filling;
  }

  /**
   * Like {@link #apply(Path, LineIndex, Path, String, LineIndex.Key, Duration)}, with the previous
   * archive given as bytes, which must have the SHA-256 {@code previousDigest}; they are read to
   * their end first.
   */
  public static Optional<Applied> apply(Path target, InputStream previous, String previousDigest, Path archive,
      String archiveDigest, LineIndex.Key key, Duration lockTimeout) {
    return apply(target, previous, previousDigest, archive, archiveDigest, key, lockTimeout,
        PlaceholderFilling.none());
  }

  /**
   * As {@link #apply(Path, InputStream, String, Path, String, LineIndex.Key, Duration)}, for a
   * database whose redacted columns {@code filling} fills in.
   */
  public static Optional<Applied> apply(Path target, InputStream previous, String previousDigest, Path archive,
      String archiveDigest, LineIndex.Key key, Duration lockTimeout, PlaceholderFilling filling) {
    Optional<LineIndex> index = index(previous, key);
    if (index.isEmpty() || !index.get().archiveDigest().equals(previousDigest)) {
      return Optional.empty();
    }
    return apply(target, index.get(), archive, archiveDigest == null ? null : () -> archiveDigest, key, lockTimeout,
        filling);
  }

  /** {@link #apply(Path, InputStream, String, Path, String, LineIndex.Key, Duration)} with a key of its own. */
  public static Optional<Applied> apply(Path target, InputStream previous, String previousDigest, Path archive,
      String archiveDigest, Duration lockTimeout) {
    return apply(target, previous, previousDigest, archive, archiveDigest, lockTimeout, PlaceholderFilling.none());
  }

  /**
   * As {@link #apply(Path, InputStream, String, Path, String, Duration)}, for a database whose
   * redacted columns {@code filling} fills in.
   */
  public static Optional<Applied> apply(Path target, InputStream previous, String previousDigest, Path archive,
      String archiveDigest, Duration lockTimeout, PlaceholderFilling filling) {
    return apply(target, previous, previousDigest, archive, archiveDigest,
        LineIndex.Key.of(new SecureRandom().nextLong()), lockTimeout, filling);
  }

  /** The index of the archive read from {@code in} to its end; empty when not in the layout or unreadable. */
  public static Optional<LineIndex> index(InputStream in, LineIndex.Key key) {
    LineIndex.Builder builder = new LineIndex.Builder(key);
    try (ArchiveLines lines = new ArchiveLines(in, true, builder::line)) {
      while (lines.next() != null) {
        if (!builder.suitable()) {
          return Optional.empty();
        }
      }
      return builder.finish(lines.digest());
    } catch (IOException | Unsuitable e) {
      return Optional.empty();
    }
  }

  /**
   * Makes {@code target}, which holds exactly what the archive indexed by {@code previous}
   * describes, hold what {@code archive} describes. Empty, with the target unchanged, when that
   * cannot be done row by row; throws only when the target stays locked by another process past
   * {@code lockTimeout} (left unchanged).
   *
   * @param archiveDigest gives the SHA-256 of {@code archive}'s bytes when the caller has read them
   *     or is reading them (hashing them again costs a hook more than the rows do), or null to have
   *     it computed here; the caller checks that the file's stamp is the same afterwards
   * @param key the key {@code previous} was made with; the new archive's index is made with it too
   */
  public static Optional<Applied> apply(Path target, LineIndex previous, Path archive, Supplier<String> archiveDigest,
      LineIndex.Key key, Duration lockTimeout) {
    return apply(target, previous, archive, archiveDigest, key, lockTimeout, PlaceholderFilling.none());
  }

  /**
   * As {@link #apply(Path, LineIndex, Path, Supplier, LineIndex.Key, Duration)}, for a database whose
   * redacted columns {@code filling} fills in: the rows compared are redacted as the archive holds
   * them, the rows inserted filled in. An unset variable that must be set leaves the target unchanged
   * and answers empty, as anything else unexpected does (the full rebuild then reports it).
   */
  public static Optional<Applied> apply(Path target, LineIndex previous, Path archive, Supplier<String> archiveDigest,
      LineIndex.Key key, Duration lockTimeout, PlaceholderFilling filling) {
    int lockMillis = (int) lockTimeout.toMillis();
    Connection connection;
    try {
      connection = Connections.readWrite(target, lockMillis);
    } catch (HydrateException e) {
      return Optional.empty(); // the full rebuild says what is wrong with the target
    }
    LineIndex.Builder builder = new LineIndex.Builder(key, previous.size() + previous.size() / 8 + 64);
    try (connection;
         ArchiveLines now = new ArchiveLines(Files.newInputStream(archive), archiveDigest == null, builder::line);
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
        ArchiveDelta delta = new ArchiveDelta(previous, now, builder, connection, ValueFiles.Source.of(archive), filling);
        ArchiveSummary summary = delta.compare();
        triggers.recreate();
        String digest = archiveDigest != null ? archiveDigest.get() : now.digest();
        LineIndex index = builder.finish(digest)
            .orElseThrow(() -> new Unsuitable("not in the layout git-hydrate writes"));
        statement.execute("COMMIT");
        committed = true;
        return Optional.of(new Applied(summary, digest, now.crc32c(), index, delta.deleted, delta.inserted));
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

  /**
   * Compares the new archive's entries with the previous one's to both ends, applying the rows that
   * differ; the new archive's summary.
   */
  private ArchiveSummary compare() throws IOException, SQLException, Unsuitable {
    int old = 0;
    int tables = 0;
    long rows = 0;
    List<byte[]> sequence = null;
    boolean sequenceChanged = false;
    for (int now = nextEntry(); now >= 0; now = nextEntry()) {
      long kind = LineIndex.kind(current.word(now));
      if (old >= previous.size() || LineIndex.kind(previous.word(old)) != kind
          || (kind != LineIndex.STRUCTURE && kind != LineIndex.HEADING) || !sameEntry(old, now)) {
        throw new Unsuitable("the archives differ in more than rows");
      }
      old++;
      if (kind == LineIndex.STRUCTURE) {
        continue;
      }
      TableData table = heading(lines.line(false));
      int from = old;
      while (LineIndex.kind(previous.word(old)) == LineIndex.ROW) {
        old++;
      }
      int to = old;
      long previousEnd = previous.word(old++); // its ROWS_END: the builder made the index so
      TableRows newRows = new TableRows();
      if (SqliteTables.SEQUENCE.equals(table.name())) {
        sequence = new ArrayList<>();
        int i = from;
        for (; newRows.next(); i++) {
          sequenceChanged |= i >= to || previous.word(i) != newRows.word() || previous.check(i) != newRows.check();
          sequence.add(newRows.line());
        }
        sequenceChanged |= i != to;
      } else {
        TablePatch patch = new TablePatch(connection, table, current.digest(), values, filling);
        LinePairing.pair(previous, from, to, newRows, patch);
        patch.finish(to - from, newRows.count());
        deleted += patch.deleted();
        inserted += patch.inserted();
        if (!SqliteTables.isStatistics(table.name())) { // counted as a dehydrate counts them
          tables++;
          rows += newRows.count();
        }
      }
      if (LineIndex.separated(previousEnd) != LineIndex.separated(newRows.end)) {
        throw new Unsuitable("not in the layout git-hydrate writes");
      }
    }
    if (old != previous.size()) {
      throw new Unsuitable("the archives differ in more than rows");
    }
    if (sequence != null && (sequenceChanged || deleted > 0 || inserted > 0)) {
      restoreSequence(sequence);
    }
    return new ArchiveSummary(tables, rows);
  }

  /** The next entry of the new archive's index, reading lines as needed; -1 after the last line. */
  private int nextEntry() throws IOException, Unsuitable {
    while (entry == current.size()) {
      boolean more = lines.advance();
      if (!current.suitable()) {
        throw new Unsuitable("not in the layout git-hydrate writes");
      }
      if (!more) {
        return -1;
      }
    }
    return entry++;
  }

  private boolean sameEntry(int old, int now) {
    return previous.word(old) == current.word(now) && previous.check(old) == current.check(now);
  }

  /** The rows of the table whose heading was the last entry, up to the end of its rows. */
  private final class TableRows implements LinePairing.Rows {
    private long count;
    private long end;
    private boolean ended;
    private long word;
    private int check;

    @Override
    public boolean next() throws IOException, Unsuitable {
      if (ended) {
        return false;
      }
      int now = nextEntry();
      if (now < 0) {
        throw new Unsuitable("truncated");
      }
      long entry = current.word(now);
      if (LineIndex.kind(entry) == LineIndex.ROWS_END) {
        ended = true;
        end = entry;
        return false;
      }
      count++;
      word = entry;
      check = current.check(now);
      return true;
    }

    @Override
    public long word() {
      return word;
    }

    @Override
    public int check() {
      return check;
    }

    @Override
    public byte[] line() {
      return lines.line(true);
    }

    long count() {
      return count;
    }
  }

  /** The table a heading line opens (an empty table's whole entry is one line). */
  private static TableData heading(byte[] line) throws IOException, Unsuitable {
    try {
      return ArchiveReader.readTableLine(WrittenLines.TableRows.of(line, null).heading());
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
