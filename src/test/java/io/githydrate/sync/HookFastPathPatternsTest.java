package io.githydrate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.githydrate.git.Layout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Git pathspecs the shortcut asks with cover every database the layout takes, or there are none. */
class HookFastPathPatternsTest {
  private static List<String> pathspecs(String... patterns) {
    return HookFastPath.databasePathspecs(new Layout(List.of(patterns), List.of(), null));
  }

  @Test
  void namesMatchAtAnyDepthAndPathsFromTheRoot() {
    assertEquals(List.of(":(glob)**/*.db", ":(glob)data/*.sqlite", ":(glob)data/*.sqlite/**"),
        pathspecs("*.db", "/data/*.sqlite/"));
    assertEquals(List.of(":(glob)data/**/*.db", ":(glob)data/**/*.db/**"), pathspecs("data/**/*.db"));
  }

  @Test
  void globsGitReadsDifferentlyGiveNoAnswer() {
    assertEquals(List.of(), pathspecs("*.db", "*.{sqlite,db3}"));
    assertEquals(List.of(), pathspecs("data/**.db"));
  }
}
