package io.githydrate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Prints the manual page {@code git-hydrate.1} (troff) on stdout: the distribution build writes it
 * to {@code share/man/man1/}, where {@code man} finds it for {@code git hydrate --help}.
 */
@Command(name = "man-page", hidden = true, description = "Print the manual page git-hydrate.1 (troff).")
final class ManPageCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    new ManPage(spec.parent().commandLine()).write(top.out());
    top.out().flush();
    return ExitCodes.OK;
  }
}
