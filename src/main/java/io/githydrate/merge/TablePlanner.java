package io.githydrate.merge;

import io.githydrate.archive.TableData;
import io.githydrate.engine.SchemaProbe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, per table, where the merged table's rows come from, before anything is written (the
 * schema is written first, and a table whose rows cannot follow its schema's change changes which
 * schema entry is written):
 *
 * <ul>
 *   <li>the same definition on every side: the rows are merged;
 *   <li>columns appended on one side ({@code ALTER TABLE ADD COLUMN}): merged too, the other
 *       side's rows taking the new columns' defaults;
 *   <li>any other change of a table's definition on one side (a column dropped, renamed, retyped):
 *       that side's rows, if the other side left the rows as they were; a conflict otherwise;
 *   <li>a table dropped on one side: dropped, if the other side left its rows as they were;
 *   <li>a table whose definition is a conflict: the policy's side's rows.
 * </ul>
 */
final class TablePlanner {
  /** Where a table's rows come from. */
  enum Source { MERGE, OURS, THEIRS }

  /**
   * @param winner the side whose definition the merged table has (its heading is the merged one)
   * @param baseUsable whether the base's rows can be matched against the merged table's
   * @param shapes per side, how its rows map onto the merged table's (absent: as they are)
   */
  record Plan(String name, Source source, ArchiveMerge.Side3 winner, boolean virtual, boolean baseUsable,
      Map<ArchiveMerge.Side3, Shape> shapes) {
    Shape shape(ArchiveMerge.Side3 side) {
      return shapes.get(side);
    }
  }

  private final SchemaMerge schema;
  private final Policy policy;
  private final Map<ArchiveMerge.Side3, ArchiveFile> files = new EnumMap<>(ArchiveMerge.Side3.class);
  private final Map<ArchiveMerge.Side3, SchemaProbe> probes;
  private final List<SchemaMerge.Entry> entries = new ArrayList<>();

  TablePlanner(SchemaMerge schema, Policy policy, ArchiveFile base, ArchiveFile ours, ArchiveFile theirs,
      Map<ArchiveMerge.Side3, SchemaProbe> probes) {
    this.schema = schema;
    this.policy = policy;
    if (base != null) {
      files.put(ArchiveMerge.Side3.BASE, base);
    }
    files.put(ArchiveMerge.Side3.OURS, ours);
    files.put(ArchiveMerge.Side3.THEIRS, theirs);
    this.probes = probes;
  }

  /** The schema entries as decided (a table kept whole changes its entry). */
  List<SchemaMerge.Entry> entries() {
    return entries;
  }

  List<Plan> plan(List<SchemaMerge.Entry> merged) throws IOException {
    List<Plan> plans = new ArrayList<>();
    for (SchemaMerge.Entry entry : merged) {
      Decision decision = new Decision(entry, null);
      if (isTable(entry.base()) || isTable(entry.ours()) || isTable(entry.theirs())) {
        try {
          decision = decide(entry);
        } catch (ArchiveFile.NotInLayout e) {
          throw new ArchiveMerge.OffLayout("table \"" + entry.name() + "\"", e);
        }
      }
      entries.add(decision.entry());
      if (decision.plan() != null) {
        plans.add(decision.plan());
      }
    }
    return plans;
  }

  /** A table's schema entry as decided, and where its rows come from (null: it has none). */
  private record Decision(SchemaMerge.Entry entry, Plan plan) {}

