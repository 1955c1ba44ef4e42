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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
  private final boolean exact;
  private final Counter counter = new Counter();
  /** Exactly: the folded names of the tables whose definition changed other than by appended columns. */
  private final Set<String> redefined = new HashSet<>();

  private ArchiveDiff(ArchiveFile before, ArchiveFile after, DiffSink sink, boolean exact) {
    this.before = before;
    this.after = after;
    this.sink = sink;
    this.exact = exact;
  }

  /**
   * Compares archive {@code before} with archive {@code after}, reporting to {@code sink}. Either may
   * be null, or an empty file, for a database that does not exist in that version. The labels name
   * the archives in messages. Throws a {@link HydrateException} naming the archive when one cannot be
   * read; IOExceptions of the sink reach the caller.
   */
  public static Totals diff(Path before, String beforeLabel, Path after, String afterLabel, DiffSink sink)
      throws IOException {
    return run(before, beforeLabel, after, afterLabel, sink, false);
  }

  /**
   * As {@link #diff}, for a sink that must be able to remake {@code after} from {@code before} (a
   * migration), so nothing is left out or summed up: a table redefined other than by appended
   * columns has its old rows taken into the new columns by name with NULL in the others, and every
   * cell compared (a column the old table lacks is never skipped); the rows of a table whose key
   * changed, and of SQLite's own tables ({@code sqlite_sequence}, the statistics), come only as
   * every row of the new version, added, after {@link DiffSink#tableStart} says they are not matched
   * (for {@code sqlite_sequence}: "matched" when its counters are the same in both versions).
   */
  public static Totals exactly(Path before, String beforeLabel, Path after, String afterLabel, DiffSink sink)
      throws IOException {
    return run(before, beforeLabel, after, afterLabel, sink, true);
  }

  private static Totals run(Path before, String beforeLabel, Path after, String afterLabel, DiffSink sink,
      boolean exact) throws IOException {
    List<Path> temps = new ArrayList<>();
    try (ArchiveFile b = open(before, beforeLabel, temps);
         ArchiveFile a = open(after, afterLabel, temps)) {
      return new ArchiveDiff(b, a, sink, exact).run();
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
    sink.schemas(b.schema(), a.schema());
    List<SettingChange> settings = SchemaDiff.settings(b.pragmas(), a.pragmas());
    for (SettingChange change : settings) {
      sink.setting(change);
    }
    try (SchemaProbe beforeSchema = probe(b, before);
         SchemaProbe afterSchema = probe(a, after)) {
      List<SchemaChange> schema = SchemaDiff.objects(b.schema(), a.schema(), beforeSchema, afterSchema);
      for (SchemaChange change : schema) {
        sink.schema(change);
        if (change.kind() == SchemaChange.Kind.REDEFINED && change.type().equals("table")
            && wasTable(b.schema(), change.name())) {
          redefined.add(SchemaMerge.fold(change.name()));
        }
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

  /** What {@link DiffSink#tableStart} is told: the key of the pairing, else of the version with rows. */
  private static DiffSink.TableStart start(String name, TableData oldHeading, TableData newHeading, boolean matched,
      SchemaProbe beforeSchema, SchemaProbe afterSchema, KeySpec pairingKey) {
    TableData heading = newHeading != null ? newHeading : oldHeading;
    KeySpec key = pairingKey != null || heading == null ? pairingKey
        : TableKeys.of(heading, newHeading != null ? afterSchema : beforeSchema).orElse(null);
    List<String> names = new ArrayList<>();
    if (key != null) {
      for (int position : key.positions()) {
        int column = position - (heading.withRowid() ? 1 : 0);
        names.add(column < 0 ? "rowid" : heading.columns().get(column));
      }
    }
    return new DiffSink.TableStart(name, oldHeading, newHeading, matched, names,
        key == null ? List.of() : key.collations());
  }

  private static boolean wasTable(List<SchemaObject> schema, String name) {
    return schema.stream().anyMatch(o -> o.isTable() && SchemaMerge.fold(o.name()).equals(SchemaMerge.fold(name)));
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
    if (b.isEmpty() && a.isEmpty() && !(exact && TableKeys.SEQUENCE.equals(newName))) {
      return; // (an exact diff reports no counters too: inserting rows may have made some)
    }
    TableData oldHeading = b.map(ArchiveFile.Rows::table).orElse(null);
    TableData newHeading = a.map(ArchiveFile.Rows::table).orElse(null);
    boolean ownTable = newName != null && (TableKeys.SEQUENCE.equals(newName) || SqliteTables.isStatistics(newName));
    if (exact && ownTable) {
      // Inserting rows moves the counters, and dropping a table drops its own: the new version's
      // counters (and statistics) are what the database must end with, all of them. The start of
      // sqlite_sequence says whether they are the same as before ("matched"), in the same order.
      boolean same = TableKeys.SEQUENCE.equals(newName)
          && new ArrayList<>(counters(b).entrySet()).equals(new ArrayList<>(counters(a).entrySet()));
      a = rows(after, newName);
      sink.tableStart(start(newName, oldHeading, newHeading, same, beforeSchema, afterSchema, null));
      if (a.isPresent()) {
        list(a.get(), afterSchema, RowChange.Kind.ADDED);
      }
      sink.tableEnd();
      return;
    }
    if (TableKeys.SEQUENCE.equals(newName)) {
      sink.tableStart(start(newName != null ? newName : oldName, oldHeading, newHeading, true, beforeSchema, afterSchema, null));
      sequence(b, a);
      sink.tableEnd();
      return;
    }
    if (b.isEmpty() || a.isEmpty()) {
      sink.tableStart(start(newName != null ? newName : oldName, oldHeading, newHeading, true, beforeSchema, afterSchema, null));
      if (b.isEmpty()) {
        list(a.get(), afterSchema, RowChange.Kind.ADDED);
      } else {
        list(b.get(), beforeSchema, RowChange.Kind.REMOVED);
      }
      sink.tableEnd();
      return;
    }
    TablePairing pairing = exact
        ? TablePairing.exactly(oldHeading, newHeading, beforeSchema, afterSchema,
            redefined.contains(SchemaMerge.fold(newName)))
        : TablePairing.of(oldHeading, newHeading, beforeSchema, afterSchema);
    sink.tableStart(start(newName != null ? newName : oldName, oldHeading, newHeading, pairing.matched(), beforeSchema, afterSchema, pairing.key()));
    if (pairing.matched()) {
      Side old = new Side(before.label(), b.get(), pairing.shape(), pairing.key(), order, oldHeading.width()).start();
      Side now = new Side(after.label(), a.get(), null, pairing.key(), order, newHeading.width()).start();
      new TableDiff(oldHeading, newHeading, pairing.key(), order, sink, counter, exact).run(old, now);
    } else if (exact) {
      list(a.get(), afterSchema, RowChange.Kind.ADDED);
    } else {
      unmatched(oldName, newName, pairing.why(), beforeSchema, afterSchema);
    }
    sink.tableEnd();
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
