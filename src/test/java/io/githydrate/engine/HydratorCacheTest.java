package io.githydrate.engine;

import static io.githydrate.TestSqlite.exec;
import static io.githydrate.TestSqlite.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hydrating with a {@link BuildCache}: a database built from an archive is kept, and copied in when
 * the same archive bytes come back, so that switching back to a branch rebuilds nothing.
 */
class HydratorCacheTest {
  @TempDir
  Path dir;

  BuildCache cache;
  Path target;
  Path first;
  Path second;

  @BeforeEach
  void twoArchivesAndATarget() throws SQLException {
    cache = new BuildCache(dir.resolve("cache"));
    first = archiveOf("first.db", "INSERT INTO notes VALUES (1, 'first')");
    second = archiveOf("second.db", "INSERT INTO notes VALUES (1, 'second'), (2, 'more')");
    target = dir.resolve("app.db");
  }

  private Path archiveOf(String name, String insert) throws SQLException {
    Path db = dir.resolve(name);
    exec(db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)", "CREATE INDEX by_body ON notes(body)", insert);
    Path archive = dir.resolve(name + ".json");
    new Dehydrator(1000, Progress.NONE).dehydrate(db, "app.db", archive);
    return archive;
  }

  private Hydrator hydrator(BuildCache cache) {
    return new Hydrator(new Hydrator.Options(true, dir.resolve("backups"), Duration.ofMillis(300), false, cache, true),
        Progress.NONE, Clock.systemUTC());
  }

  private static Object bodies(Path db) throws SQLException {
    return scalar(db, "SELECT group_concat(body, ',') FROM (SELECT body FROM notes ORDER BY id)");
  }

  @Test
  void aBuiltDatabaseIsKeptAndCopiedInWhenItsArchiveComesBack() throws IOException, SQLException {
    hydrator(cache).hydrate(first, "app.db", target); // created: renamed into place, nothing kept
    Hydrator.Outcome toSecond = hydrator(cache).hydrate(second, "app.db", target);
    assertEquals(Hydrator.Action.REPLACED, toSecond.action());
    assertEquals(Digests.ofFile(second), toSecond.archiveDigest(), "the digest of the bytes it was built from");
    assertTrue(cache.find(Digests.ofFile(second)).isPresent(), "kept after replacing the target's content");
    hydrator(cache).hydrate(first, "app.db", target);
    String secondDigest = Digests.ofFile(second);

    // The archive's bytes are not read again: only the cached database can give its content now.
    Files.writeString(second, "not an archive");
    Hydrator.Outcome again = hydrator(cache).hydrate(second, "app.db", target, new Hydrator.Known(secondDigest, true));

    assertEquals(Hydrator.Action.REPLACED, again.action());
    assertEquals(new ArchiveSummary(1, 2), again.summary());
    assertEquals("second,more", bodies(target));
    assertEquals("ok", scalar(target, "PRAGMA integrity_check"));
  }

  @Test
  void aDamagedCachedDatabaseIsForgottenAndTheArchiveBuiltAgain() throws IOException, SQLException {
    hydrator(cache).hydrate(first, "app.db", target);
    hydrator(cache).hydrate(second, "app.db", target);
    hydrator(cache).hydrate(first, "app.db", target);
    Path kept = cache.find(Digests.ofFile(second)).orElseThrow().database();
    Files.write(kept, new byte[(int) Files.size(kept)]);

    Hydrator.Outcome outcome = hydrator(cache).hydrate(second, "app.db", target);

    assertEquals(Hydrator.Action.REPLACED, outcome.action());
    assertEquals("second,more", bodies(target));
    Path rebuilt = cache.find(Digests.ofFile(second)).orElseThrow().database();
    assertEquals("ok", scalar(rebuilt, "PRAGMA quick_check"), "kept again, built anew");
  }

  @Test
  void aMissingTargetGetsACopyAndTheCacheKeepsItsDatabase() throws SQLException {
    hydrator(cache).hydrate(first, "app.db", target);
    hydrator(cache).hydrate(second, "app.db", target);
    Path other = dir.resolve("other.db");

    Hydrator.Outcome outcome = hydrator(cache).hydrate(second, "app.db", other);

    assertEquals(Hydrator.Action.CREATED, outcome.action());
    assertEquals("second,more", bodies(other));
    assertTrue(Files.exists(cache.find(Digests.ofFile(second)).orElseThrow().database()));
  }

  @Test
  void aWalTargetIsVerifiedByItsContent() throws SQLException {
    hydrator(cache).hydrate(first, "app.db", target);
    exec(target, "PRAGMA journal_mode=WAL");

    Hydrator.Outcome outcome = hydrator(cache).hydrate(second, "app.db", target, new Hydrator.Known(null, true));

    assertEquals(Hydrator.Action.REPLACED, outcome.action());
    assertEquals("second,more", bodies(target));
  }

  @Test
  void knowingTheTargetDiffersSkipsOnlyTheComparison() throws SQLException {
    hydrator(null).hydrate(first, "app.db", target);
    Hydrator.Outcome same = hydrator(null).hydrate(first, "app.db", target);
    assertEquals(Hydrator.Action.UNCHANGED, same.action());
    assertEquals(Digests.ofFile(first), same.archiveDigest(), "the digest of what was read, cache or not");

    Hydrator.Outcome told = hydrator(null).hydrate(first, "app.db", target, new Hydrator.Known(null, true));
    assertEquals(Hydrator.Action.REPLACED, told.action(), "written again, the same content");
    assertEquals("first", bodies(target));
    assertFalse(Files.exists(dir.resolve("cache")));
  }

  @Test
  void aCopyThroughTheBackupApiComesOutPageForPage() throws SQLException {
    hydrator(cache).hydrate(first, "app.db", target);
    hydrator(cache).hydrate(second, "app.db", target);
    Path kept = cache.find(Digests.ofFile(second)).orElseThrow().database();
    assertTrue(DatabaseFiles.samePages(kept, target));
    exec(target, "UPDATE notes SET body = 'changed' WHERE id = 2");
    assertFalse(DatabaseFiles.samePages(kept, target));
  }
}
