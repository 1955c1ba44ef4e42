package io.githydrate.cli;

import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.GitCli;
import io.githydrate.git.GitRepository;
import io.githydrate.git.Mode;
import io.githydrate.git.Workspace;
import io.githydrate.merge.Policy;
import io.githydrate.hook.Hooks;
import io.githydrate.sync.MergeConflicts;
import io.githydrate.sync.SyncState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "resolve", description = {
    "Resolve the conflicts a merge left in databases, and stage the result.",
    "--ours or --theirs: merge again, taking that side wherever the two disagree (everything else",
    "stays merged). Neither: the database as it stands is the resolution (put it right first; in",
    "hooks mode load the merge into it with 'git hydrate sync'). Then 'git commit' concludes the merge."})
final class ResolveCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @ArgGroup(exclusive = true)
  Side side = new Side();

  static final class Side {
    @Option(names = "--ours", description = "Take our side of each conflict.")
    boolean ours;

    @Option(names = "--theirs", description = "Take their side of each conflict.")
    boolean theirs;
  }

  @Parameters(paramLabel = "DB", arity = "0..*", description = "Databases or archives (default: every unmerged one).")
  List<Path> paths;

  @Override
  public Integer call() {
    Workspace workspace = top.workspace();
    try (GitRepository repository = top.repository(workspace)) {
      List<String> errors = new ArrayList<>();
      List<DatabaseEntry> entries = top.existing(workspace, top.entriesOfMode(workspace, paths, errors), paths, errors);
      Mode mode = top.mode(workspace);
      SyncState state = SyncState.load(SyncState.file(workspace.gitDir().orElseThrow()));
      MergeConflicts conflicts = new MergeConflicts(top.context(workspace), new GitCli(workspace.root()), mode);
      Policy policy = side.ours ? Policy.OURS : side.theirs ? Policy.THEIRS : null;
      List<String> done = conflicts.resolve(entries, policy, state, errors);
      if (mode == Mode.HOOKS && !done.isEmpty()) {
        // The archives changed: the databases follow (a database changed meanwhile is kept as a backup).
        Hooks hooks = top.hooks(workspace, repository);
        hooks.printUpdate(hooks.sync());
      }
      top.progressDone();
      Output.Steps steps = top.output().steps();
      done.forEach(steps::done);
      errors.forEach(steps::error);
      if (done.isEmpty() && errors.isEmpty()) {
        steps.note("nothing to resolve");
      }
      steps.finish();
      return errors.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}
