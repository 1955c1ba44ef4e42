package io.githydrate.merge;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code sqlite_sequence} rows (AUTOINCREMENT counters), merged by their own rule: a counter
 * only grows, so where both sides moved one, the larger wins, and it is never below a key the merge
 * gave out. The rows keep their order (the order SQLite added them): ours', then those only theirs
 * has, in theirs' order.
 */
final class SequenceRows {
  private SequenceRows() {}

  /** The counters of an archive, by table name; null when it has none. */
  static Map<String, Long> read(ArchiveFile file) throws IOException {
    if (file == null) {
      return null;
    }
    try {
      Optional<ArchiveFile.Rows> rows = file.table("sqlite_sequence");
      if (rows.isEmpty()) {
        return null;
      }
      Map<String, Long> counters = new LinkedHashMap<>();
      byte[] line;
      while ((line = rows.get().next()) != null) {
        Object[] row = io.githydrate.archive.ArchiveReader.readRowLine(line, 2);
        if (row[0] instanceof String name && row[1] instanceof Long seq) {
          counters.put(name, seq);
        } else {
          throw new MergeException(file.label() + ": sqlite_sequence holds a row that is not a name and a counter");
        }
      }
      return counters;
    } catch (ArchiveFile.NotInLayout e) {
      throw new ArchiveMerge.OffLayout(file.label() + ": sqlite_sequence", e);
    }
  }

  static Map<String, Long> merge(Map<String, Long> base, Map<String, Long> ours, Map<String, Long> theirs,
      Map<String, Long> largestKeys) {
    Map<String, Long> a = base == null ? Map.of() : base;
    Map<String, Long> o = ours == null ? Map.of() : ours;
    Map<String, Long> t = theirs == null ? Map.of() : theirs;
    Map<String, Long> result = new LinkedHashMap<>();
    for (Map<String, Long> side : java.util.List.of(o, t, a)) {
      for (String name : side.keySet()) {
        Long av = a.get(name);
        Long ov = o.get(name);
        Long tv = t.get(name);
        Long merged;
        if (Objects.equals(ov, tv) || Objects.equals(av, tv)) {
          merged = ov;
        } else if (Objects.equals(av, ov)) {
          merged = tv;
        } else {
          merged = ov == null ? tv : tv == null ? ov : Math.max(ov, tv);
        }
        if (merged != null) {
          result.put(name, merged);
        }
      }
    }
    for (Map.Entry<String, Long> largest : largestKeys.entrySet()) {
      result.computeIfPresent(largest.getKey(), (name, seq) -> Math.max(seq, largest.getValue()));
    }
    return result;
  }
}
