package io.githydrate.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangedArchivesTest {
  /** What the launcher's {@code $(...)} keeps of the printed text: final line breaks go. */
  private static Optional<List<String>> throughShell(List<String> paths) {
    return ChangedArchives.encode(paths).map(text -> text.replaceAll("\n+$", "")).flatMap(ChangedArchives::decode)
        .map(ChangedArchives::paths);
  }

  @Test
  void pathsTravelAsLines() {
    assertEquals(Optional.of(List.of("app.db.json", "data/café db.json")),
        throughShell(List.of("app.db.json", "data/café db.json")));
    assertEquals(Optional.of(List.of()), throughShell(List.of()), "none changed is an answer too");
  }

  @Test
  void pathsThatCannotTravelAsLinesAreNotHandedOver() {
    assertEquals(Optional.empty(), ChangedArchives.encode(List.of("a\nb.json")));
    assertEquals(Optional.empty(), ChangedArchives.encode(List.of("a\rb.json")));
    assertEquals(Optional.empty(), ChangedArchives.encode(List.of("x".repeat(70_000) + ".json")));
  }

  @Test
  void digestsAfterAnEmptyLineAreSha256sumLinesForListedPaths() {
    String a = "a".repeat(64);
    String b = "b".repeat(64);
    ChangedArchives decoded = ChangedArchives.decode("git-hydrate changed archives\napp.db.json\ndata/x y.json\n\n"
        + a + "  app.db.json\n" + b + " *data/x y.json\n" + "c".repeat(64) + "  not/listed.json\n"
        + "\\" + a + "  escaped\\\\name.json").orElseThrow();
    assertEquals(List.of("app.db.json", "data/x y.json"), decoded.paths());
    assertEquals(Map.of("app.db.json", a, "data/x y.json", b), decoded.digests());
  }

  @Test
  void anythingElseIsNoAnswer() {
    assertEquals(Optional.empty(), ChangedArchives.decode(null));
    assertEquals(Optional.empty(), ChangedArchives.decode(""));
    assertEquals(Optional.empty(), ChangedArchives.decode("app.db.json"));
  }
}
