package io.githydrate.git.filter;

import io.githydrate.engine.AtomicFiles;
import io.githydrate.engine.FileStamp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the filter keeps for each database path, so that Git's next request for it costs no SQLite
 * work: in {@code .git/git-hydrate/filter/<key>/}, one folder per path,
 *
 * <ul>
 *   <li>the archive last cleaned from the work-tree database, with the database's stamp at the time:
 *       clean answers from it for as long as the stamp holds;
 *   <li>the database last smudged and the archive it was built from: smudge answers from it when
 *       the same archive comes again, and changes its rows to reach a near one (a branch that
 *       changed a few rows);
 *   <li>a hard link to the work-tree database ({@code shadow.db}), so that the file Git removes
 *       before it writes a new one can still be kept whole with a {@code -wal} Git did not see
 *       (see {@link ReplacedDatabases}).
 * </ul>
 *
 * <p>Kept files are never changed in place: each is written under a new name and then named in the
 * folder's index ({@code slot}), which is replaced in one rename. A reader that opened a file keeps
 * reading what it opened; a file that is gone, or an index that cannot be read, is a miss and the
 * caller does the work. So processes may share a folder without locks, and a kept copy only ever
 * saves time.
 */
final class KeptCopies {
  private static final String INDEX = "slot";
  private static final String FIRST_LINE = "git-hydrate filter slot 1";
  static final String SHADOW = "shadow.db";
  /** The shadow's stamp when its database was last in step with its archive file (hooks mode). */
  static final String IN_STEP = "shadow.in-step";

  private final Path directory;

  KeptCopies(Path directory) {
    this.directory = directory;
  }

  /** The folder of the database at {@code pathname} (a Git path, relative to the work tree's top). */
  Slot slot(String pathname) {
    return new Slot(directory.resolve(key(pathname)), pathname);
  }