  private Decision decide(SchemaMerge.Entry e) throws IOException, ArchiveFile.NotInLayout {
    if (e.conflict()) {
      return new Decision(e, take(e, e.from() == SchemaMerge.From.THEIRS ? Source.THEIRS : Source.OURS));
    }
    if (e.merged() == null) {
      // Dropped on one side (or both). Fine when the other side left the rows alone.
      ArchiveMerge.Side3 kept = e.ours() != null ? ArchiveMerge.Side3.OURS : e.theirs() != null ? ArchiveMerge.Side3.THEIRS : null;
      if (kept == null || !isTable(e.base()) || sameRows(ArchiveMerge.Side3.BASE, kept, e.name())) {
        return new Decision(e, null);
      }
      return keepWhole(e, kept == ArchiveMerge.Side3.OURS ? "dropped on theirs, its rows changed on ours"
          : "dropped on ours, its rows changed on theirs");
    }
    if (!isTable(e.merged())) {
      return new Decision(e, null);
    }
    boolean virtual = isVirtual(e.merged());
    if (e.from() == SchemaMerge.From.BOTH) {
      if (e.base() == null || sameSql(e.base(), e.merged())) {
        return new Decision(e, new Plan(e.name(), Source.MERGE, ArchiveMerge.Side3.OURS, virtual, true, Map.of()));
      }
      Optional<Shape> base = shape(ArchiveMerge.Side3.BASE, ArchiveMerge.Side3.OURS, e.name());
      return new Decision(e, new Plan(e.name(), Source.MERGE, ArchiveMerge.Side3.OURS, virtual, base.isPresent(),
          base.isPresent() && base.get() != IDENTITY ? Map.of(ArchiveMerge.Side3.BASE, base.get()) : Map.of()));
    }
    ArchiveMerge.Side3 changed = e.from() == SchemaMerge.From.THEIRS ? ArchiveMerge.Side3.THEIRS : ArchiveMerge.Side3.OURS;
    ArchiveMerge.Side3 other = changed == ArchiveMerge.Side3.THEIRS ? ArchiveMerge.Side3.OURS : ArchiveMerge.Side3.THEIRS;
    Source changedSource = changed == ArchiveMerge.Side3.THEIRS ? Source.THEIRS : Source.OURS;
    if ((changed == ArchiveMerge.Side3.THEIRS ? e.ours() : e.theirs()) == null) {
      return new Decision(e, take(e, changedSource)); // created on one side only
    }
    Optional<Shape> fromOther = shape(other, changed, e.name());
    Optional<Shape> fromBase = shape(ArchiveMerge.Side3.BASE, changed, e.name());
    if (fromOther.isPresent() && fromBase.isPresent()) {
      Map<ArchiveMerge.Side3, Shape> shapes = new EnumMap<>(ArchiveMerge.Side3.class);
      if (fromOther.get() != IDENTITY) {
        shapes.put(other, fromOther.get());
      }
      if (fromBase.get() != IDENTITY) {
        shapes.put(ArchiveMerge.Side3.BASE, fromBase.get());
      }
      return new Decision(e, new Plan(e.name(), Source.MERGE, changed, virtual, true, shapes));
    }
    if (sameRows(ArchiveMerge.Side3.BASE, other, e.name())) {
      return new Decision(e, take(e, changedSource));
    }
    return keepWhole(e, "changed on " + name(changed) + " in a way its rows cannot follow, its rows changed on "
        + name(other));
  }

  private static String name(ArchiveMerge.Side3 side) {
    return side == ArchiveMerge.Side3.OURS ? "ours" : "theirs";
  }

  /** A conflict over a whole table: the policy's side's definition and rows. */
  private Decision keepWhole(SchemaMerge.Entry e, String why) {
    SchemaMerge.From from = policy == Policy.THEIRS ? SchemaMerge.From.THEIRS : SchemaMerge.From.OURS;
    SchemaMerge.Entry decided = schema.decide(e, from, why);
    return new Decision(decided, take(decided, from == SchemaMerge.From.THEIRS ? Source.THEIRS : Source.OURS));
  }

  /** One side's rows, whole; none when the entry is gone or not a table. */
  private static Plan take(SchemaMerge.Entry e, Source source) {
    if (!isTable(e.merged())) {
      return null;
    }
    return new Plan(e.name(), source, source == Source.OURS ? ArchiveMerge.Side3.OURS : ArchiveMerge.Side3.THEIRS,
        isVirtual(e.merged()), false, Map.of());
  }

