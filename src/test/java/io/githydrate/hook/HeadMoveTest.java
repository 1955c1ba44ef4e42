package io.githydrate.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.git.GitHook;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which commits each hook moved between, as the fast path, the update hook and the full hook all read it. */
class HeadMoveTest {
  private static final String A = "a".repeat(40);
  private static final String B = "b".repeat(40);
  private static final String ZEROS = "0".repeat(40);

  private static Optional<HeadMove> move(GitHook hook, String... args) {
    return HeadMove.of(hook, List.of(args));
  }

  @Test
  void eachHookNamesTheCommitsGitMovedBetween() {
    assertEquals(Optional.of(new HeadMove(A, B)), move(GitHook.POST_CHECKOUT, A, B, "1"));
    assertEquals(Optional.of(new HeadMove("ORIG_HEAD", "HEAD")), move(GitHook.POST_MERGE, "0"));
    assertEquals(Optional.of(new HeadMove("ORIG_HEAD", "HEAD")), move(GitHook.POST_REWRITE, "rebase"));
    assertEquals(Optional.of(new HeadMove("HEAD~1", "HEAD")), move(GitHook.POST_COMMIT));
    assertEquals(Optional.of(new HeadMove(A, B)), move(GitHook.REFERENCE_TRANSACTION, "committed", A, B, "HEAD"));
  }

  @Test
  void aCloneOrABranchPutBackMovesFromNoKnownCommit() {
    assertEquals(Optional.of(new HeadMove(null, B)), move(GitHook.POST_CHECKOUT, ZEROS, B, "1"));
    assertEquals(Optional.of(new HeadMove(null, B)), move(GitHook.REFERENCE_TRANSACTION, "committed", ZEROS, B, "HEAD"));
  }

  @Test
  void aCheckoutOfTheSameCommitStaysInPlace() {
    assertTrue(move(GitHook.POST_CHECKOUT, A, A, "1").orElseThrow().inPlace());
  }

  @Test
  void noMoveWhereNoFileChangedOrTheArgumentsAreNotRevisions() {
    assertEquals(Optional.empty(), move(GitHook.PRE_COMMIT));
    assertEquals(Optional.empty(), move(GitHook.POST_REWRITE, "amend"), "an amend changes no file");
    assertEquals(Optional.empty(), move(GitHook.REFERENCE_TRANSACTION, "prepared", A, B, "HEAD"));
    assertEquals(Optional.empty(), move(GitHook.REFERENCE_TRANSACTION, "committed", A, ZEROS, "HEAD"), "a deleted ref");
    assertEquals(Optional.empty(), move(GitHook.POST_CHECKOUT, "--output=x", B, "1"), "never an option to git");
    assertEquals(Optional.empty(), move(GitHook.POST_CHECKOUT, A));
  }
}
