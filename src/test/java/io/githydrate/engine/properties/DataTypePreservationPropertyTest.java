package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.engine.properties.Snapshot.Cell;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property 8 of the reference design, data type preservation: every value keeps its storage class
 * and its exact value through an archive: INTEGERs at both ends of 64 bits, REALs bit for bit (-0.0,
 * infinities, subnormals), TEXT with NULs and non-BMP characters, BLOBs (empty ones too) byte for
 * byte. Each value is stored in columns of every declared type, so it also meets every affinity.
 */
class DataTypePreservationPropertyTest {

  /** How the table keys its rows; STRICT tables refuse what their types cannot hold, so those cells stay NULL. */
  enum Layout { ROWID, ALIAS, WITHOUT_ROWID, STRICT }

  private static final List<String> COLUMNS = List.of(
      "\"integer\" INTEGER", "\"real\" REAL", "\"text\" TEXT", "\"blob\" BLOB", "\"numeric\" NUMERIC",
      "\"any\" ANY", "\"none\"");

  private static final List<String> STRICT_COLUMNS = List.of(
      "\"integer\" INTEGER", "\"real\" REAL", "\"text\" TEXT", "\"blob\" BLOB", "\"any\" ANY");

  @Provide
  Arbitrary<List<Object>> values() {
    return DatabaseArbitraries.values().list().ofMinSize(1).ofMaxSize(30);
  }

  @Provide
  Arbitrary<String> encodings() {
    return Arbitraries.of("UTF-8", "UTF-16le", "UTF-16be");
  }

  @Property(tries = 100)
  @Label("Property 8: every value keeps its storage class and exact value")
  void valuesSurviveExactly(@ForAll("values") List<Object> values, @ForAll Layout layout,
      @ForAll("encodings") String encoding) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      Path original = scratch.resolve("original.db");
      create(original, layout, encoding, values);
      Path archive = scratch.resolve("original.db.json");
      Path rebuilt = scratch.resolve("rebuilt.db");
      Engine.dehydrator().dehydrate(original, Engine.LABEL, archive);
      Engine.hydrator(false).hydrate(archive, Engine.LABEL, rebuilt);

      List<List<Cell>> before = Snapshot.of(original).rows().get("cells");
      List<List<Cell>> after = Snapshot.of(rebuilt).rows().get("cells");
      List<String> differences = new ArrayList<>();
      if (before.size() != after.size()) {
        differences.add("expected " + before.size() + " rows, got " + after.size());
      }
      for (int row = 0; row < Math.min(before.size(), after.size()); row++) {
        for (int column = 0; column < before.get(row).size(); column++) {
          Cell want = before.get(row).get(column);
          Cell got = after.get(row).get(column);
          if (!want.equals(got)) {
            differences.add("row " + before.get(row).get(0) + " column " + column + ": expected " + want + ", got " + got);
          }
        }
      }
      assertTrue(differences.isEmpty(), () -> String.join("\n", differences));
    }
  }

  /** One row per value, the value in every column (a cell whose STRICT type refuses it stays NULL). */
  private static void create(Path file, Layout layout, String encoding, List<Object> values) throws SQLException {
    List<String> columns = layout == Layout.STRICT ? STRICT_COLUMNS : COLUMNS;
    String key = layout == Layout.ROWID ? "" : "\"id\" INTEGER PRIMARY KEY, ";
    String suffix = switch (layout) {
      case WITHOUT_ROWID -> " WITHOUT ROWID";
      case STRICT -> " STRICT";
      default -> "";
    };
    String rowid = layout == Layout.ROWID ? "rowid" : "\"id\"";
    try (Connection connection = Sqlite.open(file)) {
      GeneratedDatabase.run(connection, List.of(GeneratedDatabase.Step.of("PRAGMA encoding = '" + encoding + "'")));
      connection.setAutoCommit(false);
      List<GeneratedDatabase.Step> steps = new ArrayList<>();
      steps.add(GeneratedDatabase.Step.of("CREATE TABLE \"cells\" (" + key + String.join(", ", columns) + ")" + suffix));
      for (int i = 0; i < values.size(); i++) {
        long id = i + 1;
        steps.add(new GeneratedDatabase.Step("INSERT INTO \"cells\" (" + rowid + ") VALUES (?)", List.of(id), false));
        for (String column : columns) {
          String name = column.substring(0, column.indexOf('"', 1) + 1);
          List<Object> arguments = new ArrayList<>();
          arguments.add(values.get(i));
          arguments.add(id);
          steps.add(new GeneratedDatabase.Step("UPDATE \"cells\" SET " + name + " = ? WHERE " + rowid + " = ?",
              arguments, true));
        }
      }
      GeneratedDatabase.run(connection, steps);
      connection.commit();
    }
  }
}
