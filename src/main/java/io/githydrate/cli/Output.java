package io.githydrate.cli;

import io.githydrate.Messages;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.githydrate.engine.BackupFolder;
import io.githydrate.engine.BackupPolicy;
import io.githydrate.engine.Hydrator;
import io.githydrate.git.Doctor;
import io.githydrate.merge.Conflict;
import io.githydrate.sync.ApplicationSync;
import io.githydrate.sync.ArchiveCheck;
import io.githydrate.sync.Backups;
import io.githydrate.sync.DatabaseResult;
import io.githydrate.sync.MergeConflicts;
import io.githydrate.sync.OperationResult;
import io.githydrate.sync.Repair;
import io.githydrate.sync.Stats;
import io.githydrate.sync.Status;
import io.githydrate.sync.Synchronizer;
import io.githydrate.sync.Verification;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns results into what the user reads: short lines by default, the reference design's result
 * shapes with {@code --json}. Results go to stdout; errors, one line each, to stderr.
 */
final class Output {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final java.time.format.DateTimeFormatter BACKUP_TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC);

  private final PrintStream out;
  private final PrintStream err;
  private final boolean json;
  private final Runnable written;

  /** {@code written} is told when a JSON document has gone to {@code out}: a command prints one only. */
  Output(PrintStream out, PrintStream err, boolean json, Runnable written) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.written = written;
  }

  boolean json() {
    return json;
  }

  /**
   * A command's failure as its only output: with {@code --json} the document {@code {"errors": [...]}}
   * on stdout (the line on stderr too, for whoever watches the terminal); otherwise the line on stderr.
   * {@code message} is printable already ({@link Messages#printable}).
   */
  void failure(String message) {
    err.println("git-hydrate: " + message);
    if (json) {
      write(g -> {
        g.writeStartObject();
        errors(g, List.of(message));
        g.writeEndObject();
      });
    }
  }

  /**
   * What sync, add and install did to each database: with {@code --json} each database's result and
   * the databases a merge left in conflict, paths as {@code display} shows them; in text, the lines the hooks print went to stderr as the
   * work was done, so only the summary {@code nothing} (unless null) when there was nothing to do.
   */
  void changes(Synchronizer.Report report, Function<Path, String> display, Map<String, String> unmerged,
      List<String> staged, String nothing, Steps steps) {
    if (json) {
      write(g -> {
        g.writeStartObject();
        if (steps != null) {
          steps.fields(g);
        }
        g.writeObjectFieldStart("databases");
        for (Synchronizer.Change change : report.changes()) {
          g.writeObjectFieldStart(change.label());
          g.writeStringField("action", change.result().name().toLowerCase(Locale.ROOT));
          g.writeStringField("detail", change.detail());
          if (change.archive() != null) {
            g.writeStringField("archive_path", display.apply(change.archive()));
          }
          if (change.backup() != null) {
            g.writeStringField("backup_path", display.apply(change.backup()));
          }
          g.writeEndObject();
        }
        for (String label : staged) {
          g.writeObjectFieldStart(label);
          g.writeStringField("action", "staged");
          g.writeEndObject();
        }
        g.writeEndObject();
        g.writeObjectFieldStart("conflicts");
        for (Map.Entry<String, String> entry : unmerged.entrySet()) {
          g.writeStringField(entry.getKey(), entry.getValue());
        }
        g.writeEndObject();
        List<String> errors = new ArrayList<>(report.errors());
        if (steps != null) {
          errors.addAll(steps.errors);
        }
        errors(g, errors);
        g.writeEndObject();
      });
      return;
    }
    if (steps != null) {
      steps.printErrors();
    }
    unmerged.forEach((label, detail) -> out.println("git-hydrate: " + label
        + ": holds the merge, ours at each conflict: " + detail));
    if (nothing != null) {
      out.println(nothing);
    }
  }

  /** What doctor found: a line per check, with its fix; with {@code --json}, the checks as a list. */
  void doctor(List<Doctor.Check> checks) {
    if (json) {
      write(g -> {
        g.writeStartObject();
        g.writeArrayFieldStart("checks");
        for (Doctor.Check check : checks) {
          g.writeStartObject();
          g.writeBooleanField("ok", check.ok());
          g.writeStringField("what", check.what());
          if (check.fix() != null) {
            g.writeStringField("fix", check.fix());
          }
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeBooleanField("ok", checks.stream().allMatch(Doctor.Check::ok));
        errors(g, List.of());
        g.writeEndObject();
      });
      return;
    }
    for (Doctor.Check check : checks) {
      out.println((check.ok() ? "ok       " : "PROBLEM  ") + check.what());
      if (check.fix() != null) {
        out.println("         fix: " + check.fix());
      }
    }
  }

  /** The database patterns {@code track} lists. */
  void patterns(List<String> patterns) {
    if (json) {
      write(g -> {
        g.writeStartObject();
        g.writeArrayFieldStart("patterns");
        for (String pattern : patterns) {
          g.writeString(pattern);
        }
        g.writeEndArray();
        errors(g, List.of());
        g.writeEndObject();
      });
    } else {
      patterns.forEach(out::println);
    }
  }

  /** The lines of a command that changes the set-up (install, uninstall, track, resolve), said as it goes. */
  Steps steps() {
    return new Steps();
  }

  /**
   * The lines of a set-up command: in text each goes to stdout (an error to stderr) as it comes, with
   * {@code --json} they are kept for one document: {@code done} (what was changed), {@code notes}
   * (what to do next) and {@code errors}.
   */
  final class Steps {
    private final List<String> done = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    void done(String line) {
      done.add(line);
      if (!json) {
        out.println("git-hydrate: " + line);
      }
    }

    void note(String line) {
      notes.add(line);
      if (!json) {
        out.println("git-hydrate: " + line);
      }
    }

    /** An error, kept for the end: in text printed by {@link #finish} or {@link #changes}. */
    void error(String line) {
      errors.add(line);
    }

    boolean failed() {
      return !errors.isEmpty();
    }

    /** Prints the errors (text) or the document (with {@code --json}). */
    void finish() {
      if (json) {
        write(g -> {
          g.writeStartObject();
          fields(g);
          errors(g, errors);
          g.writeEndObject();
        });
      } else {
        printErrors();
      }
    }

    private void printErrors() {
      Output.this.printErrors(errors);
    }

    private void fields(JsonGenerator g) throws IOException {
      for (String field : List.of("done", "notes")) {
        g.writeArrayFieldStart(field);
        for (String line : field.equals("done") ? done : notes) {
          g.writeString(line);
        }
        g.writeEndArray();
      }
    }
  }

  /** Prints a DehydrationResult or HydrationResult; {@code verb} is "dehydrated" or "hydrated". */
  void operation(OperationResult result, String verb) {
    if (json) {
      write(g -> {
        g.writeStartObject();
        g.writeStringField("timestamp", result.timestamp().toString());
        g.writeObjectFieldStart("databases");
        for (Map.Entry<String, DatabaseResult> entry : result.databases().entrySet()) {
          DatabaseResult r = entry.getValue();
          g.writeObjectFieldStart(entry.getKey());
          g.writeStringField("archive_path", r.archivePath());
          g.writeNumberField("tables_exported", r.tables());
          g.writeNumberField("total_rows", r.rows());
          g.writeStringField("action", r.action());
          if (r.backupPath() != null) {
            g.writeStringField("backup_path", r.backupPath());
          }
          g.writeEndObject();
        }
        g.writeEndObject();
        g.writeNumberField("total_tables", result.totalTables());
        g.writeNumberField("total_rows", result.totalRows());
        errors(g, result.errors());
        g.writeEndObject();
      });
    } else {
      result.databases().forEach((label, r) -> out.println(label + ": " + r.action() + " ("
          + r.tables() + " tables, " + count(r.rows()) + " rows" + ("dehydrated".equals(verb) ? ", archive " : ", from ")
          + r.archivePath() + ")" + (r.backupPath() == null ? "" : "; previous content kept in " + r.backupPath())));
      if (result.databases().isEmpty() && result.errors().isEmpty()) {
        out.println("no databases " + verb + " (none found)");
      }
      printErrors(result.errors());
    }
  }

  /**
   * What {@code hydrate --if-needed} did: nothing on stdout when every database is in step; a line
   * for each database built or left with changes of its own. The JSON lists only those too.
   */
  void ifNeeded(ApplicationSync.Report report) {
    Map<String, ApplicationSync.Database> notInStep = new java.util.TreeMap<>();
    report.databases().forEach((label, d) -> {
      if (d.outcome() != ApplicationSync.Outcome.IN_STEP && d.outcome() != ApplicationSync.Outcome.NO_ARCHIVE
          && d.outcome() != ApplicationSync.Outcome.FAILED) {
        notInStep.put(label, d);
      }
    });
    if (json) {
      write(g -> {
        g.writeStartObject();
        g.writeStringField("timestamp", report.timestamp().toString());
        g.writeBooleanField("in_step", report.inStep());
        g.writeObjectFieldStart("databases");
        for (Map.Entry<String, ApplicationSync.Database> entry : notInStep.entrySet()) {
          ApplicationSync.Database d = entry.getValue();
          g.writeObjectFieldStart(entry.getKey());
          g.writeStringField("archive_path", d.archivePath());
          g.writeStringField("action", d.outcome().wireName());
          g.writeNumberField("tables_exported", d.summary() == null ? 0 : d.summary().tables());
          g.writeNumberField("total_rows", d.summary() == null ? 0 : d.summary().rows());
          if (d.backupPath() != null) {
            g.writeStringField("backup_path", d.backupPath());
          }
          if (d.detail() != null) {
            g.writeStringField("detail", d.detail());
          }
          g.writeEndObject();
        }
        g.writeEndObject();
        errors(g, report.errors());
        g.writeEndObject();
      });
    } else {
      notInStep.forEach((label, d) -> out.println(label + ": " + switch (d.outcome()) {
        case LOCAL_CHANGES -> "left as it is: " + d.detail();
        case ARCHIVE_NEWER, NO_DATABASE -> d.outcome().wireName().replace('_', ' ');
        default -> d.outcome().wireName() + (d.summary() == null ? "" : " (" + d.summary().tables() + " tables, "
            + count(d.summary().rows()) + " rows, from " + d.archivePath() + ")")
            + (d.backupPath() == null ? "" : "; previous content kept in " + d.backupPath());
      }));
      printErrors(report.errors());
    }
  }

  void stats(Stats.Report report) {
    if (json) {
      write(g -> {
        g.writeStartObject();
        g.writeObjectFieldStart("archives");
        for (Map.Entry<String, Stats.ArchiveStats> entry : report.archives().entrySet()) {
          Stats.ArchiveStats s = entry.getValue();
          g.writeObjectFieldStart(entry.getKey());
          g.writeStringField("database", s.database());
          g.writeStringField("format", s.format());
          g.writeNumberField("size_bytes", s.sizeBytes());
          g.writeNumberField("tables", s.tables());
          g.writeNumberField("total_rows", s.rows());
          g.writeEndObject();
        }
        g.writeEndObject();
        g.writeNumberField("total_archives", report.archives().size());
        g.writeNumberField("total_size_bytes", report.totalSizeBytes());
        g.writeNumberField("total_tables", report.totalTables());
        g.writeNumberField("total_rows", report.totalRows());
        errors(g, report.errors());
        g.writeEndObject();
      });
    } else {
      report.archives().forEach((path, s) -> out.println(path + ": " + s.tables() + " tables, "
          + count(s.rows()) + " rows, " + count(s.sizeBytes()) + " bytes (" + s.format() + ")"));
      out.println(report.archives().size() + " archives, " + report.totalTables() + " tables, "
          + count(report.totalRows()) + " rows, " + count(report.totalSizeBytes()) + " bytes");
      printErrors(report.errors());
    }
  }

  void status(Status.Report report) {
    if (json) {
      write(g -> {
        g.writeStartObject();
        g.writeObjectFieldStart("databases");
        for (Map.Entry<String, Status.DatabaseStatus> entry : report.databases().entrySet()) {
          Status.DatabaseStatus s = entry.getValue();
          g.writeObjectFieldStart(entry.getKey());
          g.writeStringField("archive_path", s.archivePath());
          g.writeStringField("state", s.state().wireName());
          if (s.detail() != null) {
            g.writeStringField("detail", s.detail());
          }
          g.writeEndObject();
        }
        g.writeEndObject();
        errors(g, report.errors());
        g.writeEndObject();
      });
    } else {
      report.databases().forEach((label, s) -> out.println(label + ": " + s.state().wireName().replace('_', ' ')
          + (s.detail() == null ? "" : " (" + s.detail() + ")")));
      if (report.databases().isEmpty() && report.errors().isEmpty()) {
        out.println("no databases found");
      }
      printErrors(report.errors());
    }
  }

  void verification(Verification.Report report) {
    if (json) {
      write(g -> {
        g.writeStartObject();
        g.writeObjectFieldStart("databases");
        for (Map.Entry<String, Verification.Verdict> entry : report.databases().entrySet()) {
          Verification.Verdict v = entry.getValue();
          g.writeObjectFieldStart(entry.getKey());
          g.writeStringField("checked", v.checked());
          g.writeBooleanField("exact", v.passed());
          g.writeNumberField("tables", v.tables());
          g.writeNumberField("total_rows", v.rows());
          if (v.problem() != null) {
            g.writeStringField("problem", v.problem());
          }
          g.writeEndObject();
        }
        g.writeEndObject();
        g.writeBooleanField("passed", report.passed());
        errors(g, report.errors());
        g.writeEndObject();
      });
    } else {
      report.databases().forEach((label, v) -> out.println(label + ": " + (v.passed()
          ? "exact round trip (" + v.tables() + " tables, " + count(v.rows()) + " rows, " + v.checked() + ")"
          : "NOT exact: " + v.problem())));
      if (report.databases().isEmpty() && report.errors().isEmpty()) {
        out.println("no databases found");
      }
      printErrors(report.errors());
    }
  }

  /** {@code check}: one {@code FILE:LINE: problem} line per problem, then a summary line. */
  void check(ArchiveCheck.Report report) {
    if (json) {
      write(g -> {
        g.writeStartObject();
        g.writeArrayFieldStart("archives");
        for (ArchiveCheck.Result result : report.archives()) {
          g.writeStartObject();
          g.writeStringField("path", result.path());
          g.writeStringField("source", result.source());
          g.writeArrayFieldStart("problems");
          for (ArchiveCheck.Problem problem : result.problems()) {
            g.writeStartObject();
            g.writeNumberField("line", problem.line());
            g.writeStringField("check", problem.check().wireName());
            g.writeStringField("message", problem.message());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeBooleanField("passed", report.passed());
        errors(g, report.errors());
        g.writeEndObject();
      });
      return;
    }
    long failing = report.archives().stream().filter(result -> !result.passed()).count();
    int problems = 0;
    for (ArchiveCheck.Result result : report.archives()) {
      for (ArchiveCheck.Problem problem : result.problems()) {
        out.println(Messages.printable(result.path() + ":" + problem.line() + ": " + problem.message()));
        problems++;
      }
    }
    int checked = report.archives().size();
    if (checked == 0 && report.errors().isEmpty()) {
      out.println("no archives found");
    } else if (failing == 0) {
      out.println(plural(checked, "archive") + " checked, " + (checked == 1 ? "it passed" : "all passed"));
    } else {
      out.println(plural(problems, "problem") + " in " + failing + " of " + plural(checked, "archive") + " checked");
    }
    printErrors(report.errors());
  }

  private static String plural(long n, String noun) {
    return count(n) + " " + noun + (n == 1 ? "" : "s");
  }

  void fix(Repair.FixResult result) {
    if (json) {
      write(g -> {
        g.writeStartObject();
        for (String field : List.of("checked", "corrupted", "fixed", "errors", "backups")) {
          List<String> values = switch (field) {
            case "checked" -> result.checked();
            case "corrupted" -> result.corrupted();
            case "fixed" -> result.fixed();
            case "errors" -> result.errors();
            default -> result.backups();
          };
          g.writeArrayFieldStart(field);
          for (String value : values) {
            g.writeString(value);
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      });
    } else {
      out.println("checked " + result.checked().size() + ", corrupt " + result.corrupted().size() + ", rebuilt "
          + result.fixed().size() + (result.fixed().isEmpty() ? "" : ": " + String.join(", ", result.fixed())));
      result.backups().forEach(backup -> out.println("damaged file kept in " + backup));
      printErrors(result.errors());
    }
  }

  /** The conflicts of unmerged databases: a line per conflict, or per database the fields of each. */
  void conflicts(List<MergeConflicts.Conflicted> found, List<String> errors) {
    if (json) {
      write(g -> {
        g.writeStartObject();
        g.writeObjectFieldStart("databases");
        for (MergeConflicts.Conflicted database : found) {
          g.writeObjectFieldStart(database.entry().label());
          g.writeStringField("path", database.path());
          if (database.problem() != null) {
            g.writeStringField("problem", database.problem());
          }
          g.writeArrayFieldStart("conflicts");
          for (Conflict conflict : database.conflicts()) {
            g.writeStartObject();
            for (Map.Entry<String, Object> field : conflict.fields().entrySet()) {
              g.writeFieldName(field.getKey());
              value(g, field.getValue());
            }
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        }
        g.writeEndObject();
        errors(g, errors);
        g.writeEndObject();
      });
    } else {
      for (MergeConflicts.Conflicted database : found) {
        if (database.problem() != null) {
          out.println(database.entry().label() + ": " + Messages.printable(database.problem()));
          continue;
        }
        out.println(database.entry().label() + ": " + database.conflicts().size() + " conflict"
            + (database.conflicts().size() == 1 ? "" : "s"));
        database.conflicts().forEach(c -> out.println("  " + Messages.printable(c.describe())));
      }
      if (found.isEmpty() && errors.isEmpty()) {
        out.println("no conflicts");
      }
      printErrors(errors);
    }
  }

  /** An archive value in JSON as the archive writes it: BLOBs and infinities tagged, rows and keys as arrays. */
  private static void value(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof Long l) {
      g.writeNumber(l);
    } else if (value instanceof Double d) {
      if (Double.isFinite(d)) {
        g.writeNumber(d);
      } else {
        g.writeStartObject();
        g.writeStringField("real", d > 0 ? "Infinity" : "-Infinity");
        g.writeEndObject();
      }
    } else if (value instanceof byte[] bytes) {
      g.writeStartObject();
      g.writeFieldName("blob");
      g.writeBinary(bytes);
      g.writeEndObject();
    } else if (value instanceof Object[] values) {
      g.writeStartArray();
      for (Object v : values) {
        value(g, v);
      }
      g.writeEndArray();
    } else if (value instanceof List<?> values) {
      value(g, values.toArray());
    } else {
      g.writeString(value.toString());
    }
  }

  /** Prints the backups of replaced databases (see {@code git hydrate backups}). */
  void backups(Backups.Listing listing) {
    if (json) {
      write(g -> {
        g.writeStartObject();
        g.writeStringField("directory", listing.directory());
        g.writeArrayFieldStart("backups");
        for (BackupFolder.Backup backup : listing.backups()) {
          backup(g, listing.directory(), backup);
        }
        g.writeEndArray();
        g.writeNumberField("total_backups", listing.backups().size());
        g.writeNumberField("total_size_bytes", listing.totalBytes());
        if (listing.policy() != null) {
          g.writeObjectFieldStart("policy");
          g.writeNumberField("keep_days", listing.policy().keepDays());
          g.writeNumberField("keep_count", listing.policy().keepCount());
          g.writeNumberField("max_size_bytes", listing.policy().maxBytes());
          g.writeEndObject();
        }
        errors(g, listing.errors());
        g.writeEndObject();
      });
      return;
    }
    for (BackupFolder.Backup backup : listing.backups()) {
      out.println(backup.name() + "  " + Messages.printable(backup.database()) + "  " + when(backup) + "  "
          + size(backup.bytes()) + "  " + backup.reason().description());
    }
    String where = listing.directory();
    out.println(listing.backups().isEmpty() ? "no backups in " + where
        : listing.backups().size() + (listing.backups().size() == 1 ? " backup, " : " backups, ")
            + size(listing.totalBytes()) + " in " + where);
    if (listing.policy() != null) {
      out.println("kept: every backup younger than " + listing.policy().keepDays() + " days and the newest of each"
          + " database; of the others, the newest within " + listing.policy().keepCount() + " backups and "
          + size(listing.policy().maxBytes()));
    }
    printErrors(listing.errors());
  }

  /** Prints what {@code git hydrate backups restore} did. */
  void restored(Backups.Restored restored) {
    if (json) {
      write(g -> {
        g.writeStartObject();
        g.writeStringField("name", restored.name());
        g.writeStringField("database", restored.database());
        g.writeStringField("action", restored.action() == Hydrator.Action.UNCHANGED ? "unchanged" : "restored");
        if (restored.previous() != null) {
          g.writeStringField("previous_content_backup", restored.previous());
        }
        errors(g, List.of());
        g.writeEndObject();
      });
      return;
    }
    String database = Messages.printable(restored.database());
    out.println(switch (restored.action()) {
      case UNCHANGED -> database + ": already holds what " + restored.name() + " holds; nothing changed";
      case CREATED -> database + ": restored from " + restored.name();
      case REPAIRED -> database + ": restored from " + restored.name() + "; the damaged file it replaced is kept as "
          + restored.previous();
      case REPLACED -> database + ": restored from " + restored.name() + "; its previous content is kept as "
          + restored.previous();
    });
  }

  /** Prints what {@code git hydrate backups prune} removed and what is left. */
  void pruned(Backups.Pruned pruned) {
    long freed = pruned.removed().stream().mapToLong(BackupFolder.Backup::bytes).sum();
    if (json) {
      write(g -> {
        g.writeStartObject();
        g.writeArrayFieldStart("removed");
        for (BackupFolder.Backup backup : pruned.removed()) {
          backup(g, pruned.left().directory(), backup);
        }
        g.writeEndArray();
        g.writeNumberField("removed_size_bytes", freed);
        g.writeNumberField("total_backups", pruned.left().backups().size());
        g.writeNumberField("total_size_bytes", pruned.left().totalBytes());
        errors(g, pruned.left().errors());
        g.writeEndObject();
      });
      return;
    }
    pruned.removed().forEach(backup -> out.println("removed " + backup.name() + "  "
        + Messages.printable(backup.database()) + "  " + when(backup) + "  " + size(backup.bytes())));
    out.println("removed " + pruned.removed().size() + (pruned.removed().size() == 1 ? " backup" : " backups")
        + (freed == 0 ? "" : " (" + size(freed) + ")") + "; " + pruned.left().backups().size() + " left, "
        + size(pruned.left().totalBytes()));
  }

  /** Prints the backups {@code git hydrate backups delete} deleted. */
  void deleted(List<BackupFolder.Backup> deleted) {
    if (json) {
      write(g -> {
        g.writeStartObject();
        g.writeArrayFieldStart("deleted");
        for (BackupFolder.Backup backup : deleted) {
          g.writeString(backup.name());
        }
        g.writeEndArray();
        errors(g, List.of());
        g.writeEndObject();
      });
      return;
    }
    deleted.forEach(backup -> out.println("deleted " + backup.name()));
  }

  private static void backup(JsonGenerator g, String directory, BackupFolder.Backup backup) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", backup.name());
    g.writeStringField("path", directory + "/" + backup.name());
    g.writeStringField("database", backup.database());
    g.writeStringField("made", backup.made().toString());
    g.writeStringField("why", backup.reason().wireName());
    g.writeStringField("kind", backup.archiveText() ? "archive_text" : "database");
    g.writeNumberField("size_bytes", backup.bytes());
    g.writeEndObject();
  }

  private static String when(BackupFolder.Backup backup) {
    return BACKUP_TIME.format(backup.made());
  }

  private static String size(long bytes) {
    return BackupPolicy.size(bytes);
  }

  /** One database {@code diagram} drew: into {@code file}, or as {@code svg} when there is no file. */
  record Drawn(String database, String file, String svg) {}

  /** What {@code diagram} drew: the SVG itself on stdout, or the files written; JSON holds either. */
  void drawn(List<Drawn> drawn, List<String> errors) {
    if (json) {
      write(g -> {
        g.writeStartObject();
        g.writeArrayFieldStart("diagrams");
        for (Drawn d : drawn) {
          g.writeStartObject();
          g.writeStringField("database", d.database());
          if (d.file() != null) {
            g.writeStringField("file", d.file());
          } else {
            g.writeStringField("svg", d.svg());
          }
          g.writeEndObject();
        }
        g.writeEndArray();
        errors(g, errors);
        g.writeEndObject();
      });
    } else {
      for (Drawn d : drawn) {
        if (d.file() != null) {
          out.println("wrote " + d.file());
        } else {
          out.print(d.svg());
        }
      }
      out.flush();
      printErrors(errors);
    }
  }

  /** One file {@code docs} generates, with what was found or done: current, missing, stale, written. */
  record DocFile(String path, String status) {}

  /** What {@code docs} wrote or checked in {@code folder} (null when nothing was generated). */
  void documented(String folder, List<DocFile> files, List<String> errors) {
    if (json) {
      write(g -> {
        g.writeStartObject();
        g.writeStringField("folder", folder);
        g.writeArrayFieldStart("files");
        for (DocFile file : files) {
          g.writeStartObject();
          g.writeStringField("path", file.path());
          g.writeStringField("status", file.status());
          g.writeEndObject();
        }
        g.writeEndArray();
        errors(g, errors);
        g.writeEndObject();
      });
    } else {
      files.stream().filter(f -> f.status().equals("written")).forEach(f -> out.println("wrote " + f.path()));
      if (folder != null && errors.isEmpty()) {
        long written = files.stream().filter(f -> f.status().equals("written")).count();
        out.println(folder + ": " + files.size() + " files, " + written + " written, "
            + (files.size() - written) + " already current");
      }
      out.flush();
      printErrors(errors);
    }
  }

  private void printErrors(List<String> errors) {
    errors.forEach(e -> err.println("git-hydrate: " + Messages.printable(e)));
  }

  private static void errors(JsonGenerator g, List<String> errors) throws IOException {
    g.writeArrayFieldStart("errors");
    for (String error : errors) {
      g.writeString(error);
    }
    g.writeEndArray();
  }

  /**
   * A migration, with {@code --json}: the database, the two revisions it goes between, and its SQL
   * (null when the two versions are the same).
   */
  void migration(String database, String from, String to, String sql) {
    write(g -> {
      g.writeStartObject();
      g.writeStringField("database", database);
      g.writeStringField("from", from);
      g.writeStringField("to", to);
      g.writeStringField("sql", sql);
      errors(g, List.of());
      g.writeEndObject();
    });
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Writes one JSON document that {@code body} makes, as every command's is written. */
  void document(JsonBody body) {
    write(body);
  }

  PrintStream out() {
    return out;
  }

  interface JsonBody {
    void write(JsonGenerator g) throws IOException;
  }

  private void write(JsonBody body) {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.setPrettyPrinter(new DefaultPrettyPrinter());
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      body.write(g);
      g.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
    written.run();
  }
}
