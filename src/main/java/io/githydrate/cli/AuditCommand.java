package io.githydrate.cli;

import io.githydrate.HydrateException;
import io.githydrate.audit.AuditLog;
import io.githydrate.audit.AuditReader;
import io.githydrate.audit.AuditRecord;
import io.githydrate.audit.AuditSince;
import io.githydrate.audit.AuditSummary;
import io.githydrate.git.Workspace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "audit", description = {
    "Show the audit log: the latest commands and hooks run in this work tree, each with its result and"
        + " duration, then per operation the runs, success rate and durations (median, 95th percentile, longest).",
    "Hooks that the launcher's shell answers with nothing to do are recorded by the shell, where /proc is (see README: Audit log)."})
final class AuditCommand implements Callable<Integer> {
  @ParentCommand
  GitHydrateCommand top;

  @Option(names = "--since", paramLabel = "WHEN",
      description = "Only records from WHEN on: 2026-12-01, 2026-12-01T10:00, 2.hours.ago, 3 days ago, yesterday.")
  String since;

  @Option(names = {"-n", "--max-count"}, paramLabel = "N", defaultValue = "20",
      description = "Show at most the N latest records (default: ${DEFAULT-VALUE}); the summary counts them all.")
  int count;

  /** What the clock reads; tests set their own. */
  Clock clock = Clock.systemDefaultZone();

  @Override
  public Integer call() {
    if (count < 0) {
      throw new HydrateException("-n " + count + ": expected a count of 0 or more");
    }
    Instant from = since == null ? null : AuditSince.parse(since, clock);
    Path directory = top.workingDirectory();
    Path gitDir = Workspace.findGitDir(directory, top.env())
        .orElseThrow(() -> new HydrateException(directory + ": not in a Git repository"));
    List<AuditRecord> all = AuditReader.read(AuditLog.of(gitDir));
    List<AuditRecord> chosen = from == null ? all : all.stream().filter(r -> !r.time().isBefore(from)).toList();
    List<AuditRecord> shown = chosen.subList(Math.max(0, chosen.size() - count), chosen.size());
    new AuditOutput(top.output()).print(shown, AuditSummary.of(chosen), all.isEmpty(), since);
    return ExitCodes.OK;
  }
}
