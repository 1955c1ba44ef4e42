package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.engine.Dehydrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property 2 of the reference design, idempotent dehydration: the archive depends only on what the
 * database holds, so dehydrating again, after VACUUM, or from a database that received the same rows
 * in another order, gives the same bytes; and an archive that would not change is not written at
 * all, so Git and build tools see no change.
 */
class IdempotentDehydrationPropertyTest {

  /** Far enough in the past that a rewrite could not keep it by accident. */
  private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));

  @Provide
  Arbitrary<GeneratedDatabase> databases() {
    return DatabaseArbitraries.databases();
  }

  @Property(tries = 100)
  @Label("Property 2: dehydrating again, after VACUUM, or after another insertion order gives the same bytes")
  void archiveDependsOnlyOnContent(@ForAll("databases") GeneratedDatabase generated, @ForAll long shuffleSeed)
      throws Exception {
    try (Scratch scratch = Scratch.create()) {
      Path db = scratch.resolve("app.db");
      generated.create(db);
      Path archive = scratch.resolve("app.db.json");
      Dehydrator dehydrator = Engine.dehydrator();

      assertTrue(dehydrator.dehydrate(db, Engine.LABEL, archive).changed(), "a new archive is a change");
      byte[] first = Files.readAllBytes(archive);
      Files.setLastModifiedTime(archive, LONG_AGO);
      Dehydrator.Written again = dehydrator.dehydrate(db, Engine.LABEL, archive);
      assertFalse(again.changed(), "dehydrating an unchanged database reported a change");
      assertEquals(LONG_AGO, Files.getLastModifiedTime(archive), "the unchanged archive was rewritten");
      assertNull(Engine.firstDifference(first, Files.readAllBytes(archive)), "second dehydration");

      Path vacuumed = scratch.resolve("vacuumed.db");
      Files.copy(db, vacuumed, StandardCopyOption.COPY_ATTRIBUTES);
      Sqlite.execute(vacuumed, "VACUUM");
      Path vacuumedArchive = scratch.resolve("vacuumed.db.json");
      dehydrator.dehydrate(vacuumed, Engine.LABEL, vacuumedArchive);
      assertNull(Engine.firstDifference(first, Files.readAllBytes(vacuumedArchive)), "after VACUUM");

      Path shuffled = scratch.resolve("shuffled.db");
      generated.recreateShuffled(db, shuffled, shuffleSeed);
      Path shuffledArchive = scratch.resolve("shuffled.db.json");
      dehydrator.dehydrate(shuffled, Engine.LABEL, shuffledArchive);
      assertNull(Engine.firstDifference(first, Files.readAllBytes(shuffledArchive)),
          "the same rows inserted in another order");
    }
  }
}
