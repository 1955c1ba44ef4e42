package io.githydrate.dist;

import io.githydrate.git.filter.FilterRehearsal;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs the hydrate filter on one database of the current work tree, in one JVM, as Git would (see
 * {@link FilterRehearsal}): the distribution build (src/dist/build.sh) records the filter's class
 * cache from it. Not a user command; exits 1 when a file was not converted.
 */
public final class FilterTraining {
  private FilterTraining() {}

  /** {@code args}: the database's path from the top of the work tree (the current directory). */
  public static void main(String[] args) throws IOException {
    boolean ok = FilterRehearsal.run(Path.of("").toAbsolutePath(), args[0], System.err);
    System.exit(ok ? 0 : 1);
  }
}
