package io.githydrate.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.schema.SchemaModel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Over generated schemas (odd names, wide characters, keys to any table, self references, views):
 * the SVG is well-formed, draws every table, view, column and key, comes out the same twice, and no
 * two boxes overlap; and the documentation pages are the same bytes twice.
 */
class DiagramPropertyTest {

  @Property(tries = 100)
  void everyGeneratedSchemaIsDrawnWholeWellFormedTheSameTwiceWithoutOverlaps(@ForAll("schemas") SchemaModel model) {
    String svg = Diagram.svg(model.database(), model, null, null);

    SvgFile file = SvgFile.parse(svg);
    Map<String, SvgFile.Box> boxes = file.boxes();
    Set<String> expected = new LinkedHashSet<>();
    model.tables().forEach(t -> expected.add(t.name()));
    model.views().forEach(v -> expected.add(v.name()));
    assertEquals(expected, boxes.keySet());
    for (SchemaModel.Table table : model.tables()) {
      assertEquals(table.columns().stream().map(SchemaModel.Column::name).toList(),
          List.copyOf(boxes.get(table.name()).columns().keySet()), table.name());
    }
    assertEquals(model.tables().stream().mapToLong(t -> t.foreignKeys().size()).sum(), file.edges().size());
    DiagramTest.assertNoOverlaps(List.copyOf(boxes.values()));
    assertTrue(file.width > 0 && file.height > 0);
    assertEquals(svg, Diagram.svg(model.database(), model, null, null), "deterministic");
  }

  @Property(tries = 100)
  void comparedWithItselfNothingIsMarked(@ForAll("schemas") SchemaModel model) {
    SvgFile file = SvgFile.parse(Diagram.svg("x", model, model, "HEAD"));

    for (SvgFile.Box box : file.boxes().values()) {
      assertTrue(box.classes().stream().noneMatch(Set.of("added", "changed", "removed")::contains), box.toString());
    }
  }

  @Property(tries = 100)
  void documentationPagesAreTheSameBytesTwice(@ForAll("schemas") SchemaModel model) {
    assertEquals(DocsSite.files(Map.of("a/x.db", model)), DocsSite.files(Map.of("a/x.db", model)));
  }

  @Provide
  Arbitrary<SchemaModel> schemas() {
    Arbitrary<String> names = Arbitraries.strings().withChars("abcxyz_ <>&\"'é名\t").ofMinLength(1).ofMaxLength(12);
    Arbitrary<List<String>> tableNames = names.list().ofMinSize(1).ofMaxSize(12).uniqueElements(s -> s.toLowerCase());
    Arbitrary<List<String>> columnNames = names.list().ofMinSize(1).ofMaxSize(6).uniqueElements(s -> s.toLowerCase());
    Arbitrary<String> types = Arbitraries.of("", "INTEGER", "TEXT", "NVARCHAR(120)", "NUMERIC(10,2)", "BLOB");
    Arbitrary<Long> seeds = Arbitraries.longs();
    return Combinators.combine(tableNames, columnNames.list().ofSize(12), types.list().ofSize(6), seeds,
        Arbitraries.integers().between(0, 3)).as(DiagramPropertyTest::schema);
  }

  private static SchemaModel schema(List<String> tableNames, List<List<String>> columnNames, List<String> types,
      long seed, int views) {
    java.util.Random random = new java.util.Random(seed);
    List<SchemaModel.Table> tables = new ArrayList<>();
    for (int i = 0; i < tableNames.size(); i++) {
      List<String> names = columnNames.get(i);
      List<SchemaModel.Column> columns = new ArrayList<>();
      for (int c = 0; c < names.size(); c++) {
        columns.add(new SchemaModel.Column(names.get(c), types.get(c % types.size()), c == 0 ? 1 : 0,
            random.nextBoolean(), null));
      }
      List<SchemaModel.ForeignKey> keys = new ArrayList<>();
      for (int k = random.nextInt(3); k > 0; k--) {
        String parent = tableNames.get(random.nextInt(tableNames.size()));
        String from = names.get(random.nextInt(names.size()));
        keys.add(new SchemaModel.ForeignKey(List.of(from), parent, List.of()));
      }
      tables.add(new SchemaModel.Table(tableNames.get(i), random.nextInt(8) == 0, columns, keys, List.of(),
          random.nextInt(100_000)));
    }
    List<SchemaModel.View> viewList = new ArrayList<>();
    for (int v = 0; v < views; v++) {
      viewList.add(new SchemaModel.View("view " + v, "CREATE VIEW \"view " + v + "\" AS SELECT 1"));
    }
    tables.sort(java.util.Comparator.comparing(SchemaModel.Table::name));
    return new SchemaModel("generated.db", tables, viewList, List.of());
  }
}
