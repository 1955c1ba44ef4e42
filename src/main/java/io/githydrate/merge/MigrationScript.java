package io.githydrate.merge;

import io.githydrate.HydrateException;
import io.githydrate.archive.FileValue;
import io.githydrate.archive.SchemaObject;
import io.githydrate.archive.SqliteTables;
import io.githydrate.archive.TableData;
import io.githydrate.engine.ArchiveRules;
import io.githydrate.engine.RealLiterals;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the SQL that takes a database from one archive's content to another's, as
 * {@link ArchiveDiff#exactly} reports the differences, in one pass over both archives: the
 * schema's drops and alterations first, then table by table its rows (a table's deletes before its
 * updates and inserts, which wait in a {@link StatementSpool}, so a row that takes over another's
 * unique value finds it gone), SQLite's own tables, and last the indexes, views and triggers.
 *
 * <p>Tables SQLite cannot {@code ALTER} in place are remade as its documented table-rebuild
 * procedure does, with foreign-key enforcement off: the rows are copied out, the table dropped and
 * created with its new statement, and the rows copied back. The copy goes to a TEMP table of the
 * new columns, where the row changes are applied (it has no constraints, so a new NOT NULL or CHECK
 * column is never seen half-filled) before the copy back; unlike renaming a new table into place,
 * this keeps the statement's text as the new version has it. Triggers and views are dropped at the
 * start and all of the new version's made at the end, so no trigger fires on the migration's own
 * changes; indexes come after the data.
 */
final class MigrationScript implements DiffSink, AutoCloseable {
  /** The TEMP table a rebuilt table's rows wait in. */
  private static final String ROWS = "temp.git_hydrate_rows";
  private static final Pattern AUTOINCREMENT = Pattern.compile("\\bAUTOINCREMENT\\b", Pattern.CASE_INSENSITIVE);

  /** What the current table's rows are for. */
  private enum Rows {
    /** A dropped table's: it went in the prelude. */
    IGNORED,
    /** Matched by key in the table itself: deletes at once, updates and inserts at the table's end. */
    IN_PLACE,
    /** Redefined, matched: every change goes to the TEMP copy. */
    IN_COPY,
    /** Created, or remade empty (its key changed): every row inserted. */
    INSERTED,
    /** {@code sqlite_sequence} or a statistics table: emptied and filled. */
    REFILLED
  }

  private final Writer out;
  private final RealLiterals reals;
  private final MigrationSettings settings = new MigrationSettings();
  private List<SchemaObject> before = List.of();
  private List<SchemaObject> after = List.of();
  private final List<SchemaChange> changes = new ArrayList<>();
  private final Set<String> rebuilt = new HashSet<>();
  private final Set<String> remade = new HashSet<>();
  private final StatementSpool held = new StatementSpool();
  private boolean opened;
  private Rows rows = Rows.IGNORED;
  private TableData heading;
  private DiffSink.TableStart table;

  private final String database;
  private final ArchiveRules rules;
  /** Whether the current table's rows are excluded from its archives: the database's own stay. */
  private boolean excluded;

  MigrationScript(Writer out, RealLiterals reals) {
    this(out, reals, "", ArchiveRules.NONE);
  }

  /**
   * @param database the database's label, for messages
   * @param rules what its archives keep out of their lines: an excluded table's rows are left as the
   *     database has them, and a redacted column's placeholder is never written or compared as a value
   */
  MigrationScript(Writer out, RealLiterals reals, String database, ArchiveRules rules) {
    this.out = out;
    this.reals = reals;
    this.database = database;
    this.rules = rules;
  }

  @Override
  public void schemas(List<SchemaObject> before, List<SchemaObject> after) {
    this.before = before;
    this.after = after;
  }

  @Override
  public void setting(SettingChange change) {
    settings.add(change);
  }

  @Override
  public void schema(SchemaChange change) {
    changes.add(change);
  }

