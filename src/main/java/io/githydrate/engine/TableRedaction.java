package io.githydrate.engine;

import io.githydrate.archive.TableData;
import io.githydrate.archive.Utf8Text;
import io.githydrate.engine.ArchiveRules.Redaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The redacted columns of one table, at their places in a row's archived values (after the rowid
 * when the archive keeps one): what puts each one's placeholder in the archive, and its value back
 * when the database is built.
 */
final class TableRedaction {
  private final int[] positions;
  private final Redaction[] redactions;
  /** The placeholders as the archive writer takes text: encoded once, not once a row. */
  private final Utf8Text[] placeholders;

  private TableRedaction(List<Integer> positions, List<Redaction> redactions) {
    this.positions = positions.stream().mapToInt(Integer::intValue).toArray();
    this.redactions = redactions.toArray(new Redaction[0]);
    this.placeholders = new Utf8Text[this.redactions.length];
    for (int i = 0; i < placeholders.length; i++) {
      placeholders[i] = new Utf8Text(this.redactions[i].placeholder().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** {@code table}'s redacted columns under {@code rules}; null when it has none. */
  static TableRedaction of(ArchiveRules rules, TableData table) {
    if (rules.redactions().isEmpty()) {
      return null;
    }
    Map<String, Redaction> byColumn = rules.redactionsOf(table.name());
    if (byColumn.isEmpty()) {
      return null;
    }
    List<Integer> positions = new ArrayList<>();
    List<Redaction> redactions = new ArrayList<>();
    int offset = table.withRowid() ? 1 : 0;
    for (int i = 0; i < table.columns().size(); i++) {
      Redaction redaction = byColumn.get(ArchiveRules.folded(table.columns().get(i)));
      if (redaction != null) {
        positions.add(offset + i);
        redactions.add(redaction);
      }
    }
    return positions.isEmpty() ? null : new TableRedaction(positions, redactions);
  }

  /**
   * {@code values} with each redacted value that is not NULL replaced by its placeholder, whatever it
   * was (the value filled in, a stand-in, one typed here): so the archive never holds it, and is
   * the same on every machine. {@code values} itself is left as it is.
   */
  Object[] redacted(Object[] values) {
    Object[] copy = values.clone();
    for (int i = 0; i < positions.length; i++) {
      if (copy[positions[i]] != null) {
        copy[positions[i]] = placeholders[i];
      }
    }
    return copy;
  }

  /** Puts {@code filling}'s value in place of each cell of {@code values} that holds exactly its placeholder. */
  void fill(Object[] values, PlaceholderFilling filling) {
    for (int i = 0; i < positions.length; i++) {
      if (values[positions[i]] instanceof String text && text.equals(redactions[i].placeholder())) {
        values[positions[i]] = filling.valueFor(redactions[i]);
      }
    }
  }
}
