package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.archive.ArchiveVisitor;
import io.githydrate.archive.Pragmas;
import io.githydrate.archive.SchemaObject;
import io.githydrate.archive.TableData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a new database file from an archive as it streams past: pragmas first, tables as their
 * schema entries arrive, rows with one prepared INSERT per table, then indexes, views and triggers
 * after all data (faster, and triggers must not fire on restored rows), all in one transaction.
 *
 * <p>The file is private to the build (no journal, no syncing until {@link #finish()}); a failed
 * build leaves a file that must be deleted. Archive text only ever reaches SQLite through
 * {@link Connection#prepareStatement}, which runs a single statement.
 */
final class DatabaseBuilder implements ArchiveVisitor, AutoCloseable {
  private static final Set<String> ENCODINGS = Set.of("UTF-8", "UTF-16le", "UTF-16be");
  private static final int SORT_THREADS = Math.min(3, Runtime.getRuntime().availableProcessors() - 1);

  private final Connection connection;
  private final String label;
  private final Progress progress;
  private final Map<String, SchemaObject> tables = new LinkedHashMap<>();
  private final List<SchemaObject> deferred = new ArrayList<>();
  private final Set<String> filled = new HashSet<>();
  private final List<Object[]> sequence = new ArrayList<>();
  private Pragmas pragmas = Pragmas.DEFAULTS;
  private PreparedStatement insert;
  /** Whether the current table's TEXT values need a byte-order mark kept (see {@link #bind}). */
  private boolean keepLeadingBom;
  private boolean readingSequence;
  private long rowsInTable;
  private long rows;

  DatabaseBuilder(Path file, String label, Progress progress) {
    this.connection = Connections.create(file);
    this.label = label;
    this.progress = progress;
  }

  @Override
  public void header(String databasePath, Pragmas pragmas) {
    this.pragmas = pragmas;
    try (Statement statement = connection.createStatement()) {
      // Set before the first table: they shape the file itself.
      if (pragmas.pageSize() != null) {
        int size = pragmas.pageSize();
        if (size < 512 || size > 65536 || Integer.bitCount(size) != 1) {
          throw new HydrateException("invalid page_size " + size);
        }
        statement.execute("PRAGMA page_size=" + size);
      }
      if (pragmas.autoVacuum() != null) {
        if (pragmas.autoVacuum() < 0 || pragmas.autoVacuum() > 2) {
          throw new HydrateException("invalid auto_vacuum " + pragmas.autoVacuum());
        }
        statement.execute("PRAGMA auto_vacuum=" + pragmas.autoVacuum());
      }
      if (pragmas.encoding() != null) {
        if (!ENCODINGS.contains(pragmas.encoding())) {
          throw new HydrateException("invalid encoding \"" + pragmas.encoding() + "\"");
        }
        statement.execute("PRAGMA encoding='" + pragmas.encoding() + "'");
      }
      // A private file that is thrown away on failure needs neither a journal nor syncs.
      statement.execute("PRAGMA journal_mode=OFF");
      statement.execute("PRAGMA synchronous=OFF");
      statement.execute("PRAGMA locking_mode=EXCLUSIVE");
      statement.execute("PRAGMA cache_size=-32768");
      // CREATE INDEX sorts with helper threads if allowed; the archive's parsing thread is done by then.
      statement.execute("PRAGMA threads=" + SORT_THREADS);
      connection.setAutoCommit(false);
    } catch (SQLException e) {
      throw failure("cannot start the database", e);
    }
  }

  @Override
  public void schemaObject(SchemaObject object) {
    switch (object.type()) {
      case "table" -> {
        if (tables.containsKey(object.name())) {
          throw new HydrateException("table \"" + object.name() + "\" appears twice in the schema");
        }
        execute(object);
        tables.put(object.name(), object);
      }
      case "index", "view", "trigger" -> deferred.add(object);
      default -> throw new HydrateException("schema entry \"" + object.name() + "\" has unknown type \""
          + object.type() + "\"");
    }
  }

  private void execute(SchemaObject object) {
    try (PreparedStatement statement = connection.prepareStatement(object.sql())) {
      statement.execute();
    } catch (SQLException e) {
      throw failure("cannot create " + object.type() + " \"" + object.name() + "\"", e);
    }
    requireStoredAsGiven(object);
  }

  /**
   * SQLite keeps the text of each CREATE statement it ran. A prepared statement runs only the first
   * statement of a text and ignores the rest, so an entry whose text SQLite did not keep whole (a
   * second statement after a ";", or a different object than named) is refused.
   */
  private void requireStoredAsGiven(SchemaObject object) {
    String stored;
    try (PreparedStatement statement =
             connection.prepareStatement("SELECT sql FROM main.sqlite_schema WHERE type = ? AND name = ?")) {
      statement.setString(1, object.type());
      statement.setString(2, object.name());
      try (ResultSet rs = statement.executeQuery()) {
        stored = rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw failure("cannot read back " + object.type() + " \"" + object.name() + "\"", e);
    }
    if (stored == null) {
      throw new HydrateException("schema entry " + object.type() + " \"" + object.name()
          + "\": its SQL creates something else");
    }
    if (!stored.equals(object.sql().strip().replaceAll(";+$", "").strip())) {
      throw new HydrateException("schema entry " + object.type() + " \"" + object.name()
          + "\": its SQL must be exactly one CREATE statement, as SQLite stores it");
    }
  }

  @Override
  public void beginTable(TableData table) {
    rowsInTable = 0;
    readingSequence = SourceSchema.SEQUENCE.equals(table.name());
    keepLeadingBom = isUtf16() && tables.containsKey(table.name())
        && VirtualTable.parse(tables.get(table.name()).sql()).map(VirtualTable::isFullText).orElse(false);
    if (readingSequence) {
      if (!table.columns().equals(List.of("name", "seq")) || table.withRowid()) {
        throw new HydrateException("table \"sqlite_sequence\" must have columns [\"name\", \"seq\"]");
      }
      return;
    }
    if (!tables.containsKey(table.name())) {
      throw new HydrateException("table \"" + table.name() + "\" has rows but no schema entry");
    }
    if (!filled.add(table.name())) {
      throw new HydrateException("table \"" + table.name() + "\" has its rows listed twice");
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
    String sql = "INSERT INTO main." + Sql.quote(table.name()) + " (" + String.join(", ", names)
        + ") VALUES (" + "?, ".repeat(names.size() - 1) + "?)";
    try {
      insert = connection.prepareStatement(sql);
    } catch (SQLException e) {
      throw failure("table \"" + table.name() + "\" does not match its columns in the archive", e);
    }
  }

  private List<String> allColumnNames(String table) {
    List<String> names = new ArrayList<>();
    try (PreparedStatement statement =
             connection.prepareStatement("SELECT name FROM pragma_table_xinfo(?, 'main')")) {
      statement.setString(1, table);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw failure("cannot read the columns of table \"" + table + "\"", e);
    }
    return names;
  }

  @Override
  public void row(Object[] values) {
    if (readingSequence) {
      sequence.add(values);
      return;
    }
    if (insert == null) {
      throw new HydrateException("a row for a table without columns");
    }
    try {
      for (int i = 0; i < values.length; i++) {
        Object value = values[i];
        if (keepLeadingBom && value instanceof String text && text.startsWith(BOM)) {
          // A full-text table of a UTF-16 database drops a leading U+FEFF from the text it stores.
          value = BOM + text;
        }
        bind(insert, i + 1, value);
      }
      insert.executeUpdate();
    } catch (SQLException e) {
      throw failure("cannot insert a row", e);
    }
    rows++;
    if ((++rowsInTable & 0xfff) == 0) {
      progress.update(label, "", rows);
    }
  }

  private static final String BOM = "\uFEFF";

  private boolean isUtf16() {
    return pragmas.encoding() != null && pragmas.encoding().startsWith("UTF-16");
  }

  private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
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
    try {
      restoreSequence();
      rebuildFullTextIndexes();
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
      checkSchemaMatches();
    } catch (SQLException e) {
      throw failure("cannot complete the database", e);
    }
  }

  /** AUTOINCREMENT counters as archived; inserting the rows above moved them to the largest rowid. */
  private void restoreSequence() throws SQLException {
    if (sequence.isEmpty()) {
      return;
    }
    if (!exists("table", SourceSchema.SEQUENCE)) {
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

  /** The built schema holds exactly the objects the archive declared, under the names it gave. */
  private void checkSchemaMatches() throws SQLException {
    Set<String> expected = new HashSet<>();
    tables.values().forEach(o -> expected.add(o.type() + " " + o.name()));
    deferred.forEach(o -> expected.add(o.type() + " " + o.name()));
    Set<String> shadow = new HashSet<>();
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery(
             "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'")) {
      while (rs.next()) {
        shadow.add(rs.getString(1));
      }
    }
    Set<String> actual = new HashSet<>();
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT type, name, sql FROM main.sqlite_schema")) {
      while (rs.next()) {
        String name = rs.getString(2);
        if (rs.getString(3) != null && !shadow.contains(name) && !name.startsWith("sqlite_")) {
          actual.add(rs.getString(1) + " " + name);
        }
      }
    }
    if (!actual.equals(expected)) {
      Set<String> extra = new HashSet<>(actual);
      extra.removeAll(expected);
      Set<String> missing = new HashSet<>(expected);
      missing.removeAll(actual);
      throw new HydrateException("the schema SQL created other objects than it names"
          + (extra.isEmpty() ? "" : "; unexpected: " + extra) + (missing.isEmpty() ? "" : "; missing: " + missing));
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

  private static HydrateException failure(String what, SQLException e) {
    return new HydrateException(what + ": " + SqliteErrors.describe(e), e);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure("cannot close the new database", e);
    }
  }
}