  @Override
  public void tableStart(DiffSink.TableStart table) throws IOException {
    this.table = table;
    TableData before = table.before();
    TableData after = table.after();
    boolean matched = table.matched();
    heading = after;
    open();
    String name = table.name();
    String folded = SchemaMerge.fold(name);
    if (TableKeys.SEQUENCE.equalsIgnoreCase(name) || SqliteTables.isStatistics(name)) {
      rows = Rows.REFILLED;
      refill(name, before != null, after != null);
      return;
    }
    if (after == null || objectIn(this.after, name) == null) {
      rows = Rows.IGNORED; // dropped with its table in the prelude
      return;
    }
    if (isCreated(name)) {
      rows = Rows.INSERTED;
    } else if (isRedefined(name) && matched) {
      copyOut(before, after);
      rebuilt.add(folded);
      rows = Rows.IN_COPY;
    } else if (isRedefined(name) || !matched) {
      remake(name);
      remade.add(folded);
      rows = Rows.INSERTED;
    } else {
      rows = Rows.IN_PLACE;
    }
    excluded = rules.excludesRows(name);
    if (excluded) {
      line("-- the rows of " + SqlText.identifier(name) + " are excluded from its archives (.hydrateconfig):"
          + " the database's own are left as they are");
    }
  }

  @Override
  public void tableEnd() throws IOException {
    if (rows == Rows.IN_COPY) {
      copyBack();
    }
    held.drainTo(out);
    rows = Rows.IGNORED;
    excluded = false;
  }

  @Override
  public void row(RowChange change) throws IOException {
    if (excluded && rows != Rows.REFILLED) {
      return;
    }
    switch (rows) {
      case IGNORED -> { }
      case IN_PLACE -> {
        String statement = statement(change, "main." + SqlText.identifier(heading.name()), true);
        if (change.kind() == RowChange.Kind.REMOVED) {
          line(statement);
        } else {
          held.add(statement);
        }
      }
      case IN_COPY -> line(statement(change, ROWS, false));
      case INSERTED, REFILLED -> {
        if (change.kind() == RowChange.Kind.ADDED) {
          line(statement(change, "main." + SqlText.identifier(heading.name()), true));
        }
      }
    }
  }

  @Override
  public void unmatched(String table, long rowsBefore, long rowsAfter, String why) {
    throw new IllegalStateException("an exact diff lists every row"); // ArchiveDiff.exactly never sums up
  }

  /**
   * The start of the script, at the first table (or at the end, when there is none): the
   * transaction, settings, and the schema's drops, alterations and new tables.
   */
  private void open() throws IOException {
    if (opened) {
      return;
    }
    opened = true;
    line("PRAGMA foreign_keys = OFF; -- for the table rebuilds; SQLite ignores it inside a transaction");
    line("BEGIN;");
    for (String statement : settings.inTransaction()) {
      line(statement);
    }
    for (SchemaObject object : before) {
      if (object.type().equals("trigger") || object.type().equals("view")) {
        line("DROP " + object.type().toUpperCase(Locale.ROOT) + " main." + SqlText.identifier(object.name()) + ";");
      }
    }
    for (SchemaObject object : before) {
      if (object.type().equals("index") && object.sql() != null && !unchangedIn(after, object)) {
        line("DROP INDEX main." + SqlText.identifier(object.name()) + ";");
      }
    }
    for (SchemaObject object : before) {
      SchemaObject now = objectIn(after, object.name());
      if (object.isTable() && (now == null || !now.isTable())) {
        line("DROP TABLE main." + SqlText.identifier(object.name()) + ";");
      }
    }
    for (SchemaChange change : changes) {
      if (change.kind() == SchemaChange.Kind.ALTERED) {
        for (String statement : change.statements()) {
          line(statement.replaceFirst("^ALTER TABLE ", "ALTER TABLE main."));
        }
      }
    }
    for (SchemaObject object : after) {
      if (object.isTable() && isCreated(object.name())) {
        line(object.sql() + ";");
      }
    }
  }

  /**
   * The end of the script: its start if no table began it; tables redefined that no version has
   * rows for (a virtual table); the new version's indexes that are new or were dropped with their
   * table, all its views and triggers; the commit, and the settings a transaction cannot change.
   */
  void finish() throws IOException {
    open();
    for (SchemaObject object : after) {
      String folded = SchemaMerge.fold(object.name());
      if (object.isTable() && isRedefined(object.name()) && !rebuilt.contains(folded) && !remade.contains(folded)) {
        remake(object.name());
        remade.add(folded);
      }
    }
    for (SchemaObject object : after) {
      boolean index = object.type().equals("index");
      if (object.sql() == null || object.isTable()) {
        continue;
      }
      if (!index || !unchangedIn(before, object) || rebuilt.contains(SchemaMerge.fold(object.table()))
          || remade.contains(SchemaMerge.fold(object.table()))) {
        line(object.sql() + ";");
      }
    }
    line("COMMIT;");
    for (String statement : settings.afterCommit()) {
      line(statement);
    }
  }

