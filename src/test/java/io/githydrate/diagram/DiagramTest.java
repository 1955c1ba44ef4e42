package io.githydrate.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.schema.SchemaModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the SVG of a schema shows, read back with an XML parser: boxes, lines, arrows, caption, marks. */
class DiagramTest {
  private static final String[] MUSIC = {
      "CREATE TABLE artist(id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
      "CREATE TABLE album(id INTEGER PRIMARY KEY, title TEXT NOT NULL DEFAULT 'untitled',"
          + " artist_id INTEGER REFERENCES artist(id))",
      "CREATE TABLE track(album_id INTEGER NOT NULL, number INTEGER NOT NULL, name TEXT,"
          + " PRIMARY KEY(album_id, number), FOREIGN KEY(album_id) REFERENCES album) WITHOUT ROWID",
      "CREATE INDEX album_by_artist ON album(artist_id)",
      "CREATE UNIQUE INDEX artist_name ON artist(name)",
      "CREATE VIEW long_albums AS SELECT album_id, count(*) AS n FROM track GROUP BY album_id",
      "CREATE TRIGGER no_empty_names BEFORE INSERT ON artist WHEN new.name = '' BEGIN SELECT RAISE(ABORT, 'empty'); END",
      "INSERT INTO artist VALUES (1, 'A'), (2, 'B')",
      "INSERT INTO album VALUES (1, 'x', 1)",
      "INSERT INTO track VALUES (1, 1, 'one'), (1, 2, 'two'), (1, 3, 'three')"};

  @TempDir
  Path dir;

  @Test
  void everyTableColumnIndexAndForeignKeyIsDrawnWithTheCountsInTheCaption() throws Exception {
    SchemaModel model = Schemas.of(dir, "music.db", MUSIC);

    SvgFile svg = SvgFile.parse(Diagram.svg("data/music.db", model, null, null));

    Map<String, SvgFile.Box> boxes = svg.boxes();
    assertEquals(List.of("album", "artist", "track", "long_albums"), List.copyOf(boxes.keySet()));
    assertEquals(List.of("id", "title", "artist_id"), List.copyOf(boxes.get("album").columns().keySet()));
    assertEquals(List.of("album_id", "number", "name"), List.copyOf(boxes.get("track").columns().keySet()));
    assertEquals(Set.of("album_by_artist"), boxes.get("album").indexes().keySet());
    assertEquals(Set.of("artist_name"), boxes.get("artist").indexes().keySet());
    assertTrue(boxes.get("long_albums").classes().contains("view"), boxes.get("long_albums").toString());
    assertEquals(Set.of("table"), boxes.get("album").classes());
    assertEquals(Set.of("album->artist (artist_id)", "track->album (album_id)"),
        svg.edges().stream().map(e -> e.from() + "->" + e.to() + " (" + e.columns() + ")").collect(Collectors.toSet()));
    assertEquals(List.of("data/music.db", "3 tables, 1 view, 6 rows"), svg.caption());
    String text = svg.document.getDocumentElement().getTextContent();
    assertTrue(text.contains("2 rows") && text.contains("3 rows") && text.contains("1 row"), text);
    assertTrue(text.contains("PK FK"), "track.album_id is both: " + text);
  }

  @Test
  void changesSinceAnEarlierSchemaAreMarkedAndWhatWasRemovedIsStillDrawn() throws Exception {
    SchemaModel before = Schemas.of(dir, "before.db",
        "CREATE TABLE artist(id INTEGER PRIMARY KEY, name TEXT, country TEXT)",
        "CREATE TABLE album(id INTEGER PRIMARY KEY, title TEXT, artist_id INTEGER REFERENCES artist(id))",
        "CREATE TABLE genre(id INTEGER PRIMARY KEY, name TEXT)",
        "CREATE TABLE label(id INTEGER PRIMARY KEY, name TEXT)");
    SchemaModel after = Schemas.of(dir, "after.db",
        "CREATE TABLE artist(id INTEGER PRIMARY KEY, name TEXT NOT NULL, born INTEGER)",
        "CREATE TABLE album(id INTEGER PRIMARY KEY, title TEXT, artist_id INTEGER REFERENCES artist(id))",
        "CREATE TABLE label(id INTEGER PRIMARY KEY, name TEXT)",
        "CREATE TABLE playlist(id INTEGER PRIMARY KEY, album_id INTEGER REFERENCES album(id))");

    SvgFile svg = SvgFile.parse(Diagram.svg("app.db", after, before, "v1"));

    Map<String, SvgFile.Box> boxes = svg.boxes();
    assertEquals(Set.of("table", "changed"), boxes.get("artist").classes());
    assertEquals(Set.of("table"), boxes.get("album").classes());
    assertEquals(Set.of("table"), boxes.get("label").classes());
    assertEquals(Set.of("table", "added"), boxes.get("playlist").classes());
    assertEquals(Set.of("table", "removed"), boxes.get("genre").classes());
    Map<String, Set<String>> artist = boxes.get("artist").columns();
    assertEquals(List.of("id", "name", "born", "country"), List.copyOf(artist.keySet()), "removed columns last");
    assertEquals(Set.of("line", "column"), artist.get("id"));
    assertEquals(Set.of("line", "column", "changed"), artist.get("name"));
    assertEquals(Set.of("line", "column", "added"), artist.get("born"));
    assertEquals(Set.of("line", "column", "removed"), artist.get("country"));
    assertTrue(boxes.get("genre").columns().values().stream().allMatch(c -> c.contains("removed")));
    assertTrue(svg.edges().stream().anyMatch(e -> e.from().equals("playlist") && e.classes().contains("added")));
    assertEquals("changes since v1: 1 added, 1 changed, 1 removed", svg.caption().get(2));
    String legend = svg.document.getDocumentElement().getTextContent();
    assertTrue(legend.contains("added") && legend.contains("changed") && legend.contains("removed"), legend);
  }

