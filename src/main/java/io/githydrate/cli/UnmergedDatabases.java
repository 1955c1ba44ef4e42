package io.githydrate.cli;

import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.GitCli;
import io.githydrate.git.Workspace;
import io.githydrate.merge.Conflict;
import io.githydrate.sync.MergeConflicts;
import io.githydrate.sync.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What status, sync and doctor say of a database a merge left unmerged: that it is a conflict, which
 * cells, and what to run, rather than "archive newer".
 */
final class UnmergedDatabases {
  /** How many conflicts a one-line summary names before "…". */
  private static final int NAMED = 3;
  static final String HOW = "see: git hydrate conflicts; then git hydrate resolve [--ours|--theirs]";

  private UnmergedDatabases() {}

  /** Each unmerged database of {@code entries}, by label, with one line saying what conflicts. */
  static Map<String, String> describe(GitHydrateCommand top, Workspace workspace, List<DatabaseEntry> entries) {
    Map<String, String> found = new LinkedHashMap<>();
    if (workspace.gitDir().isEmpty()) {
      return found;
    }
    MergeConflicts conflicts = new MergeConflicts(top.context(workspace), new GitCli(workspace.root()),
        top.mode(workspace));
    if (!conflicts.any(entries)) {
      return found; // one git ls-files: the usual case costs nothing more
    }
    for (MergeConflicts.Conflicted database : conflicts.find(entries)) {
      found.put(database.entry().label(), database.problem() != null ? database.problem() : summary(database.conflicts()));
    }
    return found;
  }

  private static String summary(List<Conflict> conflicts) {
    StringBuilder text = new StringBuilder(conflicts.size() + " conflict" + (conflicts.size() == 1 ? "" : "s"));
    for (int i = 0; i < conflicts.size() && i < NAMED; i++) {
      text.append(i == 0 ? ": " : ", ").append(conflicts.get(i).where());
    }
    if (conflicts.size() > NAMED) {
      text.append(", …");
    }
    return text.append("; ").append(HOW).toString();
  }

  /** {@code report} with each unmerged database's state a conflict. */
  static Status.Report intoStatus(Status.Report report, Map<String, String> unmerged) {
    if (unmerged.isEmpty()) {
      return report;
    }
    Map<String, Status.DatabaseStatus> databases = new LinkedHashMap<>(report.databases());
    unmerged.forEach((label, detail) -> databases.computeIfPresent(label,
        (l, status) -> new Status.DatabaseStatus(status.archivePath(), Status.State.CONFLICT, detail)));
    return new Status.Report(databases, report.errors());
  }
}
