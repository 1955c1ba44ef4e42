package io.githydrate.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * What some tests need from outside the source tree: the distribution the package phase builds, the
 * corpus of real databases beside the project. On a developer's machine a missing one skips those
 * tests, saying why; in CI (the environment variable {@code CI} is {@code true}, as CI services set
 * it) it fails them, so that a build which tested nothing of them cannot pass.
 */
public final class Prerequisite {
  private Prerequisite() {}

  /** Whether this run is CI's. */
  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Returns when {@code present}; else fails the test under CI, or skips it elsewhere, with
   * {@code missing} (what is missing, and where it was looked for) as the reason.
   */
  public static void require(boolean present, String missing) {
    if (present) {
      return;
    }
    if (inCi()) {
      fail(missing + " (CI=true: a missing prerequisite fails the build rather than skipping its tests)");
    }
    abort(missing + "; skipped (with CI=true this fails)");
  }
}
