package io.githydrate.cli;

import io.githydrate.git.filter.Filters;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "smudge", description = {
    "Read an archive on stdin, write its database on stdout (run by Git as filter.hydrate.smudge, one file",
    "at a time, by clients without the filter process, such as JGit)."})
final class SmudgeCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Parameters(paramLabel = "PATH", description = "The file's path from the top of the work tree (Git's %%f).")
  String path;

  @Override
  public Integer call() {
    return Filters.single(true, path, top.in(), top.out(), top.err(), top.workingDirectory(), top.env());
  }
}
