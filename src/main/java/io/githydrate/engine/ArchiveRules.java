package io.githydrate.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What of one database's content its archive keeps out of its lines, as the repository's
 * {@code .hydrateconfig} says (read by {@code git.DatabaseSettings}):
 *
 * <ul>
 *   <li>tables whose rows are never archived (caches, sessions): their schema is, their rows are not;
 *   <li>redacted columns, whose values the archive holds as a placeholder {@code ${NAME}}, filled in from
 *       the environment variable {@code NAME} when the database is built;
 *   <li>the size above which a TEXT or BLOB value is kept in a file of its own beside the archive
 *       (0: never).
 * </ul>
 *
 * Table and column names are compared as SQLite compares them: ASCII letters without case.
 */
public record ArchiveRules(Set<String> rowsExcluded, List<Redaction> redactions, long largeValueBytes) {
  /** Everything in line, as archives always were. */
  public static final ArchiveRules NONE = new ArchiveRules(Set.of(), List.of(), 0);

  /** A redacted column and the environment variable that holds its value. */
  public record Redaction(String table, String column, String variable) {
    /** What the archive holds in place of each of the column's values that is not NULL. */
    public String placeholder() {
      return "${" + variable + "}";
    }
  }

  public ArchiveRules {
    rowsExcluded = rowsExcluded.stream().map(ArchiveRules::folded).collect(Collectors.toUnmodifiableSet());
    redactions = List.copyOf(redactions);
    if (largeValueBytes < 0) {
      throw new IllegalArgumentException("negative size: " + largeValueBytes);
    }
  }

  /** Whether nothing is kept out of line: the archive is written and read as it always was. */
  public boolean isNone() {
    return rowsExcluded.isEmpty() && redactions.isEmpty() && largeValueBytes == 0;
  }

  /** These rules with every value kept in line. */
  public ArchiveRules withValuesInLine() {
    return largeValueBytes == 0 ? this : new ArchiveRules(rowsExcluded, redactions, 0);
  }

  /** Whether the rows of {@code table} stay out of the archive. */
  public boolean excludesRows(String table) {
    return rowsExcluded.contains(folded(table));
  }

  /** The redaction of {@code table}'s {@code column}, if it is redacted. */
  public Optional<Redaction> redaction(String table, String column) {
    for (Redaction r : redactions) {
      if (folded(r.table()).equals(folded(table)) && folded(r.column()).equals(folded(column))) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** The redacted columns of {@code table}, by column name as folded by {@link #folded}. */
  public Map<String, Redaction> redactionsOf(String table) {
    return redactions.stream()
        .filter(r -> folded(r.table()).equals(folded(table)))
        .collect(Collectors.toUnmodifiableMap(r -> folded(r.column()), Function.identity(), (a, b) -> a));
  }

  /** A name folded as SQLite folds identifiers: ASCII letters only. */
  public static String folded(String name) {
    StringBuilder folded = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return folded.toString();
  }
}
