package io.githydrate.engine;

import io.githydrate.archive.ArchiveReader;
import io.githydrate.archive.ArchiveVisitor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Readies a short-lived process (a hook) to hydrate while it is still finding out what to do: on
 * two background threads, SQLite's library with a first connection, and the SHA-256 provider with
 * the archive parser. In a fresh JVM each takes 10-40 ms to load and initialize, and a hook that
 * rebuilds a database needs all three within its first milliseconds. Failures are left for the
 * real use to report.
 */
public final class WarmUp {
  static final byte[] ARCHIVE = """
      {"format": "git-hydrate-archive", "version": 1, "database": "warm-up.db",
       "pragmas": {"application_id": 0, "auto_vacuum": 0, "encoding": "UTF-8", "page_size": 4096, "user_version": 0},
       "schema": [{"type": "table", "name": "t", "table": "t", "sql": "CREATE TABLE t (a, b, c, d, e)"}],
       "tables": {"t": {"columns": ["a", "b", "c", "d", "e"], "rowid": false, "rows": [
        [1, 2.5, "text", {"blob": "AP8="}, null]
       ], "row_count": 1}}}
      """.getBytes(StandardCharsets.UTF_8);

  private WarmUp() {}

  /** Starts the warm-up threads and returns at once. */
  public static void forHydrating() {
    start("git-hydrate SQLite warm-up", Connections::warmUp);
    start("git-hydrate parser warm-up", WarmUp::parserAndDigest);
  }

  private static void start(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void parserAndDigest() {
    Digests.sha256().update(ARCHIVE);
    try {
      ArchiveReader.read(new ByteArrayInputStream(ARCHIVE), new ArchiveVisitor.Ignoring());
    } catch (IOException | RuntimeException e) {
      // the real read fails the same way, and says so
    }
  }
}
