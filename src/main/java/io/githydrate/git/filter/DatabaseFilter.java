package io.githydrate.git.filter;

import io.githydrate.HydrateException;
import io.githydrate.Messages;
import io.githydrate.archive.ArchiveEnding;
import io.githydrate.engine.ArchiveDelta;
import io.githydrate.engine.ArchiveRules;
import io.githydrate.engine.AtomicFiles;
import io.githydrate.engine.ContentKind;
import io.githydrate.engine.DatabaseCheck;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.FileStamp;
import io.githydrate.engine.HealthyExport;
import io.githydrate.engine.Hydrator;
import io.githydrate.engine.PlaceholderFilling;
import io.githydrate.engine.PlaceholderValues;
import io.githydrate.engine.Progress;
import io.githydrate.engine.Sidecars;
import io.githydrate.git.GitCli;
import io.githydrate.git.DatabaseRules;
import io.githydrate.git.DatabaseSettings;
import io.githydrate.git.Mode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Converts databases for Git: clean (work tree to Git) turns a database into its archive, byte for
 * byte what {@code git hydrate dehydrate} writes, and smudge (Git to work tree) an archive into its
 * database. Both are exact round trips, so Git sees an unchanged database as unchanged.
 *
 * <p>Clean reads the database through SQLite at its own place when the bytes Git sends are that
 * file's (so committed changes still in its {@code -wal} are included), otherwise from the bytes
 * themselves; an archive comes back canonical; anything else is refused. Smudge passes anything
 * that is not an archive through unchanged (a raw database committed before the repository adopted
 * git-hydrate still checks out), and an archive with Git's conflict markers too, so a conflicted
 * merge leaves it for a person.
 *
 * <p>Both keep what they produce ({@link KeptCopies}): clean answers an unchanged database from its
 * kept archive without opening SQLite; smudge answers an archive built before from its kept
 * database, and one that differs from it in a few rows by changing those rows in a copy
 * ({@link ArchiveDelta}) instead of building every row again.
 */
final class DatabaseFilter implements FilterHandler {
  private final Path workTree;
  private final KeptCopies kept;
  private final Path temporary;
  private final ReplacedDatabases replaced;
  private final Duration lockTimeout;
  private final PrintStream log;
  /** Databases this process produced, by path, with their size: linked as shadows once Git has written them. */
  private final Map<String, Long> produced = new LinkedHashMap<>();
  private Path realWorkTree;

  /**
   * @param workTree the top of the work tree (Git runs its filters there, and names paths from there)
   * @param gitDir the repository's Git directory, where copies and backups are kept; null for none
   *     (then nothing is kept)
   */
  DatabaseFilter(Path workTree, Path gitDir, Duration lockTimeout, Clock clock, PrintStream log) throws IOException {
    this.workTree = workTree;
    this.lockTimeout = lockTimeout;
    this.log = log;
    Path home = gitDir == null ? null : gitDir.resolve("git-hydrate");
    this.kept = home == null ? null : new KeptCopies(home.resolve("filter"));
    this.temporary = home == null ? Files.createTempDirectory("git-hydrate-filter") : home.resolve("filter").resolve("tmp");
    Files.createDirectories(temporary);
    AtomicFiles.removeStaleTemps(temporary.resolve("spool"));
    Path backups = home == null ? workTree : home.resolve("backups");
    this.replaced = new ReplacedDatabases(workTree, backups, (int) lockTimeout.toMillis(), clock, log);
  }

  @Override
  public FilterReply convert(FilterRequest request, InputStream content) throws IOException {
    return switch (request.command()) {
      case CLEAN -> clean(request.pathname(), content);
      case SMUDGE -> smudge(request.pathname(), content);
    };
  }

