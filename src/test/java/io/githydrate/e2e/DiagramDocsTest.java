package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.testing.ChildProcess;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code git hydrate diagram} and {@code docs} through the real {@code git}: a commit's databases,
 * the changes since a commit, the docs a CI job checks; and a diagram rendered in headless Chromium
 * by {@code docs/render-diagram.sh}, when Chromium is on PATH.
 */
class DiagramDocsTest {
  @TempDir
  static Path classDirectory;

  static GitSandbox hooks;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandbox() throws IOException {
    hooks = GitSandbox.start(Files.createDirectories(classDirectory.resolve("hooks")));
  }

  private Path installedClone() throws IOException {
    return hooks.cloneInstalled(hooks.newRemote(dir), dir.resolve("A"));
  }

  /** Adds a table and a column, and commits them. */
  private static void changeSchema(Path clone) {
    sql(clone.resolve("app.db"), "CREATE TABLE authors(id INTEGER PRIMARY KEY, name TEXT)",
        "ALTER TABLE notes ADD COLUMN author_id INTEGER REFERENCES authors(id)");
    hooks.git(clone, "hydrate", "add");
    hooks.git(clone, "commit", "-q", "-m", "Authors");
  }

  @Test
  void diagramOfACommitDrawsItsDatabase() throws IOException {
    Path a = installedClone();

    GitSandbox.Result run = hooks.git(a, "hydrate", "diagram", "HEAD");

    String svg = run.stdout();
    assertTrue(svg.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "), run::toString);
    assertContains(svg, "<g class=\"table\" data-table=\"notes\"", run);
    assertContains(svg, "<g class=\"table\" data-table=\"tags\"", run);
    assertContains(svg, "data-from=\"tags\" data-to=\"notes\" data-columns=\"note_id\"", run);
    assertContains(svg, ">app.db</text>", run);
    assertContains(svg, ">2 tables, 0 views, 4 rows</text>", run);
    assertEquals(svg, hooks.git(a, "hydrate", "diagram", "HEAD", "app.db").stdout(), "the path names the same database");
    assertEquals(svg, hooks.git(a, "hydrate", "diagram", "HEAD", "app.db.json").stdout(), "and so does its archive");
    GitSandbox.Result nothing = hooks.tryGit(a, "hydrate", "diagram", "HEAD", "other.db");
    assertEquals(1, nothing.exitCode(), nothing::toString);
    assertEquals("git-hydrate: other.db: no database there in HEAD\n", nothing.stderr());
    assertEquals(svg, hooks.git(a, "hydrate", "diagram").stdout(), "the work tree holds the same");
  }

  @Test
  void changesSinceACommitAreMarked() throws IOException {
    Path a = installedClone();
    changeSchema(a);

    GitSandbox.Result run = hooks.git(a, "hydrate", "diagram", "HEAD", "--changes-since", "HEAD~1", "-o", "out/");

    assertEquals("wrote out/app.db.svg\n", run.stdout(), run::toString);
    String svg = Files.readString(a.resolve("out/app.db.svg"));
    assertContains(svg, "<g class=\"table added\" data-table=\"authors\"", run);
    assertContains(svg, "<g class=\"table changed\" data-table=\"notes\"", run);
    assertContains(svg, "<g class=\"line column added\" data-column=\"author_id\">", run);
    assertContains(svg, "<path class=\"fk added\" data-from=\"notes\" data-to=\"authors\"", run);
    assertContains(svg, ">changes since HEAD~1: 1 added, 1 changed, 0 removed</text>", run);

    GitSandbox.Result unknown = hooks.tryGit(a, "hydrate", "diagram", "--changes-since", "v9");
    assertEquals(1, unknown.exitCode());
    assertEquals("git-hydrate: --changes-since v9: no such file, and not a commit of this repository\n", unknown.stderr());
  }

  @Test
  void docsCheckFailsNamingTheFilesUntilTheDocsAreCurrent() throws IOException {
    Path a = installedClone();
    GitSandbox.Result missing = hooks.tryGit(a, "hydrate", "docs", "--check");
    assertEquals(1, missing.exitCode(), missing::toString);
    assertContains(missing.stderr(), "git-hydrate: docs/databases/README.md: missing (run: git hydrate docs)\n", missing);

    GitSandbox.Result written = hooks.git(a, "hydrate", "docs");
    assertEquals("wrote docs/databases/README.md\nwrote docs/databases/app.db.md\nwrote docs/databases/app.db.svg\n"
        + "docs/databases: 3 files, 3 written, 0 already current\n", written.stdout(), written::toString);
    hooks.git(a, "add", "docs");
    hooks.git(a, "commit", "-q", "-m", "Database docs");
    assertEquals(0, hooks.tryGit(a, "hydrate", "docs", "--check").exitCode());
    hooks.git(a, "push", "-q", "origin", "HEAD");
    Path fresh = dir.resolve("fresh"); // no hooks, no databases: as CI's checkout
    hooks.git(dir, "clone", "-q", hooks.git(a, "remote", "get-url", "origin").stdout().strip(), fresh.toString());
    assertEquals(0, hooks.tryGit(fresh, "hydrate", "docs", "--check").exitCode(), "a fresh clone agrees");

    // The pages follow the archives the index holds, not the database as it is.
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (9, 'not added yet')");
    assertEquals(0, hooks.tryGit(a, "hydrate", "docs", "--check").exitCode(), "the index still holds the old rows");
    hooks.git(a, "hydrate", "add");
    assertEquals(1, hooks.tryGit(a, "hydrate", "docs", "--check").exitCode(), "row counts changed in the index");
    hooks.git(a, "commit", "-q", "-am", "A note");
    hooks.git(a, "hydrate", "docs");
    hooks.git(a, "add", "docs");
    hooks.git(a, "commit", "-q", "-m", "Database docs again");

    changeSchema(a);
    GitSandbox.Result stale = hooks.tryGit(a, "hydrate", "docs", "--check");
    assertEquals(1, stale.exitCode(), stale::toString);
    assertEquals("git-hydrate: docs/databases/README.md: out of date (run: git hydrate docs)\n"
        + "git-hydrate: docs/databases/app.db.md: out of date (run: git hydrate docs)\n"
        + "git-hydrate: docs/databases/app.db.svg: out of date (run: git hydrate docs)\n", stale.stderr());
  }

  @Test
  void aDiagramRendersInHeadlessChromium() throws Exception {
    Assumptions.assumeTrue(onPath("chromium") || onPath("chromium-browser") || onPath("google-chrome"),
        "Chromium is not on PATH (docs/render-diagram.sh can install it); the diagram was not rendered");
    Path a = installedClone();
    Path svg = dir.resolve("app.svg");
    hooks.git(a, "hydrate", "diagram", "-o", svg.toString());
    Path png = dir.resolve("app.png");

    ChildProcess.Exec render = ChildProcess.run(dir, System.getenv(),
        List.of("sh", Path.of("docs/render-diagram.sh").toAbsolutePath().toString(), svg.toString(), png.toString()));

    assertEquals(0, render.exitCode(), render::toString);
    BufferedImage image = ImageIO.read(png.toFile());
    String declared = Files.readString(svg).split("width=\"", 2)[1].split("\"", 2)[0];
    assertEquals(Integer.parseInt(declared), image.getWidth(), "the page is the diagram's size");
    Set<Integer> colours = new HashSet<>();
    long dark = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        dark += ((rgb >> 16 & 0xFF) + (rgb >> 8 & 0xFF) + (rgb & 0xFF)) < 300 ? 1 : 0;
      }
    }
    assertTrue(colours.size() > 8, "a blank page: " + colours.size() + " colours");
    assertTrue(dark > 200, "no text or lines drawn: " + dark + " dark pixels");
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(folder -> !folder.isEmpty() && Files.isExecutable(Path.of(folder, program)));
  }
}
