package io.githydrate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.githydrate.testing.InProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRepositoryTest {
  private static final Path SOURCE = Path.of("src/dist/training.db.json");

  @TempDir
  Path dir;

  /** The lines of {@code derived} that differ from {@code source}'s, as "-old" and "+new". */
  private static List<String> changedLines(String source, String derived) {
    List<String> before = new ArrayList<>(source.lines().toList());
    List<String> after = new ArrayList<>(derived.lines().toList());
    List<String> changes = new ArrayList<>();
    before.stream().filter(line -> !after.contains(line)).forEach(line -> changes.add("-" + line));
    after.stream().filter(line -> !before.contains(line)).forEach(line -> changes.add("+" + line));
    return changes;
  }

  @Test
  void eachArchiveDiffersFromTheSourceByItsEditsAlone() throws IOException {
    TrainingRepository.write(SOURCE, dir);
    String source = Files.readString(SOURCE);
    assertEquals(source, Files.readString(dir.resolve("app.db.json")));
    assertEquals(List.of(
            "- \"database\": \"app.db\",",
            "-  {\"type\": \"view\", \"name\": \"heavy_tags\", \"table\": \"heavy_tags\", \"sql\": \"CREATE VIEW heavy_tags AS SELECT * FROM tags WHERE weight > 1\"},",
            "-  {\"type\": \"trigger\", \"name\": \"notes_touch\", \"table\": \"notes\", \"sql\": \"CREATE TRIGGER notes_touch AFTER UPDATE ON notes BEGIN SELECT 1; END\"}",
            "-   [3, 2, 42, null]",
            "+ \"database\": \"plain.db\",",
            "+  {\"type\": \"view\", \"name\": \"heavy_tags\", \"table\": \"heavy_tags\", \"sql\": \"CREATE VIEW heavy_tags AS SELECT * FROM tags WHERE weight > 1\"}",
            "+   [3, 2, \"42\", null]"),
        changedLines(source, Files.readString(dir.resolve("plain.db.json"))));
    assertEquals(List.of(
            "-   [2, \"second note, with \\\"quotes\\\" and ü\", null]",
            "+   [2, \"second note, edited, with \\\"quotes\\\" and ü\", null]"),
        changedLines(source, Files.readString(dir.resolve("edited.json"))));

    String plain = Files.readString(dir.resolve("plain.db.json"));
    TrainingRepository.change(dir);
    assertEquals(List.of(
            "-  \"user_version\": 1",
            "-   [1, \"first note\", {\"blob\": \"iVBORw==\"}],",
            "+  \"user_version\": 2",
            "+   [1, \"first note, changed\", {\"blob\": \"iVBORw==\"}],"),
        changedLines(source, Files.readString(dir.resolve("app.db.json"))));
    assertEquals(List.of(
            "-   [1, \"first note\", {\"blob\": \"iVBORw==\"}],",
            "+   [1, \"first note, changed\", {\"blob\": \"iVBORw==\"}],"),
        changedLines(plain, Files.readString(dir.resolve("plain.db.json"))));
  }

  /** plain.db's checkouts train the row-by-row update, which needs an archive dehydrate would write. */
  @Test
  void plainIsExactlyWhatDehydrateWrites() throws IOException {
    TrainingRepository.write(SOURCE, dir);
    assertEquals(0, command("hydrate", "plain.db.json", "-o", "plain.db"));
    assertEquals(0, command("dehydrate", "plain.db", "-o", "again.json"));
    assertEquals(Files.readString(dir.resolve("plain.db.json")), Files.readString(dir.resolve("again.json")));
  }

  private int command(String... args) {
    InProcess.Run run = InProcess.run(dir, args);
    assertEquals("", run.err(), String.join(" ", args));
    return run.exitCode();
  }

  @Test
  void anEditWhoseTextIsMissingStopsTheBuild() throws IOException {
    Path changedSource = dir.resolve("training.db.json");
    Files.writeString(changedSource, Files.readString(SOURCE).replace("42", "43"));
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> TrainingRepository.write(changedSource, dir));
    assertEquals(changedSource + ": expected \"[3, 2, 42, null]\" once, found it 0 times", missing.getMessage());
    assertEquals(1, TrainingRepository.run("write", changedSource.toString(), dir.resolve("out").toString()));
  }

  @Test
  void anEditWhoseTextOccursTwiceStopsTheBuild() {
    IllegalStateException twice = assertThrows(IllegalStateException.class,
        () -> TrainingRepository.changed("[1, \"first note\", 1],\n[1, \"first note\", 2]", "app.db.json"));
    assertEquals("app.db.json: expected \"[1, \\\"first note\\\", \" once, found it 2 times", twice.getMessage());
  }

  @Test
  void aSchemaWithoutItsTriggerLineStopsTheBuild() throws IOException {
    String source = Files.readString(SOURCE);
    IllegalStateException none = assertThrows(IllegalStateException.class,
        () -> TrainingRepository.plain(source.replace("\"type\": \"trigger\"", "\"type\": \"view\""), "x.json"));
    assertEquals("x.json: expected one schema line starting \"{\\\"type\\\": \\\"trigger\\\"\", found 0",
        none.getMessage());
  }

  @Test
  void anEditThatBreaksTheJsonStopsTheBuild() {
    IllegalStateException broken = assertThrows(IllegalStateException.class,
        () -> TrainingRepository.json("{\"schema\": [\n  {\"type\": \"view\"},\n ],\n}", "plain.db.json"));
    assertEquals("plain.db.json: not JSON: ", broken.getMessage().substring(0, "plain.db.json: not JSON: ".length()));
    assertEquals("plain.db.json: expected nothing after the JSON object, got START_OBJECT",
        assertThrows(IllegalStateException.class, () -> TrainingRepository.json("{}\n{}", "plain.db.json"))
            .getMessage());
  }
}
