package io.githydrate.git;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The commits that changed databases, newest first, found as {@code git log -- PATHS} finds them:
 * a JGit walk whose path filter keeps only commits that changed a database's path or its archive's,
 * with Git's history simplification (a merge that took a database whole from one parent is left
 * out, and that parent's line followed). Each commit is compared with its first parent; a database
 * counts as changed only when the blob it is read from changed, so a commit that moved a repository
 * between hooks and filter mode without touching the content shows nothing. Not thread safe.
 */
public final class CommitHistory {
  /** One database in one commit: the path it is read from and that path's blob. */
  public record Version(String path, ObjectId blob) {}

  /** A database a commit changed; {@code before} is null when it is new, {@code after} when deleted. */
  public record Change(String database, Version before, Version after) {}

  /**
   * One commit that changed at least one database.
   *
   * @param date the author date with the author's offset, ISO 8601 ({@code 2026-12-05T23:50:00+01:00})
   * @param parent the first parent's id; null for a root commit
   */
  public record Commit(String id, String author, String email, String date, String subject, String parent,
      List<Change> changes) {}

  /** Receives the commits as they are found; returns false to stop the walk. */
  public interface Visitor {
    boolean visit(Commit commit) throws IOException;
  }

  /** As {@code git log --date=iso-strict} writes dates, so the two can be compared. */
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

  private final Repository repository;
  private final DatabaseRules rules;
  private final Mode mode;

  CommitHistory(Repository repository, DatabaseRules rules, Mode mode) {
    this.repository = repository;
    this.rules = rules;
    this.mode = mode;
  }

  /**
   * Walks from {@code start} to the root, calling {@code visitor} for each commit that changed one of
   * the databases {@code wanted} accepts (by database path).
   */
  public void walk(ObjectId start, Predicate<String> wanted, Visitor visitor) throws IOException {
    TreeFilter paths = new DatabasePaths(rules, wanted);
    try (ObjectReader reader = repository.newObjectReader();
         RevWalk walk = new RevWalk(reader);
         RevWalk plain = new RevWalk(reader)) {
      walk.setTreeFilter(AndTreeFilter.create(paths, TreeFilter.ANY_DIFF));
      walk.markStart(walk.parseCommit(start));
      for (RevCommit found : walk) {
        // The filtered walk rewrites parents to the previous commit it shows; the diff is against the real one.
        RevCommit commit = plain.parseCommit(found);
        RevCommit parent = commit.getParentCount() == 0 ? null : plain.parseCommit(commit.getParent(0));
        List<Change> changes = changes(reader, paths, parent == null ? null : parent.getTree(), commit.getTree());
        if (changes.isEmpty()) {
          continue;
        }
        PersonIdent author = commit.getAuthorIdent();
        String date = OffsetDateTime.ofInstant(author.getWhenAsInstant(), author.getZoneId())
            .format(DATE);
        Commit shown = new Commit(commit.name(), author.getName(), author.getEmailAddress(), date,
            commit.getShortMessage(), parent == null ? null : parent.name(), changes);
        if (!visitor.visit(shown)) {
          return;
        }
      }
    }
  }

  /** Writes blob {@code blob} to {@code file}, streaming it. */
  public void copyBlob(ObjectId blob, Path file) throws IOException {
    GitRepository.copyBlob(repository, blob, file);
  }

  private List<Change> changes(ObjectReader reader, TreeFilter paths, RevTree before, RevTree after)
      throws IOException {
    TreeSet<String> databases = new TreeSet<>();
    try (TreeWalk tree = new TreeWalk(repository, reader)) {
      if (before == null) {
        tree.addTree(new EmptyTreeIterator());
      } else {
        tree.addTree(before);
      }
      tree.addTree(after);
      tree.setRecursive(true);
      tree.setFilter(AndTreeFilter.create(paths, TreeFilter.ANY_DIFF));
      while (tree.next()) {
        databaseOf(rules, tree.getPathString()).ifPresent(databases::add);
      }
    }
    List<Change> changes = new ArrayList<>();
    for (String database : databases) {
      Version old = before == null ? null : version(reader, before, database);
      Version now = version(reader, after, database);
      if (old == null && now == null || old != null && now != null && old.blob().equals(now.blob())) {
        continue;
      }
      changes.add(new Change(database, old, now));
    }
    return changes;
  }

  /** Where a commit holds {@code database}: the path of the repository's mode first, then the other. */
  private Version version(ObjectReader reader, RevTree tree, String database) throws IOException {
    String archive = rules.archiveOf(database);
    List<String> paths = mode == Mode.FILTER ? List.of(database, archive) : List.of(archive, database);
    for (String path : paths) {
      try (TreeWalk walk = TreeWalk.forPath(repository, reader, path, tree)) {
        if (walk != null && walk.getFileMode(0).getObjectType() == Constants.OBJ_BLOB
            && walk.getFileMode(0) != FileMode.GITLINK) {
          return new Version(path, walk.getObjectId(0));
        }
      }
    }
    return null;
  }

  private static Optional<String> databaseOf(DatabaseRules rules, String path) {
    return rules.isDatabase(path) ? Optional.of(path) : rules.databaseOf(path);
  }

  /** Database paths and archive paths of the databases wanted; folders the rules exclude are not entered. */
  private static final class DatabasePaths extends TreeFilter {
    private final DatabaseRules rules;
    private final Predicate<String> wanted;

    DatabasePaths(DatabaseRules rules, Predicate<String> wanted) {
      this.rules = rules;
      this.wanted = wanted;
    }

    @Override
    public boolean include(TreeWalk walker) {
      String path = walker.getPathString();
      if (walker.isSubtree()) {
        return !rules.isExcluded(path);
      }
      Optional<String> database = databaseOf(rules, path);
      return database.isPresent() && wanted.test(database.get());
    }

    @Override
    public boolean shouldBeRecursive() {
      return true;
    }

    @Override
    public TreeFilter clone() {
      return this;
    }

    @Override
    public String toString() {
      return "DATABASE_PATHS";
    }
  }
}
