package io.githydrate.cli;

import io.githydrate.git.GitCli;
import io.githydrate.HydrateException;
import io.githydrate.Messages;
import io.githydrate.engine.AtomicFiles;
import io.githydrate.engine.ContentKind;
import io.githydrate.engine.Dehydrator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Files a diff is given, as archives to read. Git hands a diff driver or textconv either an archive
 * (a blob) or, in filter mode, the database in the work tree itself; a commit may hold a database
 * committed raw. A database is exported to a temporary file first; closing deletes every file made.
 */
final class ArchiveInputs implements AutoCloseable {
  private final Dehydrator dehydrator;
  private final List<Path> temps = new ArrayList<>();

  ArchiveInputs(Dehydrator dehydrator) {
    this.dehydrator = dehydrator;
  }

  /**
   * The archive {@code file} is or holds: the file itself, or a database's export; null when there
   * is no file or it is empty (the database does not exist on that side). {@code label} names the
   * file in messages and is the path an export records.
   */
  Path archiveOf(Path file, String label) throws IOException {
    if (file == null || !Files.exists(file) || Files.size(file) == 0) {
      return null;
    }
    return switch (ContentKind.ofFile(file)) {
      case ARCHIVE -> file;
      case DATABASE -> export(file, label);
      case EMPTY -> null;
      case OTHER -> throw new HydrateException(Messages.printable(label) + ": neither an archive nor a SQLite database");
    };
  }

  /** The blob {@code oid} of the repository at {@code workTree}, written to a temporary file, as an archive. */
  Path blob(Path workTree, String oid, String label) throws IOException {
    Path file = temp(".blob");
    try {
      new GitCli(workTree).blobTo(oid, file);
    } catch (HydrateException e) {
      throw new HydrateException(Messages.printable(label) + ": " + e.getMessage(), e);
    }
    return archiveOf(file, label);
  }

  private Path export(Path database, String label) throws IOException {
    Path archive = temp(".json");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(archive), 1 << 16)) {
      dehydrator.dehydrate(database, label, out);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return archive;
  }

  private Path temp(String suffix) throws IOException {
    Path file = AtomicFiles.tempFile("git-hydrate-diff-", suffix);
    temps.add(file);
    return file;
  }

  @Override
  public void close() {
    temps.forEach(AtomicFiles::deleteQuietly);
    temps.clear();
  }
}
