package io.githydrate.sync;

import io.githydrate.HydrateException;
import io.githydrate.archive.ArchiveEnding;
import io.githydrate.engine.BackupFolder;
import io.githydrate.engine.AtomicFiles;
import io.githydrate.git.DatabaseEntry;
import io.githydrate.git.GitCli;
import io.githydrate.git.MergeSettings;
import io.githydrate.git.Mode;
import io.githydrate.merge.ArchiveMerge;
import io.githydrate.merge.Conflict;
import io.githydrate.merge.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The databases a merge left unmerged, found where Git keeps them: the index's stages 1, 2 and 3
 * (base, ours, theirs) of the archive (hooks mode) or of the database path (filter mode). What
 * conflicts is worked out again from those three, so it is the same in both modes and whatever the
 * work tree holds by now; resolving writes a result from them too.
 */
public final class MergeConflicts {
  /** Which stage of an unmerged index entry. */
  enum Stage { BASE, OURS, THEIRS }

  /**
   * One unmerged database: what conflicts, or {@code problem} when its merge cannot even be
   * attempted (a side deleted it; an archive that does not read).
   */
  public record Conflicted(DatabaseEntry entry, String path, List<Conflict> conflicts, String problem) {}

  private final Context context;
  private final GitCli git;
  private final Mode mode;

  public MergeConflicts(Context context, GitCli git, Mode mode) {
    this.context = context;
    this.git = git;
    this.mode = mode;
  }

  /** The path Git tracks for a database: its archive in hooks mode, itself in filter mode. */
  private String tracked(DatabaseEntry entry) {
    Path file = mode == Mode.FILTER ? entry.database() : entry.archive();
    return context.display(file);
  }

  /** The unmerged entries of the index, by path: each stage's blob. */
  private Map<String, Map<Stage, String>> unmerged() {
    Map<String, Map<Stage, String>> paths = new LinkedHashMap<>();
    List<String> lines;
    try {
      lines = git.entries("ls-files", "-u", "-z");
    } catch (HydrateException e) {
      return paths; // not a Git work tree after all: nothing can be unmerged
    }
    for (String line : lines) {
      // "MODE OBJECT STAGE\tPATH"
      int tab = line.indexOf('\t');
      String[] fields = line.substring(0, tab).split(" ");
      Stage stage = Stage.values()[Integer.parseInt(fields[2]) - 1];
      paths.computeIfAbsent(line.substring(tab + 1), p -> new EnumMap<>(Stage.class)).put(stage, fields[1]);
    }
    return paths;
  }

  /** Whether any of {@code entries} is unmerged. */
  public boolean any(List<DatabaseEntry> entries) {
    Map<String, Map<Stage, String>> unmerged = unmerged();
    return entries.stream().anyMatch(e -> unmerged.containsKey(tracked(e)));
  }

  /** The unmerged databases among {@code entries}, each with its conflicts. */
  public List<Conflicted> find(List<DatabaseEntry> entries) {
    Map<String, Map<Stage, String>> unmerged = unmerged();
    List<Conflicted> found = new ArrayList<>();
    for (DatabaseEntry entry : entries) {
      String path = tracked(entry);
      Map<Stage, String> stages = unmerged.get(path);
      if (stages == null) {
        continue;
      }
      Optional<String> problem = oneSided(stages);
      if (problem.isPresent()) {
        found.add(new Conflicted(entry, path, List.of(), problem.get()));
        continue;
      }
      try {
        found.add(new Conflicted(entry, path, merge(path, stages, Policy.MARK, null).conflicts(), null));
      } catch (HydrateException e) {
        found.add(new Conflicted(entry, path, List.of(), e.getMessage()));
      }
    }
    return found;
  }

  private static Optional<String> oneSided(Map<Stage, String> stages) {
    if (!stages.containsKey(Stage.OURS)) {
      return Optional.of("deleted on ours, changed on theirs: keep it with git checkout --theirs, or git rm it");
    }
    if (!stages.containsKey(Stage.THEIRS)) {
      return Optional.of("changed on ours, deleted on theirs: keep it with git checkout --ours, or git rm it");
    }
    return Optional.empty();
  }

  /**
   * Merges the three stages of {@code path} again with {@code policy}, into {@code result} (a
   * scratch file when null, deleted afterwards).
   */
  private ArchiveMerge.Outcome merge(String path, Map<Stage, String> stages, Policy policy, Path result) {
    List<Path> temps = new ArrayList<>();
    try {
      Path base = null;
      if (stages.containsKey(Stage.BASE)) {
        base = blob(stages.get(Stage.BASE), temps);
      }
      Path ours = blob(stages.get(Stage.OURS), temps);
      Path theirs = blob(stages.get(Stage.THEIRS), temps);
      Path out = result;
      if (out == null) {
        out = AtomicFiles.tempFile("git-hydrate-merged-", ".json");
        temps.add(out);
      }
      return ArchiveMerge.merge(base, ours, theirs, out,
          new ArchiveMerge.Options(policy, MergeSettings.keepsIds(context.workspace().root())));
    } catch (IOException e) {
      throw new HydrateException(path + ": cannot merge: " + e.getMessage(), e);
    } finally {
      temps.forEach(AtomicFiles::deleteQuietly);
    }
  }

  private Path blob(String object, List<Path> temps) throws IOException {
    Path file = AtomicFiles.tempFile("git-hydrate-stage-", ".json");
    temps.add(file);
    git.blobTo(object, file);
    return file;
  }

