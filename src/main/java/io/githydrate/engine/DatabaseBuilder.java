package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.archive.ArchiveVisitor;
import io.githydrate.archive.Pragmas;
import io.githydrate.archive.SchemaObject;
import io.githydrate.archive.SqliteTables;
import io.githydrate.archive.TableData;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a new database file from an archive as it streams past: pragmas first, tables as their
 * schema entries arrive, rows in batches through a {@link TableInserter} per table, then indexes, views
 * and triggers after all data (faster, and triggers must not fire on restored rows), all in one
 * transaction.
 *
 * <p>The file is private to the build (no journal, no syncing until {@link #finish()}); a failed
 * build leaves a file that must be deleted.
 *
 * <p>The archive may come from anyone who can push a branch, so building it must do nothing but
 * build this one database. Archive text only ever reaches SQLite through
 * {@link Connection#prepareStatement}, which runs a single statement, and only after
 * {@link SchemaGuard} has found it to be the one CREATE statement its entry names; afterwards the
 * schema must hold exactly the archive's objects. Statements that only record a definition are
 * stopped after {@link #INSTANT}; the file may grow as {@link SizeLimit} allows;
 * {@link Connections#create} sets the rest of SQLite's limits.
 */
final class DatabaseBuilder implements ArchiveVisitor, ReadAhead.SizeAware, AutoCloseable {
  private static final int SORT_THREADS = Math.min(3, Runtime.getRuntime().availableProcessors() - 1);
  /**
   * How long CREATE TABLE, VIEW, TRIGGER or VIRTUAL TABLE may run: they only record a definition and
   * take microseconds, so this is far above any honest one even on a loaded machine. CREATE INDEX and
   * inserts take time in proportion to the data and have no such limit.
   */
  static final Duration INSTANT = Duration.ofSeconds(2);
  /** Rows inserted with one call into the driver. */
  private static final int BATCH = 256;
  private static final int PROGRESS_ROWS = 4096;
  private final Path file;
  /** Opened when the archive's header arrives: see the constructor. */
  private Connection connection;
  private final String label;
  private final Progress progress;
  private final Map<String, SchemaObject> tables = new LinkedHashMap<>();
  private final List<Entry> deferred = new ArrayList<>();
  private final Set<String> filled = new HashSet<>();
  private final List<Object[]> sequence = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final ValueFiles.Source values;
  private Pragmas pragmas = Pragmas.DEFAULTS;
  private TableInserter insert;
  /** Rows waiting for {@link #insert}, and the archive line each starts on. */
  private final List<Object[]> batch = new ArrayList<>(BATCH);
  private final int[] batchLines = new int[BATCH];
  /** {@link RowBytes} of {@link #batch}: SQLite copies the values of a statement's rows as they are bound. */
  private long batchBytes;
  /** Whether the current table's TEXT values need a byte-order mark kept (see {@link #row}). */
  private boolean keepLeadingBom;
  private boolean readingSequence;
  private String tableName;
  private long rowsInTable;
  private long rowsReported;
  private long rows;
  /** The archive's bytes read so far. */
  private long archiveBytes;
  /** Set once the file's settings are made. */
  private SizeLimit sizeLimit;

  /** A schema entry and the archive line where it starts. */
  private record Entry(SchemaObject object, int line) {}

  /**
   * Opens nothing yet: the file is created when the archive's header arrives, so that a process
   * that has just started (a hook) parses the archive's first rows while SQLite's library loads.
   */
  DatabaseBuilder(Path file, String label, Progress progress) {
    this(file, label, progress, ValueFiles.Source.NONE);
  }

  /** @param values where the values the archive keeps in files of their own are read from */
  DatabaseBuilder(Path file, String label, Progress progress, ValueFiles.Source values) {
    this.file = file;
    this.label = label;
    this.progress = progress;
    this.values = values;
  }

  @Override
  public void header(String databasePath, Pragmas pragmas) {
    this.pragmas = pragmas;
    connection = Connections.create(file);
    try (Statement statement = connection.createStatement()) {
      // Set before the first table: they shape the file itself.
      SchemaGuard.checkPragmas(pragmas);
      if (pragmas.pageSize() != null) {
        statement.execute("PRAGMA page_size=" + pragmas.pageSize());
      }
      if (pragmas.autoVacuum() != null) {
        statement.execute("PRAGMA auto_vacuum=" + pragmas.autoVacuum());
      }
      if (pragmas.encoding() != null) {
        statement.execute("PRAGMA encoding='" + pragmas.encoding() + "'");
      }
      // A private file that is thrown away on failure needs neither a journal nor syncs.
      statement.execute("PRAGMA journal_mode=OFF");
      statement.execute("PRAGMA synchronous=OFF");
      statement.execute("PRAGMA locking_mode=EXCLUSIVE");
      // Rows arrive in key order, so inserting touches only the b-trees' right edges: 8 MB hydrated
      // the benchmark faster than 32 MB did (3.8 s against 4.1 s) and with 44 MB less memory.
      statement.execute("PRAGMA cache_size=-8192");
      // Catches a malformed b-tree cell while the file is read back rather than trusting it.
      statement.execute("PRAGMA cell_size_check=ON");
      try (ResultSet rs = statement.executeQuery("PRAGMA page_size")) {
        sizeLimit = new SizeLimit(connection, rs.next() ? rs.getLong(1) : 4096);
      }
      raise(true);
      connection.setAutoCommit(false);
    } catch (SQLException e) {
      throw failure("cannot start the database", e);
    }
  }

  @Override
  public void archiveBytesRead(long bytes) {
    archiveBytes = bytes;
    if (sizeLimit != null) {
      raise(false);
    }
  }

  private void raise(boolean exact) {
    try {
      sizeLimit.raise(archiveBytes, exact);
    } catch (SQLException e) {
      throw failure("cannot limit the database's size", e);
    }
  }

  @Override
  public void schemaObject(SchemaObject object) {
    schemaObject(object, 0);
  }

  /** Checks every entry as it arrives, so that a bad one is refused before any row is written. */
  @Override
  public void schemaObject(SchemaObject object, int line) {
    SchemaGuard.checkEntry(object, line);
    if (object.type().equals("table")) {
      if (tables.containsKey(object.name())) {
        throw SchemaGuard.problem(line, "table \"" + object.name() + "\" appears twice in the schema");
      }
      execute(new Entry(object, line));
      tables.put(object.name(), object);
    } else {
      deferred.add(new Entry(object, line));
    }
  }

  private void execute(Entry entry) {
    SchemaObject object = entry.object();
    try (PreparedStatement statement = connection.prepareStatement(object.sql())) {
      if (object.type().equals("index")) {
        statement.execute();
      } else {
        Deadline.execute(connection, statement, INSTANT);
      }
    } catch (SQLException e) {
      throw problem(entry.line(), "cannot create " + object.type() + " \"" + object.name() + "\": " + describe(e), e);
    }
    try {
      SchemaGuard.requireStoredAsGiven(connection, object, entry.line());
    } catch (SQLException e) {
      throw failure("cannot read back " + object.type() + " \"" + object.name() + "\"", e);
    }
  }

  private static HydrateException problem(int line, String message, SQLException cause) {
    HydrateException problem = SchemaGuard.problem(line, message);
    problem.initCause(cause);
    return problem;
  }

  @Override
  public void beginTable(TableData table) {
    rowsInTable = 0;
    rowsReported = 0;
    tableName = table.name();
    readingSequence = SqliteTables.SEQUENCE.equals(table.name());
    keepLeadingBom = isUtf16() && tables.containsKey(table.name())
        && VirtualTable.parse(tables.get(table.name()).sql()).map(VirtualTable::isFullText).orElse(false);
    if (readingSequence) {
      if (!table.columns().equals(List.of("name", "seq")) || table.withRowid()) {
        throw new HydrateException("table \"sqlite_sequence\" must have columns [\"name\", \"seq\"]");
      }
      return;
    }
    boolean statistics = SqliteTables.isStatistics(table.name());
    if (!statistics && !tables.containsKey(table.name())) {
      throw new HydrateException("table \"" + table.name() + "\" has rows but no schema entry");
    }
    if (!filled.add(table.name())) {
      throw new HydrateException("table \"" + table.name() + "\" has its rows listed twice");
    }
    if (statistics) {
      statistics(table);
    }
    List<String> names = new ArrayList<>();
    if (table.withRowid()) {
      // Generated and hidden columns are not in the archive but can still take the name "rowid".
      names.add(Sql.rowidName(allColumnNames(table.name()), table.name()));
    }
    table.columns().forEach(c -> names.add(Sql.quote(c)));
    if (names.isEmpty()) {
      insert = null;
      return;
    }
    boolean virtual = !statistics && VirtualTable.parse(tables.get(table.name()).sql()).isPresent();
    try {
      insert = TableInserter.prepare(connection, Sql.quote(table.name()), names, virtual);
    } catch (SQLException e) {
      throw failure("table \"" + table.name() + "\" does not match its columns in the archive", e);
    }
  }

  /**
   * Makes the ANALYZE statistics table {@code table} names, empty, ready for its archived rows: SQLite
   * refuses to create a {@code sqlite_} table by name, and {@code ANALYZE sqlite_schema} creates
   * every statistics table it keeps (gathering nothing: it skips SQLite's own tables). Those the
   * archive does not list are dropped in {@link #end}.
   */
  private void statistics(TableData table) {
    List<String> expected = table.name().equals(SqliteTables.STAT1)
        ? List.of("tbl", "idx", "stat") : List.of("tbl", "idx", "neq", "nlt", "ndlt", "sample");
    if (!table.columns().equals(expected) || !table.withRowid()) {
      throw new HydrateException("table \"" + table.name() + "\" must have rowids and columns " + expected);
    }
    try {
      if (!exists("table", table.name())) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("ANALYZE main.sqlite_schema");
        }
        if (!exists("table", table.name())) {
          throw new HydrateException("table \"" + table.name() + "\": this build of SQLite does not keep"
              + " these statistics");
        }
      }
    } catch (SQLException e) {
      throw failure("cannot create table \"" + table.name() + "\"", e);
    }
  }

  private List<String> allColumnNames(String table) {
    try {
      return Sql.allColumnNames(connection, table);
    } catch (SQLException e) {
      throw failure("cannot read the columns of table \"" + table + "\"", e);
    }
  }

  @Override
  public void row(Object[] values) {
    row(values, 0);
  }

  @Override
  public void row(Object[] values, int line) {
    if (readingSequence) {
      sequence.add(values);
      return;
    }
    if (insert == null) {
      throw SchemaGuard.problem(line, "table \"" + tableName + "\": a row for a table without columns");
    }
    this.values.resolve(values, line);
    if (keepLeadingBom) {
      for (int i = 0; i < values.length; i++) {
        if (values[i] instanceof String text && text.startsWith(BOM)) {
          // A full-text table of a UTF-16 database drops a leading U+FEFF from the text it stores.
          values[i] = BOM + text;
        }
      }
    }
    batchLines[batch.size()] = line;
    batch.add(values);
    batchBytes += RowBytes.of(values);
    if (batch.size() == BATCH || batchBytes >= RowBytes.BATCH_LIMIT) {
      insertBatch();
    }
  }

  /** Inserts the rows collected so far, naming the line of the first one SQLite refuses. */
  private void insertBatch() {
    if (batch.isEmpty()) {
      return;
    }
    try {
      insert.insert(batch);
    } catch (BatchUpdateException e) {
      SQLException refused = e.getCause() instanceof SQLException cause ? cause : e;
      int row = e.getLargeUpdateCounts().length; // the rows before the refused one went in
      throw problem(batchLines[row], "table \"" + tableName + "\": " + describe(refused), refused);
    } catch (SQLException e) {
      throw failure("table \"" + tableName + "\": cannot insert rows", e);
    }
    if (!SqliteTables.isStatistics(tableName)) {
      rows += batch.size(); // counted as a dehydrate counts them: the tables' own rows
    }
    rowsInTable += batch.size();
    batch.clear();
    batchBytes = 0;
    if (rowsInTable - rowsReported >= PROGRESS_ROWS) {
      rowsReported = rowsInTable;
      progress.update(label, "", rows);
    }
  }

  private static final String BOM = "\uFEFF";

  private boolean isUtf16() {
    return pragmas.encoding() != null && pragmas.encoding().startsWith("UTF-16");
  }

  /** Binds one archived value ({@link ArchiveVisitor#row} types) to a parameter, keeping its storage class. */
  static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.NULL);
    } else if (value instanceof Long l) {
      statement.setLong(index, l);
    } else if (value instanceof Double d) {
      statement.setDouble(index, d);
    } else if (value instanceof String s) {
      statement.setString(index, s);
    } else {
      statement.setBytes(index, (byte[]) value);
    }
  }

  @Override
  public void endTable(TableData table, long rowCount) {
    if (insert != null) {
      insertBatch();
      try {
        insert.close();
      } catch (SQLException e) {
        throw failure("cannot finish table \"" + table.name() + "\"", e);
      }
      insert = null;
    }
  }

  @Override
  public void end() {
    for (SchemaObject table : tables.values()) {
      boolean rebuiltFromContent = VirtualTable.parse(table.sql()).map(VirtualTable::hasExternalContent).orElse(false);
      if (!filled.contains(table.name()) && !rebuiltFromContent) {
        throw new HydrateException("table \"" + table.name() + "\" has no rows entry under \"tables\""
            + " (cut by a bad merge or edit?)");
      }
    }
    if (sizeLimit != null) {
      // Every byte of the archive is read now: indexes may take all it allows.
      raise(true);
    }
    try {
      restoreSequence();
      dropUnlistedStatistics();
      rebuildFullTextIndexes();
      sortInSmallRuns();
      deferred.forEach(this::execute);
      try (Statement statement = connection.createStatement()) {
        if (pragmas.userVersion() != null) {
          statement.execute("PRAGMA user_version=" + (int) pragmas.userVersion());
        }
        if (pragmas.applicationId() != null) {
          statement.execute("PRAGMA application_id=" + (int) pragmas.applicationId());
        }
      }
      connection.commit();
      List<SchemaObject> declared = new ArrayList<>(tables.values());
      deferred.forEach(entry -> declared.add(entry.object()));
      SchemaGuard.requireOnly(connection, declared);
      if (pragmas.wal()) {
        // Last, once the data is in, and outside a transaction, as SQLite requires: the header's
        // WAL mark is all that stays of the mode in a closed file.
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("PRAGMA journal_mode=WAL");
        }
      }
    } catch (SQLException e) {
      throw failure("cannot complete the database", e);
    }
  }

  /**
   * CREATE INDEX sorts its keys in runs of the page cache's size (1 MB at the least), each run a
   * linked list merge-sorted in memory, and hands full runs to a helper thread if allowed. Small
   * runs fit the processor's caches and keep the helper busy: with 1 MB the benchmark's indexes
   * took 0.72 s against 0.93 s with the 8 MB the inserts use, and without the helper 0.89 s.
   */
  private void sortInSmallRuns() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA cache_size=-1024");
      // The archive's parsing thread is done by now: its core is free for the helper.
      statement.execute("PRAGMA threads=" + SORT_THREADS);
    }
  }

  /** AUTOINCREMENT counters as archived; inserting the rows above moved them to the largest rowid. */
  private void restoreSequence() throws SQLException {
    if (sequence.isEmpty()) {
      return;
    }
    if (!exists("table", SqliteTables.SEQUENCE)) {
      throw new HydrateException("archive has AUTOINCREMENT counters but no AUTOINCREMENT table");
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM main.sqlite_sequence");
    }
    try (PreparedStatement statement =
             connection.prepareStatement("INSERT INTO main.sqlite_sequence (name, seq) VALUES (?, ?)")) {
      for (Object[] values : sequence) {
        bind(statement, 1, values[0]);
        bind(statement, 2, values[1]);
        statement.executeUpdate();
      }
    }
  }

  /** ANALYZE sqlite_schema made every statistics table this SQLite keeps; the archive may list fewer. */
  private void dropUnlistedStatistics() throws SQLException {
    if (SqliteTables.STATISTICS.stream().noneMatch(filled::contains)) {
      return;
    }
    for (String statistics : SqliteTables.STATISTICS) {
      if (!filled.contains(statistics) && exists("table", statistics)) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("DROP TABLE main." + statistics);
        }
      }
    }
  }

  /**
   * Rebuilds every full-text index from its content once all rows are in: tables over external
   * content have no rows of their own, and in UTF-16 databases FTS5 indexes bound BLOB values
   * differently from how its own check (and a rebuild) reads them back.
   */
  private void rebuildFullTextIndexes() throws SQLException {
    for (SchemaObject table : tables.values()) {
      Optional<VirtualTable> virtual = VirtualTable.parse(table.sql());
      if (virtual.isPresent() && virtual.get().isFullText()
          && (virtual.get().hasExternalContent() || isUtf16())) {
        String name = Sql.quote(table.name());
        try (PreparedStatement statement =
                 connection.prepareStatement("INSERT INTO main." + name + " (" + name + ") VALUES ('rebuild')")) {
          statement.execute();
        }
      }
    }
  }

  private boolean exists(String type, String name) throws SQLException {
    try (PreparedStatement statement =
             connection.prepareStatement("SELECT 1 FROM main.sqlite_schema WHERE type = ? AND name = ?")) {
      statement.setString(1, type);
      statement.setString(2, name);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Tables and rows built so far. */
  ArchiveSummary summary() {
    return new ArchiveSummary(tables.size(), rows);
  }

  @Override
  public void warning(long line, String message) {
    warnings.add(line > 0 ? "line " + line + ": " + message : message);
  }

  /** What the archive had that was worked around, each as "line N: what", for the caller to report. */
  List<String> warnings() {
    return warnings;
  }

  /** SQLite's message; for a full database, also the limit that was reached. */
  private String describe(SQLException e) {
    return sizeLimit == null ? SqliteErrors.describe(e) : sizeLimit.describe(e, archiveBytes);
  }

  private HydrateException failure(String what, SQLException e) {
    return new HydrateException(what + ": " + describe(e), e);
  }

  @Override
  public void close() {
    if (connection == null) {
      return; // no header came: nothing was opened
    }
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure("cannot close the new database", e);
    }
  }
}
