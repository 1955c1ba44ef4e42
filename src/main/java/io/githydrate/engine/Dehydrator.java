package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.archive.ArchiveWriter;
import io.githydrate.archive.SqliteTables;
import io.githydrate.engine.SourceSchema.TableSource;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.apache.commons.io.output.NullOutputStream;

/**
 * Exports a SQLite database to an archive: one read transaction (so one consistent snapshot, even
 * while another process writes, and including changes still in a {@code -wal} file), tables and
 * rows streamed in canonical order. Thread safe: holds no state between calls.
 */
public final class Dehydrator {
  private final int busyTimeoutMillis;
  private final Progress progress;
  /** What each database, by label, keeps out of its archive's lines. */
  private final Function<String, ArchiveRules> rules;
  /** Which unreferenced value files an export may delete. */
  private final ValueFiles.Removal removal;

  public Dehydrator(int busyTimeoutMillis, Progress progress) {
    this(busyTimeoutMillis, progress, label -> ArchiveRules.NONE);
  }

  /** @param rules what the database at each label keeps out of its archive's lines */
  public Dehydrator(int busyTimeoutMillis, Progress progress, Function<String, ArchiveRules> rules) {
    this(busyTimeoutMillis, progress, rules, ValueFiles.Removal.ANY);
  }

  /**
   * @param rules what the database at each label keeps out of its archive's lines
   * @param removal which value files no longer referenced an export may delete
   */
  public Dehydrator(int busyTimeoutMillis, Progress progress, Function<String, ArchiveRules> rules,
      ValueFiles.Removal removal) {
    this.busyTimeoutMillis = busyTimeoutMillis;
    this.progress = progress;
    this.rules = rules;
    this.removal = removal;
  }

  /** What the database at {@code label} keeps out of its archive's lines. */
  ArchiveRules rulesFor(String label) {
    return rules.apply(label);
  }

  /** Result of writing an archive file. */
  /**
   * What an export did: the archive's summary, whether its file changed, and when the caller asked
   * (a key), the SHA-256 of the bytes written and their {@link LineIndex} (null if not in the layout
   * a row-by-row update reads).
   */
  public record Written(ArchiveSummary summary, boolean changed, String digest, LineIndex index) {
    public Written(ArchiveSummary summary, boolean changed) {
      this(summary, changed, null, null);
    }
  }

  /**
   * Writes {@code db}'s archive to {@code archive}, atomically, leaving the file untouched (not even
   * its modification time) when its bytes would not change.
   *
   * @param label the database's path as the archive records it (relative to the repository)
   */
  public Written dehydrate(Path db, String label, Path archive) {
    return dehydrate(db, label, archive, () -> { });
  }

  /**
   * As {@link #dehydrate(Path, String, Path)}, but the archive is replaced only if {@code
   * beforeReplacing} returns normally once the new archive is complete: for a check of the database
   * that runs meanwhile, instead of before, on another core.
   */
  public Written dehydrate(Path db, String label, Path archive, Runnable beforeReplacing) {
    return dehydrate(db, label, archive, beforeReplacing, null);
  }

