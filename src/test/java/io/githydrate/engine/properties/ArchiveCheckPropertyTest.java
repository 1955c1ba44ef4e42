package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.githydrate.sync.ArchiveCheck;
import io.githydrate.sync.Placeholders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@code git hydrate check} on generated databases: what git-hydrate writes always passes, and a
 * damaged line of it is always reported, never passed silently and never a crash. The damages are
 * those that cannot make another valid archive (an edited value can: that is a different
 * database, not damage).
 */
class ArchiveCheckPropertyTest {
  /** Damage to one line. */
  enum LineDamage {
    GARBAGE, INDENTED, TRAILING_SPACE, DUPLICATED, CUT_IN_HALF;

    List<String> apply(List<String> lines, int at) {
      List<String> damaged = new ArrayList<>(lines);
      String line = lines.get(at);
      switch (this) {
        case GARBAGE -> damaged.set(at, "}{ not json");
        case INDENTED -> damaged.set(at, " " + line);
        case TRAILING_SPACE -> damaged.set(at, line + " ");
        case DUPLICATED -> damaged.add(at, line);
        case CUT_IN_HALF -> damaged.set(at, line.substring(0, line.length() / 2));
      }
      return damaged;
    }
  }

  @Provide
  Arbitrary<GeneratedDatabase> databases() {
    return DatabaseArbitraries.databases();
  }

  @Provide
  Arbitrary<LineDamage> damages() {
    return Arbitraries.of(LineDamage.class);
  }

  private static ArchiveCheck check() {
    return new ArchiveCheck(Placeholders.NONE_ALLOWED);
  }

  @Property(tries = 100)
  void whatGitHydrateWritesPassesCheck(@ForAll("databases") GeneratedDatabase generated) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      Path db = scratch.resolve("app.db");
      generated.create(db);
      Path archive = scratch.resolve("app.db.json");
      Engine.dehydrator().dehydrate(db, Engine.LABEL, archive);

      assertEquals(List.of(), check().check(archive, Engine.LABEL));
    }
  }

  @Property(tries = 100)
  void aDamagedLineIsAlwaysReported(@ForAll("databases") GeneratedDatabase generated,
      @ForAll("damages") LineDamage damage, @ForAll @IntRange(min = 0, max = 100_000) int where) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      Path db = scratch.resolve("app.db");
      generated.create(db);
      Path archive = scratch.resolve("app.db.json");
      Engine.dehydrator().dehydrate(db, Engine.LABEL, archive);
      List<String> lines = Files.readString(archive, StandardCharsets.UTF_8).lines().toList();
      int at = where % lines.size();
      Files.writeString(archive, String.join("\n", damage.apply(lines, at)) + "\n", StandardCharsets.UTF_8);

      List<ArchiveCheck.Problem> problems = check().check(archive, Engine.LABEL);

      assertFalse(problems.isEmpty(), damage + " of line " + (at + 1) + " (" + lines.get(at) + ") passed");
    }
  }
}
