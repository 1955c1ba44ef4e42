package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property 7 of the reference design, schema preservation: the archived schema is SQL that creates
 * the same structure again: the same {@code sqlite_schema} entries (automatic indexes and the shadow
 * tables of virtual tables included), the same columns as {@code table_xinfo} describes them, and
 * the same file settings.
 */
class SchemaPreservationPropertyTest {

  @Provide
  Arbitrary<GeneratedDatabase> databases() {
    return DatabaseArbitraries.databases();
  }

  @Property(tries = 100)
  @Label("Property 7: the rebuilt database has the original's schema, columns and pragmas")
  void rebuiltDatabaseHasTheSameStructure(@ForAll("databases") GeneratedDatabase generated) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      Path original = scratch.resolve("original.db");
      generated.create(original);
      Path archive = scratch.resolve("original.db.json");
      Path rebuilt = scratch.resolve("rebuilt.db");
      Engine.dehydrator().dehydrate(original, Engine.LABEL, archive);
      Engine.hydrator(false).hydrate(archive, Engine.LABEL, rebuilt);

      Snapshot before = Snapshot.of(original);
      Snapshot after = Snapshot.of(rebuilt);
      assertEquals(before.pragmas(), after.pragmas(), "pragmas");
      assertEquals(before.schema(), after.schema(), "sqlite_schema (type, name, tbl_name, sql)");
      assertEquals(before.columns(), after.columns(), "table_xinfo of each table");
    }
  }
}
