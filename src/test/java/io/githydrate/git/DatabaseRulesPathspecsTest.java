package io.githydrate.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Git pathspecs the hooks ask with cover every database the rules take, or there are none. */
class DatabaseRulesPathspecsTest {
  private static List<String> pathspecs(String... patterns) {
    return new DatabaseRules(List.of(patterns), List.of(), null).gitPathspecs();
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
