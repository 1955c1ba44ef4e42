package io.githydrate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.githydrate.engine.Progress;
import io.githydrate.git.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code large-values} applies in hooks mode; filter mode, where Git sees only the database, keeps values in line. */
class ContextLargeValuesTest {
  @TempDir
  Path dir;

  @BeforeEach
  void aRepositoryWithLargeValues() throws Exception {
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".hydrateconfig"), "[database \"*.db\"]\n\tlarge-values = 1m\n");
  }

  private long limit() {
    Context context = new Context(Workspace.around(dir), Duration.ofSeconds(1), Progress.NONE, Clock.systemUTC());
    return context.archiveRules("data/app.db").largeValueBytes();
  }

  @Test
  void hooksModeKeepsLargeValuesOutOfLine() {
    assertEquals(1 << 20, limit());
  }

  @Test
  void filterModeKeepsThemInLine() throws Exception {
    Files.writeString(dir.resolve(".gitattributes"), "# >>> git-hydrate (managed block: 'git hydrate uninstall' removes it)\n"
        + "*.db filter=hydrate diff=hydrate merge=hydrate -text\n# <<< git-hydrate\n");
    assertEquals(0, limit());
  }
}