  /** Copies a redefined table's rows into a TEMP table of its new columns, and drops it. */
  private void copyOut(TableData before, TableData after) throws IOException {
    List<String> columns = quoted(after.columns());
    line("CREATE TEMP TABLE git_hydrate_rows (" + String.join(", ", columns) + ");");
    List<String> sources = new ArrayList<>();
    for (String column : after.columns()) {
      sources.add(has(before.columns(), column) ? SqlText.identifier(column) : "NULL");
    }
    boolean rowid = after.withRowid() && before.withRowid();
    line("INSERT INTO " + ROWS + " (" + (rowid ? rowidName(after) + ", " : "") + String.join(", ", columns) + ") SELECT "
        + (rowid ? rowidName(before) + ", " : "") + String.join(", ", sources) + " FROM main."
        + SqlText.identifier(before.name()) + ";");
    line("DROP TABLE main." + SqlText.identifier(before.name()) + ";");
  }

  /** Creates the rebuilt table with its new statement and copies the rows back from the TEMP table. */
  private void copyBack() throws IOException {
    line(objectIn(after, heading.name()).sql() + ";");
    String columns = String.join(", ", quoted(heading.columns()));
    String rowid = heading.withRowid() ? rowidName(heading) + ", " : "";
    line("INSERT INTO main." + SqlText.identifier(heading.name()) + " (" + rowid + columns + ") SELECT "
        + rowid + columns + " FROM " + ROWS + " ORDER BY " + rowidName(heading) + ";");
    line("DROP TABLE " + ROWS + ";");
  }

  /** Drops a redefined table and creates it empty, for every row of the new version to be inserted. */
  private void remake(String name) throws IOException {
    SchemaObject was = objectIn(before, name);
    line("DROP TABLE main." + SqlText.identifier(was.name()) + ";");
    line(objectIn(after, name).sql() + ";");
  }

  /** Empties {@code sqlite_sequence} or a statistics table, for the new version's rows to be inserted. */
  private void refill(String name, boolean hadRows, boolean hasRows) throws IOException {
    boolean counters = name.equals(TableKeys.SEQUENCE);
    if (counters && table.matched() && !copiedIntoAutoincrement()) {
      // The same counters, and no table that has one was dropped: inserting the new version's rows
      // moves none past what it was, since that version's counters are at least its largest rowid.
      rows = Rows.IGNORED;
      return;
    }
    if (!hasRows && !hadRows && !(counters && copiedIntoAutoincrement())) {
      return;
    }
    if (hasRows && SqliteTables.isStatistics(name)) {
      line("ANALYZE main.sqlite_schema; -- makes the statistics tables, gathering nothing");
    }
    line("DELETE FROM main." + name + ";");
  }

  /**
   * Whether rows were inserted into a rebuilt AUTOINCREMENT table, which makes its counter even
   * when no row was copied.
   */
  private boolean copiedIntoAutoincrement() {
    for (SchemaObject object : after) {
      String folded = SchemaMerge.fold(object.name());
      if (object.isTable() && (rebuilt.contains(folded) || remade.contains(folded))
          && AUTOINCREMENT.matcher(object.sql()).find()) {
        return true;
      }
    }
    return false;
  }

