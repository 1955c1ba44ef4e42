package io.githydrate.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.githydrate.Messages;
import io.githydrate.audit.AuditRecord;
import io.githydrate.audit.AuditSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * {@code git hydrate audit}'s output: the records, oldest first, then the figures per operation; with
 * {@code --json} one document:
 *
 * <pre>
 * {"records": [{"time", "operation", "database", "archive_before", "archive_after", "rows",
 *               "duration_ms", "result", "error", "pid"}],
 *  "operations": {name: {"runs", "failed", "success_rate", "median_ms", "p95_ms", "max_ms"}},
 *  "errors": []}
 * </pre>
 */
final class AuditOutput {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final Output output;

  AuditOutput(Output output) {
    this.output = output;
  }

  /**
   * Prints {@code records} and {@code operations}; {@code empty} says the log holds no record at all,
   * {@code since} the WHEN asked for (null: none).
   */
  void print(List<AuditRecord> records, List<AuditSummary.Operation> operations, boolean empty, String since) {
    if (output.json()) {
      output.document(g -> json(g, records, operations));
      return;
    }
    PrintStream out = output.out();
    if (empty) {
      out.println("no audit records yet");
      return;
    }
    if (operations.isEmpty()) {
      out.println("no audit records since " + Messages.printable(since));
      return;
    }
    int width = Math.max(9, records.stream().mapToInt(r -> r.operation().length()).max().orElse(0));
    int resultWidth = Math.max(6, records.stream().mapToInt(r -> r.result().length()).max().orElse(0));
    String line = "%-19s  %-" + width + "s  %-" + resultWidth + "s  %10s  %s";
    out.println(String.format(Locale.ROOT, line, "time (UTC)", "operation", "result", "duration", "database"));
    for (AuditRecord r : records) {
      out.println(Messages.printable(String.format(Locale.ROOT, line,
          TIME.format(r.time()), r.operation(), r.result(), ms(r.durationMs()),
          (r.database() == null ? "-" : r.database()) + (r.error() == null ? "" : "  (" + r.error() + ")"))));
    }
    out.println();
    int nameWidth = Math.max(9, operations.stream().mapToInt(o -> o.name().length()).max().orElse(0));
    out.println(String.format(Locale.ROOT, "%-" + nameWidth + "s  %6s  %8s  %10s  %10s  %10s",
        "operation", "runs", "success", "median", "p95", "max"));
    for (AuditSummary.Operation o : operations) {
      out.println(Messages.printable(String.format(Locale.ROOT, "%-" + nameWidth + "s  %6d  %7.1f%%  %10s  %10s  %10s",
          o.name(), o.runs(), o.successRate(), ms(o.medianMs()), ms(o.p95Ms()), ms(o.maxMs()))));
    }
  }

  private static String ms(long ms) {
    return String.format(Locale.ROOT, "%,d ms", ms);
  }

  private static void json(JsonGenerator g, List<AuditRecord> records, List<AuditSummary.Operation> operations)
      throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("records");
    for (AuditRecord r : records) {
      g.writeStartObject();
      g.writeStringField("time", r.time().toString());
      g.writeStringField("operation", r.operation());
      g.writeStringField("database", r.database());
      g.writeStringField("archive_before", r.archiveBefore());
      g.writeStringField("archive_after", r.archiveAfter());
      if (r.rows() == null) {
        g.writeNullField("rows");
      } else {
        g.writeNumberField("rows", r.rows());
      }
      g.writeNumberField("duration_ms", r.durationMs());
      g.writeStringField("result", r.result());
      g.writeStringField("error", r.error());
      g.writeNumberField("pid", r.pid());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeObjectFieldStart("operations");
    for (AuditSummary.Operation o : operations) {
      g.writeObjectFieldStart(o.name());
      g.writeNumberField("runs", o.runs());
      g.writeNumberField("failed", o.failed());
      g.writeNumberField("success_rate", Math.round(o.successRate() * 10) / 10.0);
      g.writeNumberField("median_ms", o.medianMs());
      g.writeNumberField("p95_ms", o.p95Ms());
      g.writeNumberField("max_ms", o.maxMs());
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeArrayFieldStart("errors");
    g.writeEndArray();
    g.writeEndObject();
  }
}
