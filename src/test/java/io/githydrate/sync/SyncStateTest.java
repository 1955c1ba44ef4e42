package io.githydrate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyncStateTest {
  @TempDir
  Path dir;

  @Test
  void whatIsSavedIsReadBackWhateverTheNames() {
    Path file = dir.resolve("state.json");
    SyncState state = SyncState.load(file);
    List<String> labels = List.of("app.db", "data/it's \"quoted\".db", "back\\slash.db", "tab\tnew\nline.db",
        "\u0001control.db", "Ünïcödé/名前/😀.sqlite");
    for (String label : labels) {
      state.put(label, new SyncState.Record("sync-" + label, "1:2:3", "a", "4:5:6~racy", null));
    }
    state.save();
    SyncState read = SyncState.loadExisting(file).orElseThrow();
    assertEquals(java.util.Set.copyOf(labels), read.labels());
    for (String label : labels) {
      assertEquals(new SyncState.Record("sync-" + label, "1:2:3", "a", "4:5:6~racy", null), read.get(label).orElseThrow());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "[]", "{\"databases\": []}", "{\"databases\": {\"a\": {\"synced\": 1.5}}}",
      "{\"databases\": {}} x", "{\"a\": 1, \"a\": 2}", "{\"databases\": {\"a\": {\"synced\": \"\\q\"}}}",
      "{\"databases\": {\"a\": {\"synced\": \"cut"})
  void aDamagedFileIsNoStateAtAll(String text) throws IOException {
    Path file = dir.resolve("state.json");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    assertTrue(SyncState.loadExisting(file).isEmpty());
    assertEquals(java.util.Set.of(), SyncState.load(file).labels());
  }

  @Test
  void aMissingFileIsNoStateAtAll() {
    assertTrue(SyncState.loadExisting(dir.resolve("none.json")).isEmpty());
  }

  @Test
  void unknownFieldsAreSkipped() throws IOException {
    Path file = dir.resolve("state.json");
    Files.writeString(file, "{\"version\": 1, \"later\": {\"x\": -3}, \"databases\": {\"a.db\": {\"synced\": \"s\","
        + " \"new_field\": \"n\"}}}");
    assertEquals(Map.of("a.db", new SyncState.Record("s", null, null, null, null)),
        Map.of("a.db", SyncState.loadExisting(file).orElseThrow().get("a.db").orElseThrow()));
  }
}