  /** The statement that makes {@code change} in {@code target}. */
  private String statement(RowChange change, String target, boolean declaredCollations) {
    TableData columns = heading;
    if (!heading.withRowid()) {
      table.key().forEach(this::refuseRedacted);
    }
    if (change.kind() != RowChange.Kind.REMOVED) {
      for (int i = 0; i < change.columns().size(); i++) {
        if (change.after().get(i) != null) {
          refuseRedacted(change.columns().get(i));
        }
      }
    }
    switch (change.kind()) {
      case REMOVED -> {
        return "DELETE FROM " + target + " WHERE " + where(change, declaredCollations) + ";";
      }
      case CHANGED -> {
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < change.columns().size(); i++) {
          sets.add(SqlText.identifier(change.columns().get(i)) + " = " + literal(change.after().get(i)));
        }
        return "UPDATE " + target + " SET " + String.join(", ", sets) + " WHERE " + where(change, declaredCollations)
            + ";";
      }
      default -> {
        List<String> values = new ArrayList<>();
        String names = String.join(", ", quoted(change.columns()));
        if (columns.withRowid()) {
          values.add(literal(change.key().get(0)));
          names = rowidName(columns) + ", " + names;
        }
        for (Object value : change.after()) {
          values.add(literal(value));
        }
        return "INSERT INTO " + target + " (" + names + ") VALUES (" + String.join(", ", values) + ");";
      }
    }
  }

  /** The condition that picks the row by its key, in the key's collations. */
  private String where(RowChange change, boolean declaredCollations) {
    if (heading.withRowid()) {
      return rowidName(heading) + " = " + literal(change.key().get(0));
    }
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < table.key().size(); i++) {
      // The TEMP copy's columns have no collation of their own: the key's is spelled out.
      String collation = table.collations().get(i);
      boolean spelled = !declaredCollations && !collation.equalsIgnoreCase("BINARY");
      terms.add(SqlText.identifier(table.key().get(i)) + " = " + literal(change.key().get(i))
          + (spelled ? " COLLATE " + collation : ""));
    }
    return String.join(" AND ", terms);
  }

  /**
   * Refuses a statement that writes or compares a value of a redacted column: its archives hold only
   * the placeholder, and the real value is not this script's to print.
   */
  private void refuseRedacted(String column) {
    rules.redaction(heading.name(), column).ifPresent(r -> {
      throw new HydrateException(database + ": table \"" + heading.name() + "\" column \"" + column
          + "\" is redacted (.hydrateconfig), so its archives hold the placeholder " + r.placeholder()
          + ", not its values, and a migration script cannot write or compare them; hydrate the database instead");
    });
  }

  /** A value as a literal SQLite reads back as the same value: a BLOB in full, a double as SQLite writes it. */
  private String literal(Object value) {
    if (value instanceof FileValue file) {
      // Its bytes are in a file beside the archive of that revision, which is read from Git without it.
      throw new HydrateException("table \"" + heading.name() + "\": a changed row holds a value kept in a file"
          + " beside its archive (" + file + "), which a migration script cannot write; hydrate the database instead");
    }
    return value instanceof Double d ? reals.of(d) : SqlText.exactLiteral(value);
  }

  private void line(String text) throws IOException {
    out.write(text);
    out.write('\n');
  }

  private boolean isCreated(String name) {
    SchemaObject was = objectIn(before, name);
    return objectIn(after, name) != null && (was == null || !was.isTable());
  }

  private boolean isRedefined(String name) {
    for (SchemaChange change : changes) {
      if (change.kind() == SchemaChange.Kind.REDEFINED && SchemaMerge.fold(change.name()).equals(SchemaMerge.fold(name))) {
        return true;
      }
    }
    return false;
  }

  private static boolean unchangedIn(List<SchemaObject> schema, SchemaObject object) {
    SchemaObject other = objectIn(schema, object.name());
    return other != null && other.type().equals(object.type()) && java.util.Objects.equals(other.sql(), object.sql());
  }

  private static SchemaObject objectIn(List<SchemaObject> schema, String name) {
    String folded = SchemaMerge.fold(name);
    for (SchemaObject object : schema) {
      if (SchemaMerge.fold(object.name()).equals(folded)) {
        return object;
      }
    }
    return null;
  }

  private static boolean has(List<String> columns, String name) {
    return columns.stream().anyMatch(c -> c.equalsIgnoreCase(name));
  }

  /** A name for the rowid that no column of the table shadows. */
  private static String rowidName(TableData table) {
    for (String name : List.of("rowid", "_rowid_", "oid")) {
      if (!has(table.columns(), name)) {
        return name;
      }
    }
    throw new MergeException("table \"" + table.name() + "\": columns named rowid, _rowid_ and oid hide its rowid");
  }

  @Override
  public void close() throws IOException {
    held.close();
  }

  private static List<String> quoted(List<String> names) {
    return names.stream().map(SqlText::identifier).toList();
  }
}
