package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.githydrate.engine.Digests;
import io.githydrate.engine.Progress;
import io.githydrate.git.Workspace;
import io.githydrate.sync.Context;
import io.githydrate.sync.DatabaseResult;
import io.githydrate.sync.HydrateAll;
import io.githydrate.sync.OperationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property 10 of the reference design, error collection completeness: hydrating a folder in which
 * some archives are broken reports exactly one error per broken archive, naming its file, builds
 * nothing for it, and still hydrates every good archive.
 */
class ErrorCollectionPropertyTest {

  /**
   * How an archive was broken; each one is a mistake the reader must refuse. (A row_count that
   * disagrees with complete rows is not one: a text merge leaves it, and it is only reported.)
   */
  enum Break { TRUNCATED, INVALID_JSON, WRONG_ROW_WIDTH }

  /** {@code position} picks where: the cut, the line, the row or the row count. */
  record Broken(GeneratedDatabase database, Break how, int position) {}

  @Provide
  Arbitrary<List<GeneratedDatabase>> good() {
    return DatabaseArbitraries.databases().list().ofMaxSize(3);
  }

  @Provide
  Arbitrary<List<Broken>> broken() {
    return Combinators.combine(DatabaseArbitraries.databases(), Arbitraries.of(Break.class),
        Arbitraries.integers().greaterOrEqual(0)).as(Broken::new).list().ofMaxSize(4);
  }

  @Property(tries = 100)
  @Label("Property 10: one error per broken archive, and every good archive hydrated")
  void everyBrokenArchiveIsReported(@ForAll("good") List<GeneratedDatabase> good,
      @ForAll("broken") List<Broken> broken) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      List<String> goodLabels = new ArrayList<>();
      for (int i = 0; i < good.size(); i++) {
        String label = "good " + i + ".db";
        Path db = scratch.resolve(label);
        good.get(i).create(db);
        Engine.dehydrator().dehydrate(db, label, scratch.resolve(label + ".json"));
        Files.delete(db);
        goodLabels.add(label);
      }
      List<String> brokenNames = new ArrayList<>();
      for (int i = 0; i < broken.size(); i++) {
        String label = "broken " + i + ".db";
        Path db = scratch.resolve(label);
        broken.get(i).database().create(db);
        // the generated rows may all have been refused or deleted; a row must exist to be broken
        Sqlite.execute(db, "CREATE TABLE \"one row #\" (x)", "INSERT INTO \"one row #\" VALUES ('to break')");
        Path archive = scratch.resolve(label + ".json");
        Engine.dehydrator().dehydrate(db, label, archive);
        Files.delete(db);
        Files.write(archive, breakArchive(Files.readAllBytes(archive), broken.get(i).how(), broken.get(i).position()));
        brokenNames.add(archive.getFileName().toString());
      }

      Workspace workspace = Workspace.around(scratch.root());
      Context context = new Context(workspace, Duration.ofSeconds(2), Progress.NONE, Clock.systemUTC());
      OperationResult result = new HydrateAll(context, false).run(workspace.databases());

      assertEquals(broken.size(), result.errors().size(), "errors: " + result.errors());
      for (String name : brokenNames) {
        assertEquals(1, result.errors().stream().filter(e -> e.contains(name)).count(),
            "errors naming " + name + ": " + result.errors());
        String database = name.substring(0, name.length() - ".json".length());
        assertFalse(Files.exists(scratch.resolve(database)), "a database was built from " + name);
      }
      assertEquals(new TreeSet<>(goodLabels), result.databases().keySet(), "databases hydrated");
      for (String label : goodLabels) {
        DatabaseResult hydrated = result.databases().get(label);
        assertEquals("created", hydrated.action(), label);
        assertEquals(Digests.ofFile(scratch.resolve(label + ".json")),
            Engine.dehydrator().digest(scratch.resolve(label), label), "content of " + label);
      }
      List<String> expectedFiles = new ArrayList<>();
      goodLabels.forEach(l -> expectedFiles.addAll(List.of(l, l + ".json")));
      expectedFiles.addAll(brokenNames);
      assertEquals(new TreeSet<>(expectedFiles), new TreeSet<>(Scratch.list(scratch.root())), "files left");
    }
  }

  static byte[] breakArchive(byte[] archive, Break how, int position) {
    String text = new String(archive, StandardCharsets.UTF_8);
    switch (how) {
      case TRUNCATED -> {
        // any length short of the closing brace (an archive ends with "}\n", and the newline alone is
        // not part of the JSON), cut as bytes: a cut inside a character is a truncation too
        return Arrays.copyOf(archive, position % (archive.length - 2));
      }
      case INVALID_JSON -> {
        String[] lines = text.split("\n", -1);
        int at = position % (lines.length - 1);
        lines[at] = "<<<<<<< HEAD\n" + lines[at];
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
      }
      case WRONG_ROW_WIDTH -> {
        String[] lines = text.split("\n", -1);
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
          if (lines[i].startsWith("   [")) {
            rows.add(i);
          }
        }
        int row = rows.get(position % rows.size());
        String line = lines[row];
        int open = line.indexOf('[');
        int close = line.lastIndexOf(']');
        String values = line.substring(open + 1, close);
        String changed = position % 2 == 0
            ? values + ", null" : values.substring(0, Math.max(0, lastTopLevelComma(values)));
        lines[row] = line.substring(0, open + 1) + changed + line.substring(close);
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
      }
      default -> throw new AssertionError(how);
    }
  }

  /** Index of the last comma between values of a row (not inside a string or a tagged value), or -1. */
  private static int lastTopLevelComma(String inner) {
    int last = -1;
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        last = i;
      }
    }
    return last;
  }
}
