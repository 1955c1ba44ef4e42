package io.githydrate.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where git-hydrate's lines go in a hook manager's script, and what may come before them. */
class ManagerScriptTest {
  private static final String LINES = "# >>> git-hydrate pre-commit (…)\nrun\n# <<< git-hydrate pre-commit\n";

  @Test
  void theLinesGoFirstInAScriptWithoutAHashBangLine() {
    assertEquals(LINES + "npx lint-staged\nexit 0\n", ManagerScript.insertFirst("npx lint-staged\nexit 0\n", LINES));
    assertEquals(LINES, ManagerScript.insertFirst("", LINES));
  }

  @Test
  void theLinesGoAfterTheHashBangLineAndHuskysOwnLine() {
    String husky8 = "#!/usr/bin/env sh\n. \"$(dirname -- \"$0\")/_/husky.sh\"\n\nnpx lint-staged\n";
    assertEquals("#!/usr/bin/env sh\n. \"$(dirname -- \"$0\")/_/husky.sh\"\n" + LINES + "\nnpx lint-staged\n",
        ManagerScript.insertFirst(husky8, LINES));
    assertEquals("#!/bin/sh\n" + LINES + "# lint\nnpx lint-staged\n",
        ManagerScript.insertFirst("#!/bin/sh\n# lint\nnpx lint-staged\n", LINES));
    assertEquals("#!/bin/sh\n" + LINES, ManagerScript.insertFirst("#!/bin/sh", LINES));
  }

  @Test
  void onlyBlankLinesCommentsAndHuskysLineMayComeBeforeTheLines() {
    ManagerScript first = ManagerScript.of("#!/bin/sh\n. \"$(dirname \"$0\")/_/husky.sh\"\n\n# ours\n" + LINES + "exit 0\n",
        "pre-commit");
    assertTrue(first.linesFirst());
    assertEquals(LINES, first.lines());
    assertEquals("#!/bin/sh\n. \"$(dirname \"$0\")/_/husky.sh\"\n\n# ours\nexit 0\n", first.without());

    ManagerScript after = ManagerScript.of("echo hi\nexit 0\n" + LINES, "pre-commit");
    assertFalse(after.linesFirst());
    assertEquals(Optional.of("line 1: echo hi"), after.firstBlocker());
  }

  @Test
  void linesOfAnotherHookOrWithoutTheirEndLineAreNotFound() {
    assertEquals("", ManagerScript.of(LINES, "post-commit").lines());
    assertEquals("", ManagerScript.of("# >>> git-hydrate pre-commit (…)\nrun\n", "pre-commit").lines());
    assertFalse(ManagerScript.of("exit 0\n", "pre-commit").linesFirst());
  }
}
