package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.archive.FileValue;
import io.githydrate.archive.Utf8Text;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder beside an archive that holds its large TEXT and BLOB values, one file per distinct
 * value, named by the SHA-256 of its bytes: {@code data/app.db.json} keeps them in
 * {@code data/app.db.values/ab/ab12…}. Content-addressed, so an unchanged value keeps its file and
 * its archive line, and a value held by many rows is stored once.
 */
public final class ValueFiles {
  /** What the folder's name adds to the archive's name without {@code .json}. */
  public static final String FOLDER_SUFFIX = ".values";
  private static final String ARCHIVE_SUFFIX = ".json";
  private static final HexFormat HEX = HexFormat.of();

  private ValueFiles() {}

  /** The values folder of {@code archive}: beside it, named after it. */
  public static Path folderOf(Path archive) {
    String name = archive.getFileName().toString();
    String stem = name.endsWith(ARCHIVE_SUFFIX) ? name.substring(0, name.length() - ARCHIVE_SUFFIX.length()) : name;
    return archive.resolveSibling(stem + FOLDER_SUFFIX);
  }

  /**
   * Whether {@code path} ({@code /}-separated) names a value file: a BLOB may hold anything, a whole
   * SQLite database too, and is still a value, not a database committed by mistake.
   */
  public static boolean isValueFile(String path) {
    return VALUE_FILE.matcher(path).matches();
  }

  private static final Pattern VALUE_FILE =
      Pattern.compile("(?:.*/)?[^/]+" + Pattern.quote(FOLDER_SUFFIX) + "/([0-9a-f]{2})/\\1[0-9a-f]{62}");

  /** The file that holds the value whose SHA-256 is {@code sha256}, in {@code folder}. */
  static Path fileOf(Path folder, String sha256) {
    return folder.resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  /**
   * Moves the values of rows being exported that are longer than a limit out of line. Not thread
   * safe: one per export.
   */
  static final class Export {
    private final Path folder;
    private final long limit;
    private final Set<String> referenced = new HashSet<>();

    /**
     * @param folder where the values go, or null to work out the references only (for an archive's
     *     digest, or an archive that is not written to the work tree)
     * @param limit values longer than this many bytes go out of line
     */
    Export(Path folder, long limit) {
      this.folder = folder;
      this.limit = limit;
    }

    /** {@code values} with each TEXT or BLOB value longer than the limit replaced by its {@link FileValue}. */
    Object[] outOfLine(Object[] values) throws IOException {
      for (int i = 0; i < values.length; i++) {
        byte[] bytes = bytesOf(values[i]);
        if (bytes != null && bytes.length > limit) {
          String sha256 = HEX.formatHex(Digests.sha256(bytes));
          if (folder != null && referenced.add(sha256)) {
            store(fileOf(folder, sha256), bytes);
          }
          values[i] = new FileValue(sha256, !(values[i] instanceof byte[]), bytes.length);
        }
      }
      return values;
    }

    private static byte[] bytesOf(Object value) {
      if (value instanceof byte[] blob) {
        return blob;
      }
      if (value instanceof Utf8Text text) {
        return text.bytes();
      }
      if (value instanceof String text) {
        return text.getBytes(StandardCharsets.UTF_8);
      }
      return null;
    }

    /** Writes the file whole, unless it is there already with the right bytes. */
    private void store(Path file, byte[] bytes) throws IOException {
      for (Path directory : List.of(folder, file.getParent())) {
        if (Files.isSymbolicLink(directory)) {
          // A link committed in its place could lead the writes, and the removals after, anywhere.
          throw new HydrateException(directory + ": is a symbolic link; refusing to write through it");
        }
      }
      if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) == bytes.length
          && MessageDigest.isEqual(digestOf(file), Digests.sha256(bytes))) {
        return;
      }
      AtomicFiles.writeWhole(file, bytes);
    }

