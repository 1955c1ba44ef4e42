package io.githydrate.merge;

import io.githydrate.TestSqlite;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Hydrator;
import io.githydrate.engine.Progress;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Databases made from SQL, their archives, merges of those archives and the databases the merged
 * archives build, all in one folder. Every archive records the same database path, so that the
 * merged one can be compared with a dehydrated one byte for byte.
 */
final class MergeFixture {
  /** The path every archive records (the merge keeps it, since all three sides agree). */
  static final String LABEL = "data/app.db";

  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(2);

  /** Where the conflicts section starts in an archive that has one. */
  private static final String CONFLICTS_START = "\n \"conflicts\": [";

  private final Path dir;
  private int made;

  MergeFixture(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** A database made by running {@code statements} in order in a new file named after {@code name}. */
  Path database(String name, List<String> statements) throws SQLException {
    Path db = dir.resolve(name + "-" + (++made) + ".db");
    TestSqlite.exec(db, statements.toArray(String[]::new));
    return db;
  }

  /** The archive of a database made by running {@code statements}, then {@code more}. */
  Path archive(String name, List<String> statements, String... more) throws SQLException {
    List<String> all = new ArrayList<>(statements);
    all.addAll(Arrays.asList(more));
    Path db = database(name, all);
    return dehydrate(db, db.resolveSibling(db.getFileName().toString().replace(".db", ".json")));
  }

  /**
   * The archive of {@code db}, written to {@code archive} by the dehydrator's stream form: these are
   * the merge's inputs and expected outputs, so the atomic, synced file the command writes (tested
   * in engine) would only cost time here.
   */
  static Path dehydrate(Path db, Path archive) {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(archive), 1 << 16)) {
      new Dehydrator((int) LOCK_TIMEOUT.toMillis(), Progress.NONE).dehydrate(db, LABEL, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return archive;
  }

  /** Builds a new database from {@code archive} and returns it. */
  Path hydrate(Path archive) {
    Path db = dir.resolve("hydrated-" + (++made) + ".db");
    new Hydrator(new Hydrator.Options(false, null, LOCK_TIMEOUT), Progress.NONE, Clock.systemUTC())
        .hydrate(archive, LABEL, db);
    return db;
  }

  /** A merge's outcome and the archive it wrote. */
  record Merged(ArchiveMerge.Outcome outcome, Path archive) {
    List<Conflict> conflicts() {
      return outcome.conflicts();
    }

    String text() throws IOException {
      return Files.readString(archive, StandardCharsets.UTF_8);
    }
  }

  Merged merge(Path base, Path ours, Path theirs) {
    return merge(base, ours, theirs, ArchiveMerge.Options.DEFAULT);
  }

  Merged merge(Path base, Path ours, Path theirs, ArchiveMerge.Options options) {
    Path result = dir.resolve("merged-" + (++made) + ".json");
    return new Merged(ArchiveMerge.merge(base, ours, theirs, result, options), result);
  }

  /** What {@code sql} returns from the database the merged archive builds. */
  List<List<Object>> rows(Merged merged, String sql) throws SQLException {
    return TestSqlite.query(hydrate(merged.archive()), sql);
  }

  /** An archive's text without its conflicts section: what the database it builds dehydrates to. */
  static String withoutConflicts(String archive) {
    int start = archive.indexOf(CONFLICTS_START);
    if (start < 0) {
      return archive;
    }
    // " },\n \"conflicts\": [ ... ]\n}\n": the tables' closing line loses its comma.
    String head = archive.substring(0, start);
    if (!head.endsWith(",")) {
      throw new AssertionError("the tables do not end with a comma before the conflicts:\n" + archive);
    }
    return head.substring(0, head.length() - 1) + "\n}\n";
  }

  /** Where two texts part, as "line n: expected ..., got ...", or null when they are equal. */
  static String firstDifference(String expected, String actual) {
    String[] want = expected.split("\n", -1);
    String[] got = actual.split("\n", -1);
    for (int i = 0; i < Math.max(want.length, got.length); i++) {
      String w = i < want.length ? want[i] : "<end>";
      String g = i < got.length ? got[i] : "<end>";
      if (!w.equals(g)) {
        return "line " + (i + 1) + ": expected " + shorten(w) + ", got " + shorten(g);
      }
    }
    return null;
  }

  private static String shorten(String line) {
    return line.length() > 400 ? line.substring(0, 400) + "…" : line;
  }
}
