package io.githydrate.hook;

import io.githydrate.sync.SyncState;
import io.githydrate.HydrateException;
import io.githydrate.archive.ArchiveEnding;
import io.githydrate.archive.ArchiveFormatException;
import io.githydrate.engine.AtomicFiles;
import io.githydrate.engine.ContentKind;
import io.githydrate.engine.FileStamp;
import io.githydrate.engine.Hydrator;
import io.githydrate.engine.Sidecars;
import io.githydrate.git.FilterDatabases;
import io.githydrate.git.GitCli;
import io.githydrate.git.GitRepository;
import io.githydrate.git.Workspace;
import io.githydrate.engine.ValueFiles;
import org.apache.commons.io.file.PathUtils;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses, at pre-commit, a staged archive that no clone could hydrate: Git's conflict markers left
 * in, a row that is not JSON, a schema entry our checks or SQLite refuse, a row the schema refuses.
 * What is checked is the blob the index holds (what the commit records), never the work-tree file.
 *
 * <p>Cheap when nothing needs it: the staged paths come from the index in this process, and only
 * archives among them cost anything. An archive is taken as it is, unread, when its staged bytes are
 * known to hydrate: in hooks mode, when this very hook exported and staged it from a healthy database,
 * or when the work-tree file is the staged one (Git's index stat matches it) and the sync state has
 * it in step with its database (it was exported from it, or built into it); in filter mode, when the
 * work-tree file is the staged one and is a database, since Git produced the blob from it through the
 * filter's clean (an export of a healthy database) or wrote the database from it through smudge
 * (which builds it). Anything else was staged by hand, by a merge or by a reset, and is built.
 *
 * <p>Checking means building the database into a temporary file, as a clone's hydrate would: a parse
 * alone would miss a row SQLite refuses (a UNIQUE index two merged sides each satisfied) and a
 * schema entry SQLite refuses, and a build costs no more than the hydrate each clone pays anyway.
 * Not thread safe.
 */
final class StagedArchiveCheck {
  private final Workspace workspace;
  private final GitRepository repository;
  private final GitCli git;
  private final StagedSecrets secrets;

  StagedArchiveCheck(Workspace workspace, GitRepository repository, GitCli git, StagedSecrets secrets) {
    this.workspace = workspace;
    this.repository = repository;
    this.git = git;
    this.secrets = secrets;
  }

  /**
   * Hooks mode: what is wrong with each staged archive (one line each, naming the archive and line),
   * leaving out those in {@code justStaged} (work-tree paths this hook exported and staged) and those
   * {@code state} shows in step.
   */
  List<String> hooksMode(SyncState state, Set<String> justStaged) {
    Map<String, String> archives = new LinkedHashMap<>();
    List<String> staged = new ArrayList<>();
    for (String path : repository.stagedPaths()) {
      Optional<String> label = workspace.rules().databaseOf(path);
      if (label.isPresent()) {
        archives.put(path, label.get());
        if (!justStaged.contains(path)) {
          staged.add(path);
        }
      }
    }
    List<String> problems = new ArrayList<>();
    if (!staged.isEmpty()) {
      Set<String> asInWorkTree = sameAsWorkTree(staged);
      for (String path : present(staged)) {
        String label = workspace.rules().databaseOf(path).orElseThrow();
        Optional<List<String>> valueFiles = valueFilesStaged(path, problems);
        if (valueFiles.isEmpty()) {
          continue;
        }
        boolean known = asInWorkTree.contains(path) && inStep(state, label, path);
        if (!known) {
          problemOf(path, false, valueFiles.get()).ifPresent(problems::add);
        }
      }
    }
    // Even an archive just exported is looked at: a secret must not pass because the file is new.
    problems.addAll(secrets.problems(archives, workspace::resolve,
        "export the database again (git hydrate dehydrate), then git add -- 'PATH'"));
    return problems;
  }

  /** Filter mode: what is wrong with each archive staged at a database's path (see the class comment). */
  List<String> filterMode() {
    List<String> staged = repository.stagedPaths();
    if (staged.isEmpty()) {
      return List.of();
    }
    List<String> tracked = new ArrayList<>();
    tracked.add("--");
    tracked.add(FilterDatabases.PATHSPEC);
    List<String> databases = git.entries(List.of("diff", "--cached", "--name-only", "-z", "--no-renames",
        "--diff-filter=d"), tracked);
    if (databases.isEmpty()) {
      return List.of();
    }
    Set<String> asInWorkTree = sameAsWorkTree(databases);
    List<String> problems = new ArrayList<>();
    Map<String, String> archives = new LinkedHashMap<>();
    for (String path : databases) {
      boolean known = asInWorkTree.contains(path) && ContentKind.ofFile(workspace.resolve(path)) == ContentKind.DATABASE;
      if (!known) {
        problemOf(path, true, List.of()).ifPresent(problems::add);
      }
      archives.put(path, path);
    }
    problems.addAll(secrets.problems(archives,
        label -> ContentKind.ofFile(workspace.resolve(label)) == ContentKind.DATABASE ? workspace.resolve(label) : null,
        "stage the database again (git add -- 'PATH'), which the filter writes with placeholders"));
    return problems;
  }

  /**
   * The value files (root-relative paths) the staged archive at {@code path} references, when the
   * index holds each of them; otherwise adds the problem to {@code problems} and answers empty. A
   * value file is named by the SHA-256 of its bytes, so the index holding that path is holding that
   * value (each build checks the bytes against the name). An archive exported earlier, by
   * {@code git hydrate dehydrate} say, and staged with {@code git add} alone leaves its new files
   * out of the index: the commit would reach no clone whole.
   */
  private Optional<List<String>> valueFilesStaged(String path, List<String> problems) {
    Set<String> references;
    try {
      references = references(path);
    } catch (IOException e) {
      problems.add(path + ": cannot check the staged archive: " + e.getMessage());
      return Optional.empty();
    }
    if (references.isEmpty()) {
      return Optional.of(List.of());
    }
    String folder = ValueFiles.folderOf(Path.of(path)).toString().replace('\\', '/');
    Set<String> inIndex = new HashSet<>(git.entries(List.of("ls-files", "-z", "--cached", "--"),
        GitCli.literal(List.of(folder))));
    List<String> files = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String sha256 : references) {
      String file = folder + "/" + sha256.substring(0, 2) + "/" + sha256;
      (inIndex.contains(file) ? files : missing).add(file);
    }
    if (!missing.isEmpty()) {
      problems.add("staged archive " + path + " references value file " + missing.get(0)
          + (missing.size() > 1 ? " (and " + (missing.size() - 1) + " more)" : "")
          + " that is not staged, so no clone could build it; stage its folder: git add -- '" + folder
          + "' (or git hydrate add)");
      return Optional.empty();
    }
    return Optional.of(files);
  }

  /**
   * The SHA-256 of each value the staged archive at {@code path} keeps in a file. A reference opens
   * with {@code {"file": "}, which no JSON string can hold unescaped, so a scan of the lines finds
   * exactly the references, without parsing the archive.
   */
  private Set<String> references(String path) throws IOException {
    Set<String> found = new TreeSet<>();
    InputStream blob = git.openBlob(":" + path, Map.of())
        .orElseThrow(() -> new IOException("git cat-file could not start"));
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(blob, StandardCharsets.UTF_8), 1 << 16)) {
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.indexOf(REFERENCE_START) >= 0) {
          Matcher m = REFERENCE.matcher(line);
          while (m.find()) {
            found.add(m.group(1));
          }
        }
      }
    }
    return found;
  }

  private static final String REFERENCE_START = "{\"file\":";
  private static final Pattern REFERENCE = Pattern.compile("\\{\"file\":\\s*\"([0-9a-f]{64})\"");

  /** Those of {@code paths} the index holds (a staged deletion records nothing to check). */
  private List<String> present(List<String> paths) {
    return git.entries(List.of("ls-files", "-z", "--cached", "--"), GitCli.literal(paths));
  }

  /**
   * Those of {@code paths} whose work-tree file Git's index records as the staged one, by its stat
   * data: {@code git diff-files} lists the others (it does not refresh the index, so a file Git is
   * unsure of is listed too, and checked; that costs time, never a wrong answer).
   */
  private Set<String> sameAsWorkTree(List<String> paths) {
    Set<String> same = new HashSet<>(paths);
    same.removeAll(git.entries(List.of("diff-files", "--name-only", "-z", "--"), GitCli.literal(paths)));
    return same;
  }

  /** Whether the sync state has the work-tree archive at {@code path} in step with database {@code label}. */
  private boolean inStep(SyncState state, String label, String path) {
    Optional<SyncState.Record> record = state.get(label);
    if (record.isEmpty() || record.get().synced() == null || !record.get().synced().equals(record.get().archiveDigest())) {
      return false;
    }
    Path archive = workspace.resolve(path);
    return FileStamp.unchangedOrSameContent(record.get().archiveStamp(), FileStamp.of(archive), archive);
  }

  /**
   * Builds the staged blob at {@code path} into a temporary database; the problem found, naming the
   * archive and line. {@code onlyArchiveText}: leave out blobs that are no archive text (filter mode,
   * where a raw database or an empty file is judged elsewhere). {@code valueFiles}: the staged value
   * files it references, which are read as the index holds them (written out of Git, through its
   * filters, beside the scratch database), as a clone would.
   */
  private Optional<String> problemOf(String path, boolean onlyArchiveText, List<String> valueFiles) {
    Path scratch = null;
    Path staged = null;
    Process blob = null;
    try {
      Path directory = Files.createDirectories(repository.gitDir().resolve("git-hydrate"));
      scratch = AtomicFiles.tempFileBeside(directory.resolve("staged-check.db"));
      ValueFiles.Source values = ValueFiles.Source.NONE;
      if (!valueFiles.isEmpty()) {
        staged = Files.createTempDirectory(directory, "staged-values");
        List<String> args = new ArrayList<>(List.of("checkout-index", "--prefix=" + staged + "/", "--"));
        args.addAll(valueFiles);
        git.run(args.toArray(String[]::new));
        values = ValueFiles.Source.of(staged.resolve(path));
      }
      blob = git.start(List.of("cat-file", "blob", ":" + path), null, false, Map.of());
      ArchiveEnding.Watch tail = new ArchiveEnding.Watch(blob.getInputStream());
      try (InputStream in = new BufferedInputStream(tail, 1 << 16)) {
        ContentKind kind = ContentKind.of(in);
        if (onlyArchiveText && (kind == ContentKind.DATABASE || kind == ContentKind.EMPTY)) {
          return Optional.empty();
        }
        Hydrator.buildChecked(in, path, scratch, values);
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      if (blob.waitFor() != 0) {
        return Optional.of(path + ": cannot read the staged archive (git cat-file failed)");
      }
      if (tail.listsConflicts()) {
        // A list of conflicts closes the archive: a merge's result that nobody resolved yet.
        return Optional.of("staged archive " + path + " still lists the conflicts a merge left (ours at each);"
            + " resolve them: git hydrate resolve --ours keeps ours, git checkout -m -- " + path
            + " brings the merge back for git hydrate conflicts and resolve --theirs; then commit");
      }
      return Optional.empty();
    } catch (HydrateException e) {
      return Optional.of(describe(path, e));
    } catch (IOException e) {
      return Optional.of(path + ": cannot check the staged archive: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(path + ": interrupted while checking the staged archive");
    } finally {
      if (blob != null) {
        blob.destroy();
      }
      if (scratch != null) {
        AtomicFiles.deleteQuietly(scratch);
        Sidecars.existing(scratch).forEach(AtomicFiles::deleteQuietly);
      }
      if (staged != null) {
        deleteTree(staged);
      }
    }
  }

  private static void deleteTree(Path root) {
    try {
      PathUtils.deleteDirectory(root);
    } catch (IOException e) {
      // a leftover under .git/git-hydrate costs space, nothing else
    }
  }

  /** "staged archive PATH line N: problem", and what to do. */
  private static String describe(String path, HydrateException e) {
    String where = "staged archive " + path;
    String problem = null;
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ArchiveFormatException format) {
        problem = format.getMessage();
        break;
      }
    }
    if (problem == null) {
      problem = e.getMessage().startsWith(path + ": ") ? e.getMessage().substring(path.length() + 2) : e.getMessage();
    }
    return where + (problem.startsWith("line ") ? " " : ": ") + problem
        + "; no clone could hydrate it, so it is not committed: fix it, then git add -- '" + path + "'";
  }
}