    /**
     * Deletes the folder's value files that the archive just written does not reference and that
     * the removal rule allows, then the subfolders (and the folder) left empty. Files of other names
     * are left alone. Call only after the archive is in place: until then the old archive may still
     * need them.
     *
     * @param removal which unreferenced files may go
     */
    void removeUnreferenced(Removal removal) throws IOException {
      if (folder == null || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      Predicate<Path> removable = removal.forFolder(folder);
      List<Path> subfolders;
      try (Stream<Path> list = Files.list(folder)) {
        subfolders = list.filter(p -> p.getFileName().toString().matches("[0-9a-f]{2}")
            && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
      }
      for (Path subfolder : subfolders) {
        List<Path> files;
        try (Stream<Path> list = Files.list(subfolder)) {
          files = list.toList();
        }
        for (Path file : files) {
          String name = file.getFileName().toString();
          if (name.matches("[0-9a-f]{64}") && !referenced.contains(name) && removable.test(file)) {
            Files.deleteIfExists(file);
          }
        }
        deleteIfEmpty(subfolder);
      }
      deleteIfEmpty(folder);
    }

    private static void deleteIfEmpty(Path directory) throws IOException {
      try (Stream<Path> list = Files.list(directory)) {
        if (list.findAny().isPresent()) {
          return;
        }
      }
      Files.deleteIfExists(directory);
    }
  }

  /**
   * Which unreferenced value files of a folder an export may delete. An archive staged, stashed or
   * kept elsewhere may still reference a file the archive just written does not: a file Git has
   * (at HEAD or in the index) can be had back from Git, any other cannot, so a Git work tree gives
   * a rule that keeps those (at worst they are staged with the folder and go at the next export).
   */
  @FunctionalInterface
  public interface Removal {
    /** Anything unreferenced goes: a folder no one else reads. */
    Removal ANY = folder -> file -> true;

    /** The rule for the files of {@code folder}, worked out once per export. */
    Predicate<Path> forFolder(Path folder) throws IOException;
  }

  /**
   * Reads the values an archive keeps out of line back from its folder, each checked against its
   * size and SHA-256 first, for a database being built.
   */
  public static final class Source {
    /** Nothing to read from: an archive read from Git or a stream, whose folder is not at hand. */
    public static final Source NONE = new Source(null);

    private final Path folder;

    /** @param folder the values folder ({@link #folderOf}), or null when there is none to read */
    public Source(Path folder) {
      this.folder = folder;
    }

    /** The source of {@code archive}'s own folder. */
    public static Source of(Path archive) {
      return new Source(folderOf(archive));
    }

    /**
     * Replaces each {@link FileValue} in {@code values} by the value its file holds (a String for
     * TEXT, bytes for a BLOB).
     *
     * @param line the archive line of the row, for messages
     * @throws HydrateException naming the line and the file when a file is missing, or does not hold
     *     the bytes its reference names
     */
    public void resolve(Object[] values, int line) {
      for (int i = 0; i < values.length; i++) {
        if (values[i] instanceof FileValue file) {
          byte[] bytes = read(file, line);
          values[i] = file.text() ? new String(bytes, StandardCharsets.UTF_8) : bytes;
        }
      }
    }

    private byte[] read(FileValue value, int line) {
      if (folder == null) {
        throw SchemaGuard.problem(line, "a value is kept in a file of its own (" + value
            + "), which cannot be read here: only an archive in the work tree has its values folder beside it");
      }
      Path file = fileOf(folder, value.sha256());
      byte[] bytes;
      try {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          // Export writes plain files; a link or a device here came from elsewhere, and is not followed.
          throw SchemaGuard.problem(line, "value file " + file + " is not a regular file");
        }
        if (Files.size(file) != value.size()) {
          throw SchemaGuard.problem(line, "value file " + file + " does not match its digest");
        }
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw SchemaGuard.problem(line, "value file " + file + " is missing");
      } catch (IOException e) {
        throw SchemaGuard.problem(line, "value file " + file + ": " + FileErrors.describe(e));
      }
      if (!HEX.formatHex(Digests.sha256(bytes)).equals(value.sha256())) {
        throw SchemaGuard.problem(line, "value file " + file + " does not match its digest");
      }
      return bytes;
    }
  }

  private static byte[] digestOf(Path file) throws IOException {
    MessageDigest sha256 = Digests.sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha256.update(buffer, 0, n);
      }
    }
    return sha256.digest();
  }
}
