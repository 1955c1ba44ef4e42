package io.githydrate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "untrack", description = {
    "Stop treating the files matching GLOB as databases (the opposite of 'track'). Files already",
    "committed stay as they are in Git's history."})
final class UntrackCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Parameters(paramLabel = "GLOB", description = "A pattern 'track' added (as 'git hydrate track' lists it).")
  String glob;

  @Override
  public Integer call() {
    return TrackCommand.PatternEdit.run(top, glob, false);
  }
}
