package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.engine.ArchiveDelta;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Digests;
import io.githydrate.engine.Hydrator;
import io.githydrate.engine.LineIndex;
import io.githydrate.engine.Progress;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The line index of an archive ({@link LineIndex}) is a function of the archive's bytes and the
 * key alone: made while a full hydrate parses the archive (bytes in whatever pieces the reader
 * gets), while an export writes it, line by line, written and read back, it is the same, and bound
 * to the archive's SHA-256. Any damage to a kept index makes it unreadable, never different.
 */
class LineIndexPropertyTest {
  private static final LineIndex.Key KEY = LineIndex.Key.of(0x5eed_1234_abcdL);

  @Provide
  Arbitrary<List<Integer>> pieces() {
    return Arbitraries.integers().between(1, 700).list().ofMinSize(1).ofMaxSize(8);
  }

  @Property(tries = 100)
  @Label("An archive's index is the same however it is made, and survives being kept")
  void theIndexIsAFunctionOfTheBytes(@ForAll("databases") GeneratedDatabase generated,
      @ForAll("pieces") List<Integer> pieces) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      Path source = scratch.resolve("source.db");
      generated.create(source);
      Path archive = scratch.resolve("app.db.json");
      Engine.dehydrator().dehydrate(source, Engine.LABEL, archive);
      String digest = Digests.ofFile(archive);

      LineIndex byLines;
      try (InputStream in = Files.newInputStream(archive)) {
        byLines = ArchiveDelta.index(in, KEY).orElseThrow();
      }
      assertEquals(digest, byLines.archiveDigest());

      byte[] bytes = Files.readAllBytes(archive);
      LineIndex.Builder byPieces = new LineIndex.Builder(KEY);
      for (int at = 0, i = 0; at < bytes.length; i++) {
        int next = Math.min(bytes.length, at + pieces.get(i % pieces.size()));
        byPieces.bytes(bytes, at, next);
        at = next;
      }
      Hydrator hydrator = new Hydrator(new Hydrator.Options(false, null, Duration.ofSeconds(2), true, null, true),
          Progress.NONE, Clock.systemUTC());
      LineIndex whileBuilding = hydrator.hydrate(archive, Engine.LABEL, scratch.resolve("built.db"),
          new Hydrator.Known(null, false, () -> KEY)).index();

      Dehydrator.Written exported = Engine.dehydrator().dehydrate(source, Engine.LABEL, scratch.resolve("again.json"),
          () -> { }, KEY);

      byte[] kept = written(scratch.resolve("lines"), byLines);
      assertArrayEquals(kept, written(scratch.resolve("pieces"), byPieces.finish(digest).orElseThrow()));
      assertArrayEquals(kept, written(scratch.resolve("built"), whileBuilding));
      assertEquals(digest, exported.digest());
      assertArrayEquals(kept, written(scratch.resolve("exported"), exported.index()));
      assertArrayEquals(kept, written(scratch.resolve("again"),
          LineIndex.read(scratch.resolve("lines"), KEY).orElseThrow()));

      // Damage anywhere, or another key: no index rather than a wrong one.
      int at = Math.floorMod(generated.hashCode(), kept.length);
      byte[] damaged = kept.clone();
      damaged[at] ^= (byte) (1 << (at % 8));
      Files.write(scratch.resolve("damaged"), damaged);
      assertTrue(LineIndex.read(scratch.resolve("damaged"), KEY).isEmpty(), "damaged at byte " + at);
      assertTrue(LineIndex.read(scratch.resolve("lines"), LineIndex.Key.of(42)).isEmpty());
    }
  }

  @Provide
  Arbitrary<GeneratedDatabase> databases() {
    return DatabaseArbitraries.databases();
  }

  private static byte[] written(Path file, LineIndex index) throws Exception {
    index.write(file);
    return Files.readAllBytes(file);
  }
}
