package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.githydrate.engine.DatabaseCheck;
import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property 4 of the reference design, corruption detection accuracy: the check says "unhealthy"
 * exactly for files SQLite cannot use. A zeroed page in the middle of a b-tree is only certain to
 * be found by the full check; every other damage must also be found by the quick one.
 */
class CorruptionDetectionPropertyTest {

  @Provide
  Arbitrary<GeneratedDatabase> databases() {
    return DatabaseArbitraries.databases();
  }

  @Provide
  Arbitrary<Damage> damages() {
    return Damage.any();
  }

  @Property(tries = 100)
  @Label("Property 4: a file is unhealthy exactly when it was damaged")
  void checkTellsUsableFromDamaged(@ForAll("databases") GeneratedDatabase generated, @ForAll("damages") Damage damage)
      throws Exception {
    try (Scratch scratch = Scratch.create()) {
      Path db = scratch.resolve("app.db");
      generated.create(db);
      String what = damage.apply(db);

      DatabaseCheck.Health full = DatabaseCheck.check(db, DatabaseCheck.Level.FULL, 0);
      assertEquals(damage.leavesUsable(), full.healthy(), "full check of a file " + what + ": " + full.problem());
      if (damage.kind() != Damage.Kind.ZERO_PAGE) {
        DatabaseCheck.Health quick = DatabaseCheck.check(db, DatabaseCheck.Level.QUICK, 0);
        assertEquals(damage.leavesUsable(), quick.healthy(), "quick check of a file " + what + ": " + quick.problem());
      }
    }
  }
}
