package io.githydrate.git;

import static io.githydrate.Messages.printable;

import io.githydrate.HydrateException;
import io.githydrate.PathText;
import io.githydrate.Warnings;
import io.githydrate.engine.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;

/**
 * The folder git-hydrate works in: the work tree of the Git repository around the current directory
 * (or the current directory itself outside Git), its {@link DatabaseRules}, read from the committed
 * {@code .hydrateconfig} file (Git config syntax, like git-lfs's {@code .lfsconfig}), and the
 * databases found in it.
 */
public final class Workspace {
  public static final String CONFIG_FILE = ".hydrateconfig";

  private final Path root;
  private final Path gitDir;
  private final DatabaseRules rules;
  /** The root with its symbolic links resolved, found on first use (a hook with nothing to do never needs it). */
  private volatile Path realRoot;

  Workspace(Path root, Path gitDir, DatabaseRules rules) {
    this.root = root;
    this.gitDir = gitDir;
    this.rules = rules;
  }

  /** The workspace around {@code directory}. */
  public static Workspace around(Path directory) {
    Path start = directory.toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path dotGit = dir.resolve(".git");
      if (Files.exists(dotGit)) {
        return new Workspace(dir, gitDir(dotGit), readRules(dir));
      }
    }
    return new Workspace(start, null, readRules(start));
  }

  /**
   * The Git directory of the work tree around {@code directory}, as Git finds it: {@code GIT_DIR}
   * from {@code env} when set (relative to {@code directory}), else the nearest {@code .git} above.
   */
  public static Optional<Path> findGitDir(Path directory, java.util.Map<String, String> env) {
    String gitDir = env.get("GIT_DIR");
    if (gitDir != null && !gitDir.isEmpty()) {
      return Optional.of(directory.resolve(gitDir).toAbsolutePath().normalize());
    }
    for (Path dir = directory.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path dotGit = dir.resolve(".git");
      if (Files.exists(dotGit)) {
        try {
          return Optional.of(gitDir(dotGit));
        } catch (HydrateException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** {@code .git} is the directory itself, or (in linked worktrees) a file naming it. */
  private static Path gitDir(Path dotGit) {
    if (Files.isDirectory(dotGit)) {
      return dotGit;
    }
    try {
      String text = Files.readString(dotGit, StandardCharsets.UTF_8).trim();
      if (text.startsWith("gitdir:")) {
        return dotGit.getParent().resolve(text.substring("gitdir:".length()).trim()).normalize();
      }
    } catch (IOException e) {
      // fall through: not a repository we can use
    }
    throw new HydrateException(dotGit + ": not a Git directory nor a \"gitdir:\" file");
  }

  private static DatabaseRules readRules(Path root) {
    Path file = root.resolve(CONFIG_FILE);
    if (!Files.isRegularFile(file)) {
      return DatabaseRules.defaults();
    }
    Config config = new Config();
    try {
      config.fromText(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | ConfigInvalidException e) {
      throw new HydrateException(file + ": " + e.getMessage(), e);
    }
    String[] databases = config.getStringList("hydrate", null, "databases");
    String[] excludes = config.getStringList("hydrate", null, "exclude");
    String archiveDir = config.getString("hydrate", null, "archiveDirectory");
    if (archiveDir != null && !archiveDir.isBlank()) {
      // A trailing "/" is harmless; a leading one makes the path absolute, which is refused.
      String folder = archiveDir.strip().replaceAll("(?<=.)[/\\\\]+$", "");
      Optional<String> problem = DatabaseRules.problemOf(folder)
          .or(() -> outsideProblem(root, realPath(root), root.resolve(folder).normalize()));
      if (problem.isPresent()) {
        throw new HydrateException(file + ": hydrate.archiveDirectory \"" + printable(archiveDir)
            + "\" must name a folder inside the repository: it " + problem.get());
      }
    }
    return new DatabaseRules(databases.length == 0 ? DatabaseRules.DEFAULT_DATABASES : Arrays.asList(databases),
        Arrays.asList(excludes), archiveDir);
  }

  /** Paths {@link #databases} left alone and warned about, so that each is warned about once. */
  private final Set<String> refused = ConcurrentHashMap.newKeySet();

  public Path root() {
    return root;
  }

  /** The repository's Git directory, when the workspace is a Git work tree. */
  public Optional<Path> gitDir() {
    return Optional.ofNullable(gitDir);
  }

  public DatabaseRules rules() {
    return rules;
  }

  /** Where backups of replaced databases go: inside the Git directory, so they are never committed. */
  public Optional<Path> backupDirectory() {
    return gitDir().map(dir -> dir.resolve("git-hydrate").resolve("backups"));
  }

  /** Where databases built from archives are kept for reuse (see BuildCache); empty outside Git. */
  public Optional<Path> cacheDirectory() {
    return gitDir().map(dir -> dir.resolve("git-hydrate").resolve("cache"));
  }

  /** Root-relative, {@code /}-separated path of {@code file}, or empty when it is outside the root. */
  public Optional<String> labelOf(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    if (!absolute.startsWith(root) || absolute.equals(root)) {
      return Optional.empty();
    }
    return Optional.of(PathText.slashed(root.relativize(absolute)));
  }

  /**
   * The file at {@code label}, a root-relative, {@code /}-separated path of a database or archive.
   * Labels come from commits, from {@code .hydrateconfig} and from the local sync state, so they are
   * checked before any file is touched: by their text ({@link DatabaseRules#problemOf}), then by where
   * they really lead. The deepest part of the path that exists is resolved through its symbolic
   * links and must still be inside the work tree and outside {@code .git}: a committed symbolic
   * link to a folder elsewhere must not let a checkout write a database there.
   *
   * @throws HydrateException naming the label and what is wrong with it
   */
  public Path resolve(String label) {
    Optional<String> problem = DatabaseRules.problemOf(label);
    Path path = problem.isPresent() ? null : root.resolve(label).normalize();
    if (path != null) {
      problem = outsideProblem(root, realRoot(), path);
    }
    if (problem.isPresent()) {
      throw new HydrateException(printable(label) + ": refusing this path: it " + problem.get());
    }
    return path;
  }

  private Path realRoot() {
    Path real = realRoot;
    if (real == null) {
      real = realPath(root);
      realRoot = real;
    }
    return real;
  }

  /** {@code directory} with its symbolic links resolved; as it is when it cannot be (a missing root). */
  private static Path realPath(Path directory) {
    try {
      return directory.toRealPath();
    } catch (IOException e) {
      return directory.toAbsolutePath().normalize();
    }
  }

  /**
   * What is wrong with where {@code path} (below {@code root}, lexically) really leads: empty when
   * the deepest existing part of it resolves to a place inside {@code realRoot} and outside
   * {@code .git}.
   */
  private static Optional<String> outsideProblem(Path root, Path realRoot, Path path) {
    Path existing = path;
    while (existing != null && !existing.equals(root) && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null || existing.equals(root)) {
      return Optional.empty();
    }
    String shown = PathText.slashed(root.relativize(existing));
    Path real;
    try {
      real = existing.toRealPath();
    } catch (IOException e) {
      return Optional.of("goes through " + shown + ", a symbolic link to nothing");
    }
    if (!real.startsWith(realRoot)) {
      return Optional.of("leads outside the repository (" + shown + " resolves to " + real + ")");
    }
    for (Path part : realRoot.relativize(real)) {
      if (DatabaseRules.isGitDirectoryName(part.toString())) {
        return Optional.of("leads into .git (" + shown + " resolves to " + real + ")");
      }
    }
    return Optional.empty();
  }

  /**
   * The entry for the database file at {@code db}, wherever it is: a path the user gave. Reached
   * through a symbolic link, it is the database the link leads to when that is in the work tree
   * (one database, one archive, whichever way it is named); when the link leads outside, the file is
   * used where it is, since the user named it, and its archive stays beside the link.
   */
  public DatabaseEntry forDatabase(Path db) {
    Optional<Path> real = realFile(db);
    if (real.isPresent() && !real.get().equals(db.toAbsolutePath().normalize())) {
      Optional<String> target = real.get().startsWith(realRoot()) ? labelOf(root.resolve(realRoot().relativize(real.get())))
          : Optional.empty();
      if (target.isPresent()) {
        return forDatabase(root.resolve(target.get()));
      }
      Optional<String> link = labelOf(db);
      if (link.isPresent()) {
        return new DatabaseEntry(link.get(), db.toAbsolutePath().normalize(), resolve(rules.archiveOf(link.get())));
      }
    }
    Optional<String> label = labelOf(db);
    if (label.isEmpty()) {
      Path absolute = db.toAbsolutePath().normalize();
      return new DatabaseEntry(absolute.getFileName().toString(), absolute,
          absolute.resolveSibling(absolute.getFileName() + DatabaseRules.ARCHIVE_SUFFIX));
    }
    return new DatabaseEntry(label.get(), resolve(label.get()), resolve(rules.archiveOf(label.get())));
  }

  /** The attributes of the file a symbolic link leads to; empty for a link to nothing. */
  private static Optional<BasicFileAttributes> linkedFileAttributes(Path link) {
    try {
      return Optional.of(Files.readAttributes(link, BasicFileAttributes.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Where the file at {@code path} really is, its symbolic links resolved; empty when there is no file. */
  private static Optional<Path> realFile(Path path) {
    try {
      return Optional.of(path.toRealPath());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The entry for the archive at {@code archive}: its database by the rules, else the name less ".json". */
  public DatabaseEntry forArchive(Path archive) {
    Path absolute = archive.toAbsolutePath().normalize();
    Optional<String> label = labelOf(absolute).flatMap(rules::databaseOf);
    if (label.isPresent()) {
      return new DatabaseEntry(label.get(), resolve(label.get()), absolute);
    }
    String name = absolute.getFileName().toString();
    if (!name.endsWith(DatabaseRules.ARCHIVE_SUFFIX) || name.length() == DatabaseRules.ARCHIVE_SUFFIX.length()) {
      throw new HydrateException(archive + ": cannot tell which database this archive is for; name it with -o");
    }
    Path db = absolute.resolveSibling(name.substring(0, name.length() - DatabaseRules.ARCHIVE_SUFFIX.length()));
    return new DatabaseEntry(labelOf(db).orElse(db.getFileName().toString()), db, absolute);
  }

  /**
   * Every database of the workspace: database files that match the rules, and databases whose
   * archive exists though the file does not (yet). Sorted by label.
   */
  public List<DatabaseEntry> databases() {
    TreeMap<String, DatabaseEntry> found = new TreeMap<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (dir.equals(root)) {
            return FileVisitResult.CONTINUE;
          }
          String label = labelOf(dir).orElse("");
          // .Git and .git. too: paths through them are refused (see resolve), so they are not listed.
          // A folder with a .git of its own is another repository (a submodule, a nested clone): its
          // databases are its own, handled by git-hydrate inside it.
          return DatabaseRules.isGitDirectoryName(dir.getFileName().toString()) || rules.isExcluded(label)
              || Files.exists(dir.resolve(".git"), LinkOption.NOFOLLOW_LINKS)
              ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          boolean link = attrs.isSymbolicLink();
          if (link && !linksToAnotherDatabase(file)) {
            attrs = linkedFileAttributes(file).orElse(attrs);
          }
          if (!attrs.isRegularFile() || AtomicFiles.isTempFile(file)) {
            return FileVisitResult.CONTINUE;
          }
          String label = labelOf(file).orElseThrow();
          try {
            if (rules.isDatabase(label)) {
              // A link must lead to a file inside the work tree: hydrating writes through it.
              Path database = link ? resolve(label) : file;
              found.putIfAbsent(label, new DatabaseEntry(label, database, resolve(rules.archiveOf(label))));
            } else {
              rules.databaseOf(label).ifPresent(db -> found.putIfAbsent(db, new DatabaseEntry(db, resolve(db), file)));
            }
          } catch (HydrateException e) {
            // One path git-hydrate refuses (a control character in its name, say) leaves the others handled.
            if (refused.add(label)) {
              Warnings.report(label + ": left alone (" + e.getMessage() + "); the other databases are handled");
            }
          }
          return FileVisitResult.CONTINUE;
        }

        /**
         * A symbolic link to a file that is a database of this work tree by the rules: that file is
         * listed under its own name, so the link is not listed again (one database, one archive).
         */
        private boolean linksToAnotherDatabase(Path link) {
          Optional<Path> real = realFile(link);
          return real.isPresent() && real.get().startsWith(realRoot())
              && rules.isDatabase(PathText.slashed(realRoot().relativize(real.get())));
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new HydrateException(root + ": cannot list files: " + e.getMessage(), e);
    }
    return new ArrayList<>(found.values());
  }
}