  /** Links the databases Git has now written from this process's output, and keeps what removed ones left. */
  @Override
  public void finish() {
    if (kept == null) {
      AtomicFiles.deleteQuietly(temporary); // this process's own folder, empty by now
      return;
    }
    produced.forEach((pathname, size) -> {
      Path file = workTreeFile(pathname);
      try {
        if (file != null && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) == size) {
          KeptCopies.Slot slot = kept.slot(pathname);
          ReplacedDatabases.link(slot, file);
          slot.dropInStep();
        }
      } catch (IOException e) {
        // no link: a -wal this database later gets is kept without it
      }
    });
    keepReplaced();
  }

  /**
   * Keeps what would be lost of every database Git removed or replaced without asking the filter
   * (a branch without it; an ignored database whose path a commit now tracks): see {@link ReplacedDatabases}.
   */
  void keepReplaced() {
    if (kept == null) {
      return;
    }
    for (KeptCopies.Slot slot : kept.slots()) {
      Path file = workTreeFile(slot.pathname());
      if (file != null && ReplacedDatabases.orphaned(slot)) {
        try {
          replaced.rescue(slot, file);
        } catch (IOException e) {
          say(slot.pathname() + ": cannot keep what Git replaced: " + e.getMessage());
        }
      }
    }
  }

  // ---- clean ------------------------------------------------------------------------------------

  private FilterReply clean(String pathname, InputStream content) throws IOException {
    Path file = workTreeFile(pathname);
    BufferedInputStream in = new BufferedInputStream(content, 1 << 16);
    if (file == null || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return cleanBytes(pathname, in);
    }
    // Whether Git's bytes are the work-tree file's decides everything that saves work: they are
    // compared as they arrive (with the database kept from the last smudge too).
    KeptCopies.Slot slot = kept == null ? null : kept.slot(pathname);
    String stamp = FileStamp.ofDatabase(file);
    Optional<KeptCopies.Build> build = slot == null ? Optional.empty() : slot.build();
    ContentComparison.Result result = ContentComparison.compare(in, file,
        build.map(KeptCopies.Build::database).orElse(null), () -> newTempFile(null, "spool"), pathname);
    if (!result.sameAsFile()) {
      try (InputStream spooled = new BufferedInputStream(Files.newInputStream(result.spool()), 1 << 16)) {
        return cleanBytes(pathname, spooled);
      } finally {
        AtomicFiles.deleteQuietly(result.spool());
      }
    }
    return cleanWorkTreeFile(pathname, file, slot, stamp, result.sameAsCopy() ? build : Optional.empty());
  }

  /** Clean of bytes that are not the work-tree file's (or there is none): judged as they are. */
  private FilterReply cleanBytes(String pathname, InputStream in) throws IOException {
    switch (ContentKind.of(in)) {
      case EMPTY:
        return new FilterReply.Content(out -> { });
      case DATABASE:
        Path spool = spool(in, null);
        DatabaseCheck.Health health = DatabaseCheck.checkFile(spool, (int) lockTimeout.toMillis());
        if (!health.healthy()) {
          return unlessGitHoldsIt(pathname, spool, corrupt(pathname, health.problem()));
        }
        return new FilterReply.Content(out -> exportSpooled(pathname, spool, out));
      case ARCHIVE:
        return canonical(pathname, in);
      default:
        String start = ContentKind.describeStart(in);
        return unlessGitHoldsIt(pathname, spool(in, null), neither(pathname, start));
    }
  }

  /**
   * Clean of the work-tree file itself: a database is exported through SQLite at its place (with
   * its -wal), or answered from the archive kept for its stamp, or for the database Git wrote from
   * the kept build ({@code sameAsBuild}); an archive's text comes back canonical.
   */
  private FilterReply cleanWorkTreeFile(String pathname, Path file, KeptCopies.Slot slot, String stamp,
      Optional<KeptCopies.Build> sameAsBuild) throws IOException {
    ContentKind kind;
    String start;
    try (InputStream head = new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), 1 << 16)) {
      kind = ContentKind.of(head);
      start = ContentKind.describeStart(head);
    }
    switch (kind) {
      case EMPTY:
        return new FilterReply.Content(out -> { });
      case ARCHIVE:
        try (InputStream text = new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), 1 << 16)) {
          return canonical(pathname, text);
        }
      case OTHER:
        return unlessGitHoldsIt(pathname, copyOf(file), neither(pathname, start));
      default:
        break;
    }
    DatabaseCheck.Health health = DatabaseCheck.checkFile(file, (int) lockTimeout.toMillis());
    if (!health.healthy()) {
      return unlessGitHoldsIt(pathname, copyOf(file), corrupt(pathname, health.problem()));
    }
    boolean unchanged = FileStamp.databaseUnchangedOrSameContent(stamp, FileStamp.ofDatabase(file), file);
    if (slot != null && unchanged) {
      Optional<Path> keptArchive = slot.cleanArchive(stamp, file);
      if (keptArchive.isPresent()) {
        return answer(Files.newInputStream(keptArchive.get())); // no SQLite work at all
      }
    }
    if (sameAsBuild.isPresent() && unchanged && !Sidecars.holdContent(file)) {
      // Exactly the database smudged from the kept archive (Git wrote it): that archive is its clean form.
      KeptCopies.Build same = sameAsBuild.get();
      InputStream archive = Files.newInputStream(same.archive());
      slot.keepClean(same.archive(), stamp);
      ReplacedDatabases.link(slot, file);
      slot.dropInStep();
      return answer(archive);
    }
    return new FilterReply.Content(out -> exportWorkTree(pathname, file, slot, stamp, out));
  }

  /** {@code in} (opened now: a newer kept copy may replace the name meanwhile) as the content. */
  private static FilterReply answer(InputStream in) {
    return new FilterReply.Content(out -> {
      try (in) {
        copy(in, out);
      }
    });
  }

  /**
   * Bytes that cannot be converted (neither a database nor an archive, or a damaged database):
   * refused with {@code refusal}, unless they are exactly what Git already holds for the path (a
   * file committed before the repository adopted git-hydrate, which smudge passed through): then
   * they pass through, so Git sees that file unchanged and {@code git status} still works.
   */
  private FilterReply unlessGitHoldsIt(String pathname, Path spool, String refusal) throws IOException {
    GitCli git = new GitCli(workTree);
    String staged = git.tryRun("rev-parse", "-q", "--verify", ":" + pathname);
    String these = git.tryRun("hash-object", "--no-filters", "--", spool.toString());
    if (staged != null && staged.equals(these)) {
      return passThrough(spool);
    }
    AtomicFiles.deleteQuietly(spool);
    throw new HydrateException(refusal);
  }

  private static String neither(String pathname, String start) {
    return pathname + ": neither a SQLite database nor an archive (it starts with " + start
        + "); Git keeps databases of this path as archives";
  }

  private static String corrupt(String pathname, String problem) {
    return pathname + ": corrupt (" + problem + "); its archive is not changed. Rebuild it from the archive Git"
        + " has with: git hydrate repair " + pathname;
  }

  /** A temporary copy of a work-tree file, for a reply that must not change if the file does. */
  private Path copyOf(Path file) throws IOException {
    Path copy = newTempFile(null, "spool");
    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
    return copy;
  }

  /** Exports the work-tree database to Git, keeping a copy of the archive for its stamp. */
  private void exportWorkTree(String pathname, Path file, KeptCopies.Slot slot, String stamp, OutputStream git)
      throws IOException {
    if (slot == null) {
      export(pathname, file, git);
      return;
    }
    Path copy = slot.newTempFile("archive");
    boolean keep = false;
    try {
      try (OutputStream kept = new BufferedOutputStream(Files.newOutputStream(copy, StandardOpenOption.WRITE), 1 << 16)) {
        export(pathname, file, new TeeOutputStream(git, kept));
      }
      keep = true;
      slot.keepClean(copy, stamp);
      ReplacedDatabases.link(slot, file);
      slot.dropInStep();
    } finally {
      if (!keep) {
        AtomicFiles.deleteQuietly(copy);
      }
    }
  }

  private void exportSpooled(String pathname, Path spool, OutputStream git) {
    try {
      export(pathname, spool, git);
    } finally {
      AtomicFiles.deleteQuietly(spool);
    }
  }

  private void export(String pathname, Path database, OutputStream out) {
    int lockMillis = (int) lockTimeout.toMillis();
    new HealthyExport(new Dehydrator(lockMillis, Progress.NONE, this::rulesFor), lockMillis,
        problem -> corrupt(pathname, problem))
        .toStream(database, pathname, out);
  }

  /** An archive in: built into a database and exported again, which is its canonical form (and checks it). */
  private FilterReply canonical(String pathname, InputStream in) throws IOException {
    Path database = newTempFile(null, "database");
    try {
      // Placeholders stay as they are: the export below writes them again, whatever fills them.
      Hydrator.buildChecked(in, pathname, database);
    } catch (RuntimeException e) {
      AtomicFiles.deleteQuietly(database);
      throw e;
    }
    return new FilterReply.Content(out -> exportSpooled(pathname, database, out));
  }

  /**
   * What the database at {@code pathname} keeps out of its archive's lines: read at each request, as
   * a checkout may change {@code .hydrateconfig} while this process runs. Every value in line, as
   * Git stores only the blob.
   */
  private ArchiveRules rulesFor(String pathname) {
    return DatabaseSettings.read(workTree).rulesFor(pathname, Mode.FILTER);
  }

  // ---- smudge -----------------------------------------------------------------------------------

  private FilterReply smudge(String pathname, InputStream content) throws IOException {
    Path file = workTreeFile(pathname);
    KeptCopies.Slot slot = kept == null ? null : kept.slot(pathname);
    if (file != null) {
      replaced.beforeReplacing(slot, file);
    }
    BufferedInputStream in = new BufferedInputStream(content, 1 << 16);
    ContentKind kind = ContentKind.of(in);
    if (kind == ContentKind.EMPTY) {
      return new FilterReply.Content(out -> { });
    }
    MessageDigest sha256 = kind == ContentKind.ARCHIVE ? sha256() : null;
    Path archive = spool(in, sha256);
    if (kind != ContentKind.ARCHIVE) {
      return passThrough(archive); // a database committed as it was, or any other file
    }
    String digest = HexFormat.of().formatHex(sha256.digest());
    ArchiveRules rules = rulesFor(pathname);
    // A kept build holds the values filled in when it was made; this environment may hold others.
    Optional<KeptCopies.Build> build = slot == null || !rules.redactions().isEmpty() ? Optional.empty() : slot.build();
    if (build.isPresent() && build.get().archiveDigest().equals(digest)) {
      AtomicFiles.deleteQuietly(archive);
      return database(pathname, build.get().database(), null);
    }
    // A merge's result that lists its conflicts is not kept as the database's clean form: once the
    // person resolves it (even keeping the database as it is), clean must export the database, so
    // that the list is not committed with it.
    boolean conflicted = ArchiveEnding.listsConflicts(archive);
    if (build.isPresent() && !conflicted) {
      Optional<FilterReply> changed = changeRows(pathname, slot, build.get(), archive, digest);
      if (changed.isPresent()) {
        return changed.get();
      }
    }
    Path database = newTempFile(slot, "database");
    try (InputStream bytes = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
      Hydrator.buildChecked(bytes, pathname, database, rules, PlaceholderValues.ofProcess());
    } catch (PlaceholderFilling.Unset e) {
      AtomicFiles.deleteQuietly(database);
      AtomicFiles.deleteQuietly(archive);
      throw e;
    } catch (HydrateException e) {
      AtomicFiles.deleteQuietly(database);
      if (hasConflictMarkers(archive)) {
        say(pathname + ": holds Git's conflict markers, so it is written as the archive's text;"
            + " resolve the conflict, then git add it");
        return passThrough(archive);
      }
      AtomicFiles.deleteQuietly(archive);
      throw e;
    }
    return database(pathname, database, slot != null && !conflicted ? () -> slot.keepBuild(archive, database, digest) : () -> {
      AtomicFiles.deleteQuietly(archive);
      AtomicFiles.deleteQuietly(database);
    });
  }

  /**
   * Changes the rows of a copy of the kept database that differ between its archive and this one;
   * empty when that does not apply (then the database is built in full).
   */
  private Optional<FilterReply> changeRows(String pathname, KeptCopies.Slot slot, KeptCopies.Build build,
      Path archive, String digest) throws IOException {
    Path copy = newTempFile(slot, "database");
    Optional<ArchiveDelta.Applied> applied = Optional.empty();
    try {
      Files.copy(build.database(), copy, StandardCopyOption.REPLACE_EXISTING);
      try (InputStream previous = Files.newInputStream(build.archive())) {
        applied = ArchiveDelta.apply(copy, previous, build.archiveDigest(), archive, digest, lockTimeout);
      }
    } catch (IOException | RuntimeException e) {
      applied = Optional.empty();
    } finally {
      if (applied.isEmpty()) {
        AtomicFiles.deleteQuietly(copy);
        for (Path sidecar : Sidecars.existing(copy)) {
          AtomicFiles.deleteQuietly(sidecar);
        }
      }
    }
    if (applied.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(database(pathname, copy, () -> slot.keepBuild(archive, copy, digest)));
  }

  /** The database file as Git's content; {@code afterwards} (if any) keeps the files, else they are temporary. */
  private FilterReply database(String pathname, Path database, Runnable afterwards) throws IOException {
    InputStream bytes = Files.newInputStream(database); // opened now: a newer copy may replace the name meanwhile
    long size = Files.size(database);
    return new FilterReply.Content(out -> {
      try (bytes) {
        copy(bytes, out);
      }
      produced.put(pathname, size);
      if (afterwards != null) {
        afterwards.run();
      }
    });
  }

  private FilterReply passThrough(Path spool) throws IOException {
    InputStream bytes = Files.newInputStream(spool);
    AtomicFiles.deleteQuietly(spool); // the open stream keeps the content until it is closed
    return new FilterReply.Content(out -> {
      try (bytes) {
        copy(bytes, out);
      }
    });
  }

  /** Copies {@code in} to {@code out}; straight into Git's packets when {@code out} makes them. */
  private static void copy(InputStream in, OutputStream out) throws IOException {
    if (out instanceof PktLineWriter.ContentOutputStream packets) {
      packets.copyFrom(in);
    } else {
      in.transferTo(out);
    }
  }

  /** Whether a line of {@code archive} starts with one of Git's conflict markers. */
  private static boolean hasConflictMarkers(Path archive) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(Files.newInputStream(archive), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("<<<<<<< ") || line.startsWith(">>>>>>> ")) {
          return true;
        }
      }
      return false;
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  // ---- files ------------------------------------------------------------------------------------

  /**
   * The work-tree file at a path Git named; null for a path that could lead elsewhere (through a
   * symbolic link to a folder, say), whose file is then never read, linked or moved: its content is
   * taken as Git sends it.
   */
  private Path workTreeFile(String pathname) {
    if (DatabaseRules.problemOf(pathname).isPresent()) {
      return null;
    }
    Path file = workTree.resolve(pathname).normalize();
    try {
      Path folder = file.getParent().toRealPath();
      return folder.startsWith(realWorkTree()) && !folder.startsWith(realWorkTree().resolve(".git")) ? file : null;
    } catch (IOException e) {
      return null; // no such folder: nothing of it to read or keep
    }
  }

  private Path realWorkTree() throws IOException {
    if (realWorkTree == null) {
      realWorkTree = workTree.toRealPath();
    }
    return realWorkTree;
  }

  /** Copies {@code in} to its end into a new temporary file, through {@code digest} unless null. */
  private Path spool(InputStream in, MessageDigest digest) throws IOException {
    Path spool = newTempFile(null, "spool");
    boolean done = false;
    try (OutputStream out = Files.newOutputStream(spool, StandardOpenOption.WRITE)) {
      byte[] buffer = new byte[1 << 20]; // few, large writes: the archive of a large database is hundreds of MB
      for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
        if (digest != null) {
          digest.update(buffer, 0, n);
        }
        out.write(buffer, 0, n);
      }
      done = true;
      return spool;
    } finally {
      if (!done) {
        AtomicFiles.deleteQuietly(spool);
      }
    }
  }

  /** A new temporary file, in the slot's folder when one is given (so keeping it is a rename). */
  private Path newTempFile(KeptCopies.Slot slot, String name) throws IOException {
    if (slot != null) {
      return slot.newTempFile(name);
    }
    return AtomicFiles.tempFileBeside(temporary.resolve(name));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private void say(String message) {
    log.println("git-hydrate: " + Messages.printable(message));
    log.flush();
  }

  /** Writes to two streams; closing it closes only the second. */
  private static final class TeeOutputStream extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    TeeOutputStream(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      first.write(bytes, offset, length);
      second.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
      second.flush();
    }
  }
}
