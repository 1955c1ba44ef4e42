package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.engine.ArchiveDelta;
import io.githydrate.engine.Digests;
import io.githydrate.engine.properties.GeneratedDatabase.Column;
import io.githydrate.engine.properties.GeneratedDatabase.Settings;
import io.githydrate.engine.properties.GeneratedDatabase.Table;
import java.io.InputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;

/**
 * Updating a database row by row from the lines that changed between two archives
 * ({@link ArchiveDelta}, what a hook does after a pull) gives exactly what a full rebuild gives: the
 * database then dehydrates to the new archive byte for byte, in the same file. Where it declines
 * (triggers, full-text tables, UTF-16), the database is left byte for byte as it was, and for a
 * plain database it must not decline.
 */
class RowDeltaPropertyTest {
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(2);

  enum Change { DELETE, UPDATE, INSERT }

  /** One change to a table's rows: which table, which row (by key order), which column, what value. */
  record Edit(Change change, int table, int position, int column, Object value, List<Object> row) {}

  @Provide
  Arbitrary<GeneratedDatabase> databases() {
    Arbitrary<GeneratedDatabase> any = DatabaseArbitraries.databases();
    return Arbitraries.frequencyOf(Tuple.of(3, any.map(RowDeltaPropertyTest::plain)), Tuple.of(1, any));
  }

