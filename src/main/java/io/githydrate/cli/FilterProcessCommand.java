package io.githydrate.cli;

import io.githydrate.git.filter.Filters;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "filter-process", description = {
    "Serve Git's long-running filter protocol on stdin and stdout (run by Git as filter.hydrate.process):",
    "clean turns a database into its archive, smudge an archive into its database."})
final class FilterProcessCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Override
  public Integer call() {
    return Filters.process(top.in(), top.out(), top.err(), top.workingDirectory(), top.env());
  }
}
