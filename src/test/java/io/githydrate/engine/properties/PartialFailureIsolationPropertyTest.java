package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.git.Workspace;
import io.githydrate.engine.Progress;
import io.githydrate.sync.Context;
import io.githydrate.sync.DehydrateAll;
import io.githydrate.sync.OperationResult;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property 5 of the reference design, partial failure isolation: in a folder where some databases
 * are corrupt, dehydrating all of them exports every healthy one in full and reports one error for
 * each corrupt one, naming it, and writes no archive for it (an archive of a corrupt file would
 * replace the last good copy of its data).
 */
class PartialFailureIsolationPropertyTest {

  record Corrupt(GeneratedDatabase database, Damage damage) {}

  @Provide
  Arbitrary<List<GeneratedDatabase>> healthy() {
    return DatabaseArbitraries.databases().list().ofMaxSize(3);
  }

  @Provide
  Arbitrary<List<Corrupt>> corrupt() {
    return Combinators.combine(DatabaseArbitraries.databases(), Damage.corrupting()).as(Corrupt::new)
        .list().ofMaxSize(3);
  }

  @Property(tries = 100)
  @Label("Property 5: dehydration exports every healthy database and reports each corrupt one")
  void corruptDatabasesDoNotStopTheOthers(@ForAll("healthy") List<GeneratedDatabase> healthy,
      @ForAll("corrupt") List<Corrupt> corrupt, @ForAll boolean withEmptyFile) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      Path data = Files.createDirectories(scratch.resolve("data"));
      List<String> healthyLabels = new ArrayList<>();
      for (int i = 0; i < healthy.size(); i++) {
        healthy.get(i).create(data.resolve("good " + i + ".db"));
        healthyLabels.add("data/good " + i + ".db");
      }
      if (withEmptyFile) {
        // SQLite opens a 0-byte file as an empty database: healthy, and exported as one
        Files.createFile(data.resolve("empty.sqlite3"));
        healthyLabels.add("data/empty.sqlite3");
      }
      List<String> damaged = new ArrayList<>();
      for (int i = 0; i < corrupt.size(); i++) {
        Path file = data.resolve("bad #" + i + ".sqlite");
        corrupt.get(i).database().create(file);
        damaged.add(file.getFileName() + ": " + corrupt.get(i).damage().apply(file));
      }

      Workspace workspace = Workspace.around(scratch.root());
      Context context = new Context(workspace, Duration.ofSeconds(2), Progress.NONE, Clock.systemUTC());
      OperationResult result = new DehydrateAll(context).run(workspace.databases());

      assertEquals(new TreeSet<>(healthyLabels), result.databases().keySet(), "databases exported; errors: "
          + result.errors() + "; damaged: " + damaged);
      for (String label : healthyLabels) {
        Path db = scratch.resolve(label);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Engine.dehydrator().dehydrate(db, label, expected);
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(scratch.resolve(label + ".json")),
            "archive of " + label);
      }
      assertEquals(corrupt.size(), result.errors().size(), "errors " + result.errors() + " for damaged " + damaged);
      for (int i = 0; i < corrupt.size(); i++) {
        String name = "bad #" + i + ".sqlite";
        long naming = result.errors().stream().filter(e -> e.contains(name)).count();
        assertEquals(1, naming, "errors naming " + name + " (" + damaged.get(i) + "): " + result.errors());
        assertFalse(Files.exists(data.resolve(name + ".json")), "an archive was written for " + damaged.get(i));
      }
      assertTrue(result.errors().stream().noneMatch(e -> e.contains("good ") || e.contains("empty.sqlite3")),
          "errors for healthy databases: " + result.errors());
    }
  }
}
