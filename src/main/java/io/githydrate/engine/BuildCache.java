package io.githydrate.engine;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Databases built from archives, kept by the SHA-256 of the archive bytes they were built from, so
 * that going back to an archive seen before (switching back to a branch) copies a database in
 * instead of parsing and inserting every row again. A database is kept only after it was built and
 * checked, is synced to disk before it is renamed in, and is checked again when it is used.
 *
 * <p>Bounded: databases over {@code maxEntryBytes} are not kept, and the least recently used go
 * when the folder would hold more than {@code maxTotalBytes}. Entries carry the version of the code
 * that built them; those of other versions are removed. Failures to keep or remove an entry are
 * ignored: the cache only ever saves time.
 */
public final class BuildCache {
  public static final long DEFAULT_MAX_ENTRY_BYTES = 64L << 20;
  public static final long DEFAULT_MAX_TOTAL_BYTES = 256L << 20;

  /** {@code DIGEST.VERSION.tTABLES.rROWS.db}: the summary travels in the name, so one rename keeps it all. */
  private static final Pattern ENTRY = Pattern.compile("([0-9a-f]{64})\\.([A-Za-z0-9_.+-]+)\\.t(\\d+)\\.r(\\d+)\\.db");
  private static final String VERSION = versionTag();

  /** A kept database and the summary of the archive it was built from. */
  public record Entry(Path database, ArchiveSummary summary) {}

  private final Path directory;
  private final long maxEntryBytes;
  private final long maxTotalBytes;

  public BuildCache(Path directory) {
    this(directory, DEFAULT_MAX_ENTRY_BYTES, DEFAULT_MAX_TOTAL_BYTES);
  }

  public BuildCache(Path directory, long maxEntryBytes, long maxTotalBytes) {
    this.directory = directory;
    this.maxEntryBytes = maxEntryBytes;
    this.maxTotalBytes = maxTotalBytes;
  }

  /** The database built from archive bytes with this digest, if one is kept; marks it recently used. */
  public Optional<Entry> find(String archiveDigest) {
    for (Path file : entries()) {
      Matcher name = ENTRY.matcher(file.getFileName().toString());
      if (name.matches() && name.group(1).equals(archiveDigest) && name.group(2).equals(VERSION)
          && Files.isRegularFile(file)) {
        try {
          Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
          // still usable; it only ages sooner
        }
        return Optional.of(new Entry(file,
            new ArchiveSummary(Integer.parseInt(name.group(3)), Long.parseLong(name.group(4)))));
      }
    }
    return Optional.empty();
  }

  /**
   * Keeps {@code built}, a closed database that passed its check, as the one built from archive bytes
   * with this digest, by moving it into the cache. Returns false when it was not kept (too big, or
   * the cache is on another file system or cannot be written); the file is then left where it was.
   */
  public boolean keep(String archiveDigest, ArchiveSummary summary, Path built) {
    try {
      long size = Files.size(built);
      if (size > maxEntryBytes || size > maxTotalBytes) {
        return false;
      }
      Files.createDirectories(directory);
      AtomicFiles.sync(built);
      Path entry = directory.resolve(archiveDigest + "." + VERSION + ".t" + summary.tables() + ".r" + summary.rows() + ".db");
      Files.move(built, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
      prune(entry);
      return true;
    } catch (AtomicMoveNotSupportedException e) {
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Removes the entry for this digest: it failed its check when it was to be used. */
  public void forget(String archiveDigest) {
    for (Path file : entries()) {
      if (file.getFileName().toString().startsWith(archiveDigest + ".")) {
        AtomicFiles.deleteQuietly(file);
      }
    }
  }

  /** Removes entries of other versions, then the least recently used until the rest fit the budget. */
  private void prune(Path justKept) throws IOException {
    List<Path> current = new ArrayList<>();
    for (Path file : entries()) {
      Matcher name = ENTRY.matcher(file.getFileName().toString());
      if (name.matches() && name.group(2).equals(VERSION)) {
        current.add(file);
      } else if (!AtomicFiles.isTempFile(file)) {
        AtomicFiles.deleteQuietly(file);
      }
    }
    current.sort(Comparator.comparing(BuildCache::lastUsed).reversed());
    long total = 0;
    for (Path file : current) {
      total += Files.size(file);
      if (total > maxTotalBytes && !file.equals(justKept)) {
        AtomicFiles.deleteQuietly(file);
      }
    }
  }

  private List<Path> entries() {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return files;
    }
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory)) {
      listing.forEach(files::add);
    } catch (IOException | RuntimeException e) {
      // an unreadable cache is an empty one
    }
    return files;
  }

  private static FileTime lastUsed(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  /** The version of the code that builds databases, as a file-name-safe word. */
  private static String versionTag() {
    String version = BuildCache.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version.replaceAll("[^A-Za-z0-9_.+-]", "_");
  }
}
