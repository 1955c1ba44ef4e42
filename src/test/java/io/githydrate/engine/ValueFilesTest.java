package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.HydrateException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  /** An archive read from a stream (a filter's smudge, a revision) has no values folder beside it. */
  @Test
  void aValueInAFileCannotBeBuiltFromAStream(@TempDir Path dir) throws Exception {
    String archive = String.join("\n",
        "{",
        " \"format\": \"git-hydrate-archive\",",
        " \"version\": 1,",
        " \"database\": \"app.db\",",
        " \"pragmas\": {",
        "  \"application_id\": 0,",
        "  \"auto_vacuum\": 0,",
        "  \"encoding\": \"UTF-8\",",
        "  \"page_size\": 4096,",
        "  \"user_version\": 0",
        " },",
        " \"schema\": [",
        "  {\"type\": \"table\", \"name\": \"t\", \"table\": \"t\", \"sql\": \"CREATE TABLE t(v)\"}",
        " ],",
        " \"tables\": {",
        "  \"t\": {\"columns\": [\"v\"], \"rowid\": true, \"rows\": [",
        "   [1, {\"file\": \"" + SHA + "\", \"type\": \"blob\", \"size\": 2000000}]",
        "  ], \"row_count\": 1}",
        " }",
        "}",
        "");
    HydrateException refused = assertThrows(HydrateException.class, () -> Hydrator.buildChecked(
        new ByteArrayInputStream(archive.getBytes(StandardCharsets.UTF_8)), "app.db", dir.resolve("app.db")));
    assertEquals("app.db: archive line 17: a value is kept in a file of its own (<blob 2.0 MB sha256:ab0000000000…>),"
        + " which cannot be read here: only an archive in the work tree has its values folder beside it",
        refused.getMessage());
  }

  /** A link in the values folder is not followed: export writes plain files, a link came from elsewhere. */
  @Test
  void aLinkInTheValuesFolderIsRefused(@TempDir Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("secret"), "x".repeat(40));
    Path archive = dir.resolve("app.db.json");
    Path folder = ValueFiles.folderOf(archive);
    String sha = java.util.HexFormat.of().formatHex(Digests.sha256("x".repeat(40).getBytes(StandardCharsets.UTF_8)));
    Path link = ValueFiles.fileOf(folder, sha);
    java.nio.file.Files.createDirectories(link.getParent());
    java.nio.file.Files.createSymbolicLink(link, dir.resolve("secret"));
    Object[] row = {new io.githydrate.archive.FileValue(sha, true, 40)};
    HydrateException refused = assertThrows(HydrateException.class, () -> ValueFiles.Source.of(archive).resolve(row, 9));
    assertEquals("line 9: value file " + link + " is not a regular file", refused.getMessage());
  }

  /** A link committed in place of the values folder could lead writes and removals anywhere. */
  @Test
  void exportRefusesToWriteThroughALinkedValuesFolder(@TempDir Path dir) throws Exception {
    Path elsewhere = java.nio.file.Files.createDirectories(dir.resolve("elsewhere"));
    Path archive = dir.resolve("app.db.json");
    java.nio.file.Files.createSymbolicLink(ValueFiles.folderOf(archive), elsewhere);
    ValueFiles.Export export = new ValueFiles.Export(ValueFiles.folderOf(archive), 4);
    HydrateException refused = assertThrows(HydrateException.class,
        () -> export.outOfLine(new Object[] {new byte[10]}));
    assertEquals(ValueFiles.folderOf(archive) + ": is a symbolic link; refusing to write through it",
        refused.getMessage());
    export.removeUnreferenced(ValueFiles.Removal.ANY);
    try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(elsewhere)) {
      assertEquals(0, left.count(), "nothing written or removed through the link");
    }
  }
}
