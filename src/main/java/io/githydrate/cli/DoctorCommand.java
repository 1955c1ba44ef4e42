package io.githydrate.cli;

import io.githydrate.git.Doctor;
import io.githydrate.git.GitCli;
import io.githydrate.git.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "doctor", description = {
    "Prove the set-up works, and say how to fix what does not.",
    "Checks git-hydrate on PATH, hooks where Git runs them (core.hooksPath and hook managers",
    "included), databases ignored, archives kept byte-exact."})
final class DoctorCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Override
  public Integer call() {
    Workspace workspace = top.workspace();
    top.repository(workspace).close();
    List<Doctor.Check> checks = new ArrayList<>(new Doctor(workspace, new GitCli(workspace.root()), top.env()).run());
    UnmergedDatabases.describe(top, workspace, top.entriesOfMode(workspace, null, new ArrayList<>()))
        .forEach((label, detail) -> checks.add(new Doctor.Check(false, label + ": a merge left it in conflict ("
            + detail.replace("; " + UnmergedDatabases.HOW, "") + ")", UnmergedDatabases.HOW)));
    top.output().doctor(checks);
    return checks.stream().allMatch(Doctor.Check::ok) ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
