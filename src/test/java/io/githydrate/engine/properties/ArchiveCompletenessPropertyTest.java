package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.githydrate.archive.ArchiveReader;
import io.githydrate.engine.ArchiveInspector;
import io.githydrate.engine.ArchiveSummary;
import io.githydrate.engine.Dehydrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property 6 of the reference design, archive completeness: the archive holds every table (virtual
 * tables included, their shadow tables not) and every row, counted on the source with plain SQL.
 * AUTOINCREMENT counters travel in the archive too, but are not rows of any table of the user's.
 */
class ArchiveCompletenessPropertyTest {

  @Provide
  Arbitrary<GeneratedDatabase> databases() {
    return DatabaseArbitraries.databases();
  }

  @Property(tries = 100)
  @Label("Property 6: the archive counts every table and every row of the database")
  void archiveHoldsEveryTableAndRow(@ForAll("databases") GeneratedDatabase generated) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      Path db = scratch.resolve("app.db");
      generated.create(db);
      List<List<Object>> tables = Sqlite.rows(db, "SELECT name FROM pragma_table_list"
          + " WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
          List.of());
      long rows = 0;
      for (List<Object> table : tables) {
        rows += (Long) Sqlite.rows(db, "SELECT count(*) FROM " + GeneratedDatabase.quote((String) table.get(0)),
            List.of()).get(0).get(0);
      }
      ArchiveSummary expected = new ArchiveSummary(tables.size(), rows);

      Path archive = scratch.resolve("app.db.json");
      Dehydrator.Written written = Engine.dehydrator().dehydrate(db, Engine.LABEL, archive);
      ArchiveInspector.Inspection inspection = ArchiveInspector.inspect(archive);

      assertEquals(expected, inspection.summary(), "what the archive holds, for tables " + tables);
      assertEquals(expected, written.summary(), "what dehydrating reported");
      assertEquals(ArchiveReader.Kind.V1, inspection.kind());
      assertEquals(Engine.LABEL, inspection.database());
      assertEquals(Files.size(archive), inspection.bytes());
    }
  }
}
