package io.githydrate.hook;

import io.githydrate.git.GitHook;
import java.util.List;
import java.util.Optional;

/**
 * The commits a hook's Git command moved HEAD between, as the hook's name and arguments tell them:
 * the one place each of the three tries at a hook (the shell aside) learns which archives to look
 * at. {@code from} is null when no earlier commit is one the databases are known to match (a clone's
 * checkout, a branch put back by {@code rebase --abort}); then every database is looked at.
 */
public record HeadMove(String from, String to) {
  private static final String ORIG_HEAD = "ORIG_HEAD";
  private static final String HEAD = "HEAD";

  /**
   * The move a hook follows; empty for pre-commit, an amend's post-rewrite (it changes no file), a
   * reference-transaction other than the committed update of HEAD the installed script passes
   * ({@code committed OLD NEW REF}), and arguments that are not revisions.
   */
  public static Optional<HeadMove> of(GitHook hook, List<String> args) {
    return switch (hook) {
      case PRE_COMMIT -> Optional.empty();
      case POST_CHECKOUT -> args.size() >= 2 ? between(args.get(0), args.get(1)) : Optional.empty();
      case POST_MERGE -> between(ORIG_HEAD, HEAD);
      case POST_REWRITE -> !args.isEmpty() && args.get(0).equals("rebase") ? between(ORIG_HEAD, HEAD) : Optional.empty();
      // Git wrote the files of a cherry-pick, revert or rebase step before committing.
      case POST_COMMIT -> between("HEAD~1", HEAD);
      case REFERENCE_TRANSACTION -> args.size() >= 3 && args.get(0).equals("committed")
          ? between(args.get(1), args.get(2)) : Optional.empty();
    };
  }

  /** Whether Git says the work tree did not move: a checkout of the commit it was on. */
  public boolean inPlace() {
    return to.equals(from);
  }

  private static Optional<HeadMove> between(String from, String to) {
    if (!isRevision(from) || !isRevision(to) || to.matches("0+")) {
      return Optional.empty();
    }
    return Optional.of(new HeadMove(from.matches("0+") ? null : from, to));
  }

  /** A revision Git can be given as an argument: never one it would read as an option. */
  private static boolean isRevision(String text) {
    return !text.isEmpty() && !text.startsWith("-") && text.chars().allMatch(c -> c > ' ' && c != 0x7f);
  }
}