  @Test
  void theSameSchemaGivesTheSameBytes() throws Exception {
    SchemaModel model = Schemas.of(dir, "music.db", MUSIC);
    SchemaModel again = Schemas.of(dir, "again.db", MUSIC);

    assertEquals(Diagram.svg("m", model, null, null), Diagram.svg("m", again, null, null));
  }

  @Test
  void sixtyTablesWithForeignKeysGetBoxesThatDoNotOverlapInAReadableSize() {
    SchemaModel model = generated(60, new Random(60));

    SvgFile svg = SvgFile.parse(Diagram.svg("sixty.db", model, null, null));

    List<SvgFile.Box> boxes = List.copyOf(svg.boxes().values());
    assertEquals(60, boxes.size());
    assertNoOverlaps(boxes);
    assertEquals(model.tables().stream().mapToLong(t -> t.foreignKeys().size()).sum(), svg.edges().size());
    assertTrue(svg.width < 12_000 && svg.height < 12_000, svg.width + " x " + svg.height);
    double boxArea = boxes.stream().mapToDouble(b -> b.width() * b.height()).sum();
    assertTrue(boxArea / (svg.width * svg.height) > 0.12,
        "boxes fill too little of " + svg.width + " x " + svg.height + ": " + boxArea);
    assertEquals("60 tables, 0 views, 0 rows", svg.caption().get(1));
  }

  @Test
  void namesWithMarkupAndControlCharactersStillGiveWellFormedXml() throws Exception {
    SchemaModel model = Schemas.of(dir, "odd.db",
        "CREATE TABLE \"a<b>&\"\"c\"(\"x\ty\" INTEGER PRIMARY KEY, \"é 名前\" TEXT)");

    SvgFile svg = SvgFile.parse(Diagram.svg("odd & <db>", model, null, null));

    assertEquals(Set.of("a<b>&\"c"), svg.boxes().keySet());
    assertEquals(List.of("x\ty", "é 名前"), List.copyOf(svg.boxes().get("a<b>&\"c").columns().keySet()));
  }

  static void assertNoOverlaps(List<SvgFile.Box> boxes) {
    for (int i = 0; i < boxes.size(); i++) {
      for (int j = i + 1; j < boxes.size(); j++) {
        assertFalse(boxes.get(i).overlaps(boxes.get(j)), boxes.get(i) + " overlaps " + boxes.get(j));
      }
    }
  }

  /** {@code count} tables t00…, each with a key, a few columns and up to two keys to tables before it. */
  static SchemaModel generated(int count, Random random) {
    List<SchemaModel.Table> tables = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<SchemaModel.Column> columns = new ArrayList<>();
      columns.add(new SchemaModel.Column("id", "INTEGER", 1, true, null));
      List<SchemaModel.ForeignKey> keys = new ArrayList<>();
      int references = i == 0 ? 0 : random.nextInt(3);
      for (int k = 0; k < references; k++) {
        String parent = String.format("t%02d", random.nextInt(i));
        String column = parent + "_id_" + k;
        columns.add(new SchemaModel.Column(column, "INTEGER", 0, random.nextBoolean(), null));
        keys.add(new SchemaModel.ForeignKey(List.of(column), parent, List.of("id")));
      }
      for (int c = random.nextInt(6); c > 0; c--) {
        columns.add(new SchemaModel.Column("field_" + c, c % 2 == 0 ? "TEXT" : "NUMERIC(10,2)", 0, false, null));
      }
      tables.add(new SchemaModel.Table(String.format("t%02d", i), false, columns, keys, List.of(), 0));
    }
    return new SchemaModel("generated.db", tables, List.of(), List.of());
  }
}
