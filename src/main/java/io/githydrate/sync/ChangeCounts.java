package io.githydrate.sync;

import io.githydrate.merge.DiffSink;
import io.githydrate.merge.RowChange;
import io.githydrate.merge.SchemaChange;
import io.githydrate.merge.SettingChange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one database's diff amounts to, for {@code git hydrate log}: the settings and schema objects
 * that changed, and per table how many rows were added, removed and changed. Rows are counted, not
 * kept, so a diff of any size takes constant memory here.
 */
public final class ChangeCounts implements DiffSink {
  /**
   * One table's counts. A table whose key changed, so whose rows cannot be matched, has only its
   * number of rows before and after ({@code unmatched}); its other counts are 0.
   */
  public record Table(long added, long removed, long changed, boolean unmatched, long rowsBefore, long rowsAfter) {}

  private final List<SettingChange> settings = new ArrayList<>();
  private final List<SchemaChange> schema = new ArrayList<>();
  private final Map<String, long[]> tables = new LinkedHashMap<>();
  private final Map<String, Table> unmatched = new LinkedHashMap<>();

  @Override
  public void setting(SettingChange change) {
    settings.add(change);
  }

  @Override
  public void schema(SchemaChange change) {
    schema.add(change);
  }

  @Override
  public void row(RowChange change) {
    long[] counts = tables.computeIfAbsent(change.table(), t -> new long[3]);
    counts[switch (change.kind()) {
      case ADDED -> 0;
      case REMOVED -> 1;
      case CHANGED -> 2;
    }]++;
  }

  @Override
  public void unmatched(String table, long rowsBefore, long rowsAfter, String why) {
    tables.computeIfAbsent(table, t -> new long[3]);
    unmatched.put(table, new Table(0, 0, 0, true, rowsBefore, rowsAfter));
  }

  public List<SettingChange> settings() {
    return Collections.unmodifiableList(settings);
  }

  public List<SchemaChange> schema() {
    return Collections.unmodifiableList(schema);
  }

  /** The tables with changes, in the order the diff reached them. */
  public Map<String, Table> tables() {
    Map<String, Table> all = new LinkedHashMap<>();
    tables.forEach((name, counts) -> all.put(name,
        unmatched.getOrDefault(name, new Table(counts[0], counts[1], counts[2], false, 0, 0))));
    return all;
  }
}
