package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.githydrate.engine.Digests;
import io.githydrate.engine.Hydrator;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property 3 of the reference design, idempotent hydration: hydrating an archive over the database
 * it already built, even with force, leaves the same content, does nothing and keeps no backup (a
 * backup of identical content would only pile up files).
 */
class IdempotentHydrationPropertyTest {

  @Provide
  Arbitrary<GeneratedDatabase> databases() {
    return DatabaseArbitraries.databases();
  }

  @Property(tries = 100)
  @Label("Property 3: hydrating twice, the second time with force, changes nothing")
  void hydratingAgainChangesNothing(@ForAll("databases") GeneratedDatabase generated) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      Path source = scratch.resolve("source.db");
      generated.create(source);
      Path archive = scratch.resolve("app.db.json");
      Engine.dehydrator().dehydrate(source, Engine.LABEL, archive);
      Path target = scratch.resolve("app.db");

      Hydrator.Outcome first = Engine.hydrator(false).hydrate(archive, Engine.LABEL, target);
      String afterFirst = Engine.dehydrator().digest(target, Engine.LABEL);
      List<String> files = Scratch.list(scratch.root());
      Hydrator.Outcome second = Engine.hydrator(true).hydrate(archive, Engine.LABEL, target);

      assertEquals(Hydrator.Action.CREATED, first.action());
      assertEquals(Digests.ofFile(archive), afterFirst, "the hydrated database does not match its archive");
      assertEquals(Hydrator.Action.UNCHANGED, second.action());
      assertNull(second.backup(), "a backup was kept of content identical to the archive");
      assertEquals(afterFirst, Engine.dehydrator().digest(target, Engine.LABEL), "content after the second hydration");
      assertEquals(files, Scratch.list(scratch.root()), "files in the folder after the second hydration");
    }
  }
}
