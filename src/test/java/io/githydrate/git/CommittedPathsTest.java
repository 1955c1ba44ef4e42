package io.githydrate.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which paths a {@code git commit} command line names, as its pre-commit hook works them out. */
class CommittedPathsTest {
  @TempDir
  Path top;

  @BeforeEach
  void files() throws IOException {
    Files.createDirectories(top.resolve("data"));
    Files.createDirectories(top.resolve("docs"));
    Files.writeString(top.resolve("data/app.db.json"), "{}\n");
    Files.writeString(top.resolve("notes.txt"), "notes\n");
    Files.writeString(top.resolve("docs/readme.md"), "# readme\n");
  }

  private Optional<CommittedPaths> parse(Path folder, String... argv) {
    return CommittedPaths.parse(List.of(argv), folder, top);
  }

  @Test
  void pathsAfterTheDoubleDashAreNamedAndOptionValuesAreNot() {
    CommittedPaths named = parse(top, "git", "commit", "-m", "data/app.db.json", "--", "notes.txt").orElseThrow();

    assertTrue(named.names("notes.txt"));
    assertFalse(named.names("data/app.db.json"), "the message is not a path");
  }

  @Test
  void optionValuesAreSkippedWhetherBundledAttachedOrLong() {
    assertEquals(Optional.of(false), parse(top, "git", "commit", "-qm", "notes.txt", "data/app.db.json")
        .map(named -> named.names("notes.txt")));
    assertEquals(Optional.of(true), parse(top, "git", "commit", "-mnotes.txt", "notes.txt")
        .map(named -> named.names("notes.txt")));
    assertEquals(Optional.of(false), parse(top, "git", "commit", "--message", "notes.txt", "--author", "A <a@b>",
        "data/app.db.json").map(named -> named.names("notes.txt")));
    assertEquals(Optional.of(true), parse(top, "git", "commit", "--message=x", "--mess", "y", "-uno", "notes.txt")
        .map(named -> named.names("notes.txt")));
  }

  @Test
  void aFolderNamesWhatIsInsideItAndRelativePathsStartWhereGitStarted() {
    CommittedPaths fromDocs = parse(top.resolve("docs"), "git", "commit", "--", "../data").orElseThrow();

    assertTrue(fromDocs.names("data/app.db.json"));
    assertFalse(fromDocs.names("notes.txt"));
    assertFalse(fromDocs.names("database.json"), "a folder's name is not a prefix of other names");
    assertTrue(parse(top.resolve("docs"), "git", "commit", "--", ":/data/app.db.json").orElseThrow()
        .names("data/app.db.json"));
    assertTrue(parse(top, "git", "-C", "docs", "commit", "--", "..").orElseThrow().names("data/app.db.json"));
  }

  @Test
  void wildcardsMatchAcrossFoldersAsGitsPathspecsDo() {
    CommittedPaths named = parse(top, "git", "commit", "--", "*.json").orElseThrow();

    assertTrue(named.names("data/app.db.json"));
    assertFalse(named.names("notes.txt"));
    assertTrue(parse(top, "git", "commit", "--", "data/app.[d]b.json").orElseThrow().names("data/app.db.json"));
  }

  @Test
  void whatCannotBeFollowedIsNotKnown() {
    assertEquals(Optional.empty(), parse(top, "git", "ci", "--", "notes.txt"), "an alias");
    assertEquals(Optional.empty(), parse(top, "git", "commit", "--pathspec-from-file=list"), "paths in a file");
    assertEquals(Optional.empty(), parse(top, "git", "commit", "--", ":(exclude)notes.txt"), "pathspec magic");
    assertEquals(Optional.empty(), parse(top, "git", "commit", "--", "missing.txt"),
        "a literal path that is not there: the folder was worked out wrong");
    assertEquals(Optional.empty(), parse(top.resolve("docs"), "git", "commit", "--", "notes.txt"),
        "relative to the wrong folder");
    assertEquals(Optional.empty(), parse(top, "sh", "-c", "git commit -- notes.txt"), "not Git");
    assertEquals(Optional.empty(), parse(top.getParent(), "git", "commit", "--", "notes.txt"),
        "started outside the work tree");
  }

  @Test
  void onlyGitsTemporaryIndexOfACommitOfChosenPathsLeadsToACommandLine() {
    assertEquals(Optional.empty(), CommittedPaths.of(top.resolve(".git/index").toString(), top));
    assertEquals(Optional.empty(), CommittedPaths.of(null, top));
    assertEquals(Optional.empty(), CommittedPaths.of(top.resolve(".git/next-index-x.lock").toString(), top));
  }
}
