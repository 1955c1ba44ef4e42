package io.githydrate.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folder of backups of replaced databases ({@code .git/git-hydrate/backups/}): how a backup is
 * named, what is recorded about it, and which backups it holds.
 *
 * <p>A backup is a file {@code NAME.STAMP.bak} (a database) or {@code NAME.STAMP.json} (archive text
 * that stood at a database's path), {@code STAMP} its UTC time, {@code -2}, {@code -3}… after it for
 * more than one in a second. What a backup holds may spread over its SQLite journals beside it
 * ({@code -wal}, {@code -journal}). Beside it, {@code BACKUP.info} records in a small JSON object the
 * database's path in the work tree, when, and why the backup was made; it is written whole (a
 * temporary file renamed) before the backup takes its name, so that a backup without one comes from an
 * older version, and is listed with its reason {@link Reason#UNKNOWN}. Not thread safe; separate
 * processes may list and delete at once (a file gone meanwhile is passed over).
 */
public final class BackupFolder {
  /** The extension of the file that records a backup's database, time and reason. */
  public static final String INFO = ".info";
  /** The largest {@link #INFO} file read; a larger one is not git-hydrate's, and its backup counts as unknown. */
  private static final int INFO_LIMIT = 64 * 1024;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern NAME = Pattern.compile("(.+)\\.(\\d{8}T\\d{6}Z)(?:-(\\d{1,9}))?\\.(bak|json)");
  private static final JsonFactory JSON = JsonFactory.builder().build();
  /** By time made, then by the number a name took for more than one in a second, then by name. */
  public static final Comparator<Backup> OLDEST_FIRST = Comparator.comparing(Backup::made)
      .thenComparingInt(BackupFolder::sequence).thenComparing(Backup::name);

  /** Why a backup was made; {@code wireName} is how {@code --json} and the info file say it. */
  public enum Reason {
    LOCAL_CHANGES("local_changes", "replaced by an archive from Git while it had local changes"),
    MERGE("merge", "before its local changes were merged with an archive from Git"),
    CORRUPT("corrupt", "corrupt file repaired from its archive"),
    FORCED("forced", "replaced by hydrate --force"),
    RESOLVE("resolve", "replaced by a resolved merge conflict"),
    RESTORE("restore", "replaced by restoring a backup"),
    REPLACED_BY_GIT("replaced_by_git", "replaced by Git while its journal held changes"),
    ARCHIVE_TEXT("archive_text", "archive text that differed from Git's, replaced by its database"),
    REPLACED("replaced", "replaced by a rebuild from its archive"),
    UNKNOWN("unknown", "unknown (made before reasons were recorded)");

    private final String wireName;
    private final String description;

    Reason(String wireName, String description) {
      this.wireName = wireName;
      this.description = description;
    }

    public String wireName() {
      return wireName;
    }

    public String description() {
      return description;
    }

    static Reason ofWireName(String name) {
      for (Reason reason : values()) {
        if (reason.wireName.equals(name)) {
          return reason;
        }
      }
      return UNKNOWN;
    }
  }

  /**
   * One backup: its file name in the folder, the file, the database's path in the work tree (only
   * its file name for a backup without info), when it was made, why, and the bytes it takes with
   * its journals and info.
   */
  public record Backup(String name, Path file, String database, Instant made, Reason reason, long bytes) {
    /** Whether it holds archive text rather than a database. */
    public boolean archiveText() {
      return name.endsWith(".json");
    }
  }

  private final Path directory;

  public BackupFolder(Path directory) {
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }

  /**
   * A free name for a new backup of {@code target} made at {@code made}, with {@code extension}
   * ({@code ".bak"} or {@code ".json"}); creates the folder. The name is free when neither the file,
   * its journals nor its info exist.
   */
  public Path newPath(Path target, Instant made, String extension) throws IOException {
    Files.createDirectories(directory);
    String base = target.getFileName() + "." + STAMP.format(made);
    Path backup = directory.resolve(base + extension);
    for (int n = 2; taken(backup); n++) {
      backup = directory.resolve(base + "-" + n + extension);
    }
    return backup;
  }

  private static boolean taken(Path backup) {
    return Files.exists(backup, LinkOption.NOFOLLOW_LINKS) || Files.exists(infoOf(backup), LinkOption.NOFOLLOW_LINKS)
        || !Sidecars.existing(backup).isEmpty();
  }

  /** The info file of {@code backup}. */
  public static Path infoOf(Path backup) {
    return backup.resolveSibling(backup.getFileName() + INFO);
  }

  /**
   * Records, in {@code backup}'s info file (written to a temporary file and renamed), that it holds
   * {@code database} (its path in the work tree) as it was at {@code made}, kept for {@code reason}.
   */
  public static void describe(Path backup, String database, Instant made, Reason reason) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      g.writeStartObject();
      g.writeStringField("database", database);
      g.writeStringField("made", made.toString());
      g.writeStringField("why", reason.wireName());
      g.writeEndObject();
    }
    bytes.write('\n');
    Path info = infoOf(backup);
    Path temp = AtomicFiles.tempFileBeside(info);
    try {
      Files.write(temp, bytes.toByteArray());
      AtomicFiles.replace(temp, info);
      temp = null;
    } finally {
      AtomicFiles.deleteQuietly(temp);
    }
  }

  /** Deletes {@code backup}, its journals and its info, whichever exist. */
  public static void discard(Path backup) {
    if (backup == null) {
      return;
    }
    AtomicFiles.deleteQuietly(backup);
    for (String suffix : Sidecars.SUFFIXES) {
      AtomicFiles.deleteQuietly(Sidecars.of(backup, suffix));
    }
    AtomicFiles.deleteQuietly(infoOf(backup));
  }

  /** Like {@link #discard}, failing when a file stays (for deleting by hand, which must say so). */
  public static void delete(Backup backup) throws IOException {
    Files.deleteIfExists(backup.file());
    for (String suffix : Sidecars.SUFFIXES) {
      Files.deleteIfExists(Sidecars.of(backup.file(), suffix));
    }
    Files.deleteIfExists(infoOf(backup.file()));
  }

  /** Every backup in the folder, oldest first (none when it does not exist). */
  public List<Backup> list() throws IOException {
    List<Backup> found = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return found;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        read(file).ifPresent(found::add);
      }
    }
    found.sort(OLDEST_FIRST);
    return found;
  }

  /** The backup named {@code name} in the folder, if there is one. */
  public Optional<Backup> find(String name) throws IOException {
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
      return Optional.empty();
    }
    return read(directory.resolve(name));
  }

  /**
   * Removes the backups {@code policy} does not keep at {@code now} (with their journals and info),
   * and info files left without their backup; returns the backups removed, oldest first.
   */
  public List<Backup> prune(BackupPolicy policy, Instant now) throws IOException {
    List<Backup> removed = policy.toRemove(list(), now);
    for (Backup backup : removed) {
      delete(backup);
    }
    removeOrphanInfo();
    return removed;
  }

  /** Backups made in the same second keep the order of their names' numbers ({@code -2} after none). */
  private static int sequence(Backup backup) {
    Matcher m = NAME.matcher(backup.name());
    return m.matches() && m.group(3) != null ? Integer.parseInt(m.group(3)) : 1;
  }

  /**
   * Info files whose backup is gone (a run killed between writing the info and the backup), deleted;
   * returns how many.
   */
  public int removeOrphanInfo() throws IOException {
    int removed = 0;
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + INFO)) {
      for (Path info : files) {
        String name = info.getFileName().toString();
        Path backup = info.resolveSibling(name.substring(0, name.length() - INFO.length()));
        // Written just before its backup: one this young may be another process's, about to be joined.
        if (NAME.matcher(backup.getFileName().toString()).matches() && !Files.exists(backup, LinkOption.NOFOLLOW_LINKS)
            && olderThan(info, Duration.ofHours(1)) && Files.deleteIfExists(info)) {
          removed++;
        }
      }
    }
    return removed;
  }

  private static boolean olderThan(Path file, Duration age) {
    try {
      return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(Instant.now().minus(age));
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<Backup> read(Path file) throws IOException {
    String name = file.getFileName().toString();
    Matcher m = NAME.matcher(name);
    if (!m.matches() || AtomicFiles.isTempFile(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    long bytes;
    try {
      bytes = Files.size(file);
    } catch (NoSuchFileException e) {
      return Optional.empty(); // deleted meanwhile
    }
    for (String suffix : Sidecars.SUFFIXES) {
      bytes += sizeOrZero(Sidecars.of(file, suffix));
    }
    Path info = infoOf(file);
    bytes += sizeOrZero(info);
    Optional<Info> recorded = readInfo(info);
    Instant made = recorded.map(Info::made).orElseGet(() -> stampOf(m.group(2)).orElse(Instant.EPOCH));
    return Optional.of(new Backup(name, file, recorded.map(Info::database).orElse(m.group(1)), made,
        recorded.map(Info::reason).orElse(Reason.UNKNOWN), bytes));
  }

  private record Info(String database, Instant made, Reason reason) {}

  /** What {@code info} records; empty when it is missing or not an info file git-hydrate wrote. */
  private static Optional<Info> readInfo(Path info) {
    byte[] bytes;
    try {
      if (!Files.isRegularFile(info, LinkOption.NOFOLLOW_LINKS) || Files.size(info) > INFO_LIMIT) {
        return Optional.empty();
      }
      try (InputStream in = Files.newInputStream(info)) {
        bytes = in.readNBytes(INFO_LIMIT + 1);
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    String database = null;
    Instant made = null;
    Reason reason = Reason.UNKNOWN;
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          p.skipChildren();
          continue;
        }
        switch (field) {
          case "database" -> database = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "made" -> made = value == JsonToken.VALUE_STRING ? Instant.parse(p.getText()) : null;
          case "why" -> reason = value == JsonToken.VALUE_STRING ? Reason.ofWireName(p.getText()) : Reason.UNKNOWN;
          default -> { } // written by a newer version: what is known still holds
        }
      }
    } catch (IOException | DateTimeParseException e) {
      return Optional.empty();
    }
    return database == null || database.isEmpty() || made == null ? Optional.empty()
        : Optional.of(new Info(database, made, reason));
  }

  private static Optional<Instant> stampOf(String stamp) {
    try {
      return Optional.of(LocalDateTime.parse(stamp, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT))
          .toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static long sizeOrZero(Path file) {
    try {
      return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }
}
