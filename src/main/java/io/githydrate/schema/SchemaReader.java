package io.githydrate.schema;

import io.githydrate.HydrateException;
import io.githydrate.archive.ArchiveFormatException;
import io.githydrate.archive.ArchiveReader;
import io.githydrate.archive.ArchiveVisitor;
import io.githydrate.archive.Pragmas;
import io.githydrate.archive.SchemaObject;
import io.githydrate.archive.TableData;
import io.githydrate.engine.SchemaProbe;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a {@link SchemaModel} from an archive. The archive is streamed once, one row at a time, to
 * collect its schema entries and count each table's rows; then only the schema is built, in a
 * private database in memory ({@link SchemaProbe}, with the checks a build makes), and SQLite is
 * asked what the tables mean, rather than their SQL parsed here.
 */
public final class SchemaReader {
  private static final Pattern UNIQUE = Pattern.compile("(?is)\\s*CREATE\\s+UNIQUE\\b.*");
  private static final Pattern VIRTUAL = Pattern.compile("(?is)\\s*CREATE\\s+VIRTUAL\\b.*");
  private static final Comparator<String> BY_NAME = Comparator.comparing((String s) -> s.toLowerCase(Locale.ROOT))
      .thenComparing(Comparator.naturalOrder());

  private SchemaReader() {}

  /** The schema of the archive {@code archive}; {@code label} names it in messages. */
  public static SchemaModel read(Path archive, String label) {
    Collector collector = new Collector();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
      ArchiveReader.read(in, collector);
    } catch (ArchiveFormatException e) {
      throw new HydrateException("archive " + label + " " + e.getMessage(), e);
    } catch (IOException e) {
      throw new HydrateException(label + ": cannot read: " + e.getMessage(), e);
    }
    try (SchemaProbe probe = SchemaProbe.of(collector.schema)) {
      return model(collector, probe);
    } catch (HydrateException e) {
      throw new HydrateException("archive " + label + ": " + e.getMessage(), e);
    }
  }

  private static SchemaModel model(Collector collector, SchemaProbe probe) {
    Map<String, List<SchemaModel.Index>> indexes = new HashMap<>();
    List<SchemaModel.View> views = new ArrayList<>();
    List<SchemaModel.Trigger> triggers = new ArrayList<>();
    for (SchemaObject object : collector.schema) {
      switch (object.type()) {
        case "index" -> indexes.computeIfAbsent(key(object.table()), k -> new ArrayList<>())
            .add(new SchemaModel.Index(object.name(), UNIQUE.matcher(object.sql()).matches(),
                probe.indexColumns(object.name())));
        case "view" -> views.add(new SchemaModel.View(object.name(), object.sql()));
        case "trigger" -> triggers.add(new SchemaModel.Trigger(object.name(), object.table(), object.sql()));
        default -> { }
      }
    }
    List<SchemaModel.Table> tables = new ArrayList<>();
    for (SchemaObject object : collector.schema) {
      if (!object.isTable()) {
        continue;
      }
      List<SchemaModel.Index> own = new ArrayList<>(indexes.getOrDefault(key(object.name()), List.of()));
      own.sort(Comparator.comparing(SchemaModel.Index::name, BY_NAME));
      long rows = collector.rows.getOrDefault(object.name(), 0L);
      if (VIRTUAL.matcher(object.sql()).matches()) {
        List<SchemaModel.Column> columns = collector.columns.getOrDefault(object.name(), List.of()).stream()
            .map(c -> new SchemaModel.Column(c, "", 0, false, null)).toList();
        tables.add(new SchemaModel.Table(object.name(), true, columns, List.of(), own, rows));
        continue;
      }
      SchemaProbe.Table table = probe.table(object.name())
          .orElseThrow(() -> new HydrateException("table \"" + object.name() + "\" has no columns"));
      List<SchemaModel.Column> columns = table.columns().stream()
          .map(c -> new SchemaModel.Column(c.name(), c.type() == null ? "" : c.type(), c.pk(), c.notNull(),
              c.defaultSql()))
          .toList();
      List<SchemaModel.ForeignKey> keys = table.foreignKeys().stream()
          .map(k -> new SchemaModel.ForeignKey(k.from(), k.parent(), k.to())).toList();
      tables.add(new SchemaModel.Table(object.name(), false, columns, keys, own, rows));
    }
    tables.sort(Comparator.comparing(SchemaModel.Table::name, BY_NAME));
    views.sort(Comparator.comparing(SchemaModel.View::name, BY_NAME));
    triggers.sort(Comparator.comparing(SchemaModel.Trigger::name, BY_NAME));
    return new SchemaModel(collector.database == null ? "" : collector.database, tables, views, triggers);
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** Keeps the schema entries and each table's stored columns and row count; drops the rows. */
  private static final class Collector extends ArchiveVisitor.Ignoring {
    final List<SchemaObject> schema = new ArrayList<>();
    final Map<String, List<String>> columns = new HashMap<>();
    final Map<String, Long> rows = new HashMap<>();
    String database;

    @Override
    public void header(String databasePath, Pragmas pragmas) {
      database = databasePath;
    }

    @Override
    public void schemaObject(SchemaObject object) {
      schema.add(object);
    }

    @Override
    public void beginTable(TableData table) {
      columns.put(table.name(), table.columns());
    }

    @Override
    public void endTable(TableData table, long rowCount) {
      rows.put(table.name(), rowCount);
    }
  }
}
