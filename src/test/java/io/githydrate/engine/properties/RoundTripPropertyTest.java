package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.engine.Hydrator;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property 1 of the reference design, round-trip consistency: dehydrating, hydrating into a new file
 * and dehydrating that gives the same archive, byte for byte, and the rebuilt database holds the
 * same schema, settings and rows as the original, SQLite's own tables included (the AUTOINCREMENT
 * counters and the ANALYZE statistics).
 */
class RoundTripPropertyTest {

  @Provide
  Arbitrary<GeneratedDatabase> databases() {
    return DatabaseArbitraries.databases();
  }

  /** File names the tool must pass to SQLite as they are, not as URI syntax or connection options. */
  @Provide
  Arbitrary<String> fileNames() {
    return Arbitraries.of("app.db", "with space.db", "query?mode=memory.db", "percent%41.db", "hash#frag.db",
        "ünï😀.sqlite", "it's \"quoted\".db");
  }

  @Property(tries = 100)
  @Label("Property 1: dehydrate, hydrate, dehydrate gives the same archive and the same database")
  void roundTripKeepsArchiveSchemaAndRows(@ForAll("databases") GeneratedDatabase generated,
      @ForAll("fileNames") String fileName) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      Path built = scratch.resolve("built.db");
      generated.create(built);
      Path original = Files.createDirectories(scratch.resolve("original")).resolve(fileName);
      Files.move(built, original);
      Path rebuilt = Files.createDirectories(scratch.resolve("rebuilt")).resolve(fileName);
      Path first = scratch.resolve("first.json");
      Path second = scratch.resolve("second.json");

      Engine.dehydrator().dehydrate(original, Engine.LABEL, first);
      Hydrator.Outcome outcome = Engine.hydrator(false).hydrate(first, Engine.LABEL, rebuilt);
      Engine.dehydrator().dehydrate(rebuilt, Engine.LABEL, second);

      assertEquals(Hydrator.Action.CREATED, outcome.action());
      assertNull(Engine.firstDifference(Files.readAllBytes(first), Files.readAllBytes(second)),
          "the archive of the rebuilt database differs from the original's");
      Snapshot before = Snapshot.of(original);
      Snapshot after = Snapshot.of(rebuilt);
      assertEquals(before.sqlTexts(), after.sqlTexts(), "sqlite_schema sql texts");
      assertEquals(before.pragmas(), after.pragmas(), "pragmas, the journal mode included");
      var differences = Snapshot.rowDifferences(before, after);
      assertTrue(differences.isEmpty(), () -> String.join("\n", differences));
    }
  }
}
