package io.githydrate.merge;

import io.githydrate.HydrateException;
import io.githydrate.archive.ArchiveWriter;
import io.githydrate.archive.Pragmas;
import io.githydrate.archive.SchemaObject;
import io.githydrate.archive.TableData;
import io.githydrate.engine.SchemaProbe;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The three-way merge of archives: a common ancestor (base) and two descendants (ours, theirs) give
 * one archive holding both sides' changes, or ours where they disagree and a list of what disagreed
 * (see {@link Conflict}). Schema objects are matched by name, rows by key (rowid, INTEGER PRIMARY
 * KEY, or a WITHOUT ROWID table's primary key) and merged cell by cell. The result is canonical:
 * what dehydrating the database it describes gives, the same on every run.
 *
 * <p>Streams: the archives are read about once, row lines the three sides share are copied
 * unparsed, and memory holds a few rows, the schemas, and the changed rows the constraint checks
 * look at. A merge that took theirs' rows under a renumbered key, or broke a constraint, is run
 * again knowing it (rare).
 */
public final class ArchiveMerge {
  /**
   * @param policy what to write where the sides disagree
   * @param keepsIds tables whose ids are used outside the database: rows both sides inserted under
   *     one new id are a conflict there, not renumbered
   */
  public record Options(Policy policy, Predicate<String> keepsIds) {
    public static final Options DEFAULT = new Options(Policy.MARK, table -> false);
  }

  /** What the merge found: conflicts (none when clean) and notes for the person merging. */
  public record Outcome(List<Conflict> conflicts, List<String> notes) {
    public boolean clean() {
      return conflicts.isEmpty();
    }
  }

  private static final String SEQUENCE = "sqlite_sequence";
  private static final int MOST_RUNS = 4;

  private final Options options;
  private final ArchiveFile base;
  private final ArchiveFile ours;
  private final ArchiveFile theirs;

  private ArchiveMerge(Options options, ArchiveFile base, ArchiveFile ours, ArchiveFile theirs) {
    this.options = options;
    this.base = base;
    this.ours = ours;
    this.theirs = theirs;
  }

  /**
   * Merges the archive files into {@code result} (created or overwritten; the caller puts it in
   * place). {@code base} may be null or an empty file (both sides added the archive). Throws a
   * {@link MergeException} when an input cannot be read or merged at all.
   */
  public static Outcome merge(Path base, Path ours, Path theirs, Path result, Options options) {
    try {
      return merge(base, ours, theirs, result, options, false);
    } catch (OffLayout e) {
      // Laid out otherwise further down than its header: every input rewritten in the layout.
      return merge(base, ours, theirs, result, options, true);
    }
  }

  /** An input turned out to be off the layout after its header: the merge starts again from canonical copies. */
  static final class OffLayout extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OffLayout(String label, ArchiveFile.NotInLayout cause) {
      super(label + ": " + cause.getMessage(), cause, false, false);
    }
  }

  private static Outcome merge(Path base, Path ours, Path theirs, Path result, Options options, boolean copies) {
    List<Path> temps = new ArrayList<>();
    try (ArchiveFile a = isEmpty(base) ? null : open(base, "base", temps, copies);
         ArchiveFile o = open(ours, "ours", temps, copies);
         ArchiveFile t = open(theirs, "theirs", temps, copies)) {
      return new ArchiveMerge(options, a, o, t).run(result);
    } catch (OffLayout e) {
      if (copies) {
        throw new MergeException(e.getMessage());
      }
      throw e;
    } catch (IOException e) {
      throw new MergeException("cannot merge: " + e.getMessage(), e);
    } finally {
      temps.forEach(ArchiveMerge::deleteQuietly);
    }
  }

  private static boolean isEmpty(Path file) {
    try {
      return file == null || Files.size(file) == 0;
    } catch (IOException e) {
      throw new MergeException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static ArchiveFile open(Path file, String label, List<Path> temps, boolean rewrite) throws IOException {
    return ArchiveFile.openOrCopy(file, label, temps, rewrite);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temporary file left behind in the temp directory
    }
  }

  /** What a run knows from the runs before it. */
  private record Knowledge(Map<String, Map<Long, Long>> renumbered, Set<String> forced, List<Conflict> found) {}

  private Outcome run(Path result) throws IOException {
    ArchiveFile.Header a = base != null ? base.header() : new ArchiveFile.Header(null, null, List.of());
    ArchiveFile.Header o = ours.header();
    ArchiveFile.Header t = theirs.header();
    SchemaMerge schema = new SchemaMerge(options.policy());
    String database = schema.database(a.database(), o.database(), t.database());
    Pragmas pragmas = schema.pragmas(a.pragmas(), o.pragmas(), t.pragmas());
    List<SchemaMerge.Entry> entries = schema.objects(a.schema(), o.schema(), t.schema());
    try (SchemaProbe baseProbe = SchemaProbe.of(a.schema());
         SchemaProbe oursProbe = SchemaProbe.of(o.schema());
         SchemaProbe theirsProbe = SchemaProbe.of(t.schema())) {
      TablePlanner planner = new TablePlanner(schema, options.policy(), base, ours, theirs,
          Map.of(Side3.BASE, baseProbe, Side3.OURS, oursProbe, Side3.THEIRS, theirsProbe));
      List<TablePlanner.Plan> plans = planner.plan(entries);
      List<SchemaObject> objects = new ArrayList<>();
      for (SchemaMerge.Entry entry : planner.entries()) {
        if (entry.merged() != null) {
          objects.add(entry.merged());
        }
      }
      Knowledge knowledge = new Knowledge(new TreeMap<>(String.CASE_INSENSITIVE_ORDER), Set.of(), List.of());
      for (int run = 1; ; run++) {
        try (SchemaProbe merged = mergedProbe(objects)) {
          Writing writing = new Writing(database, pragmas, objects, plans, merged, knowledge, schema.conflicts());
          Knowledge next = writing.write(result, run == MOST_RUNS);
          if (next == null) {
            return new Outcome(List.copyOf(writing.conflicts), List.copyOf(writing.log.notes));
          }
          knowledge = next;
        }
      }
    }
  }

  private static SchemaProbe mergedProbe(List<SchemaObject> objects) {
    try {
      return SchemaProbe.of(objects);
    } catch (HydrateException e) {
      throw new MergeException("the merged schema does not build (" + e.getMessage()
          + "); merge the schema by hand: git checkout --ours or --theirs, then change it");
    }
  }

  /** Base, ours or theirs. */
  enum Side3 { BASE, OURS, THEIRS }

  /** One run over the tables, writing {@code result}. */
  private final class Writing {
    private final String database;
    private final Pragmas pragmas;
    private final List<SchemaObject> objects;
    private final List<TablePlanner.Plan> plans;
    private final SchemaProbe merged;
    private final Knowledge knowledge;
    private final List<Conflict> schemaConflicts;
    private final MergeLog log = new MergeLog();
    private final Map<String, ForeignKeys.TableFacts> facts = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private List<Conflict> conflicts = List.of();

    Writing(String database, Pragmas pragmas, List<SchemaObject> objects, List<TablePlanner.Plan> plans,
        SchemaProbe merged, Knowledge knowledge, List<Conflict> schemaConflicts) {
      this.database = database;
      this.pragmas = pragmas;
      this.objects = objects;
      this.plans = plans;
      this.merged = merged;
      this.knowledge = knowledge;
      this.schemaConflicts = schemaConflicts;
    }

    /** Writes the result; returns what a further run must know, or null when this run's result stands. */
    Knowledge write(Path result, boolean last) throws IOException {
      ForeignKeys foreignKeys = new ForeignKeys(facts);
      for (TablePlanner.Plan plan : plans) {
        if (!plan.virtual()) {
          merged.table(plan.name()).ifPresent(table -> {
            TableData data = new TableData(table.name(), table.columns().stream().map(SchemaProbe.Column::name).toList(),
                table.integerKey() && table.key().isEmpty());
            facts.put(plan.name(), new ForeignKeys.TableFacts(data, keySpec(data, false), table.foreignKeys()));
          });
        }
      }
      try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(result), 1 << 20);
           ArchiveWriter writer = new ArchiveWriter(out)) {
        writer.begin(database, pragmas);
        writer.schema(objects);
        for (TablePlanner.Plan plan : plans) {
          table(plan, writer, foreignKeys);
        }
        sequence(writer);
        StatisticsRows.write(base, ours, theirs, this::keepsTable, writer);
        List<Conflict> found = new ArrayList<>(knowledge.found());
        Set<String> forced = new LinkedHashSet<>();
        for (Conflict conflict : constraintConflicts()) {
          found.add(conflict);
          if (!knowledge.forced().contains(conflict.table())) {
            forced.add(conflict.table());
          }
        }
        boolean renumberAgain = !log.renumbered.isEmpty() && !log.renumbered.equals(knowledge.renumbered())
            && foreignKeys.anyPointsAt(log.renumbered.keySet());
        if (!last && (!forced.isEmpty() || renumberAgain)) {
          Set<String> all = new LinkedHashSet<>(knowledge.forced());
          all.addAll(forced);
          Map<String, Map<Long, Long>> renumbered = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          renumbered.putAll(log.renumbered);
          return new Knowledge(renumbered, all, dedupe(found));
        }
        found.addAll(foreignKeys.violations(log));
        List<Conflict> all = new ArrayList<>(schemaConflicts);
        all.addAll(log.conflicts);
        all.addAll(found);
        conflicts = dedupe(all);
        if (!log.unchecked.isEmpty()) {
          log.notes.add("constraints not checked for the changed rows of " + String.join(", ", log.unchecked)
              + " (more than " + MergeLog.CHECKED_ROWS + " changed rows)");
        }
        if (options.policy() == Policy.MARK && !conflicts.isEmpty()) {
          writer.conflicts(conflicts.stream().map(Conflict::fields).toList());
        }
        writer.finish();
        return null;
      }
    }

    private List<Conflict> dedupe(List<Conflict> conflicts) {
      return new ArrayList<>(new LinkedHashSet<>(conflicts));
    }

    private void table(TablePlanner.Plan plan, ArchiveWriter writer, ForeignKeys foreignKeys)
        throws IOException {
      TablePlanner.Source source = plan.source();
      if (knowledge.forced().contains(plan.name())) {
        source = options.policy() == Policy.THEIRS ? TablePlanner.Source.THEIRS : TablePlanner.Source.OURS;
      }
      ArchiveFile whole = source == TablePlanner.Source.THEIRS ? theirs : source == TablePlanner.Source.OURS ? ours : null;
      try {
        if (whole != null) {
          copy(whole, plan.name(), writer);
          return;
        }
        Map<Side3, ArchiveFile.Rows> rows = new java.util.EnumMap<>(Side3.class);
        for (Side3 which : Side3.values()) {
          ArchiveFile file = which == Side3.BASE ? base : which == Side3.OURS ? ours : theirs;
          if (file != null && (which != Side3.BASE || plan.baseUsable())) {
            file.table(plan.name()).ifPresent(r -> rows.put(which, r));
          }
        }
        ArchiveFile.Rows winner = rows.get(plan.winner());
        if (winner == null) {
          return; // no rows of its own (a full-text table over another table's content)
        }
        TableData heading = winner.table();
        KeySpec key = keySpec(heading, plan.virtual());
        SqliteOrder order = new SqliteOrder(pragmas.encoding());
        Side a = side(rows.get(Side3.BASE), plan, Side3.BASE, key, order);
        Side o = side(rows.get(Side3.OURS), plan, Side3.OURS, key, order);
        Side t = side(rows.get(Side3.THEIRS), plan, Side3.THEIRS, key, order);
        boolean renumber = plan.baseUsable() && !options.keepsIds().test(plan.name());
        writer.beginTable(heading);
        TableMerge merge = new TableMerge(heading, key, order, options.policy(), renumber,
            foreignKeys.rewrite(plan.name(), knowledge.renumbered()), true, writer, log);
        writer.endTable(merge.run(a, o, t));
      } catch (ArchiveFile.NotInLayout e) {
        throw new OffLayout("table \"" + plan.name() + "\"", e);
      }
    }

    private void copy(ArchiveFile file, String table, ArchiveWriter writer) throws IOException, ArchiveFile.NotInLayout {
      var rows = file.table(table);
      if (rows.isEmpty()) {
        return;
      }
      writer.beginTable(rows.get().table());
      byte[] line;
      while ((line = rows.get().next()) != null) {
        writer.rawRow(line);
      }
      writer.endTable(rows.get().count());
    }

    private Side side(ArchiveFile.Rows rows, TablePlanner.Plan plan, Side3 which, KeySpec key, SqliteOrder order)
        throws IOException, ArchiveFile.NotInLayout {
      if (rows == null) {
        return Side.NONE;
      }
      String label = which.name().toLowerCase(java.util.Locale.ROOT);
      return new Side(label, rows, plan.shape(which), key, order, rows.table().width()).start();
    }

    private KeySpec keySpec(TableData heading, boolean virtual) {
      if (virtual) {
        return new KeySpec(new int[] {0}, List.of("BINARY"), true); // full-text rowid, R*Tree id
      }
      KeySpec key = TableKeys.of(heading, merged).orElseThrow(() -> new MergeException("table \"" + heading.name()
          + "\": a column of its primary key is not stored (generated), so its rows cannot be matched"));
      if (!TableKeys.sortable(key)) {
        throw new MergeException("table \"" + heading.name() + "\": its key sorts by collation "
            + key.collations() + ", which git-hydrate does not know");
      }
      return key;
    }

    /** AUTOINCREMENT counters: each the larger of the two sides', and past every key given out. */
    private void sequence(ArchiveWriter writer) throws IOException {
      Map<String, Long> a = SequenceRows.read(base);
      Map<String, Long> o = SequenceRows.read(ours);
      Map<String, Long> t = SequenceRows.read(theirs);
      if (o == null && t == null) {
        return;
      }
      Map<String, Long> result = SequenceRows.merge(a, o, t, log.largestKey);
      // SQLite drops a table's counter with the table, and leaves out an empty sqlite_sequence.
      result.keySet().removeIf(table -> !keepsTable(table));
      if (result.isEmpty()) {
        return;
      }
      writer.beginTable(new TableData(SEQUENCE, List.of("name", "seq"), false));
      for (Map.Entry<String, Long> row : result.entrySet()) {
        writer.row(new Object[] {row.getKey(), row.getValue()});
      }
      writer.endTable(result.size());
    }

    /** Whether the merged schema has a table {@code name} (as SQLite compares names). */
    private boolean keepsTable(String name) {
      return objects.stream().anyMatch(object -> object.isTable() && object.name().equalsIgnoreCase(name));
    }

    /** Changed rows of tables both sides changed, tried against the merged schema's constraints. */
    private List<Conflict> constraintConflicts() {
      Map<String, Integer> sides = new HashMap<>();
      for (MergeLog.Changed changed : log.changed) {
        sides.merge(changed.table(), changed.sides() == (MergeLog.OURS | MergeLog.THEIRS) ? 0 : changed.sides(),
            (x, y) -> x | y);
      }
      List<Conflict> conflicts = new ArrayList<>();
      for (MergeLog.Changed changed : log.changed) {
        int bits = sides.getOrDefault(changed.table(), 0);
        ForeignKeys.TableFacts table = facts.get(changed.table());
        boolean both = (bits & 4) != 0 || (bits & 3) == 3;
        if (!both || table == null || merged.table(changed.table()).isEmpty()) {
          continue;
        }
        String problem = merged.insert(changed.table(), table.data().columns(), table.data().withRowid(), changed.row());
        if (problem != null) {
          conflicts.add(new Conflict(Conflict.Kind.CONSTRAINT, changed.table(),
              Arrays.asList(table.key().of(changed.row())), null, null, null, null,
              problem + " (the table is kept as " + (options.policy() == Policy.THEIRS ? "theirs" : "ours") + ")"));
        }
      }
      return conflicts;
    }
  }
}
