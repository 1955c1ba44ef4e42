package io.githydrate.hook;

import io.githydrate.audit.AuditLog;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The launcher's first try at a hook: exits 0 when the hook certainly has nothing to do (see
 * {@link HookFastPath}), else 1, and the launcher then runs {@link UpdateHook} or the full
 * {@link Main}. A JVM that runs only this starts from a class cache of just the classes it needs,
 * which is what keeps a no-op hook within a few tens of milliseconds; the full cache holds thousands
 * of classes, and mapping them all costs more than the whole answer.
 *
 * <p>With {@code --print-changed} first, it also prints, when it knows them, the archives that a
 * post-checkout, post-merge or post-rewrite moved (see {@link ChangedArchives}), so that
 * {@code UpdateHook} need not ask Git again.
 */
public final class QuickHook {
  /** Exit codes the launcher reads: the hook is answered, or the next JVM decides. */
  static final int NOTHING_TO_DO = 0;
  static final int NOT_SURE = 1;

  private QuickHook() {}

  /** {@code args}: [{@code --print-changed}] and the command line as {@link Main} takes it ({@code hook NAME ARGS…}). */
  public static void main(String[] args) {
    boolean printChanged = args.length > 0 && args[0].equals("--print-changed");
    String[] commandLine = printChanged ? Arrays.copyOfRange(args, 1, args.length) : args;
    HookFastPath.Answer answer = HookFastPath.ask(Path.of("").toAbsolutePath(), System.getenv(), commandLine);
    if (answer.nothingToDo()) {
      HookFastPath.recordNothingToDo(Path.of("").toAbsolutePath(), System.getenv(), commandLine,
          AuditLog.processStartNanos());
      System.exit(NOTHING_TO_DO);
    }
    Optional<List<String>> changed = answer.changedArchives();
    if (printChanged && changed.isPresent()) {
      ChangedArchives.encode(changed.get()).ifPresent(System.out::print);
      System.out.flush();
    }
    System.exit(NOT_SURE);
  }
}
