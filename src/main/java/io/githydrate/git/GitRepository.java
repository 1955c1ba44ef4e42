package io.githydrate.git;

import io.githydrate.HydrateException;
import io.githydrate.engine.DatabaseCheck;
import io.githydrate.engine.ValueFiles;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.util.FS;

/**
 * The few questions git-hydrate asks of a repository, answered by JGit without starting {@code git}:
 * which paths differ between two commits, which paths the index holds, and whether anything staged
 * is a SQLite database. Honours the variables Git sets for hooks ({@code GIT_DIR},
 * {@code GIT_INDEX_FILE}: during {@code commit -a} and {@code commit -- path} the index is a
 * temporary file). Not thread safe; close it when done.
 */
public final class GitRepository implements AutoCloseable {

  private final Repository repository;

  private GitRepository(Repository repository) {
    this.repository = repository;
  }

  /** The repository of {@code workTree}, as Git's environment {@code env} (from a hook) describes it. */
  public static GitRepository open(Path workTree, Map<String, String> env) {
    // JGit would otherwise run `git` to find the system-wide config, twice, on every start.
    FS.DETECTED.setGitSystemConfig(new File("/etc/gitconfig"));
    FileRepositoryBuilder builder = new FileRepositoryBuilder();
    String gitDir = env.get("GIT_DIR");
    if (gitDir != null && !gitDir.isEmpty()) {
      builder.setGitDir(workTree.resolve(gitDir).toFile()).setWorkTree(workTree.toFile());
    } else {
      builder.findGitDir(workTree.toFile());
    }
    String indexFile = env.get("GIT_INDEX_FILE");
    if (indexFile != null && !indexFile.isEmpty()) {
      builder.setIndexFile(workTree.resolve(indexFile).toFile());
    }
    try {
      builder.setMustExist(true);
      return new GitRepository(builder.build());
    } catch (IOException | IllegalArgumentException e) {
      throw new HydrateException(workTree + ": not a Git repository: " + e.getMessage(), e);
    }
  }

  /** The commit a revision names, or null when it does not name one (an unborn branch, all zeros). */
  public ObjectId commit(String revision) {
    if (revision == null || revision.isEmpty() || revision.chars().allMatch(c -> c == '0')) {
      return null;
    }
    try {
      ObjectId id = repository.resolve(revision + "^{commit}");
      return id;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Paths (files) that differ between two commits; every path of {@code to} when {@code from} is
   * null (a clone, or a new worktree).
   */
  public Set<String> changedPaths(ObjectId from, ObjectId to) {
    Set<String> paths = new LinkedHashSet<>();
    if (to == null) {
      return paths;
    }
    try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
      if (from != null) {
        tree.addTree(walk.parseCommit(from).getTree());
      }
      tree.addTree(walk.parseCommit(to).getTree());
      tree.setRecursive(true);
      tree.setFilter(from == null ? TreeFilter.ALL : TreeFilter.ANY_DIFF);
      while (tree.next()) {
        paths.add(tree.getPathString());
      }
    } catch (IOException e) {
      throw new HydrateException("cannot compare commits " + from + " and " + to + ": " + e.getMessage(), e);
    }
    return paths;
  }

  /** Every path in the index. */
  public List<String> indexPaths() {
    try {
      DirCache index = repository.readDirCache();
      List<String> paths = new ArrayList<>(index.getEntryCount());
      for (int i = 0; i < index.getEntryCount(); i++) {
        paths.add(index.getEntry(i).getPathString());
      }
      return paths;
    } catch (IOException e) {
      throw new HydrateException("cannot read the index: " + e.getMessage(), e);
    }
  }

  /** A file of the index: its path, its blob, and its merge stage (0 unless unmerged). */
  public record IndexFile(String path, ObjectId blob, int stage) {}

  /** Every file of the index (submodules left out), in the index's order. */
  public List<IndexFile> indexFiles() {
    try {
      DirCache index = repository.readDirCache();
      List<IndexFile> files = new ArrayList<>(index.getEntryCount());
      for (int i = 0; i < index.getEntryCount(); i++) {
        DirCacheEntry entry = index.getEntry(i);
        if (entry.getFileMode().getObjectType() == Constants.OBJ_BLOB && entry.getFileMode() != FileMode.GITLINK) {
          files.add(new IndexFile(entry.getPathString(), entry.getObjectId(), entry.getStage()));
        }
      }
      return files;
    } catch (IOException e) {
      throw new HydrateException("cannot read the index: " + e.getMessage(), e);
    }
  }

  /** Writes blob {@code blob} to {@code file}, streaming it. */
  public void copyBlob(ObjectId blob, Path file) throws IOException {
    copyBlob(repository, blob, file);
  }

  static void copyBlob(Repository repository, ObjectId blob, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      repository.open(blob, Constants.OBJ_BLOB).copyTo(out);
    }
  }

