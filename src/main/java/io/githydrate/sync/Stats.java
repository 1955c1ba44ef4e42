package io.githydrate.sync;

import io.githydrate.HydrateException;
import io.githydrate.archive.ArchiveReader;
import io.githydrate.engine.ArchiveInspector;
import io.githydrate.git.DatabaseEntry;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The reference design's {@code get_archive_stats}: what each archive holds, and totals. */
public final class Stats {
  /** One archive's figures. {@code format} is {@code git-hydrate-archive/1} or {@code reference}. */
  public record ArchiveStats(String database, long sizeBytes, int tables, long rows, String format) {}

  /** Figures per archive path, and every error met. */
  public record Report(Map<String, ArchiveStats> archives, List<String> errors) {
    public long totalSizeBytes() {
      return archives.values().stream().mapToLong(ArchiveStats::sizeBytes).sum();
    }

    public int totalTables() {
      return archives.values().stream().mapToInt(ArchiveStats::tables).sum();
    }

    public long totalRows() {
      return archives.values().stream().mapToLong(ArchiveStats::rows).sum();
    }
  }

  private final Context context;

  public Stats(Context context) {
    this.context = context;
  }

  public Report run(List<DatabaseEntry> entries) {
    Map<String, ArchiveStats> archives = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    for (DatabaseEntry entry : entries) {
      if (!Files.exists(entry.archive())) {
        continue;
      }
      try {
        ArchiveInspector.Inspection inspection = ArchiveInspector.inspect(entry.archive());
        archives.put(context.display(entry.archive()), new ArchiveStats(entry.label(), inspection.bytes(),
            inspection.summary().tables(), inspection.summary().rows(),
            inspection.kind() == ArchiveReader.Kind.V1 ? "git-hydrate-archive/1" : "reference"));
      } catch (HydrateException e) {
        errors.add(e.getMessage());
      }
    }
    return new Report(archives, errors);
  }
}
