package io.githydrate.git;

import java.util.Optional;

/** The Git hooks git-hydrate installs, by the file name Git runs each from. */
public enum GitHook {
  /** Exports changed databases and stages their archives; refuses a staged SQLite file. */
  PRE_COMMIT("pre-commit"),
  /** After a checkout or switch: the databases whose archives changed are rebuilt. */
  POST_CHECKOUT("post-checkout"),
  /** After a commit: a cherry-pick, revert or rebase step may have written archives. */
  POST_COMMIT("post-commit"),
  /** After a merge or pull. */
  POST_MERGE("post-merge"),
  /** After a rebase or an amend. */
  POST_REWRITE("post-rewrite"),
  /**
   * After a move of HEAD no other hook follows ({@code reset --hard}, each step of a rebase and its
   * {@code --abort}); Git before 2.28 never runs it. husky does not run it from its scripts.
   */
  REFERENCE_TRANSACTION("reference-transaction");

  private final String fileName;

  GitHook(String fileName) {
    this.fileName = fileName;
  }

  /** The hook's file name in the hooks folder, and its name on {@code git-hydrate hook NAME}. */
  public String fileName() {
    return fileName;
  }

  /** Whether Git runs it after changing the work tree or HEAD: its exit code cannot undo that. */
  public boolean afterGit() {
    return this != PRE_COMMIT;
  }

  /** Whether husky (5 and later) runs it from its scripts in {@code .husky/}. */
  public boolean huskyRuns() {
    return this != REFERENCE_TRANSACTION;
  }

  /** The hook whose file name is {@code name}; empty for any other name. */
  public static Optional<GitHook> named(String name) {
    for (GitHook hook : values()) {
      if (hook.fileName.equals(name)) {
        return Optional.of(hook);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return fileName;
  }
}
