package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.TestSqlite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporary files left by killed runs are removed by the next run on the same target; those of a
 * live process, of another target, or of other programs are not.
 */
class StaleTempFilesTest {
  @TempDir
  Path dir;
  @TempDir
  Path elsewhere;

  private long deadPid;
  private Process live;

  @BeforeEach
  void processes() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process ended = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
    ended.getInputStream().readAllBytes();
    assertTrue(ended.waitFor(60, TimeUnit.SECONDS));
    deadPid = ended.pid();
    live = LockHolder.start(elsewhere.resolve("holder.db"), "BEGIN");
  }

  @AfterEach
  void endLive() throws Exception {
    live.getOutputStream().close();
    live.waitFor(30, TimeUnit.SECONDS);
  }

  private Path touch(String name) throws IOException {
    return Files.write(dir.resolve(name), new byte[] {1});
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theNameOfATemporaryFileCarriesItsProcess() throws IOException {
    Path temp = AtomicFiles.tempFileBeside(dir.resolve("app.db"));
    String name = temp.getFileName().toString();
    assertTrue(name.matches("\\.app\\.db\\.[0-9a-z]+-" + ProcessHandle.current().pid() + "\\.git-hydrate\\.tmp"), name);
    assertTrue(AtomicFiles.isTempFile(temp));
    assertEquals(0, AtomicFiles.removeStaleTemps(dir.resolve("app.db")), "this process's own file was removed");
  }

  @Test
  void onlyFilesOfEndedProcessesForThisTargetAreRemoved() throws IOException {
    touch(".app.db.k3j9-" + deadPid + ".git-hydrate.tmp");
    touch(".app.db.k3j9-" + deadPid + ".git-hydrate.tmp-journal");
    touch(".app.db.a1-" + live.pid() + ".git-hydrate.tmp");
    touch(".app.db.x.b2-" + deadPid + ".git-hydrate.tmp"); // made for app.db.x
    touch(".other.db.c3-" + deadPid + ".git-hydrate.tmp");
    touch(".app.db.not-a-temp-file.tmp");
    touch("app.db");
    assertEquals(1, AtomicFiles.removeStaleTemps(dir.resolve("app.db")));
    assertEquals(List.of(".app.db.a1-" + live.pid() + ".git-hydrate.tmp", ".app.db.not-a-temp-file.tmp",
        ".app.db.x.b2-" + deadPid + ".git-hydrate.tmp", ".other.db.c3-" + deadPid + ".git-hydrate.tmp", "app.db"),
        names());
  }

  @Test
  void filesOfOlderVersionsWithoutAProcessAreRemovedOnlyWhenOld() throws IOException {
    Path old = touch(".app.db.k3j9.git-hydrate.tmp");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    touch(".app.db.z8.git-hydrate.tmp");
    assertEquals(1, AtomicFiles.removeStaleTemps(dir.resolve("app.db")));
    assertEquals(List.of(".app.db.z8.git-hydrate.tmp"), names());
  }

  @Test
  void hydrateAndDehydrateCleanUpAfterKilledRuns() throws Exception {
    Path db = dir.resolve("app.db");
    TestSqlite.exec(db, "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)");
    touch(".app.db.json.k3j9-" + deadPid + ".git-hydrate.tmp");
    Path archive = dir.resolve("app.db.json");
    new Dehydrator(0, Progress.NONE).dehydrate(db, "app.db", archive);
    assertEquals(List.of("app.db", "app.db.json"), names());

    Path copy = dir.resolve("copy.db");
    touch(".copy.db.k3j9-" + deadPid + ".git-hydrate.tmp");
    touch(".copy.db.k3j9-" + deadPid + ".git-hydrate.tmp-journal");
    new Hydrator(new Hydrator.Options(false, null, Duration.ZERO), Progress.NONE, Clock.systemUTC())
        .hydrate(archive, "app.db", copy);
    assertEquals(List.of("app.db", "app.db.json", "copy.db"), names());
  }
}
