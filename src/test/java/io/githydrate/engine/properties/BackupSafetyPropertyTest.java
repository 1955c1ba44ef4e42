package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.githydrate.HydrateException;
import io.githydrate.engine.Digests;
import io.githydrate.engine.Hydrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property 9 of the reference design, backup safety: hydrating over a database whose content is
 * not in the archive either refuses and touches nothing, or (with force) first keeps a timestamped
 * backup holding exactly the old content, then makes the database equal to the archive.
 */
class BackupSafetyPropertyTest {

  /** How the database on disk came to differ from its archive. */
  enum Change { USER_VERSION, NEW_TABLE, OTHER_DATABASE }

  private static final Instant NOW = Instant.parse("2024-02-29T23:59:58Z");
  private static final String BACKUP_NAME = "app.db.20240229T235958Z.bak";

  @Provide
  Arbitrary<GeneratedDatabase> databases() {
    return DatabaseArbitraries.databases();
  }

  /** Builds the archive from {@code archived} and, in {@code app.db}, a database that differs from it. */
  private static void prepare(Scratch scratch, GeneratedDatabase archived, Change change, GeneratedDatabase other)
      throws Exception {
    Path source = scratch.resolve("source.db");
    archived.create(source);
    Engine.dehydrator().dehydrate(source, Engine.LABEL, scratch.resolve("app.db.json"));
    Path target = scratch.resolve("app.db");
    switch (change) {
      case USER_VERSION -> {
        Files.copy(source, target);
        Sqlite.execute(target, "PRAGMA user_version = " + (archived.settings().userVersion() + 1));
      }
      case NEW_TABLE -> {
        Files.copy(source, target);
        Sqlite.execute(target, "CREATE TABLE \"added by hand\" (x)", "INSERT INTO \"added by hand\" VALUES (1)");
      }
      case OTHER_DATABASE -> other.create(target);
    }
    Assume.that(!Digests.ofFile(scratch.resolve("app.db.json"))
        .equals(Engine.dehydrator().digest(target, Engine.LABEL)));
  }

  @Property(tries = 100)
  @Label("Property 9: with force, the old content is kept in a timestamped backup")
  void forceKeepsABackupOfTheOldContent(@ForAll("databases") GeneratedDatabase archived, @ForAll Change change,
      @ForAll("databases") GeneratedDatabase other) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      prepare(scratch, archived, change, other);
      Path target = scratch.resolve("app.db");
      Path archive = scratch.resolve("app.db.json");
      String oldContent = Engine.dehydrator().digest(target, Engine.LABEL);
      Snapshot oldSnapshot = Snapshot.of(target);

      Hydrator.Outcome outcome = Engine.hydrator(true, Clock.fixed(NOW, ZoneOffset.UTC))
          .hydrate(archive, Engine.LABEL, target);

      assertEquals(Hydrator.Action.REPLACED, outcome.action());
      assertEquals(scratch.resolve(BACKUP_NAME).toAbsolutePath(), outcome.backup().toAbsolutePath(), "backup path");
      assertEquals(oldContent, Engine.dehydrator().digest(outcome.backup(), Engine.LABEL), "content of the backup");
      Snapshot backupSnapshot = Snapshot.of(outcome.backup());
      assertEquals(oldSnapshot.pragmas(), backupSnapshot.pragmas(), "pragmas of the backup");
      assertEquals(oldSnapshot.schema(), backupSnapshot.schema(), "schema of the backup");
      assertEquals(List.of(), Snapshot.rowDifferences(oldSnapshot, backupSnapshot), "rows of the backup");
      assertEquals(Digests.ofFile(archive), Engine.dehydrator().digest(target, Engine.LABEL),
          "the database after hydrating does not match the archive");
      assertEquals(List.of("app.db", BACKUP_NAME, "app.db.json", "source.db"), Scratch.list(scratch.root()));
    }
  }

  @Property(tries = 100)
  @Label("Property 9: without force, hydrating refuses and leaves the database as it was")
  void withoutForceNothingIsTouched(@ForAll("databases") GeneratedDatabase archived, @ForAll Change change,
      @ForAll("databases") GeneratedDatabase other) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      prepare(scratch, archived, change, other);
      Path target = scratch.resolve("app.db");
      byte[] before = Files.readAllBytes(target);
      List<String> files = Scratch.list(scratch.root());

      assertThrows(HydrateException.class,
          () -> Engine.hydrator(false).hydrate(scratch.resolve("app.db.json"), Engine.LABEL, target));

      assertArrayEquals(before, Files.readAllBytes(target), "bytes of the database");
      assertEquals(files, Scratch.list(scratch.root()), "files in the folder");
    }
  }
}
