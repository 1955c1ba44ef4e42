package io.githydrate.cli;

import io.githydrate.audit.AuditTrail;
import io.githydrate.engine.AtomicFiles;
import io.githydrate.git.MergeSettings;
import io.githydrate.merge.ArchiveMerge;
import io.githydrate.merge.Conflict;
import io.githydrate.merge.MergeException;
import io.githydrate.merge.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "merge-driver", description = {
    "Merge three archives row by row (Git's merge driver for merge=hydrate; 'install' sets it up).",
    "Git runs: git-hydrate merge-driver %%O %%A %%B %%P. Rows are matched by key and merged cell by cell;",
    "the result replaces OURS. Where the sides disagree it keeps ours, lists the conflicts in the",
    "archive and exits 1, so Git records a conflict: see 'git hydrate conflicts' and 'resolve'."})
final class MergeDriverCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Parameters(index = "0", paramLabel = "BASE", description = "The common ancestor's archive (%%O; may be empty).")
  Path base;

  @Parameters(index = "1", paramLabel = "OURS", description = "Our archive (%%A); the result is written here.")
  Path ours;

  @Parameters(index = "2", paramLabel = "THEIRS", description = "Their archive (%%B).")
  Path theirs;

  @Parameters(index = "3", paramLabel = "PATH", arity = "0..1", description = "The path being merged (%%P), for messages.")
  String path;

  @Override
  public Integer call() {
    String name = path != null ? path : ours.toString();
    Path result = null;
    try {
      ArchiveMerge.Options options = new ArchiveMerge.Options(Policy.MARK,
          MergeSettings.keepsIds(top.workingDirectory()));
      result = AtomicFiles.tempFileBeside(ours.toAbsolutePath());
      ArchiveMerge.Outcome outcome = ArchiveMerge.merge(base, ours, theirs, result, options);
      // OURS is Git's temporary copy, read back as soon as this exits: renamed over in one step, so
      // it is never half written, but not synced to disk, which costs a merge of large archives a
      // quarter of its time and buys nothing.
      Files.move(result, ours.toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      result = null;
      outcome.notes().forEach(note -> top.err().println("git-hydrate: " + name + ": " + note));
      if (outcome.clean()) {
        AuditTrail.current().database(name, "merged", null, null);
        return ExitCodes.OK;
      }
      // Conflicts are the merge's answer, for the user to resolve, not a failure of the driver.
      AuditTrail.current().database(name, "conflicts", null, null);
      AuditTrail.current().refused();
      for (Conflict conflict : outcome.conflicts()) {
        top.err().println("CONFLICT (" + conflict.kind().wireName() + "): " + name + ": " + conflict.describe());
      }
      top.err().println("git-hydrate: " + name + ": " + outcome.conflicts().size() + " conflict"
          + (outcome.conflicts().size() == 1 ? "" : "s") + "; ours is kept there. See: git hydrate conflicts;"
          + " then git hydrate resolve [--ours|--theirs]");
      return ExitCodes.FAILED;
    } catch (MergeException e) {
      AuditTrail.current().failed(name, "cannot merge " + name + " row by row: " + e.getMessage());
      top.err().println("git-hydrate: cannot merge " + name + " row by row: " + e.getMessage()
          + "; ours is kept (resolve with git checkout --ours or --theirs)");
      return ExitCodes.FAILED;
    } catch (IOException e) {
      AuditTrail.current().failed(name, "cannot merge " + name + ": " + e.getMessage());
      top.err().println("git-hydrate: cannot merge " + name + ": " + e.getMessage() + "; ours is kept");
      return ExitCodes.FAILED;
    } finally {
      AtomicFiles.deleteQuietly(result);
    }
  }
}
