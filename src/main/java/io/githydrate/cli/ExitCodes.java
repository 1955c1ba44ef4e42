package io.githydrate.cli;

/** Every exit code the binary uses; the README's table is this one. */
final class ExitCodes {
  /** Everything asked for was done. */
  static final int OK = 0;
  /** At least one database or archive failed; each failure was reported on stderr. */
  static final int FAILED = 1;
  /** The command line was wrong. */
  static final int USAGE = 2;
  /** {@code verify}: a round trip was not exact. */
  static final int DIFFERENCES = 3;

  private ExitCodes() {}
}