  /** Every folder there is, for the paths they were made for. */
  List<Slot> slots() {
    List<Slot> slots = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return slots;
    }
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(directory)) {
      for (Path folder : folders) {
        if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) && folder.getFileName().toString().matches("[0-9a-f]{32}")) {
          readIndex(folder).map(index -> index.path).ifPresent(path -> slots.add(new Slot(folder, path)));
        }
      }
    } catch (IOException | RuntimeException e) {
      // an unreadable folder keeps nothing
    }
    return slots;
  }

  /** The folder name for a path: 128 bits of its SHA-256, so any path (Unicode, quotes, spaces) makes a plain name. */
  static String key(String pathname) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(pathname.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** A kept archive and the database built from it. */
  record Build(String archiveDigest, Path archive, Path database) {}

  /**
   * The slot's index: which kept files mean what. {@code cleanFile} names the archive the database
   * with {@code cleanStamp} cleans to (a file of its own, or the build's archive); {@code buildDigest}
   * names the kept database and the archive it was built from.
   */
  private record Index(String path, String cleanFile, String cleanStamp, String buildDigest) {
    String text() {
      StringBuilder text = new StringBuilder(FIRST_LINE).append('\n').append("path ").append(path).append('\n');
      if (cleanFile != null) {
        text.append("clean ").append(cleanFile).append(' ').append(cleanStamp).append('\n');
      }
      if (buildDigest != null) {
        text.append("build ").append(buildDigest).append('\n');
      }
      return text.toString();
    }
  }

  private static Optional<Index> readIndex(Path folder) {
    try {
      List<String> lines = Files.readAllLines(folder.resolve(INDEX), StandardCharsets.UTF_8);
      if (lines.size() < 2 || !lines.get(0).equals(FIRST_LINE) || !lines.get(1).startsWith("path ")) {
        return Optional.empty();
      }
      String path = lines.get(1).substring("path ".length());
      String cleanFile = null;
      String cleanStamp = null;
      String buildDigest = null;
      for (String line : lines.subList(2, lines.size())) {
        String[] words = line.split(" ", 3);
        if (words[0].equals("clean") && words.length == 3 && words[1].matches("(clean|archive)-[0-9a-z-]+\\.json")) {
          cleanFile = words[1];
          cleanStamp = words[2];
        } else if (words[0].equals("build") && words.length == 2 && isDigest(words[1])) {
          buildDigest = words[1];
        }
      }
      return Optional.of(new Index(path, cleanFile, cleanStamp, buildDigest));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean isDigest(String text) {
    return text.matches("[0-9a-f]{64}");
  }

  /** The kept copies of one database path. */
  static final class Slot {
    private final Path folder;
    private final String pathname;

    private Slot(Path folder, String pathname) {
      this.folder = folder;
      this.pathname = pathname;
    }

    String pathname() {
      return pathname;
    }

    /** The hard link to the work-tree database, which may not exist. */
    Path shadow() {
      return folder.resolve(SHADOW);
    }

    /**
     * Links the shadow to {@code database}, which was in step with its archive file (hooks mode)
     * when it had the stamp {@code inStep}, and records that stamp: should Git ever replace the file
     * (it overwrites ignored files when a commit starts tracking their path), changes made after it
     * are kept (see {@link ReplacedDatabases}). Nothing is recorded when the database had a
     * {@code -wal} then. Failures are ignored: the record only adds safety.
     */
    void markInStep(Path database, String inStep) {
      ReplacedDatabases.link(this, database);
      Path marker = folder.resolve(IN_STEP);
      Path temp = null;
      try {
        if (readIndex(folder).isEmpty()) {
          update(null, null, null, null); // the index names the path, so the folder is found later
        }
        if (!Files.isRegularFile(shadow(), LinkOption.NOFOLLOW_LINKS) || !Files.isSameFile(shadow(), database)) {
          return;
        }
        // Not compared with the file now: a change since the stamp shows when the record is used
        // (shadowChangedSinceInStep), by the stamp or, for a racy one, its content check, and reading
        // a large database again here would cost every hook that wrote it.
        if (inStep == null || inStep.contains("+")) {
          return;
        }
        if (Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(inStep)) {
          return;
        }
        temp = newTempFile(IN_STEP);
        Files.writeString(temp, inStep, StandardCharsets.UTF_8);
        AtomicFiles.replace(temp, marker);
        temp = null;
      } catch (IOException | RuntimeException e) {
        // no record: a replaced database is then kept only for what its side files held
      } finally {
        AtomicFiles.deleteQuietly(temp);
      }
    }

    /** Whether the shadow changed since its database was last in step with its archive file (false when not recorded). */
    boolean shadowChangedSinceInStep() {
      Path marker = folder.resolve(IN_STEP);
      try {
        if (!Files.isRegularFile(marker) || !Files.isRegularFile(shadow(), LinkOption.NOFOLLOW_LINKS)) {
          return false;
        }
        String inStep = Files.readString(marker, StandardCharsets.UTF_8);
        return !FileStamp.unchangedOrSameContent(inStep, FileStamp.of(shadow()), shadow());
      } catch (IOException | RuntimeException e) {
        return true; // cannot tell: keep it
      }
    }

    /** Forgets the shadow and its record. */
    void dropShadow() {
      AtomicFiles.deleteQuietly(shadow());
      AtomicFiles.deleteQuietly(folder.resolve(IN_STEP));
    }

    /** Forgets the record that the shadow was in step (the filter links it for its own reasons). */
    void dropInStep() {
      AtomicFiles.deleteQuietly(folder.resolve(IN_STEP));
    }

    /** A new temporary file in this folder, for a copy that is to be kept. */
    Path newTempFile(String name) throws IOException {
      Files.createDirectories(folder);
      AtomicFiles.removeStaleTemps(folder.resolve(name));
      return AtomicFiles.tempFileBeside(folder.resolve(name));
    }

    /**
     * The archive cleaned from the database when it had the stamp {@code stamp}, if it is kept and
     * the database still has that stamp (a racy one: and the same content check).
     */
    Optional<Path> cleanArchive(String stamp, Path database) {
      Optional<Index> index = readIndex(folder).filter(i -> i.path.equals(pathname) && i.cleanFile != null);
      if (index.isEmpty() || !FileStamp.databaseUnchangedOrSameContent(index.get().cleanStamp, stamp, database)) {
        return Optional.empty();
      }
      Path archive = folder.resolve(index.get().cleanFile);
      return Files.isRegularFile(archive) ? Optional.of(archive) : Optional.empty();
    }

    /** The kept build and its archive, if both are there. */
    Optional<Build> build() {
      Optional<Index> index = readIndex(folder).filter(i -> i.path.equals(pathname) && i.buildDigest != null);
      if (index.isEmpty()) {
        return Optional.empty();
      }
      String digest = index.get().buildDigest;
      Path archive = archiveFile(digest);
      Path database = databaseFile(digest);
      return Files.isRegularFile(archive) && Files.isRegularFile(database)
          ? Optional.of(new Build(digest, archive, database)) : Optional.empty();
    }

    /**
     * Keeps {@code archive} (a temporary file of this folder, then moved; or the kept build's
     * archive) as what the database with stamp {@code stamp} cleans to. Failures are ignored: a
     * copy only saves time.
     */
    void keepClean(Path archive, String stamp) {
      update(archive, null, stamp, null);
    }

    /** Keeps {@code database}, built from {@code archive} (each a temporary file of this folder, or kept already). */
    void keepBuild(Path archive, Path database, String digest) {
      update(archive, database, null, digest);
    }

    private synchronized void update(Path archive, Path database, String cleanStamp, String buildDigest) {
      Path indexTemp = null;
      try {
        Files.createDirectories(folder);
        String cleanFile = null;
        if (archive == null) {
          // only the index itself
        } else if (buildDigest != null) {
          place(archive, archiveFile(buildDigest));
          place(database, databaseFile(buildDigest));
        } else if (archive.getParent().equals(folder) && archive.getFileName().toString().startsWith("archive-")) {
          cleanFile = archive.getFileName().toString(); // the build's archive: nothing to move
        } else {
          cleanFile = "clean-" + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36)
              + "-" + ProcessHandle.current().pid() + ".json";
          place(archive, folder.resolve(cleanFile));
        }
        Index old = readIndex(folder).filter(i -> i.path.equals(pathname)).orElse(null);
        Index index = new Index(pathname,
            cleanFile != null ? cleanFile : old == null ? null : old.cleanFile,
            cleanFile != null ? cleanStamp : old == null ? null : old.cleanStamp,
            buildDigest != null ? buildDigest : old == null ? null : old.buildDigest);
        indexTemp = newTempFile(INDEX);
        Files.writeString(indexTemp, index.text(), StandardCharsets.UTF_8);
        AtomicFiles.replace(indexTemp, folder.resolve(INDEX));
        indexTemp = null;
        removeUnused(index);
      } catch (IOException | RuntimeException e) {
        // not kept: the next request does the work again
      } finally {
        AtomicFiles.deleteQuietly(indexTemp);
      }
    }

    /** Moves a temporary file to its kept name; a file already kept there stays as it is. */
    private static void place(Path file, Path kept) throws IOException {
      if (file.equals(kept)) {
        return;
      }
      AtomicFiles.replace(file, kept);
    }

    /** Removes the kept files the index no longer names; other processes' temporary files are left. */
    private void removeUnused(Index index) {
      Set<String> used = new java.util.HashSet<>(Set.of(INDEX, SHADOW, IN_STEP));
      if (index.cleanFile != null) {
        used.add(index.cleanFile);
      }
      if (index.buildDigest != null) {
        used.add(archiveFile(index.buildDigest).getFileName().toString());
        used.add(databaseFile(index.buildDigest).getFileName().toString());
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
        for (Path file : files) {
          String name = file.getFileName().toString();
          if (!used.contains(name) && !AtomicFiles.isTempFile(file)) {
            AtomicFiles.deleteQuietly(file);
          }
        }
      } catch (IOException | RuntimeException e) {
        // left for the next update
      }
    }

    private Path archiveFile(String digest) {
      return folder.resolve("archive-" + digest + ".json");
    }

    private Path databaseFile(String digest) {
      return folder.resolve("database-" + digest + ".db");
    }
  }
}
