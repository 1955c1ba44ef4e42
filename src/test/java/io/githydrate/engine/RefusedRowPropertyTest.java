package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.HydrateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.commons.io.file.PathUtils;

/**
 * Rows go into SQLite many to a statement; a row SQLite refuses must still be named by its own
 * archive line, wherever it falls in its statement or batch, whatever constraint it breaks, and
 * with more refused rows after it. Nothing is left behind but the archive.
 */
class RefusedRowPropertyTest {

  /** The table the rows go into, and whether each row starts with a rowid of its own. */
  enum Table {
    INTEGER_KEY("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL CHECK (name <> 'bad'))", false),
    WITHOUT_ROWID("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL CHECK (name <> 'bad')) WITHOUT ROWID",
        false),
    ROWID_AND_UNIQUE("CREATE TABLE t(id INTEGER UNIQUE, name TEXT NOT NULL CHECK (name <> 'bad'))", true);

    final String sql;
    final boolean rowid;

    Table(String sql, boolean rowid) {
      this.sql = sql;
      this.rowid = rowid;
    }
  }

  /** What is wrong with a refused row. */
  enum Fault {
    DUPLICATE_KEY("UNIQUE constraint failed: t.id"),
    NULL_NAME("NOT NULL constraint failed: t.name"),
    FAILED_CHECK("CHECK constraint failed");

    final String message;

    Fault(String message) {
      this.message = message;
    }
  }

  /** {@code rows} rows, the one at {@code refused} broken by {@code fault}, and maybe a later one too. */
  record Case(Table table, int rows, int refused, Fault fault, int duplicateOf, Optional<Integer> alsoRefused) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Integer> sizes = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.integers().between(1, 80)),
        Tuple.of(1, Arbitraries.integers().between(81, 700)));
    return sizes.flatMap(rows -> Combinators.combine(
        Arbitraries.of(Table.class),
        Arbitraries.integers().between(0, rows - 1),
        Arbitraries.of(Fault.class),
        Arbitraries.integers().between(0, rows - 1),
        Arbitraries.integers().between(0, rows - 1).optional(0.3))
        .as((table, refused, fault, duplicateOf, also) -> new Case(table, rows, refused,
            fault == Fault.DUPLICATE_KEY && refused == 0 ? Fault.NULL_NAME : fault,
            refused == 0 ? 0 : duplicateOf % refused,
            also.filter(a -> a > refused))));
  }

  @Property(tries = 200)
  void theFirstRefusedRowIsNamedByItsLine(@ForAll("cases") Case c) throws Exception {
    Path dir = Files.createTempDirectory("git-hydrate-refused");
    try {
      Path archive = dir.resolve("bad.db.json");
      Files.writeString(archive, archive(c));
      Hydrator hydrator = new Hydrator(new Hydrator.Options(false, null, Duration.ofSeconds(2)), Progress.NONE,
          Clock.systemUTC());
      HydrateException e = assertThrows(HydrateException.class,
          () -> hydrator.hydrate(archive, "bad.db", dir.resolve("bad.db")));
      String expected = "archive " + archive + " line " + (OneTableArchive.FIRST_ROW_LINE + c.refused()) + ": table \"t\": "
          + c.fault().message;
      assertTrue(e.getMessage().startsWith(expected), () -> "expected " + expected + "…, got " + e.getMessage());
      assertEquals(List.of("bad.db.json"), list(dir));
    } finally {
      PathUtils.deleteDirectory(dir);
    }
  }

  private static String archive(Case c) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < c.rows(); i++) {
      long id = (i + 1) * 10L;
      String name = "\"row " + i + "\"";
      boolean refused = i == c.refused() || c.alsoRefused().equals(Optional.of(i));
      if (refused && c.fault() == Fault.DUPLICATE_KEY) {
        id = (c.duplicateOf() + 1) * 10L;
      } else if (refused && c.fault() == Fault.NULL_NAME) {
        name = "null";
      } else if (refused) {
        name = "\"bad\"";
      }
      rows.add("   [" + (c.table().rowid ? (i + 1) + ", " : "") + id + ", " + name + "]");
    }
    return OneTableArchive.text(c.table().sql, "[\"id\", \"name\"]", c.table().rowid, rows);
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
