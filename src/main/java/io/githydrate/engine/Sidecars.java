package io.githydrate.engine;

import io.githydrate.HydrateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * The files SQLite keeps beside a database: {@code -wal} (committed changes not yet copied into the
 * database, in WAL mode), {@code -shm} (the WAL's index, rebuilt from the WAL when missing) and
 * {@code -journal} (in rollback mode: the pages a write in progress replaced; "hot" when a process
 * died mid-write, and then needed to put the database back). Both {@code -wal} and a hot
 * {@code -journal} are part of the database's content, found by name: they must travel with it,
 * and never meet another database of the same name.
 */
public final class Sidecars {
  /** Their suffixes, in the order they are best moved: the WAL's index last. */
  public static final List<String> SUFFIXES = List.of("-wal", "-journal", "-shm");
  /** A rollback journal's header starts with these bytes while the write it belongs to is unfinished. */
  private static final byte[] JOURNAL_MAGIC = {(byte) 0xd9, (byte) 0xd5, 0x05, (byte) 0xf9, 0x20, (byte) 0xa1, 0x63, (byte) 0xd7};
  /** A WAL file's header; one this size or smaller holds no frames. */
  private static final int WAL_HEADER = 32;

  private Sidecars() {}

  /** The sidecar of {@code db} with the given suffix. */
  public static Path of(Path db, String suffix) {
    return db.resolveSibling(db.getFileName() + suffix);
  }

  /**
   * Removes the {@code -wal} and {@code -shm} that read-only connections (SQLite's backup API opens
   * its source so) leave beside {@code privateDb}, a database in WAL mode that only this process
   * uses, such as a build: such a connection can neither fold a WAL in nor remove it, and a WAL it
   * left holds no frames. A WAL that does hold frames is content, and stays.
   */
  static void removeReadersLeftovers(Path privateDb) {
    Path wal = of(privateDb, "-wal");
    try {
      if (Files.isRegularFile(wal, LinkOption.NOFOLLOW_LINKS) && Files.size(wal) > WAL_HEADER) {
        return;
      }
      Files.deleteIfExists(wal);
      Files.deleteIfExists(of(privateDb, "-shm"));
    } catch (IOException e) {
      // left for the next run's clean-up of stale temporary files
    }
  }

  /** Those of {@code db}'s sidecars that exist. */
  public static List<Path> existing(Path db) {
    return SUFFIXES.stream().map(suffix -> of(db, suffix))
        .filter(file -> Files.exists(file, LinkOption.NOFOLLOW_LINKS)).toList();
  }

  /**
   * Whether {@code db}'s sidecars may hold content the database file itself does not: a WAL with
   * frames, or a journal of an unfinished write.
   */
  public static boolean holdContent(Path db) {
    try {
      Path wal = of(db, "-wal");
      if (Files.isRegularFile(wal, LinkOption.NOFOLLOW_LINKS) && Files.size(wal) > WAL_HEADER) {
        return true;
      }
      Path journal = of(db, "-journal");
      if (Files.isRegularFile(journal, LinkOption.NOFOLLOW_LINKS) && Files.size(journal) >= JOURNAL_MAGIC.length) {
        try (InputStream in = Files.newInputStream(journal)) {
          return Arrays.equals(in.readNBytes(JOURNAL_MAGIC.length), JOURNAL_MAGIC);
        }
      }
      return false;
    } catch (IOException e) {
      return true; // unreadable: assume the worst, so nothing is thrown away
    }
  }

  /**
   * Makes {@code db} whole on its own: opens it through SQLite, which rolls back a hot journal or
   * reads the WAL, copies the WAL's changes into it and, closing the last connection, removes the
   * WAL. For a database no other process uses (a backup just set aside).
   *
   * @throws HydrateException when SQLite cannot open or write it
   */
  public static void fold(Path db, int lockMillis) {
    try (Connection connection = Connections.readWrite(db, lockMillis);
         Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM sqlite_schema")) {
        rs.next();
      }
      try (ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
        rs.next();
      }
    } catch (SQLException e) {
      throw new HydrateException(db + ": cannot be opened with its journal: " + SqliteErrors.describe(e), e);
    }
  }
}