  /**
   * Resolves the unmerged databases among {@code entries} and stages the result: with
   * {@code policy} OURS or THEIRS, the merge again, taking that side wherever the two disagree
   * (everything else stays merged); with null, the database as it is in the work tree (the person
   * has put it right). Returns one line per database resolved; problems go to {@code errors}.
   */
  public List<String> resolve(List<DatabaseEntry> entries, Policy policy, SyncState state, List<String> errors) {
    Map<String, Map<Stage, String>> unmerged = unmerged();
    List<String> done = new ArrayList<>();
    for (DatabaseEntry entry : entries) {
      String path = tracked(entry);
      Map<Stage, String> stages = unmerged.get(path);
      if (stages == null) {
        if (mode == Mode.HOOKS && Files.isRegularFile(entry.archive()) && ArchiveEnding.listsConflicts(entry.archive())) {
          try {
            done.add(afterGitAdd(entry, path, policy));
          } catch (HydrateException e) {
            errors.add(e.getMessage());
          }
        }
        continue;
      }
      try {
        Optional<String> problem = oneSided(stages);
        if (problem.isPresent()) {
          errors.add(entry.label() + ": " + problem.get());
        } else if (policy == null) {
          done.add(asItStands(entry, path, state));
        } else {
          done.add(withPolicy(entry, path, stages, policy));
        }
      } catch (HydrateException e) {
        errors.add(e.getMessage());
      }
    }
    return done;
  }

  /**
   * Hooks mode, an archive that still lists a merge's conflicts after {@code git add} took its
   * stages away: it holds ours at each conflict, so ours is what it can give (dropping the list);
   * theirs needs the stages back ({@code git checkout -m}).
   */
  private String afterGitAdd(DatabaseEntry entry, String path, Policy policy) {
    if (policy == Policy.THEIRS) {
      throw new HydrateException(entry.label() + ": " + path + " was staged (git add), so Git no longer holds the"
          + " merge's sides; bring them back with: git checkout -m -- " + path + ", then resolve again");
    }
    Path result = null;
    try {
      result = AtomicFiles.tempFileBeside(entry.archive());
      try (java.io.OutputStream out = Files.newOutputStream(result)) {
        ArchiveEnding.writeWithoutConflicts(entry.archive(), out);
      }
      AtomicFiles.replace(result, entry.archive());
      result = null;
      git.run(List.of("add", "--"), List.of(path));
      return entry.label() + ": resolved, keeping ours at each conflict the archive listed; staged";
    } catch (IOException e) {
      throw new HydrateException(entry.label() + ": cannot resolve: " + e.getMessage(), e);
    } finally {
      AtomicFiles.deleteQuietly(result);
    }
  }

  private String withPolicy(DatabaseEntry entry, String path, Map<Stage, String> stages, Policy policy) {
    String side = policy == Policy.THEIRS ? "theirs" : "ours";
    Path result = null;
    try {
      Path target = mode == Mode.FILTER ? entry.database() : entry.archive();
      result = AtomicFiles.tempFileBeside(target);
      ArchiveMerge.Outcome outcome = merge(path, stages, policy, result);
      if (mode == Mode.FILTER) {
        // The work tree holds the database: build it from the result (what was there is kept as a
        // backup: it may hold edits), then stage it, which stores the result again through the filter.
        context.hydrator(true, true, BackupFolder.Reason.RESOLVE).hydrate(result, entry.label(), entry.database());
      } else {
        AtomicFiles.replace(result, entry.archive());
        result = null;
      }
      git.run(List.of("add", "--"), List.of(path));
      return entry.label() + ": resolved, taking " + side + " where the sides disagreed ("
          + outcome.conflicts().size() + " place" + (outcome.conflicts().size() == 1 ? "" : "s") + "); staged";
    } catch (IOException e) {
      throw new HydrateException(entry.label() + ": cannot resolve: " + e.getMessage(), e);
    } finally {
      AtomicFiles.deleteQuietly(result);
    }
  }

  /**
   * The work tree's database is the resolution. In filter mode it is what Git checked out (the
   * merge, ours at each conflict) with whatever the person changed since. In hooks mode the database
   * must have been built from the conflicted archive first ({@code git hydrate sync}); before that
   * it holds what it held before the merge, and taking it would drop the other side's changes.
   */
  private String asItStands(DatabaseEntry entry, String path, SyncState state) {
    if (mode == Mode.HOOKS) {
      String archiveDigest = io.githydrate.engine.Digests.ofFile(entry.archive());
      boolean builtFromMerge = state.get(entry.label())
          .map(r -> archiveDigest.equals(r.archiveDigest()) && r.synced() != null && r.synced().equals(archiveDigest))
          .orElse(false);
      if (!builtFromMerge) {
        throw new HydrateException(entry.label() + ": still holds what it held before the merge; load the merge"
            + " (ours at each conflict) with: git hydrate sync, put it right, then run git hydrate resolve again;"
            + " or take a side: git hydrate resolve --ours (or --theirs) " + entry.label());
      }
      DehydrateAll.exportIfHealthy(context, entry, problem -> entry.label() + ": corrupt (" + problem + "); not resolved");
    }
    git.run(List.of("add", "--"), List.of(path));
    return entry.label() + ": resolved as the database stands; staged";
  }
}
