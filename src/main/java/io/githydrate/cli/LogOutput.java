package io.githydrate.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.githydrate.Messages;
import io.githydrate.engine.ArchiveSummary;
import io.githydrate.git.CommitHistory;
import io.githydrate.merge.SchemaChange;
import io.githydrate.merge.SettingChange;
import io.githydrate.sync.ChangeCounts;
import io.githydrate.sync.History;
import java.util.Locale;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code git hydrate log}'s output, written commit by commit as the walk finds them: text in the
 * layout of {@code git log}, or one JSON document:
 *
 * <pre>
 * {"commits": [{"commit", "author", "email", "date", "subject", "parent",
 *               "databases": [{"path", "status",
 *                              "summary": {"tables", "rows"},            (added, deleted)
 *                              "settings": [{"pragma", "before", "after"}],
 *                              "schema": [{"change", "type", "name"}],
 *                              "tables": {name: {"added", "removed", "changed",
 *                                                "unmatched": {"rows_before", "rows_after"}}}}]}],
 *  "errors": []}
 * </pre>
 */
final class LogOutput implements AutoCloseable {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final PrintStream out;
  private final JsonGenerator g;
  private boolean first = true;

  LogOutput(PrintStream out, boolean json) throws IOException {
    this.out = out;
    if (json) {
      g = JSON.createGenerator(out);
      g.setPrettyPrinter(new DefaultPrettyPrinter());
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.writeStartObject();
      g.writeArrayFieldStart("commits");
    } else {
      g = null;
    }
  }

  void entry(History.Entry entry) throws IOException {
    if (g != null) {
      json(entry);
      return;
    }
    CommitHistory.Commit commit = entry.commit();
    if (!first) {
      out.println();
    }
    first = false;
    out.println("commit " + commit.id());
    out.println(Messages.printable("Author: " + commit.author() + " <" + commit.email() + ">"));
    out.println("Date:   " + commit.date());
    out.println();
    out.println("    " + Messages.printable(commit.subject()));
    out.println();
    for (History.DatabaseChange database : entry.databases()) {
      text(database);
    }
    entry.errors().forEach(error -> out.println("  " + Messages.printable(error)));
    out.flush();
  }

  /** Ends the output; the errors go into the JSON document (the command prints them on stderr). */
  void finish(List<String> errors) throws IOException {
    if (g == null) {
      return;
    }
    g.writeEndArray();
    g.writeArrayFieldStart("errors");
    for (String error : errors) {
      g.writeString(error);
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeRaw('\n');
    g.flush();
  }

  @Override
  public void close() throws IOException {
    if (g != null) {
      g.close();
    }
    out.flush();
  }

  private void text(History.DatabaseChange database) {
    String path = Messages.printable(database.path());
    ArchiveSummary summary = database.summary();
    switch (database.status()) {
      case ADDED -> out.println("  " + path + ": new database, " + size(summary));
      case DELETED -> out.println("  " + path + ": deleted database (it had " + size(summary) + ")");
      case MODIFIED -> {
        ChangeCounts counts = database.counts();
        List<String> lines = new ArrayList<>();
        for (SettingChange change : counts.settings()) {
          lines.add(change.pragma() + " " + change.before() + " → " + change.after());
        }
        for (SchemaChange change : counts.schema()) {
          lines.add(change.kind().wireName() + " " + change.type() + " " + change.name());
        }
        counts.tables().forEach((table, rows) -> lines.add(table + ": " + rows(rows)));
        if (lines.isEmpty()) {
          out.println("  " + path + ": the archive changed, its content did not");
          return;
        }
        out.println("  " + path + ":");
        lines.forEach(line -> out.println("    " + Messages.printable(line)));
      }
    }
  }

  private static String size(ArchiveSummary summary) {
    return plural(summary.tables(), "table") + ", " + plural(summary.rows(), "row");
  }

  private static String rows(ChangeCounts.Table rows) {
    if (rows.unmatched()) {
      return "key changed, " + plural(rows.rowsBefore(), "row") + " before, " + rows.rowsAfter() + " after";
    }
    List<String> parts = new ArrayList<>();
    if (rows.added() > 0) {
      parts.add(rows.added() + " added");
    }
    if (rows.removed() > 0) {
      parts.add(rows.removed() + " removed");
    }
    if (rows.changed() > 0) {
      parts.add(rows.changed() + " changed");
    }
    return String.join(", ", parts);
  }

  private static String plural(long n, String noun) {
    return String.format(Locale.ROOT, "%,d", n) + " " + noun + (n == 1 ? "" : "s");
  }

  private void json(History.Entry entry) throws IOException {
    CommitHistory.Commit commit = entry.commit();
    g.writeStartObject();
    g.writeStringField("commit", commit.id());
    g.writeStringField("author", commit.author());
    g.writeStringField("email", commit.email());
    g.writeStringField("date", commit.date());
    g.writeStringField("subject", commit.subject());
    g.writeStringField("parent", commit.parent());
    g.writeArrayFieldStart("databases");
    for (History.DatabaseChange database : entry.databases()) {
      g.writeStartObject();
      g.writeStringField("path", database.path());
      g.writeStringField("status", database.status().wireName());
      if (database.summary() != null) {
        g.writeObjectFieldStart("summary");
        g.writeNumberField("tables", database.summary().tables());
        g.writeNumberField("rows", database.summary().rows());
        g.writeEndObject();
      }
      ChangeCounts counts = database.counts() != null ? database.counts() : new ChangeCounts();
      g.writeArrayFieldStart("settings");
      for (SettingChange change : counts.settings()) {
        g.writeStartObject();
        g.writeStringField("pragma", change.pragma());
        setting(g, "before", change.before());
        setting(g, "after", change.after());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("schema");
      for (SchemaChange change : counts.schema()) {
        g.writeStartObject();
        g.writeStringField("change", change.kind().wireName());
        g.writeStringField("type", change.type());
        g.writeStringField("name", change.name());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("tables");
      for (Map.Entry<String, ChangeCounts.Table> table : counts.tables().entrySet()) {
        ChangeCounts.Table rows = table.getValue();
        g.writeObjectFieldStart(table.getKey());
        g.writeNumberField("added", rows.added());
        g.writeNumberField("removed", rows.removed());
        g.writeNumberField("changed", rows.changed());
        if (rows.unmatched()) {
          g.writeObjectFieldStart("unmatched");
          g.writeNumberField("rows_before", rows.rowsBefore());
          g.writeNumberField("rows_after", rows.rowsAfter());
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.flush();
  }

  private static void setting(JsonGenerator g, String field, Object value) throws IOException {
    if (value instanceof Number number) {
      g.writeNumberField(field, number.longValue());
    } else if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value.toString());
    }
  }
}
