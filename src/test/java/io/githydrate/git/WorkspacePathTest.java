package io.githydrate.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.githydrate.HydrateException;
import io.githydrate.Warnings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Database and archive paths come from commits, from the committed {@code .hydrateconfig} and from
 * the local sync state: whoever can push chooses them. Each must name a file inside the work tree,
 * outside {@code .git}, also after the symbolic links already in the work tree are followed.
 */
class WorkspacePathTest {
  @TempDir
  Path dir;

  private Path root;
  private Path outside;

  @BeforeEach
  void aRepositoryAndAFolderBesideIt() throws Exception {
    root = Files.createDirectories(dir.resolve("repo"));
    Files.createDirectory(root.resolve(".git"));
    outside = Files.createDirectories(dir.resolve("outside"));
  }

  private String refusal(String label) {
    return assertThrows(HydrateException.class, () -> Workspace.around(root).resolve(label)).getMessage();
  }

  private String configRefusal(String archiveDirectory) throws Exception {
    Files.writeString(root.resolve(".hydrateconfig"), "[hydrate]\n\tarchiveDirectory = " + archiveDirectory + "\n");
    return assertThrows(HydrateException.class, () -> Workspace.around(root)).getMessage();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "../evil.db            | has a \"..\" component",
      "data/../../evil.db    | has a \"..\" component",
      "data\\..\\..\\evil.db | has a \"..\" component",
      "./app.db              | has a \".\" component",
      "data//app.db          | has an empty folder name (\"//\" or a trailing \"/\")",
      "data/                 | has an empty folder name (\"//\" or a trailing \"/\")",
      "/etc/evil.db          | is an absolute path",
      "C:/evil.db            | is an absolute path",
      ".git/hooks/post-checkout | is inside .git, Git's own directory",
      ".GIT/evil.db          | is inside .git, Git's own directory",
      "sub/.Git/evil.db      | is inside .git, Git's own directory",
      "sub/.git./evil.db     | is inside .git, Git's own directory"})
  void aPathThatCannotBeInsideTheRepositoryIsRefused(String label, String problem) {
    assertEquals(label + ": refusing this path: it " + problem, refusal(label));
  }

  @Test
  void anEmptyPathOrOneWithAControlCharacterIsRefusedOnOneLine() {
    assertEquals(": refusing this path: it is empty", refusal(""));
    assertEquals("a\\u000ab.db: refusing this path: it contains a control character", refusal("a\nb.db"));
  }

  @Test
  void aSymbolicLinkToAFolderOutsideIsRefused() throws Exception {
    Files.createDirectories(root.resolve("sub"));
    Files.createSymbolicLink(root.resolve("sub/link"), outside);
    assertEquals("sub/link/deeper/x.db: refusing this path: it leads outside the repository (sub/link resolves to "
        + outside.toRealPath() + ")", refusal("sub/link/deeper/x.db"));
    assertEquals(List.of(), List.of(outside.toFile().list()));
  }

  @Test
  void aSymbolicLinkToAFileOutsideIsRefused() throws Exception {
    Path target = Files.writeString(outside.resolve("secret.db"), "");
    Files.createSymbolicLink(root.resolve("app.db"), target);
    assertEquals("app.db: refusing this path: it leads outside the repository (app.db resolves to "
        + target.toRealPath() + ")", refusal("app.db"));
  }

  @Test
  void aSymbolicLinkIntoGitIsRefused() throws Exception {
    Files.createSymbolicLink(root.resolve("hooks"), Path.of(".git"));
    assertEquals("hooks/post-checkout.db: refusing this path: it leads into .git (hooks resolves to "
        + root.resolve(".git").toRealPath() + ")", refusal("hooks/post-checkout.db"));
  }

  @Test
  void aSymbolicLinkToNothingIsRefused() throws Exception {
    Files.createSymbolicLink(root.resolve("gone"), root.resolve("missing"));
    assertEquals("gone/x.db: refusing this path: it goes through gone, a symbolic link to nothing",
        refusal("gone/x.db"));
  }

  @Test
  void pathsInsideAreResolvedAlsoThroughLinksThatStayInside() throws Exception {
    Files.createDirectories(root.resolve("data"));
    Files.createSymbolicLink(root.resolve("alias"), Path.of("data"));
    Workspace workspace = Workspace.around(root);
    assertEquals(root.resolve("data/new/app.db"), workspace.resolve("data/new/app.db"));
    assertEquals(root.resolve("alias/app.db"), workspace.resolve("alias/app.db"));
    assertEquals(root.resolve("..db"), workspace.resolve("..db"));
  }

  @Test
  void aRepositoryReachedThroughASymbolicLinkStillWorks() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("link-to-repo"), root);
    Files.createDirectories(root.resolve("data"));
    assertEquals(link.resolve("data/app.db"), Workspace.around(link).resolve("data/app.db"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      ".git/x   | is inside .git, Git's own directory",
      ".GIT     | is inside .git, Git's own directory",
      "../out   | has a \"..\" component",
      "db/../.. | has a \"..\" component",
      "./db     | has a \".\" component",
      "/tmp/db  | is an absolute path"})
  void anArchiveDirectoryOutsideTheRepositoryIsRefused(String archiveDirectory, String problem) throws Exception {
    assertEquals(root.resolve(".hydrateconfig") + ": hydrate.archiveDirectory \"" + archiveDirectory
        + "\" must name a folder inside the repository: it " + problem, configRefusal(archiveDirectory));
  }

  @Test
  void anArchiveDirectoryThatIsASymbolicLinkToOutsideIsRefused() throws Exception {
    Files.createSymbolicLink(root.resolve("archives"), outside);
    assertEquals(root.resolve(".hydrateconfig") + ": hydrate.archiveDirectory \"archives/\" must name a folder inside"
        + " the repository: it leads outside the repository (archives resolves to " + outside.toRealPath() + ")",
        configRefusal("archives/"));
  }

  @Test
  void anArchiveDirectoryInsideIsUsedWithOrWithoutATrailingSlash() throws Exception {
    Files.writeString(root.resolve(".hydrateconfig"), "[hydrate]\n\tarchiveDirectory = db/\n");
    Workspace workspace = Workspace.around(root);
    assertEquals(root.resolve("db/data/app.db.json"), workspace.forDatabase(root.resolve("data/app.db")).archive());
  }

  @Test
  void listingLeavesAloneAnArchiveWhoseDatabaseWouldLandOutside() throws Exception {
    // db/sub/link/x.db.json is an ordinary file, but its database, sub/link/x.db, is behind a link.
    Files.writeString(root.resolve(".hydrateconfig"), "[hydrate]\n\tarchiveDirectory = db\n");
    Files.createDirectories(root.resolve("db/sub/link"));
    Files.writeString(root.resolve("db/sub/link/x.db.json"), "{}\n");
    Files.createDirectories(root.resolve("sub"));
    Files.createSymbolicLink(root.resolve("sub/link"), outside);
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    Warnings.to(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    try {
      assertEquals(List.of(), Workspace.around(root).databases(), "the path is left alone, the others listed");
    } finally {
      Warnings.to(System.err);
    }
    assertEquals("git-hydrate: warning: db/sub/link/x.db.json: left alone (sub/link/x.db: refusing this path: it leads"
        + " outside the repository (sub/link resolves to " + outside.toRealPath() + ")); the other databases are"
        + " handled\n", warnings.toString(StandardCharsets.UTF_8));
  }
}
