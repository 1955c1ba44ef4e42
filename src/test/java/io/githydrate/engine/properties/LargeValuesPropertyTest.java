package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.HydrateException;
import io.githydrate.TestSqlite;
import io.githydrate.engine.ArchiveRules;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Hydrator;
import io.githydrate.engine.Progress;
import io.githydrate.engine.ValueFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Values longer than the {@code large-values} limit live in files beside the archive: they come back
 * exactly (storage class and bytes), the archive and the files are the same when the rebuilt
 * database is exported again, every file is referenced and named by its SHA-256, and a missing or
 * altered file makes hydrate refuse with the target untouched.
 */
class LargeValuesPropertyTest {
  private static final long LIMIT = 16;
  private static final Pattern REFERENCE = Pattern.compile("\"file\": \"([0-9a-f]{64})\"");

  /** A TEXT (String) or BLOB (byte[]) value. */
  record Value(Object value) {
    @Override
    public String toString() {
      return value instanceof byte[] b ? "blob " + HexFormat.of().formatHex(b) : "text " + value;
    }
  }

  @Provide
  Arbitrary<List<Value>> rows() {
    // UTF-8 lengths around the limit: 1-, 2- and 4-byte characters and NUL, so a TEXT lands on
    // limit - 1, limit and limit + 1 bytes by different roads.
    Arbitrary<String> text = Arbitraries.of("a", "\0", "é", "€", "😀", "\"", "\n")
        .list().ofMinSize(0).ofMaxSize(20).map(parts -> String.join("", parts));
    Arbitrary<byte[]> blob = Arbitraries.oneOf(Arbitraries.of(0, 15, 16, 17, 40), Arbitraries.integers().between(0, 64))
        .flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n));
    Arbitrary<Value> value = Arbitraries.oneOf(text.map(Value::new), blob.map(Value::new));
    // A few values drawn again, so that rows share files.
    return value.list().ofMinSize(1).ofMaxSize(12).flatMap(values -> Combinators.combine(
        Arbitraries.just(values), Arbitraries.integers().between(0, values.size() - 1).list().ofMaxSize(4))
        .as((list, repeats) -> {
          List<Value> rows = new java.util.ArrayList<>(list);
          repeats.forEach(i -> rows.add(list.get(i)));
          return rows;
        }));
  }

  @Property(tries = 100)
  @Label("out-of-line values round-trip exactly; the archive and its files come out the same again")
  void roundTrip(@ForAll("rows") List<Value> rows) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      Path original = scratch.resolve("original.db");
      create(original, rows);
      Path archive = scratch.resolve("app.db.json");
      Path folder = ValueFiles.folderOf(archive);
      dehydrator().dehydrate(original, Engine.LABEL, archive);
      byte[] first = Files.readAllBytes(archive);
      Set<String> files = valueFiles(folder);

      Path rebuilt = scratch.resolve("rebuilt.db");
      Engine.hydrator(false).hydrate(archive, Engine.LABEL, rebuilt);
      assertEquals(content(original), content(rebuilt), "values, with their storage classes");

      dehydrator().dehydrate(rebuilt, Engine.LABEL, archive);
      assertArrayEquals(first, Files.readAllBytes(archive), "the archive of the rebuilt database");
      assertEquals(files, valueFiles(folder), "the value files");
      assertEquals(references(first), files, "every value file referenced, and only those");
      for (String name : files) {
        byte[] bytes = Files.readAllBytes(folder.resolve(name.substring(0, 2)).resolve(name));
        assertTrue(bytes.length > LIMIT, "only values over the limit go out of line");
        assertEquals(name, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
      }
      long large = rows.stream().filter(v -> size(v) > LIMIT).map(v -> HexFormat.of().formatHex(bytes(v)))
          .distinct().count();
      assertEquals(large, files.size(), "one file per distinct large value (a TEXT and a BLOB of the same bytes share one)");
    }
  }

  @Property(tries = 100)
  @Label("a missing or altered value file: hydrate refuses, the database is left as it was")
  void missingOrAlteredFileIsRefused(@ForAll("rows") List<Value> rows, @ForAll boolean delete,
      @ForAll("damage") int seed) throws Exception {
    List<Value> withLarge = new java.util.ArrayList<>(rows);
    withLarge.add(new Value(new byte[(int) LIMIT + 1 + (seed & 7)]));
    try (Scratch scratch = Scratch.create()) {
      Path original = scratch.resolve("original.db");
      create(original, withLarge);
      Path archive = scratch.resolve("app.db.json");
      dehydrator().dehydrate(original, Engine.LABEL, archive);
      Path folder = ValueFiles.folderOf(archive);
      List<String> files = List.copyOf(valueFiles(folder));
      String victim = files.get(Math.floorMod(seed, files.size()));
      Path file = folder.resolve(victim.substring(0, 2)).resolve(victim);
      if (delete) {
        Files.delete(file);
      } else {
        byte[] bytes = Files.readAllBytes(file);
        bytes[Math.floorMod(seed, bytes.length)] ^= 1;
        Files.write(file, bytes);
      }
      Path target = Files.createDirectories(scratch.resolve("work")).resolve("app.db");
      TestSqlite.exec(target, "CREATE TABLE other (x)", "INSERT INTO other VALUES ('kept')");
      byte[] before = Files.readAllBytes(target);

      HydrateException refused = assertThrows(HydrateException.class,
          () -> Engine.hydrator(true).hydrate(archive, Engine.LABEL, target));

      int line = lineOf(Files.readString(archive), victim);
      assertEquals("archive " + archive + " line " + line + ": value file " + file
          + (delete ? " is missing" : " does not match its digest"), refused.getMessage());
      assertArrayEquals(before, Files.readAllBytes(target), "the database's bytes");
      try (Stream<Path> left = Files.list(target.getParent())) {
        assertEquals(List.of("app.db"), left.map(p -> p.getFileName().toString()).toList(), "no temporary files");
      }
    }
  }

  @Provide
  Arbitrary<Integer> damage() {
    return Arbitraries.integers();
  }

  private static Dehydrator dehydrator() {
    ArchiveRules rules = new ArchiveRules(Set.of(), List.of(), LIMIT);
    return new Dehydrator((int) Duration.ofSeconds(2).toMillis(), Progress.NONE, label -> rules);
  }

  private static void create(Path db, List<Value> rows) throws Exception {
    TestSqlite.exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, v, w TEXT)");
    try (Connection connection = TestSqlite.openForSetUp(db);
         PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?, ?, 'small')")) {
      int id = 1;
      for (Value row : rows) {
        insert.setInt(1, id++);
        if (row.value() instanceof byte[] bytes) {
          insert.setBytes(2, bytes);
        } else {
          insert.setString(2, (String) row.value());
        }
        insert.executeUpdate();
      }
    }
  }

  /** Each row's id, storage class and exact bytes. */
  private static List<List<Object>> content(Path db) throws Exception {
    return TestSqlite.query(db, "SELECT id, typeof(v), hex(v), w FROM t ORDER BY id");
  }

  private static long size(Value value) {
    return bytes(value).length;
  }

  private static byte[] bytes(Value value) {
    return value.value() instanceof byte[] b ? b : ((String) value.value()).getBytes(StandardCharsets.UTF_8);
  }

  private static Set<String> valueFiles(Path folder) throws Exception {
    Set<String> names = new TreeSet<>();
    if (Files.isDirectory(folder)) {
      try (Stream<Path> all = Files.walk(folder)) {
        all.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
      }
    }
    return names;
  }

  private static Set<String> references(byte[] archive) {
    Set<String> names = new TreeSet<>();
    Matcher m = REFERENCE.matcher(new String(archive, StandardCharsets.UTF_8));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The 1-based line of the first row that references {@code sha256}. */
  private static int lineOf(String archive, String sha256) {
    String[] lines = archive.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(sha256)) {
        return i + 1;
      }
    }
    throw new AssertionError("no reference to " + sha256);
  }
}
