package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.TestSqlite;
import io.githydrate.testing.Prerequisite;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 5 MB BLOB with {@code large-values = 1m}: it lives in a file of its own beside the archive,
 * whose row holds a short reference; changing one byte of it changes one line of the archive and
 * one file; a clone builds it back byte for byte; Git LFS, when it tracks the values folder, stores
 * the files; a missing or altered file is refused with the database left as it was.
 */
class LargeValuesTest {
  private static final int IMAGE_BYTES = 5 << 20;
  private static final String CONFIG = "[database \"app.db\"]\n\tlarge-values = 1m\n";

  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.start(classDirectory);
  }

  /** A clone whose .hydrateconfig keeps values over 1 MiB out of line, with a 5 MB image committed. */
  private Path cloneWithImage(Path remote, boolean lfs) throws Exception {
    Path a = sandbox.cloneInstalled(remote, dir.resolve("A"));
    if (lfs) {
      // LFS's hooks first (it replaces git-hydrate's), then git-hydrate's again, which run LFS's before their own.
      sandbox.git(a, "lfs", "install", "--local", "--force");
      sandbox.git(a, "hydrate", "install");
      sandbox.git(a, "lfs", "track", "app.db.values/**");
    }
    Files.writeString(a.resolve(".hydrateconfig"), CONFIG);
    sql(a.resolve("app.db"), "CREATE TABLE images(id INTEGER PRIMARY KEY, name TEXT, png BLOB)");
    byte[] image = new byte[IMAGE_BYTES];
    new Random(7).nextBytes(image);
    // A BLOB may itself be a SQLite database: its file is a value, which pre-commit lets through.
    System.arraycopy("SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, image, 0, 16);
    setImage(a.resolve("app.db"), image);
    sandbox.git(a, "add", ".hydrateconfig", ".gitattributes");
    sandbox.git(a, "commit", "-q", "-m", "An image, kept beside the archive");
    return a;
  }

  @Test
  void aFiveMegabyteBlobLivesBesideTheArchiveAndAOneByteChangeIsOneLineAndOneFile() throws Exception {
    Path remote = sandbox.newRemote(dir);
    Path a = cloneWithImage(remote, false);

    List<String> valueFiles = valueFiles(a);
    assertEquals(1, valueFiles.size(), valueFiles::toString);
    assertTrue(sandbox.trackedFiles(a).contains(valueFiles.get(0)), "the value file is committed");
    String imageLine = lineOf(a.resolve("app.db.json"), "\"photo\"");
    assertTrue(imageLine.length() < 200, imageLine);
    assertTrue(imageLine.contains("\"type\": \"blob\", \"size\": " + IMAGE_BYTES), imageLine);
    assertTrue(Files.size(a.resolve("app.db.json")) < 4096, "the archive stays small");
    assertEquals(List.of(), sandbox.status(a));

    byte[] changed = image(a.resolve("app.db"));
    changed[IMAGE_BYTES / 2] ^= 1;
    setImage(a.resolve("app.db"), changed);
    sandbox.git(a, "hydrate", "add");
    sandbox.git(a, "commit", "-q", "-m", "One byte of the image");

    List<String> numstat = sandbox.git(a, "diff", "--numstat", "HEAD~1", "HEAD", "--", "app.db.json").stdout()
        .lines().toList();
    assertEquals(List.of("1\t1\tapp.db.json"), numstat, "one line of the archive changed");
    List<String> files = sandbox.git(a, "diff", "--name-status", "--no-renames", "HEAD~1", "HEAD").stdout().lines().sorted().toList();
    List<String> now = valueFiles(a);
    assertEquals(List.of("A\t" + now.get(0), "D\t" + valueFiles.get(0), "M\tapp.db.json"), files,
        "one new value file; the one no longer referenced leaves the work tree (Git's history keeps it)");

    sandbox.git(a, "push", "-q", "origin", "HEAD");
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    assertArrayEquals(changed, image(b.resolve("app.db")), "the clone's image, byte for byte");

    // A pull brings the next change: the hook updates the database (rebuilding it when the rows
    // that changed hold values in files, which a row-by-row update leaves to a full build).
    changed[0] ^= 1;
    setImage(a.resolve("app.db"), changed);
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'third note')");
    sandbox.git(a, "hydrate", "add");
    sandbox.git(a, "commit", "-q", "-m", "Another byte of the image, and a note");
    sandbox.git(a, "push", "-q", "origin", "HEAD");
    sandbox.git(b, "pull", "-q");
    assertArrayEquals(changed, image(b.resolve("app.db")), "the pulled image, byte for byte");
    assertEquals(GitSandbox.seedNotesAnd("3|third note"), GitSandbox.notes(b.resolve("app.db")));
    assertEquals(List.of(), sandbox.status(b));

    GitSandbox.Result diff = sandbox.git(a, "hydrate", "diff", "HEAD~1", "HEAD");
    assertTrue(diff.stdout().matches("(?s).*<blob 5\\.2 MB sha256:[0-9a-f]{12}…>.*"), diff::toString);
    sandbox.git(a, "hydrate", "verify");
    sandbox.git(b, "hydrate", "check");
  }

  @Test
  void gitLfsStoresTheValueFilesWhenItTracksTheFolder() throws Exception {
    Prerequisite.require(onPath("git-lfs"), "git-lfs is not on PATH");
    Path remote = sandbox.newRemote(dir);
    Path a = cloneWithImage(remote, true);

    String file = valueFiles(a).get(0);
    assertEquals(List.of(file.substring(file.lastIndexOf('/') + 1)),
        sandbox.git(a, "lfs", "ls-files", "--name-only").stdout().lines()
            .map(name -> name.substring(name.lastIndexOf('/') + 1)).toList(), "Git LFS holds the value file");
    assertTrue(sandbox.git(a, "cat-file", "-p", "HEAD:" + file).stdout().startsWith("version https://git-lfs"),
        "the commit holds an LFS pointer");
    assertEquals(List.of(), sandbox.status(a));

    sandbox.git(a, "push", "-q", "origin", "HEAD");
    Path b = sandbox.clone(remote, dir.resolve("B"));
    sandbox.git(b, "lfs", "install", "--local", "--skip-repo");
    sandbox.git(b, "lfs", "pull");
    assertEquals(IMAGE_BYTES, Files.size(b.resolve(file)), "LFS put the real file in the clone's work tree");
    sandbox.git(b, "hydrate", "hydrate");
    assertArrayEquals(image(a.resolve("app.db")), image(b.resolve("app.db")), "the clone's image, byte for byte");
  }

  @Test
  void aMissingOrAlteredValueFileIsRefusedAndTheDatabaseLeftAsItWas() throws Exception {
    Path a = cloneWithImage(sandbox.newRemote(dir), false);
    String file = valueFiles(a).get(0);
    int line = lineNumberOf(a.resolve("app.db.json"), "\"photo\"");
    sql(a.resolve("app.db"), "UPDATE notes SET body = 'local' WHERE id = 1");
    byte[] before = Files.readAllBytes(a.resolve("app.db"));

    byte[] bytes = Files.readAllBytes(a.resolve(file));
    bytes[0] ^= 1;
    Files.write(a.resolve(file), bytes);
    GitSandbox.Result altered = sandbox.tryGit(a, "hydrate", "hydrate", "--force");
    assertEquals(1, altered.exitCode(), altered::toString);
    assertEquals("git-hydrate: archive " + a.resolve("app.db.json") + " line " + line + ": value file "
        + a.resolve(file) + " does not match its digest", altered.stderr().strip(), altered::toString);

    Files.delete(a.resolve(file));
    GitSandbox.Result missing = sandbox.tryGit(a, "hydrate", "hydrate", "--force");
    assertEquals(1, missing.exitCode(), missing::toString);
    assertEquals("git-hydrate: archive " + a.resolve("app.db.json") + " line " + line + ": value file "
        + a.resolve(file) + " is missing", missing.stderr().strip(), missing::toString);

    assertArrayEquals(before, Files.readAllBytes(a.resolve("app.db")), "the database's bytes");
    try (Stream<Path> left = Files.list(a)) {
      assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList(),
          "no temporary files");
    }
  }

  /** The file whose name is the SHA-256 of {@code bytes}, in the values folder. */
  private static String valueFileOf(byte[] bytes) throws Exception {
    String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    return "app.db.values/" + sha.substring(0, 2) + "/" + sha;
  }

  @Test
  void anArchiveExportedByDehydrateAndStagedWithGitAddAloneIsRefusedUntilItsValueFileIsStaged() throws Exception {
    Path remote = sandbox.newRemote(dir);
    Path a = cloneWithImage(remote, false);
    byte[] changed = image(a.resolve("app.db"));
    changed[0] ^= 1;
    setImage(a.resolve("app.db"), changed);
    sandbox.git(a, "hydrate", "dehydrate");
    sandbox.git(a, "add", "app.db.json");

    GitSandbox.Result refused = sandbox.tryGit(a, "commit", "-q", "-m", "The archive without its value file");
    assertEquals(1, refused.exitCode(), refused::toString);
    GitSandbox.assertContains(refused.stderr(), "git-hydrate: staged archive app.db.json references value file "
        + valueFileOf(changed) + " that is not staged, so no clone could build it; stage its folder:"
        + " git add -- 'app.db.values' (or git hydrate add)\n", refused);

    sandbox.git(a, "hydrate", "add");
    sandbox.git(a, "commit", "-q", "-m", "The archive with its value file");
    sandbox.git(a, "push", "-q", "origin", "HEAD");
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    assertArrayEquals(changed, image(b.resolve("app.db")), "the clone's image, byte for byte");
  }

  /** Filter mode keeps every value in line: the move there takes the values folder out of Git and the work tree. */
  @Test
  void movingToFilterModeBringsTheValuesBackInLineAndRemovesTheirFolder() throws Exception {
    Path remote = sandbox.newRemote(dir);
    Path a = cloneWithImage(remote, false);
    byte[] image = image(a.resolve("app.db"));

    sandbox.git(a, "hydrate", "install", "--filter");
    sandbox.git(a, "commit", "-q", "-m", "Keep databases in filter mode");

    assertEquals(List.of(), sandbox.git(a, "ls-files", "--", "app.db.values").stdout().lines().toList(),
        "the values folder is out of Git");
    assertTrue(!Files.exists(a.resolve("app.db.values")), "and out of the work tree");
    String archive = sandbox.git(a, "show", "HEAD:app.db").stdout();
    assertTrue(!archive.contains("{\"file\":"), "every value in line");
    assertArrayEquals(image, image(a.resolve("app.db")));
    sandbox.git(a, "push", "-q", "origin", "HEAD");
    sandbox.git(a, "hydrate", "install", "--global");
    Path b = sandbox.clone(remote, dir.resolve("B"));
    assertArrayEquals(image, image(b.resolve("app.db")), "the clone's image, byte for byte");
  }

  /** pre-commit builds an archive edited by hand, reading its value files as the index holds them. */
  @Test
  void anArchiveEditedByHandIsCheckedWithItsStagedValueFiles() throws Exception {
    Path a = cloneWithImage(sandbox.newRemote(dir), false);
    Path archive = a.resolve("app.db.json");
    Files.writeString(archive, Files.readString(archive).replace("\"first note\"", "\"edited by hand\""));
    sandbox.git(a, "add", "app.db.json");

    sandbox.git(a, "commit", "-q", "-m", "A note edited in the archive");
    assertTrue(sandbox.git(a, "show", "HEAD:app.db.json").stdout().contains("\"edited by hand\""));
  }

  /** A staged (or stashed) archive may reference a value file Git does not have: no export deletes it. */
  @Test
  void anExportKeepsAnUnreferencedValueFileGitDoesNotHave() throws Exception {
    Path a = cloneWithImage(sandbox.newRemote(dir), false);
    String committed = valueFiles(a).get(0);
    byte[] first = image(a.resolve("app.db"));
    first[0] ^= 1;
    setImage(a.resolve("app.db"), first);
    sandbox.git(a, "hydrate", "dehydrate");
    sandbox.git(a, "add", "app.db.json");
    byte[] second = first.clone();
    second[1] ^= 1;
    setImage(a.resolve("app.db"), second);
    sandbox.git(a, "hydrate", "dehydrate");

    assertEquals(List.of(valueFileOf(first), valueFileOf(second)).stream().sorted().toList(), valueFiles(a),
        "the staged archive's file stays; the committed one, which Git has, goes (" + committed + ")");
  }

  /** Row-by-row merging of local changes needs the values its temporary archives do not have. */
  @Test
  void localChangesMeetingANewerArchiveAreKeptAsABackupNotMerged() throws Exception {
    Path remote = sandbox.newRemote(dir);
    Path a = cloneWithImage(remote, false);
    sandbox.git(a, "push", "-q", "origin", "HEAD");
    Path b = sandbox.cloneInstalled(remote, dir.resolve("B"));
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'from A')");
    sandbox.git(a, "hydrate", "add");
    sandbox.git(a, "commit", "-q", "-m", "A's note");
    sandbox.git(a, "push", "-q", "origin", "HEAD");
    sandbox.git(b, "-c", "core.hooksPath=/dev/null", "pull", "-q");
    sql(b.resolve("app.db"), "INSERT INTO notes VALUES (4, 'from B')");

    GitSandbox.Result add = sandbox.tryGit(b, "hydrate", "add");
    assertEquals(1, add.exitCode(), add::toString);
    GitSandbox.assertContains(add.stderr(), "app.db: changed here, and its archive changed too since they were last"
        + " in step, so exporting it would undo the archive's changes; a database whose large values are kept in"
        + " files of their own is not merged row by row. Run git hydrate sync", add);

    GitSandbox.Result sync = sandbox.git(b, "hydrate", "sync");
    GitSandbox.assertContains(sync.output(), "(its own changes could not be merged: a database whose large values"
        + " are kept in files of their own is not merged row by row)", sync);
    assertEquals(GitSandbox.seedNotesAnd("3|from A"), GitSandbox.notes(b.resolve("app.db")));
    assertEquals(1, sandbox.git(b, "hydrate", "backups").stdout().lines().filter(l -> l.contains("app.db")).count(),
        "B's changes kept as a backup");
  }

  private static void setImage(Path db, byte[] image) throws SQLException {
    try (Connection connection = TestSqlite.openForSetUp(db);
         PreparedStatement put = connection.prepareStatement("INSERT OR REPLACE INTO images VALUES (1, 'photo', ?)")) {
      put.setBytes(1, image);
      put.executeUpdate();
    }
  }

  private static byte[] image(Path db) throws SQLException {
    try (Connection connection = TestSqlite.open(db);
         PreparedStatement get = connection.prepareStatement("SELECT png FROM images WHERE id = 1");
         ResultSet rs = get.executeQuery()) {
      assertTrue(rs.next(), "the image row");
      return rs.getBytes(1);
    }
  }

  /** The value files in the work tree, as paths relative to it. */
  private static List<String> valueFiles(Path clone) throws IOException {
    Path folder = clone.resolve("app.db.values");
    try (Stream<Path> all = Files.walk(folder)) {
      return all.filter(Files::isRegularFile).map(p -> clone.relativize(p).toString().replace(File.separatorChar, '/'))
          .sorted().toList();
    }
  }

  private static String lineOf(Path archive, String text) throws IOException {
    return Files.readAllLines(archive).get(lineNumberOf(archive, text) - 1);
  }

  private static int lineNumberOf(Path archive, String text) throws IOException {
    List<String> lines = Files.readAllLines(archive);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line with " + text + " in " + archive);
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(directory -> !directory.isEmpty() && Files.isExecutable(Path.of(directory, program)));
  }
}