  /**
   * As {@link #dehydrate(Path, String, Path, Runnable)}, and with {@code key} (unless null) the
   * {@link Written} tells the archive's digest and line index, made from the bytes as they are
   * written: a database just exported is in step with them, and the next update compares with them.
   */
  public Written dehydrate(Path db, String label, Path archive, Runnable beforeReplacing, LineIndex.Key key) {
    requireDatabase(db);
    AtomicFiles.removeStaleTemps(archive);
    Path temp = null;
    try {
      temp = AtomicFiles.tempFileBeside(archive);
      ArchiveSummary summary;
      // Not truncated: ext4 flushes a file truncated to empty when it is closed, in the caller's time.
      OutputStream file = new WritebackOutputStream(Files.newOutputStream(temp, StandardOpenOption.WRITE), temp);
      MessageDigest sha256 = key == null ? null : Digests.sha256();
      LineIndex.Builder lines = key == null ? null : new LineIndex.Builder(key);
      if (key != null) {
        file = lines.writing(new DigestOutputStream(file, sha256));
      }
      ValueFiles.Export values = valueExport(label, ValueFiles.folderOf(archive));
      try (OutputStream out = new BufferedOutputStream(file, 1 << 16)) {
        summary = dehydrate(db, label, out, values);
      }
      String digest = sha256 == null ? null : HexFormat.of().formatHex(sha256.digest());
      LineIndex index = lines == null ? null : lines.finish(digest).orElse(null);
      beforeReplacing.run();
      if (Files.isRegularFile(archive) && FileUtils.contentEquals(temp.toFile(), archive.toFile())) {
        Files.delete(temp);
        removeUnreferenced(values, archive);
        return new Written(summary, false, digest, index);
      }
      AtomicFiles.sync(temp); // only a file that will replace the archive needs to reach the disk
      AtomicFiles.replace(temp, archive);
      temp = null;
      removeUnreferenced(values, archive);
      return new Written(summary, true, digest, index);
    } catch (IOException e) {
      throw cannotWrite(archive, e);
    } catch (UncheckedIOException e) {
      // Writing the stream failed (a full disk, an I/O error): the archive is left as it was.
      throw cannotWrite(archive, e.getCause());
    } finally {
      AtomicFiles.deleteQuietly(temp);
    }
  }

  /** Out-of-line values go to {@code folder} when the database's rules say so; null when they stay in line. */
  private ValueFiles.Export valueExport(String label, Path folder) {
    long limit = rulesFor(label).largeValueBytes();
    return limit > 0 ? new ValueFiles.Export(folder, limit) : null;
  }

  /**
   * The archive is in place: value files it no longer references go (Git's history keeps them); all
   * of them when it keeps every value in line now.
   */
  private void removeUnreferenced(ValueFiles.Export values, Path archive) throws IOException {
    Path folder = ValueFiles.folderOf(archive);
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    (values != null ? values : new ValueFiles.Export(folder, Long.MAX_VALUE)).removeUnreferenced(removal);
  }

  private static HydrateException cannotWrite(Path archive, IOException e) {
    return new HydrateException(archive + ": cannot write the archive: " + FileErrors.describe(e), e);
  }

  /**
   * Streams {@code db}'s archive to {@code out}, which is left open.
   *
   * @throws UncheckedIOException when writing to {@code out} fails
   */
  public ArchiveSummary dehydrate(Path db, String label, OutputStream out) {
    // Large values are referenced by digest, as in the archive file, but no value file is written.
    return dehydrate(db, label, out, valueExport(label, null));
  }

