package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ValueFilesTest {
  private static final String SHA = "ab" + "0".repeat(62);

  @Test
  void theFolderIsBesideTheArchiveNamedAfterIt() {
    assertEquals(Path.of("data", "app.db.values"), ValueFiles.folderOf(Path.of("data", "app.db.json")));
    assertEquals(Path.of("archives", "data", "app.db.values"),
        ValueFiles.folderOf(Path.of("archives", "data", "app.db.json")));
  }

  @Test
  void valueFilesAreKnownByTheirPlaceAndName() {
    assertTrue(ValueFiles.isValueFile("app.db.values/ab/" + SHA));
    assertTrue(ValueFiles.isValueFile("data/app.db.values/ab/" + SHA));
    assertFalse(ValueFiles.isValueFile("data/app.db.values/cd/" + SHA), "the subfolder is the name's first two digits");
    assertFalse(ValueFiles.isValueFile("data/app.db/ab/" + SHA));
    assertFalse(ValueFiles.isValueFile("data/app.db.values/ab/" + SHA + ".db"));
    assertFalse(ValueFiles.isValueFile("data/app.db"));
  }
}
