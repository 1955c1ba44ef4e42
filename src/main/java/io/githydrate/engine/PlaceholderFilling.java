package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.Warnings;
import io.githydrate.archive.ArchiveVisitor;
import io.githydrate.archive.Pragmas;
import io.githydrate.archive.SchemaObject;
import io.githydrate.archive.TableData;
import io.githydrate.engine.ArchiveRules.Redaction;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Fills in the redacted columns of one database as it is built or updated from its archive: a cell
 * whose archived value is exactly its column's placeholder {@code ${NAME}} gets the value of the
 * variable {@code NAME} (as TEXT; the column's affinity converts numeric text). When {@code NAME}
 * is not set the cell keeps the placeholder text, so that exporting the database gives the same
 * archive again, and a warning says so once per variable; when strict, that is an error instead.
 * No message ever holds a value. One instance per build; not thread safe.
 */
public final class PlaceholderFilling {
  private final String label;
  private final ArchiveRules rules;
  private final PlaceholderValues values;
  private final Set<String> warned = new HashSet<>();

  /** @param label the database's path, as messages name it */
  public PlaceholderFilling(String label, ArchiveRules rules, PlaceholderValues values) {
    this.label = label;
    this.rules = rules;
    this.values = values;
  }

  /** Nothing to fill in: for databases without redacted columns. */
  static PlaceholderFilling none() {
    return new PlaceholderFilling("", ArchiveRules.NONE, new PlaceholderValues(Map.of(), false));
  }

  /** Whether there is anything to fill in: the database has redacted columns. */
  public boolean isNeeded() {
    return !rules.redactions().isEmpty();
  }

  /** {@code table}'s redacted columns; null when it has none. */
  TableRedaction of(TableData table) {
    return TableRedaction.of(rules, table);
  }

  /**
   * The value a cell of {@code redaction}'s column that holds its placeholder gets.
   *
   * @throws Unset when the variable is not set and unset variables are errors
   */
  String valueFor(Redaction redaction) {
    String value = values.environment().get(redaction.variable());
    if (value != null) {
      return value;
    }
    String column = label + ": " + redaction.table() + "." + redaction.column() + ": " + redaction.placeholder();
    if (values.strict()) {
      throw new Unset(column + " is not set, and --strict (or " + PlaceholderValues.STRICT_VARIABLE
          + "=1) makes that an error; nothing was changed");
    }
    if (warned.add(redaction.variable())) {
      Warnings.report(column + " is not set; its rows hold the placeholder text");
    }
    return redaction.placeholder();
  }

  /** {@code builder}, receiving each row with its redacted columns filled in; itself when none are. */
  ArchiveVisitor around(DatabaseBuilder builder) {
    return isNeeded() ? new Filled(builder) : builder;
  }

  /** A variable that must be set is not: the message names the database, column and variable. */
  public static final class Unset extends HydrateException {
    private static final long serialVersionUID = 1L;

    Unset(String message) {
      super(message);
    }
  }

  /** Passes an archive on to a {@link DatabaseBuilder}, filling in each row first. */
  private final class Filled implements ArchiveVisitor, ReadAhead.SizeAware {
    private final DatabaseBuilder builder;
    private TableRedaction table;

    Filled(DatabaseBuilder builder) {
      this.builder = builder;
    }

    @Override
    public void header(String databasePath, Pragmas pragmas) {
      builder.header(databasePath, pragmas);
    }

    @Override
    public void archiveBytesRead(long bytes) {
      builder.archiveBytesRead(bytes);
    }

    @Override
    public void schemaObject(SchemaObject object) {
      builder.schemaObject(object);
    }

    @Override
    public void schemaObject(SchemaObject object, int line) {
      builder.schemaObject(object, line);
    }

    @Override
    public void beginTable(TableData data) {
      table = of(data);
      builder.beginTable(data);
    }

    @Override
    public void row(Object[] values) {
      row(values, 0);
    }

    @Override
    public void row(Object[] values, int line) {
      if (table != null) {
        table.fill(values, PlaceholderFilling.this);
      }
      builder.row(values, line);
    }

    @Override
    public void endTable(TableData data, long rowCount) {
      builder.endTable(data, rowCount);
      table = null;
    }

    @Override
    public void warning(long line, String message) {
      builder.warning(line, message);
    }

    @Override
    public void end() {
      builder.end();
    }
  }
}
