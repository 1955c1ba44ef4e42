package io.githydrate.merge;

import io.githydrate.HydrateException;
import io.githydrate.archive.SchemaObject;
import io.githydrate.archive.SqliteTables;
import io.githydrate.archive.TableData;
import io.githydrate.engine.SchemaProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The semantic diff of two archives of one database: settings and schema objects that differ, and
 * per table the rows added, removed and changed, matched by key (rowid, INTEGER PRIMARY KEY, or a
 * WITHOUT ROWID table's primary key) and compared cell by cell. Archives are canonical, so two
 * versions of a database that differ only in how the file is laid out (a VACUUM) give nothing.
 *
 * <p>Streams: each archive is read about once, rows whose lines are the same in both are not
 * parsed, and memory holds the two schemas and a row of each side; what is found goes to a
 * {@link DiffSink} as it is found. A table whose key changed cannot have its rows matched: it is
 * listed row by row when small, else summed up.
 */
public final class ArchiveDiff {
  /** Tables whose rows cannot be matched are listed row by row up to this many rows in all. */
  static final int LISTED_ROWS = 20;

  /** How much differed. */
  public record Totals(int settings, int schema, long added, long removed, long changed, int unmatched) {
    public boolean differs() {
      return settings + schema + unmatched > 0 || added + removed + changed > 0;
    }
  }

  /** The counts of rows reported so far. */
  static final class Counter {
    long added;
    long removed;
    long changed;
    int unmatched;
  }

  private final ArchiveFile before;
  private final ArchiveFile after;
  private final DiffSink sink;
  private final Counter counter = new Counter();

  private ArchiveDiff(ArchiveFile before, ArchiveFile after, DiffSink sink) {
    this.before = before;
    this.after = after;
    this.sink = sink;
  }

  /**
   * Compares archive {@code before} with archive {@code after}, reporting to {@code sink}. Either may
   * be null, or an empty file, for a database that does not exist in that version. The labels name
   * the archives in messages. Throws a {@link HydrateException} naming the archive when one cannot be
   * read; IOExceptions of the sink reach the caller.
   */
  public static Totals diff(Path before, String beforeLabel, Path after, String afterLabel, DiffSink sink)
      throws IOException {
    List<Path> temps = new ArrayList<>();
    try (ArchiveFile b = open(before, beforeLabel, temps);
         ArchiveFile a = open(after, afterLabel, temps)) {
      return new ArchiveDiff(b, a, sink).run();
    } catch (ArchiveFile.NotInLayout e) {
      throw new MergeException(e.getMessage());
    } finally {
      for (Path temp : temps) {
        Files.deleteIfExists(temp);
      }
    }
  }

  private static ArchiveFile open(Path file, String label, List<Path> temps) throws IOException {
    if (file == null || Files.size(file) == 0) {
      return null;
    }
    return ArchiveFile.openOrCopy(file, label, temps, false);
  }

  private Totals run() throws IOException, ArchiveFile.NotInLayout {
    ArchiveFile.Header b = header(before);
    ArchiveFile.Header a = header(after);
    List<SettingChange> settings = SchemaDiff.settings(b.pragmas(), a.pragmas());
    for (SettingChange change : settings) {
      sink.setting(change);
    }
    try (SchemaProbe beforeSchema = probe(b, before);
         SchemaProbe afterSchema = probe(a, after)) {
      List<SchemaChange> schema = SchemaDiff.objects(b.schema(), a.schema(), beforeSchema, afterSchema);
      for (SchemaChange change : schema) {
        sink.schema(change);
      }
      ArchiveFile.Header newest = a.pragmas() != null ? a : b;
      SqliteOrder order = new SqliteOrder(newest.pragmas() != null ? newest.pragmas().encoding() : null);
      for (Map.Entry<String, String[]> table : tables(b.schema(), a.schema()).entrySet()) {
        String[] names = table.getValue();
        table(names[0], names[1], beforeSchema, afterSchema, order);
      }
      return new Totals(settings.size(), schema.size(), counter.added, counter.removed, counter.changed,
          counter.unmatched);
    }
  }

  private static ArchiveFile.Header header(ArchiveFile file) {
    return file != null ? file.header() : new ArchiveFile.Header(null, null, List.of());
  }

  private static SchemaProbe probe(ArchiveFile.Header header, ArchiveFile file) {
    try {
      return SchemaProbe.of(header.schema());
    } catch (HydrateException e) {
      throw new MergeException(file.label() + ": " + e.getMessage());
    }
  }

  /**
   * Every table either version has rows for, by folded name: its name in each version (null where it
   * has none). The new version's order, then the tables only the old one has.
   */
  private static Map<String, String[]> tables(List<SchemaObject> before, List<SchemaObject> after) {
    Map<String, String[]> tables = new LinkedHashMap<>();
    for (SchemaObject object : after) {
      if (object.isTable()) {
        tables.put(SchemaMerge.fold(object.name()), new String[] {null, object.name()});
      }
    }
    tables.put(TableKeys.SEQUENCE, new String[] {TableKeys.SEQUENCE, TableKeys.SEQUENCE});
    for (String statistics : SqliteTables.STATISTICS) {
      tables.put(statistics, new String[] {statistics, statistics});
    }
    for (SchemaObject object : before) {
      if (object.isTable()) {
        tables.computeIfAbsent(SchemaMerge.fold(object.name()), n -> new String[] {null, null})[0] = object.name();
      }
    }
    return tables;
  }

  private void table(String oldName, String newName, SchemaProbe beforeSchema, SchemaProbe afterSchema,
      SqliteOrder order) throws IOException, ArchiveFile.NotInLayout {
    Optional<ArchiveFile.Rows> b = rows(before, oldName);
    Optional<ArchiveFile.Rows> a = rows(after, newName);
    if (b.isEmpty() && a.isEmpty()) {
      return;
    }
    if (TableKeys.SEQUENCE.equals(newName)) {
      sequence(b, a);
      return;
    }
    if (b.isEmpty()) {
      list(a.get(), afterSchema, RowChange.Kind.ADDED);
      return;
    }
    if (a.isEmpty()) {
      list(b.get(), beforeSchema, RowChange.Kind.REMOVED);
      return;
    }
    TableData oldHeading = b.get().table();
    TableData newHeading = a.get().table();
    TablePairing pairing = TablePairing.of(oldHeading, newHeading, beforeSchema, afterSchema);
    if (pairing.matched()) {
      Side old = new Side(before.label(), b.get(), pairing.shape(), pairing.key(), order, oldHeading.width()).start();
      Side now = new Side(after.label(), a.get(), null, pairing.key(), order, newHeading.width()).start();
      new TableDiff(oldHeading, newHeading, pairing.key(), order, sink, counter).run(old, now);
      return;
    }
    unmatched(oldName, newName, pairing.why(), beforeSchema, afterSchema);
  }

  /**
   * The AUTOINCREMENT counters, compared by table name: their rows are listed in the order SQLite
   * added them, not in key order, and there are only as many as tables.
   */
  private void sequence(Optional<ArchiveFile.Rows> before, Optional<ArchiveFile.Rows> after)
      throws IOException, ArchiveFile.NotInLayout {
    Map<String, Object> old = counters(before);
    Map<String, Object> now = counters(after);
    for (Map.Entry<String, Object> counter : now.entrySet()) {
      String name = counter.getKey();
      if (!old.containsKey(name)) {
        this.counter.added++;
        sink.row(new RowChange(RowChange.Kind.ADDED, TableKeys.SEQUENCE, List.of(name), List.of("name", "seq"), null,
            Arrays.asList(name, counter.getValue())));
      } else if (!Objects.equals(old.get(name), counter.getValue())) {
        this.counter.changed++;
        sink.row(new RowChange(RowChange.Kind.CHANGED, TableKeys.SEQUENCE, List.of(name), List.of("seq"),
            Arrays.asList(old.get(name)), Arrays.asList(counter.getValue())));
      }
    }
    for (Map.Entry<String, Object> counter : old.entrySet()) {
      if (!now.containsKey(counter.getKey())) {
        this.counter.removed++;
        sink.row(new RowChange(RowChange.Kind.REMOVED, TableKeys.SEQUENCE, List.of(counter.getKey()),
            List.of("name", "seq"), Arrays.asList(counter.getKey(), counter.getValue()), null));
      }
    }
  }

  private static Map<String, Object> counters(Optional<ArchiveFile.Rows> rows)
      throws IOException, ArchiveFile.NotInLayout {
    Map<String, Object> counters = new LinkedHashMap<>();
    if (rows.isPresent()) {
      byte[] line;
      while ((line = rows.get().next()) != null) {
        Object[] values = TableDiff.parse(rows.get().table(), line);
        counters.put(String.valueOf(values[values.length - 2]), values[values.length - 1]);
      }
    }
    return counters;
  }

  private static Optional<ArchiveFile.Rows> rows(ArchiveFile file, String table)
      throws IOException, ArchiveFile.NotInLayout {
    return file == null || table == null ? Optional.empty() : file.table(table);
  }

  /** A table whose rows cannot be matched: the same lines mean nothing changed; else listed or summed up. */
  private void unmatched(String oldName, String newName, String why, SchemaProbe beforeSchema,
      SchemaProbe afterSchema) throws IOException, ArchiveFile.NotInLayout {
    ArchiveFile.Rows b = before.table(oldName).orElseThrow();
    MessageDigest oldDigest = sha256();
    long oldRows = count(b, oldDigest);
    ArchiveFile.Rows a = after.table(newName).orElseThrow();
    MessageDigest newDigest = sha256();
    long newRows = count(a, newDigest);
    if (b.table().equals(a.table()) && MessageDigest.isEqual(oldDigest.digest(), newDigest.digest())) {
      return;
    }
    if (oldRows + newRows <= LISTED_ROWS) {
      list(before.table(oldName).orElseThrow(), beforeSchema, RowChange.Kind.REMOVED);
      list(after.table(newName).orElseThrow(), afterSchema, RowChange.Kind.ADDED);
      return;
    }
    counter.unmatched++;
    sink.unmatched(newName, oldRows, newRows, why);
  }

  /** Counts a table's rows, digesting their lines. */
  private static long count(ArchiveFile.Rows rows, MessageDigest digest) throws IOException, ArchiveFile.NotInLayout {
    long n = 0;
    byte[] line;
    while ((line = rows.next()) != null) {
      digest.update(line);
      digest.update((byte) '\n');
      n++;
    }
    return n;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every row of one version's table as added or removed (a table created or dropped). */
  private void list(ArchiveFile.Rows rows, SchemaProbe schema, RowChange.Kind kind)
      throws IOException, ArchiveFile.NotInLayout {
    TableData table = rows.table();
    Optional<KeySpec> key = TableKeys.of(table, schema);
    byte[] line;
    while ((line = rows.next()) != null) {
      Object[] values = TableDiff.parse(table, line);
      List<Object> at = key.map(k -> Arrays.asList(k.of(values))).orElse(List.of());
      List<Object> shown = TableDiff.visible(table, values);
      if (kind == RowChange.Kind.ADDED) {
        counter.added++;
        sink.row(new RowChange(kind, table.name(), at, table.columns(), null, shown));
      } else {
        counter.removed++;
        sink.row(new RowChange(kind, table.name(), at, table.columns(), shown, null));
      }
    }
  }
}