  private static boolean isVirtual(io.githydrate.archive.SchemaObject table) {
    return table.sql().regionMatches(true, 0, "CREATE VIRTUAL", 0, 14);
  }

  private static final Shape IDENTITY = new Shape(new int[0], new Object[0]);

  /**
   * How rows of {@code from}'s table become rows of {@code to}'s: {@link #IDENTITY} when both have
   * the same columns; a shape when {@code to} only appends columns; empty when they do not fit.
   */
  private Optional<Shape> shape(ArchiveMerge.Side3 from, ArchiveMerge.Side3 to, String table)
      throws IOException, ArchiveFile.NotInLayout {
    TableData source = heading(from, table);
    TableData target = heading(to, table);
    if (source == null || target == null) {
      return source == null && from == ArchiveMerge.Side3.BASE ? Optional.of(IDENTITY) : Optional.empty();
    }
    if (source.withRowid() != target.withRowid() || source.columns().size() > target.columns().size()
        || !target.columns().subList(0, source.columns().size()).equals(source.columns())) {
      return Optional.empty();
    }
    if (source.columns().equals(target.columns())) {
      return Optional.of(IDENTITY);
    }
    Optional<SchemaProbe.Table> definition = probes.get(to).table(table);
    if (definition.isEmpty()) {
      return Optional.empty(); // a virtual table: its columns cannot be added to
    }
    int offset = target.withRowid() ? 1 : 0;
    int[] sources = new int[target.width()];
    Object[] defaults = new Object[target.width()];
    for (int i = 0; i < sources.length; i++) {
      int column = i - offset;
      if (column < source.columns().size()) {
        sources[i] = i;
      } else {
        sources[i] = -1;
        String name = target.columns().get(column);
        SchemaProbe.Column added = definition.get().columns().stream()
            .filter(c -> c.name().equals(name)).findFirst().orElse(null);
        if (added == null || added.pk() > 0) {
          return Optional.empty();
        }
        defaults[i] = probes.get(to).storedDefault(added);
      }
    }
    return Optional.of(new Shape(sources, defaults));
  }

  private TableData heading(ArchiveMerge.Side3 side, String table) throws IOException, ArchiveFile.NotInLayout {
    ArchiveFile file = files.get(side);
    if (file == null) {
      return null;
    }
    return file.table(table).map(ArchiveFile.Rows::table).orElse(null);
  }

  /** Whether two sides hold the same rows for {@code table} (absent counts as no rows). */
  private boolean sameRows(ArchiveMerge.Side3 x, ArchiveMerge.Side3 y, String table)
      throws IOException, ArchiveFile.NotInLayout {
    Optional<ArchiveFile.Rows> a = files.get(x) == null ? Optional.empty() : files.get(x).table(table);
    if (a.isEmpty()) {
      return files.get(y).table(table).map(rows -> {
        try {
          return rows.next() == null;
        } catch (IOException | ArchiveFile.NotInLayout e) {
          return false;
        }
      }).orElse(true);
    }
    // The same table definition on both sides, so the same lines mean the same rows. The first
    // side's rows are read to the end before the second's (one file may be read through two tables).
    ArchiveFile.Rows first = a.get();
    java.security.MessageDigest digest;
    try {
      digest = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] line;
    while ((line = first.next()) != null) {
      digest.update(line);
      digest.update((byte) '\n');
    }
    byte[] firstDigest = digest.digest();
    Optional<ArchiveFile.Rows> b = files.get(y).table(table);
    if (b.isEmpty()) {
      return first.count() == 0;
    }
    while ((line = b.get().next()) != null) {
      digest.update(line);
      digest.update((byte) '\n');
    }
    return Arrays.equals(firstDigest, digest.digest());
  }

  private static boolean isTable(io.githydrate.archive.SchemaObject object) {
    return object != null && object.isTable();
  }

  private static boolean sameSql(io.githydrate.archive.SchemaObject a, io.githydrate.archive.SchemaObject b) {
    return a != null && b != null && a.sql().equals(b.sql()) && a.type().equals(b.type());
  }
}