  /** As {@link #dehydrate(Path, String, OutputStream)}, large values moved out of line by {@code values} (unless null). */
  private ArchiveSummary dehydrate(Path db, String label, OutputStream out, ValueFiles.Export values) {
    requireDatabase(db);
    try (Connection connection = Connections.readOnly(db, busyTimeoutMillis)) {
      connection.setAutoCommit(false);
      try (ArchiveWriter writer = new ArchiveWriter(out)) {
        // The first read of the transaction fixes its snapshot: everything below sees the same one.
        SourceSchema schema = SourceSchema.read(connection);
        ArchiveRules rules = rulesFor(label);
        if (!rules.redactions().isEmpty()) {
          RedactionCheck.check(connection, label, rules,
              schema.tables().stream().map(t -> t.data().name()).toList());
        }
        writer.begin(label, schema.pragmas());
        writer.schema(schema.objects());
        Charset textEncoding = RowCursor.textEncoding(schema.pragmas().encoding());
        long rows = 0;
        for (TableSource table : schema.tables()) {
          long written = writeTable(connection, label, table, textEncoding, writer,
              ArchivedRows.of(rules, table.data()), values);
          if (!SqliteTables.isKept(table.data().name())) {
            rows += written;
          }
        }
        writer.finish();
        int tables = (int) schema.objects().stream().filter(o -> o.isTable()).count();
        return new ArchiveSummary(tables, rows);
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw new HydrateException(db + ": cannot read the database: " + SqliteErrors.describe(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (HydrateException e) {
      // A setting's refusal names .hydrateconfig and the database already.
      throw e.getMessage().startsWith(db.toString()) || e.getMessage().startsWith(".hydrateconfig: ") ? e
          : new HydrateException(db + ": " + e.getMessage(), e);
    }
  }

  /**
   * Hex SHA-256 of the archive {@code db} would have under {@code label}, without writing it: equal
   * to {@link Digests#ofFile} of an archive exactly when that archive is up to date, and equal for
   * two databases (under one label) exactly when their content is.
   */
  public String digest(Path db, String label) {
    MessageDigest sha256 = Digests.sha256();
    try (OutputStream out = new BufferedOutputStream(
        new DigestOutputStream(NullOutputStream.INSTANCE, sha256), 1 << 16)) {
      dehydrate(db, label, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** SQLite's limit on the columns of a query's result (SQLITE_MAX_COLUMN). */
  private static final int MAX_RESULT_COLUMNS = 2000;

  /**
   * Writes one table's rows, read on a second thread (see {@link RowReader}) while this one writes;
   * with {@code archived} (unless null), only those it keeps, as it keeps them.
   */
  private long writeTable(Connection connection, String label, TableSource table, Charset textEncoding,
      ArchiveWriter writer, ArchivedRows archived, ValueFiles.Export outOfLine) throws SQLException, IOException {
    String name = table.data().name();
    if (table.values().size() > MAX_RESULT_COLUMNS) {
      throw new HydrateException("table \"" + name + "\": its " + table.data().columns().size()
          + " columns and its rowid are more than the " + MAX_RESULT_COLUMNS + " values SQLite reads in one query,"
          + " so it cannot be archived (give it an INTEGER PRIMARY KEY, or fewer columns)");
    }
    if (archived != null && SqliteTables.SEQUENCE.equals(name)) {
      return writeSequence(connection, table, textEncoding, writer, archived);
    }
    writer.beginTable(table.data());
    if (archived != null && archived.none()) {
      writer.endTable(0);
      return 0;
    }
    long rows = 0;
    try (RowReader reader = new RowReader(connection, table, textEncoding)) {
      for (List<Object[]> batch = reader.next(); !batch.isEmpty(); batch = reader.next()) {
        for (Object[] values : batch) {
          Object[] row = archived == null ? values : archived.archived(values);
          if (row != null) {
            // Redacted first: a placeholder is short, so it never goes to a file.
            writer.row(outOfLine == null ? row : outOfLine.outOfLine(row));
            rows++;
          }
        }
        progress.update(label, name, rows);
      }
    }
    writer.endTable(rows);
    progress.update(label, name, rows);
    return rows;
  }

  /**
   * Writes the AUTOINCREMENT counters {@code archived} keeps (a handful of rows, read first), and
   * nothing when it keeps none: a database built from the archive has no counters, and an empty
   * {@code sqlite_sequence} is left out of archives.
   */
  private long writeSequence(Connection connection, TableSource table, Charset textEncoding, ArchiveWriter writer,
      ArchivedRows archived) throws SQLException, IOException {
    List<Object[]> kept = new ArrayList<>();
    try (RowReader reader = new RowReader(connection, table, textEncoding)) {
      for (List<Object[]> batch = reader.next(); !batch.isEmpty(); batch = reader.next()) {
        for (Object[] values : batch) {
          Object[] row = archived.archived(values);
          if (row != null) {
            kept.add(row);
          }
        }
      }
    }
    if (kept.isEmpty()) {
      return 0;
    }
    writer.beginTable(table.data());
    for (Object[] row : kept) {
      writer.row(row);
    }
    writer.endTable(kept.size());
    return kept.size();
  }

  private static void requireDatabase(Path db) {
    if (!Files.isRegularFile(db)) {
      throw new HydrateException(db + ": no such database file", new NoSuchFileException(db.toString()));
    }
  }
}
