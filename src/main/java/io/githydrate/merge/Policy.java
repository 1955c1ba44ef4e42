package io.githydrate.merge;

/** What a merge writes where the two sides disagree. */
public enum Policy {
  /** Ours, with each disagreement listed in the archive's {@code conflicts}: a conflict for Git. */
  MARK,
  /** Ours, as resolved ({@code git hydrate resolve --ours}). */
  OURS,
  /** Theirs, as resolved ({@code git hydrate resolve --theirs}). */
  THEIRS
}
