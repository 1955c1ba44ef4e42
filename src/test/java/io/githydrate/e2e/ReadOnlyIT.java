package io.githydrate.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.githydrate.TestSqlite;
import io.githydrate.cli.Main;
import io.githydrate.testing.ChildProcess;
import io.githydrate.testing.ChildProcess.Exec;
import io.githydrate.testing.Prerequisite;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder or a database its user may not write: the messages of issue #21, met for real. Permissions
 * do not stop root, so as root git-hydrate runs as the user nobody ({@code setpriv}), on a copy of the
 * class path that user can read; as anyone else, as that user.
 */
class ReadOnlyIT {
  private static final int NOBODY = 65534;

  @TempDir
  static Path root;
  private static Path work;
  private static List<String> java;

  @BeforeAll
  static void aFolderAnotherUserWritesIn() throws Exception {
    List<String> as = new ArrayList<>();
    if (uid() == 0) {
      Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/setpriv")),
          "running as root, and no /usr/bin/setpriv to run git-hydrate as a user whom permissions stop");
      as.addAll(List.of("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
    }
    Path classPath = Files.createDirectories(root.resolve("classpath"));
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path source = Path.of(entry);
      Path copy = classPath.resolve(n++ + "-" + source.getFileName());
      copyTree(source, copy);
      entries.add(copy.toString());
    }
    work = Files.createDirectories(root.resolve("work"));
    everyoneMay(root, "rwxrwxrwx");
    java = new ArrayList<>(as);
    java.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", String.join(File.pathSeparator, entries),
        Main.class.getName()));
  }

  private Exec gitHydrate(String... args) {
    List<String> command = new ArrayList<>(java);
    command.addAll(List.of(args));
    return ChildProcess.run(work, Map.of("PATH", System.getenv("PATH"), "HOME", work.toString(), "LC_ALL", "C"),
        command);
  }

  @Test
  void dehydrateIntoAFolderThatCannotBeWrittenSaysWhichFolderAndWhy() throws Exception {
    TestSqlite.exec(work.resolve("app.db"), "CREATE TABLE t(id INTEGER PRIMARY KEY, x)", "INSERT INTO t VALUES (1, 'a')");
    Path folder = Files.createDirectories(work.resolve("locked"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
    Exec run = gitHydrate("dehydrate", "app.db", "-o", "locked/app.json");
    assertEquals(1, run.exitCode(), run::toString);
    assertEquals("git-hydrate: " + folder.resolve("app.json") + ": cannot write the archive: cannot create files in "
        + folder + ": permission denied; make that folder writable, or choose another path\n", run.stderr());
    assertEquals(List.of(), list(folder), "nothing left in the folder");
  }

  @Test
  void hydrateIntoAFolderThatCannotBeWrittenSaysWhichFolderAndWhy() throws Exception {
    Path db = work.resolve("source.db");
    TestSqlite.exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, x)", "INSERT INTO t VALUES (1, 'a')");
    assertEquals(0, gitHydrate("dehydrate", "source.db", "-o", "source.json").exitCode());
    Path folder = Files.createDirectories(work.resolve("shut"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
    Exec run = gitHydrate("hydrate", "source.json", "-o", "shut/app.db");
    assertEquals(1, run.exitCode(), run::toString);
    assertEquals("git-hydrate: " + folder.resolve("app.db") + ": cannot create files in " + folder
        + ": permission denied; make that folder writable, or choose another path\n", run.stderr());
  }

  @Test
  void hydrateForceOverAReadOnlyDatabaseSaysItIsReadOnly() throws Exception {
    Path db = work.resolve("fixed.db");
    TestSqlite.exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, x)", "INSERT INTO t VALUES (1, 'a')");
    assertEquals(0, gitHydrate("dehydrate", "fixed.db", "-o", "fixed.json").exitCode());
    TestSqlite.exec(db, "INSERT INTO t VALUES (2, 'b')");
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
    byte[] before = Files.readAllBytes(db);
    Exec run = gitHydrate("hydrate", "--force", "fixed.json", "-o", "fixed.db");
    assertEquals(1, run.exitCode(), run::toString);
    assertEquals("git-hydrate: cannot replace the content of " + db + ": the file is read-only (its permissions);"
        + " make it writable (chmod u+w '" + db + "') and run again; left unchanged\n", run.stderr());
    assertArrayEquals(before, Files.readAllBytes(db));
    assertEquals(List.of(), list(work).stream().filter(name -> name.endsWith(".bak")).toList(), "no backup made");
  }

  private static List<String> list(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private static long uid() throws IOException, InterruptedException {
    Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
    String out = new String(id.getInputStream().readAllBytes()).strip();
    id.waitFor();
    return Long.parseLong(out);
  }

  private static void copyTree(Path source, Path target) throws IOException {
    if (!Files.isDirectory(source)) {
      Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
      return;
    }
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path to = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to);
        }
      }
    }
  }

  /** Gives everyone {@code permissions} on {@code top} and everything in it (files lose the execute bits). */
  private static void everyoneMay(Path top, String permissions) throws IOException {
    try (Stream<Path> files = Files.walk(top)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(
            Files.isDirectory(file) ? permissions : permissions.replace('x', '-')));
      }
    }
  }
}
