package io.githydrate.cli;

import io.githydrate.sync.HookFastPath;
import java.nio.file.Path;

/**
 * The launcher's first try at a hook: exits 0 when the hook certainly has nothing to do (see
 * {@link HookFastPath}), else 1, and the launcher then runs the full {@link Main}. A JVM that runs
 * only this starts from a class cache of just the classes it needs, which is what keeps a no-op
 * hook within a few tens of milliseconds; the full cache holds thousands of classes, and mapping
 * them all costs more than the whole answer.
 */
public final class QuickHook {
  private QuickHook() {}

  /** {@code args}: the command line as {@link Main} takes it ({@code hook NAME ARGS…}). */
  public static void main(String[] args) {
    boolean done = HookFastPath.nothingToDo(Path.of("").toAbsolutePath(), System.getenv(), args);
    System.exit(done ? ExitCodes.OK : 1);
  }
}