  /** Paths whose staged content differs from HEAD. */
  public List<String> stagedPaths() {
    List<String> paths = new ArrayList<>();
    try (TreeWalk tree = new TreeWalk(repository)) {
      tree.addTree(new DirCacheIterator(repository.readDirCache()));
      ObjectId head = repository.resolve(Constants.HEAD + "^{tree}");
      if (head != null) {
        tree.addTree(head);
      }
      tree.setRecursive(true);
      tree.setFilter(head == null ? TreeFilter.ALL : TreeFilter.ANY_DIFF);
      while (tree.next()) {
        paths.add(tree.getPathString());
      }
    } catch (IOException e) {
      throw new HydrateException("cannot read the index: " + e.getMessage(), e);
    }
    return paths;
  }

  /** Staged files (index differs from HEAD) whose content starts with the SQLite header. */
  public List<String> stagedSqliteFiles() {
    List<String> found = new ArrayList<>();
    try (ObjectReader reader = repository.newObjectReader(); TreeWalk tree = new TreeWalk(repository, reader)) {
      DirCache index = repository.readDirCache();
      ObjectId head = repository.resolve(Constants.HEAD + "^{tree}");
      int indexTree = tree.addTree(new DirCacheIterator(index));
      if (head != null) {
        tree.addTree(head);
      }
      tree.setRecursive(true);
      tree.setFilter(head == null ? TreeFilter.ALL : TreeFilter.ANY_DIFF);
      while (tree.next()) {
        if (tree.getFileMode(indexTree).getObjectType() != Constants.OBJ_BLOB
            || tree.getFileMode(indexTree) == FileMode.GITLINK || ValueFiles.isValueFile(tree.getPathString())) {
          continue;
        }
        try (InputStream in = reader.open(tree.getObjectId(indexTree)).openStream()) {
          if (DatabaseCheck.startsWithSqliteHeader(in)) {
            found.add(tree.getPathString());
          }
        }
      }
    } catch (IOException e) {
      throw new HydrateException("cannot read the staged files: " + e.getMessage(), e);
    }
    return found;
  }

  /** Whether the blob the index holds for {@code path} starts with the SQLite header (false when there is none). */
  public boolean indexHoldsSqliteFile(String path) {
    try (ObjectReader reader = repository.newObjectReader()) {
      org.eclipse.jgit.dircache.DirCacheEntry entry = repository.readDirCache().getEntry(path);
      if (entry == null || entry.getFileMode().getObjectType() != Constants.OBJ_BLOB) {
        return false;
      }
      try (InputStream in = reader.open(entry.getObjectId()).openStream()) {
        return DatabaseCheck.startsWithSqliteHeader(in);
      }
    } catch (IOException e) {
      return false;
    }
  }

  /** The commits that changed databases, as {@code rules} and {@code mode} say where they are kept. */
  public CommitHistory history(DatabaseRules rules, Mode mode) {
    return new CommitHistory(repository, rules, mode);
  }

  public Path gitDir() {
    return repository.getDirectory().toPath();
  }

  @Override
  public void close() {
    repository.close();
  }
}
