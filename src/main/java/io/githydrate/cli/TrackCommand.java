package io.githydrate.cli;

import io.githydrate.git.DatabasePatterns;
import io.githydrate.git.GitCli;
import io.githydrate.git.Installer;
import io.githydrate.git.Mode;
import io.githydrate.git.Workspace;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "track", description = {
    "Treat the files matching GLOB as databases (in .hydrateconfig), and write the attribute and",
    "ignore lines for them; without GLOB, list the patterns. Commit the files it changes."})
final class TrackCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Parameters(paramLabel = "GLOB", arity = "0..1", description = {
      "A glob: without \"/\" it matches a file name anywhere (*.sqlite), with \"/\" a path from the top (data/**/*.db)."})
  String glob;

  @Override
  public Integer call() {
    return PatternEdit.run(top, glob, true);
  }

  /** What track and untrack share: edit the patterns, then rewrite the blocks for the repository's mode. */
  static final class PatternEdit {
    private PatternEdit() {}

    static int run(GitHydrateCommand top, String glob, boolean add) {
      Workspace workspace = top.workspace();
      top.repository(workspace).close();
      DatabasePatterns patterns = new DatabasePatterns(workspace.root());
      if (glob == null) {
        top.output().patterns(patterns.current());
        return ExitCodes.OK;
      }
      Output.Steps steps = top.output().steps();
      boolean changed = add ? patterns.track(glob) : patterns.untrack(glob);
      if (!changed) {
        steps.note("\"" + glob + "\" " + (add ? "is tracked already" : "was not tracked"));
        steps.finish();
        return ExitCodes.OK;
      }
      Workspace updated = Workspace.around(workspace.root());
      Mode mode = Mode.of(updated.root());
      List<String> done = new Installer(updated, new GitCli(updated.root())).writeBlocks(mode);
      steps.done((add ? "tracking" : "no longer tracking") + " \"" + glob + "\" (.hydrateconfig)");
      done.forEach(steps::done);
      steps.note("commit .hydrateconfig, .gitattributes and .gitignore"
          + (add && mode == Mode.FILTER ? ", and git add the databases it matches" : ""));
      steps.finish();
      return ExitCodes.OK;
    }
  }
}
