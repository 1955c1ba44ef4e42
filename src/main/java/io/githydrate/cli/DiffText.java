package io.githydrate.cli;

import io.githydrate.merge.DiffSink;
import io.githydrate.merge.RowChange;
import io.githydrate.merge.SchemaChange;
import io.githydrate.merge.SettingChange;
import io.githydrate.merge.SqlText;
import java.util.Locale;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A diff of one database as lines, printed as found: a {@code diff --hydrate a/PATH b/PATH} heading
 * (only once something differs, unless the database was added or deleted), settings and schema as
 * the SQL that makes the new version, then rows:
 *
 * <pre>
 * PRAGMA user_version = 4; -- was 3
 * ALTER TABLE t ADD COLUMN note TEXT;
 * + t 43: id=43, name='x', price=1.5
 * - t 7: id=7, name='y', price=NULL
 * t 42: price 0.99 → 1.29
 * </pre>
 *
 * Lines are written as UTF-8 whatever the platform's charset, as Git expects of a diff driver.
 */
final class DiffText implements DiffSink {
  private final PrintStream out;
  private final List<String> heading;
  private boolean headed;

  /** @param heading the lines printed before the first difference */
  DiffText(PrintStream out, List<String> heading) {
    this.out = out;
    this.heading = heading;
  }

  /** Prints the heading now, even if nothing else follows (a database added or deleted). */
  void head() {
    if (!headed) {
      headed = true;
      heading.forEach(this::print);
    }
  }

  @Override
  public void setting(SettingChange change) {
    line(change.sql() + " -- was " + SqlText.literal(change.before()));
  }

  @Override
  public void schema(SchemaChange change) {
    if (change.kind() == SchemaChange.Kind.REDEFINED) {
      List<String> was = change.before().lines().toList();
      for (int i = 0; i < was.size(); i++) {
        line((i == 0 ? "-- was: " : "--   ") + was.get(i) + (i == was.size() - 1 ? ";" : ""));
      }
    }
    change.statements().forEach(this::line);
  }

  @Override
  public void row(RowChange change) {
    StringBuilder text = new StringBuilder();
    switch (change.kind()) {
      case ADDED -> text.append("+ ");
      case REMOVED -> text.append("- ");
      case CHANGED -> { }
    }
    text.append(SqlText.name(change.table()));
    if (!change.key().isEmpty()) {
      text.append(' ').append(SqlText.key(change.key()));
    }
    text.append(':');
    List<Object> values = change.kind() == RowChange.Kind.REMOVED ? change.before() : change.after();
    for (int i = 0; i < change.columns().size(); i++) {
      text.append(i == 0 ? " " : ", ").append(SqlText.name(change.columns().get(i)));
      if (change.kind() == RowChange.Kind.CHANGED) {
        text.append(' ').append(SqlText.literal(change.before().get(i))).append(" → ")
            .append(SqlText.literal(change.after().get(i)));
      } else {
        text.append('=').append(SqlText.literal(values.get(i)));
      }
    }
    line(text.toString());
  }

  @Override
  public void unmatched(String table, long rowsBefore, long rowsAfter, String why) {
    line(SqlText.name(table) + ": " + String.format(Locale.ROOT, "%,d", rowsBefore) + " rows before, "
        + String.format(Locale.ROOT, "%,d", rowsAfter) + " after (table redefined: " + why + "; rows not matched)");
  }

  private void line(String text) {
    head();
    print(text);
  }

  private void print(String text) {
    out.writeBytes((text + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
