package io.githydrate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.TestSqlite;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Progress;
import io.githydrate.sync.ArchiveCheck;
import io.githydrate.sync.Placeholders;
import io.githydrate.testing.Corpus;
import io.githydrate.testing.InProcess;
import io.githydrate.testing.InProcess.Run;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real databases that nobody on the project wrote (see the corpus folder's README) must round-trip
 * exactly ({@link Corpus}: skipped, saying so, without the corpus, and failing in CI).
 */
class CorpusRoundTripTest {
  @TempDir
  Path dir;

  @BeforeEach
  void aRepository() throws IOException {
    Files.createDirectory(dir.resolve(".git"));
  }

  private Run run(String... args) {
    return InProcess.run(dir, args);
  }

  private static byte[] archive(Path db, String label) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new Dehydrator(5000, Progress.NONE).dehydrate(db, label, out);
    return out.toByteArray();
  }

  @TestFactory
  Stream<DynamicTest> verifyPassesForEveryCorpusDatabase() throws IOException {
    return Corpus.eachDatabase(db -> {
      byte[] before = Files.readAllBytes(db);
      FileTime modified = Files.getLastModifiedTime(db);
      Run run = run("verify", db.toString());
      assertEquals(0, run.exitCode(), run.out() + run.err());
      assertEquals("", run.err());
      assertTrue(run.out().startsWith(db.getFileName() + ": exact round trip ("), run.out());
      assertTrue(run.out().endsWith(" rows, database)\n"), run.out());
      assertArrayEquals(before, Files.readAllBytes(db), "verify changed a corpus database");
      assertEquals(modified, Files.getLastModifiedTime(db));
      assertFalse(Files.exists(db.resolveSibling(db.getFileName() + ".json")), "verify wrote an archive");
    });
  }

  @TestFactory
  Stream<DynamicTest> checkPassesOnEveryCorpusDatabasesArchive() throws IOException {
    return Corpus.eachDatabase(db -> {
      Path archive = dir.resolve(db.getFileName() + ".json");
      Files.write(archive, archive(db, "corpus/" + db.getFileName()));
      assertEquals(List.of(), new ArchiveCheck(Placeholders.NONE_ALLOWED).check(archive, "corpus/" + db.getFileName()));
    });
  }

  @TestFactory
  Stream<DynamicTest> dehydratingTwiceGivesTheSameBytes() throws IOException {
    return Corpus.eachDatabase(db -> {
      byte[] first = archive(db, "corpus/" + db.getFileName());
      assertArrayEquals(first, archive(db, "corpus/" + db.getFileName()));
    });
  }

  @TestFactory
  Stream<DynamicTest> vacuumingACopyDoesNotChangeItsArchive() throws IOException {
    return Corpus.eachDatabase(db -> {
      Path copy = dir.resolve(db.getFileName());
      Files.copy(db, copy, StandardCopyOption.REPLACE_EXISTING);
      copy.toFile().setWritable(true);
      TestSqlite.exec(copy, "VACUUM");
      assertEquals(new String(archive(db, "corpus/" + db.getFileName()), StandardCharsets.UTF_8),
          new String(archive(copy, "corpus/" + db.getFileName()), StandardCharsets.UTF_8));
    });
  }

  @TestFactory
  Stream<DynamicTest> hydratingTheArchiveOfACopyGivesTheArchiveBack() throws IOException {
    return Corpus.eachDatabase(db -> {
      Path work = Files.createDirectories(dir.resolve(db.getFileName() + ".work"));
      Files.createDirectory(work.resolve(".git"));
      Path copy = work.resolve("copy.db");
      Files.copy(db, copy);
      copy.toFile().setWritable(true);
      Run dehydrated = run("-C", work.toString(), "dehydrate", "copy.db");
      assertEquals(0, dehydrated.exitCode(), dehydrated.err());
      Path archive = work.resolve("copy.db.json");
      byte[] bytes = Files.readAllBytes(archive);
      Files.delete(copy);
      Run hydrated = run("-C", work.toString(), "hydrate", "copy.db.json");
      assertEquals(0, hydrated.exitCode(), hydrated.err());
      assertTrue(hydrated.out().startsWith("copy.db: created ("), hydrated.out());
      Run again = run("-C", work.toString(), "dehydrate", "copy.db");
      assertEquals(0, again.exitCode(), again.err());
      assertTrue(again.out().startsWith("copy.db: unchanged ("), again.out());
      assertArrayEquals(bytes, Files.readAllBytes(archive));
    });
  }
}
