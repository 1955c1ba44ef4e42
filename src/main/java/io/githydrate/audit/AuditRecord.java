package io.githydrate.audit;

import io.githydrate.Messages;
import java.time.Instant;

/**
 * One line of the audit log: an operation (a command, a hook, the filter, the application API) and
 * what it did to one database, or, with no {@code database}, to none. The lines of one run share its
 * {@code time}, {@code operation} and {@code pid}.
 *
 * @param time when the run began (UTC, to the millisecond)
 * @param operation what ran: {@code sync}, {@code hook post-checkout}, {@code filter clean}, {@code api start}…
 * @param database the database's path from the top of the work tree; null for a run that touched none
 * @param archiveBefore SHA-256 of the database's archive as the sync state knew it before; null if unknown
 * @param archiveAfter the same after the run; null if unknown
 * @param rows the rows the archive written or built from holds; null if unknown
 * @param durationMs how long the whole run took
 * @param result {@code ok}, {@code failed}, {@code refused}, {@code nothing to do}, or for a database
 *     what happened to it ({@code written}, {@code replaced}, {@code unchanged}…)
 * @param error the one-line message of a failure; null when none
 * @param pid the process that ran it
 */
public record AuditRecord(Instant time, String operation, String database, String archiveBefore,
    String archiveAfter, Long rows, long durationMs, String result, String error, long pid) {

  /** Results that count against an operation's success rate. */
  public static final String FAILED = "failed";
  public static final String OK = "ok";
  public static final String REFUSED = "refused";
  public static final String NOTHING_TO_DO = "nothing to do";

  /**
   * The longest error message kept, in characters, so that a line stays a few KiB at most (the
   * lock on the log, not the size, keeps lines from mixing).
   */
  static final int MAX_ERROR = 1000;

  public boolean failed() {
    return FAILED.equals(result);
  }

  /** The record as one JSON line, without its line break; fields in a fixed order, nulls written. */
  public String toLine() {
    StringBuilder line = new StringBuilder(256).append('{');
    field(line, "time", time.toString()).append(',');
    field(line, "operation", operation).append(',');
    field(line, "database", database).append(',');
    field(line, "archive_before", archiveBefore).append(',');
    field(line, "archive_after", archiveAfter).append(',');
    line.append("\"rows\":").append(rows).append(',');
    line.append("\"duration_ms\":").append(durationMs).append(',');
    field(line, "result", result).append(',');
    field(line, "error", error == null ? null : shortened(Messages.printable(error))).append(',');
    line.append("\"pid\":").append(pid);
    return line.append('}').toString();
  }

  private static String shortened(String error) {
    return error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR - 1) + "…";
  }

  private static StringBuilder field(StringBuilder line, String name, String value) {
    line.append('"').append(name).append("\":");
    if (value == null) {
      return line.append("null");
    }
    line.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> line.append("\\\"");
        case '\\' -> line.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !wellPaired(value, i)) {
            line.append(String.format("\\u%04x", (int) c));
          } else {
            line.append(c);
          }
        }
      }
    }
    return line.append('"');
  }

  /** Whether the surrogate at {@code i} is half of a pair (a lone one cannot be written as UTF-8). */
  private static boolean wellPaired(String value, int i) {
    char c = value.charAt(i);
    return Character.isHighSurrogate(c) ? i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
  }
}