  @Provide
  Arbitrary<List<Edit>> edits() {
    return Combinators.combine(Arbitraries.of(Change.values()), Arbitraries.integers().between(0, 9),
            Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(0, 5)),
                Tuple.of(1, Arbitraries.integers().between(0, 45))),
            Arbitraries.integers().between(0, 9), DatabaseArbitraries.values(), DatabaseArbitraries.values().list().ofSize(8))
        .as(Edit::new).list().ofMinSize(1).ofMaxSize(12);
  }

  /**
   * Two versions of a generated database's archive: {@code previous}, and {@code archive} after
   * the edits ({@code changed} of them made); {@code target} was hydrated from the previous one.
   */
  private record Versions(Path previous, Path target, Path archive, int changed) {
    static Versions of(Scratch scratch, GeneratedDatabase generated, List<Edit> edits) throws Exception {
      Path source = scratch.resolve("source.db");
      generated.create(source);
      Path previous = scratch.resolve("previous.json");
      Engine.dehydrator().dehydrate(source, Engine.LABEL, previous);
      Path target = scratch.resolve("app.db");
      Engine.hydrator(false).hydrate(previous, Engine.LABEL, target);
      Path edited = scratch.resolve("edited.db");
      Files.copy(source, edited);
      int changed = edit(edited, generated, edits);
      Path archive = scratch.resolve("app.db.json");
      Engine.dehydrator().dehydrate(edited, Engine.LABEL, archive);
      return new Versions(previous, target, archive, changed);
    }

    Optional<ArchiveDelta.Applied> apply(String previousDigest) throws Exception {
      try (InputStream old = Files.newInputStream(previous)) {
        return ArchiveDelta.apply(target, old, previousDigest, archive, null, LOCK_TIMEOUT);
      }
    }
  }

  @Property(tries = 100)
  @Label("Applying the changed rows gives the new archive exactly, or leaves the database alone")
  void changedRowsGiveTheNewArchive(@ForAll("databases") GeneratedDatabase generated,
      @ForAll("edits") List<Edit> edits) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      Versions versions = Versions.of(scratch, generated, edits);
      Path target = versions.target();
      byte[] before = Files.readAllBytes(target);
      Object inode = Files.getAttribute(target, "unix:ino");

      Optional<ArchiveDelta.Applied> result = versions.apply(Digests.ofFile(versions.previous()));

      Statistics.collect(result.isPresent() ? "row by row" : "declined", versions.changed() > 0 ? "changed" : "same rows");
      if (result.isPresent()) {
        byte[] expected = Files.readAllBytes(versions.archive());
        byte[] actual = dehydrated(target, scratch.resolve("actual.json"));
        assertNull(Engine.firstDifference(expected, actual));
        assertEquals(Digests.ofFile(versions.archive()), result.get().archiveDigest());
        assertEquals(inode, Files.getAttribute(target, "unix:ino"), "the database file itself is updated");
      } else {
        assertArrayEquals(before, Files.readAllBytes(target), "declined, so nothing may change");
        // An AUTOINCREMENT table's first row brings sqlite_sequence into the archive (an empty one is
        // left out), and its last a change of the archive's tables, which is rebuilt in full.
        assertTrue(!isPlain(generated) || sequenceCameOrWent(versions), "a plain database is updated row by row: "
            + generated);
      }
    }
  }

  @Property(tries = 100)
  @Label("A previous archive other than the database's own is never applied")
  void aWrongPreviousArchiveIsDeclined(@ForAll("databases") GeneratedDatabase generated,
      @ForAll("edits") List<Edit> edits) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      Versions versions = Versions.of(scratch, generated, edits);
      byte[] before = Files.readAllBytes(versions.target());

      // The database holds the previous archive's rows, but the digest given is another file's.
      assertTrue(versions.apply(Digests.ofFile(versions.archive()) + "0").isEmpty());
      assertArrayEquals(before, Files.readAllBytes(versions.target()));
    }
  }

  private static byte[] dehydrated(Path db, Path archive) throws Exception {
    Engine.dehydrator().dehydrate(db, Engine.LABEL, archive);
    return Files.readAllBytes(archive);
  }

  /** The same database without what makes the delta decline. */
  private static GeneratedDatabase plain(GeneratedDatabase generated) {
    Settings s = generated.settings();
    List<String> extras = generated.extras().stream().filter(sql -> !isTrigger(sql)).toList();
    return new GeneratedDatabase(new Settings(s.pageSize(), s.autoVacuum(), "UTF-8", s.userVersion(), s.applicationId()),
        generated.tables(), null, extras);
  }

  private static boolean sequenceCameOrWent(Versions versions) throws IOException {
    String entry = "\n  \"sqlite_sequence\": {";
    return Files.readString(versions.previous()).contains(entry) != Files.readString(versions.archive()).contains(entry);
  }

  private static boolean isPlain(GeneratedDatabase generated) {
    return generated.fts() == null && "UTF-8".equals(generated.settings().encoding())
        && generated.extras().stream().noneMatch(RowDeltaPropertyTest::isTrigger);
  }

  private static boolean isTrigger(String sql) {
    return sql.toUpperCase(Locale.ROOT).startsWith("CREATE TRIGGER");
  }

  /** Makes the edits that SQLite accepts; how many it did. */
  private static int edit(Path db, GeneratedDatabase generated, List<Edit> edits) throws SQLException {
    if (generated.tables().isEmpty()) {
      return 0;
    }
    int done = 0;
    try (Connection connection = Sqlite.open(db)) {
      for (Edit edit : edits) {
        Table table = generated.tables().get(edit.table() % generated.tables().size());
        List<Column> stored = table.storedColumns();
        String name = GeneratedDatabase.quote(table.name());
        String key = table.kind().withoutRowid()
            ? table.keyNames().stream().map(GeneratedDatabase::quote).collect(Collectors.joining(", "))
            : GeneratedDatabase.rowidName(table.columns().stream().map(Column::name).toList());
        String nth = "(" + key + ") IN (SELECT " + key + " FROM " + name + " ORDER BY " + key + " LIMIT 1 OFFSET "
            + edit.position() + ")";
        List<Object> arguments = new ArrayList<>();
        String sql = switch (edit.change()) {
          case DELETE -> "DELETE FROM " + name + " WHERE " + nth;
          case UPDATE -> {
            arguments.add(edit.value());
            yield "UPDATE OR IGNORE " + name + " SET "
                + GeneratedDatabase.quote(stored.get(edit.column() % stored.size()).name()) + " = ? WHERE " + nth;
          }
          case INSERT -> {
            arguments.addAll(edit.row().subList(0, stored.size()));
            yield "INSERT OR IGNORE INTO " + name + " ("
                + stored.stream().map(c -> GeneratedDatabase.quote(c.name())).collect(Collectors.joining(", "))
                + ") VALUES (" + "?, ".repeat(stored.size() - 1) + "?)";
          }
        };
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          for (int i = 0; i < arguments.size(); i++) {
            statement.setObject(i + 1, arguments.get(i));
          }
          done += statement.executeUpdate();
        } catch (SQLException e) {
          // refused (a STRICT column's type, a CHECK, a non-integer rowid): not made, as in an application
        }
      }
    }
    return done;
  }
}
