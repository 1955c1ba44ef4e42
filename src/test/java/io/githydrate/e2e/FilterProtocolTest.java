package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.assertContains;
import static io.githydrate.e2e.GitSandbox.notes;
import static io.githydrate.e2e.GitSandbox.query;
import static io.githydrate.e2e.GitSandbox.shellQuote;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Git's long-running filter protocol (version 2) between the real {@code git} and the real
 * {@code git-hydrate filter-process}, in the spirit of Git's own t0021-conversion.sh: exact sizes at
 * the packet boundaries, databases of a few sizes, clean requests whose content is not the work-tree
 * file ({@code git hash-object --path}), awkward path names, refusals, a filter that
 * cannot work, a filter that dies part way, the process's stdout read byte by byte, and the one-file
 * {@code clean}/{@code smudge} commands (through Git and through JGit).
 *
 * <p>Unit tests of the codec and the request loop on byte arrays are in
 * {@code io.githydrate.git.filter}; here every scenario runs real processes in temporary repositories.
 */
class FilterProtocolTest {
  /** The most data one packet of Git's filter protocol carries. */
  private static final int MAX_DATA = 65516;
  /** Well under the sandbox's 120 s: a filter that fails must fail promptly, not hang. */
  private static final long PROMPT_SECONDS = 30;
  private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final String ARCHIVE_START = "{\n \"format\": \"git-hydrate-archive\"";

  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;
  static Path launcher;
  private static ExecutorService pipes;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.startFilterMode(classDirectory);
    launcher = classDirectory.resolve("bin").resolve("git-hydrate");
    pipes = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "filter-protocol-pipe");
      thread.setDaemon(true);
      return thread;
    });
  }

  @AfterAll
  static void stopPipes() {
    pipes.shutdownNow();
  }

  // =================================================================================================
  // 1. Exact sizes through smudge's pass-through
  // =================================================================================================

  /** A blob stored as it is (no filter) at a filtered path. */
  record Blob(String description, String path, byte[] bytes) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<Blob> blobs() {
    List<Blob> blobs = new ArrayList<>();
    for (int size : new int[] {0, 1, MAX_DATA, MAX_DATA + 1, 2 * MAX_DATA, 2 * MAX_DATA + 1}) {
      blobs.add(new Blob("random bytes, " + size, "raw/random-" + size + ".db", randomBytes(size, null)));
    }
    for (int size : new int[] {16, MAX_DATA, MAX_DATA + 1, 2 * MAX_DATA, 2 * MAX_DATA + 1}) {
      blobs.add(new Blob("SQLite header and random bytes, " + size, "raw/sqlite-header-" + size + ".db",
          randomBytes(size, SQLITE_HEADER)));
    }
    return blobs.stream();
  }

  /** {@code size} bytes from a fixed seed that cannot start an archive ("{", white space or a BOM). */
  private static byte[] randomBytes(int size, byte[] start) {
    byte[] bytes = new byte[size];
    new Random(size * 31L + (start == null ? 0 : 1)).nextBytes(bytes);
    if (start != null) {
      System.arraycopy(start, 0, bytes, 0, Math.min(start.length, size));
    } else if (size > 0) {
      bytes[0] = 'R';
    }
    return bytes;
  }

  /** The clone that checked out every {@link #blobs} blob through the filter process, and what its clone said. */
  private record PassThrough(Path reader, GitSandbox.Result cloneCommand) {}

  private static PassThrough passThrough;

  /**
   * Commits every blob without the filter ({@code hash-object --no-filters} and {@code update-index
   * --cacheinfo}), then clones with the filter: one process smudges them all.
   */
  private static synchronized PassThrough passThrough() throws IOException {
    if (passThrough == null) {
      Path home = Files.createDirectories(classDirectory.resolve("pass-through"));
      Path remote = sandbox.newRemote(home);
      Path writer = sandbox.clone(remote, home.resolve("writer"));
      Path files = Files.createDirectories(home.resolve("blobs"));
      for (Blob blob : (Iterable<Blob>) blobs()::iterator) {
        Path file = files.resolve(blob.path().replace('/', '_'));
        Files.write(file, blob.bytes());
        String sha = sandbox.git(writer, "hash-object", "-w", "--no-filters", file.toString()).stdout().trim();
        sandbox.git(writer, "update-index", "--add", "--cacheinfo", "100644," + sha + "," + blob.path());
      }
      sandbox.git(writer, "commit", "-q", "-m", "Raw blobs at filtered paths");
      sandbox.git(writer, "push", "-q");
      Path reader = home.resolve("reader");
      GitSandbox.Result clone = sandbox.run(home, withEnv("GIT_TRACE", "1"), "clone", "-q", remote.toString(),
          reader.toString());
      assertEquals(0, clone.exitCode(), clone::toString);
      passThrough = new PassThrough(reader, clone);
    }
    return passThrough;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("blobs")
  void aBlobThatIsNotAnArchiveIsCheckedOutByteForByte(Blob blob) throws IOException {
    PassThrough fixture = passThrough();
    Path file = fixture.reader().resolve(blob.path());

    assertTrue(Files.isRegularFile(file), () -> blob.path() + " was not checked out:\n" + fixture.cloneCommand());
    byte[] checkedOut = Files.readAllBytes(file);
    assertBytesEqual(blob.bytes(), checkedOut, blob.path() + " after a clone through the filter process\n"
        + fixture.cloneCommand());
  }

  @Test
  void theCloneOfRawBlobsSmudgedThemThroughOneFilterProcess() throws IOException {
    PassThrough fixture = passThrough();
    String trace = fixture.cloneCommand().stderr();

    assertEquals(1, count(trace, "run_command: 'git-hydrate filter-process'"),
        () -> "one filter process should serve the whole checkout:\n" + fixture.cloneCommand());
    assertFalse(trace.contains("git-hydrate smudge"), () -> "the one-file smudge should not run:\n" + fixture.cloneCommand());
    // The blobs Git holds are the raw bytes, so the comparison above is of pass-through, not of a round trip.
    Map<String, Long> sizes = new HashMap<>();
    for (String line : sandbox.git(fixture.reader(), "ls-tree", "-r", "-l", "HEAD", "raw/").stdout().lines().toList()) {
      String[] fields = line.split("\\s+", 5);
      sizes.put(fields[4], Long.parseLong(fields[3]));
    }
    for (Blob blob : (Iterable<Blob>) blobs()::iterator) {
      assertEquals(blob.bytes().length, sizes.get(blob.path()), "the size of the blob Git holds at " + blob.path());
    }
  }

  @Test
  void gitStatusStillWorksOnBlobsThatPassedThroughAndSeesThemUnchanged() throws IOException {
    PassThrough fixture = passThrough();
    // A later time makes Git read every file again, through clean.
    java.nio.file.attribute.FileTime later = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000);
    for (Blob blob : (Iterable<Blob>) blobs()::iterator) {
      Files.setLastModifiedTime(fixture.reader().resolve(blob.path()), later);
    }

    GitSandbox.Result status = sandbox.git(fixture.reader(), "status", "--porcelain");

    assertEquals("", status.stdout(), status::toString);
  }

  // =================================================================================================
  // 2. Real databases round-trip through add, commit and clone
  // =================================================================================================

  private static final Map<String, Integer> DATABASE_ROWS = new LinkedHashMap<>();

  static {
    DATABASE_ROWS.put("small.db", 3);       // archive well under one packet
    DATABASE_ROWS.put("medium.db", 700);    // archive of two or three packets
    DATABASE_ROWS.put("large.db", 25_000);  // archive of megabytes: many packets
  }

  private record Databases(Path writer, Path reader) {}

  private static Databases databases;

  /** A table of {@code rows} rows of every storage class (integer, real, text with Unicode, blob, null) and an index. */
  private static void makeDatabase(Path db, int rows) {
    sql(db,
        "CREATE TABLE items(id INTEGER PRIMARY KEY, body TEXT NOT NULL, score REAL, data BLOB, note TEXT)",
        "CREATE INDEX items_note ON items(note)",
        "INSERT INTO items WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + rows + ")"
            + " SELECT i, 'row ' || i || ' ' || hex(randomblob(40)), i * 0.25, randomblob(16),"
            + " CASE WHEN i % 7 = 0 THEN NULL ELSE 'ünï \"quoted\" ' || i END FROM n");
  }

  private static List<String> items(Path db) {
    return query(db, "SELECT id, body, score, hex(data), note FROM items ORDER BY id");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"small.db", "medium.db", "large.db"})
  void aDatabaseRoundTripsThroughAddCommitAndClone(String name) throws IOException {
    Databases fixture = databasesFixture();
    String stored = sandbox.git(fixture.reader(), "show", "HEAD:" + name).stdout();
    Path export = dir.resolve(name + ".json");

    GitSandbox.Result dehydrate = sandbox.git(fixture.reader(), "hydrate", "dehydrate", name, "-o", export.toString());

    assertTrue(stored.startsWith(ARCHIVE_START), () -> "Git should hold the archive of " + name + ", got: "
        + stored.substring(0, Math.min(200, stored.length())));
    assertEquals(stored, Files.readString(export, StandardCharsets.UTF_8),
        () -> "the clone's " + name + " should dehydrate to exactly the archive Git holds\n" + dehydrate);
    assertEquals(items(fixture.writer().resolve(name)), items(fixture.reader().resolve(name)),
        "the clone's " + name + " should hold the rows that were committed");
    assertEquals(List.of(), sandbox.git(fixture.reader(), "status", "--porcelain", "--", name).stdout().lines().toList(),
        "git status in the clone should see " + name + " unchanged");
  }

  @Test
  void theDatabasesArchivesSpanOneToManyPackets() throws IOException {
    Databases fixture = databasesFixture();
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (String name : DATABASE_ROWS.keySet()) {
      sizes.put(name, sandbox.git(fixture.reader(), "show", "HEAD:" + name).stdout().getBytes(StandardCharsets.UTF_8).length);
    }

    assertTrue(sizes.get("small.db") < MAX_DATA, () -> "small.db's archive should fit one packet: " + sizes);
    assertTrue(sizes.get("medium.db") > MAX_DATA && sizes.get("medium.db") < 4 * MAX_DATA,
        () -> "medium.db's archive should take two to four packets: " + sizes);
    assertTrue(sizes.get("large.db") > 1_000_000, () -> "large.db's archive should be megabytes: " + sizes);
  }

  private static synchronized Databases databasesFixture() throws IOException {
    if (databases == null) {
      Path home = Files.createDirectories(classDirectory.resolve("databases"));
      Path remote = sandbox.newRemote(home);
      Path writer = sandbox.clone(remote, home.resolve("writer"));
      DATABASE_ROWS.forEach((name, rows) -> makeDatabase(writer.resolve(name), rows));
      List<String> add = new ArrayList<>(List.of("add", "--"));
      add.addAll(DATABASE_ROWS.keySet());
      sandbox.git(writer, add.toArray(String[]::new));
      sandbox.git(writer, "commit", "-q", "-m", "Databases of a few sizes");
      sandbox.git(writer, "push", "-q");
      Path reader = sandbox.clone(remote, home.resolve("reader"));
      databases = new Databases(writer, reader);
    }
    return databases;
  }

  // =================================================================================================
  // 2b. Clean of content that is not the work-tree file (git hash-object --path)
  // =================================================================================================

  /**
   * A clone whose {@code app.db} was changed and staged, so the filter keeps the archive of the
   * work-tree file as it is now (the shortcut for an unchanged database).
   */
  private Path cloneWithAStagedChange() throws IOException {
    Path clone = sandbox.clone(sandbox.newRemote(dir), dir.resolve("clone"));
    sql(clone.resolve("app.db"), "UPDATE notes SET body = 'edited note' WHERE id = 2");
    sandbox.git(clone, "add", "app.db");
    return clone;
  }

  /**
   * {@code git hash-object --path=app.db FILE} sends FILE's bytes in a clean request for
   * {@code app.db} (so does a merge with {@code merge.renormalize}): the answer must be FILE's archive,
   * not the work-tree database's, even when FILE is another database of the same size.
   */
  @Test
  void hashObjectOfAnotherDatabaseAtADatabasesPathStoresThatDatabasesArchive() throws IOException {
    Path clone = cloneWithAStagedChange();
    Path other = Files.createDirectories(dir.resolve("elsewhere")).resolve("app.db");
    Files.copy(clone.resolve("app.db"), other);
    sql(other, "UPDATE notes SET body = 'other note' WHERE id = 1");
    assertEquals(Files.size(clone.resolve("app.db")), Files.size(other), "the two databases should be the same size");
    Path expectedArchive = dir.resolve("expected.json");
    sandbox.git(clone, "hydrate", "dehydrate", other.toString(), "-o", expectedArchive.toString());
    String expected = sandbox.git(clone, "hash-object", "--no-filters", expectedArchive.toString()).stdout().trim();

    GitSandbox.Result hash = sandbox.tryGit(clone, "hash-object", "-w", "--path=app.db", other.toString());

    assertEquals(0, hash.exitCode(), hash::toString);
    String stored = hash.stdout().trim();
    assertEquals(expected, stored, () -> "the clean of " + other + " for app.db should be its own archive, with"
        + " [1, \"other note\"]; Git stored:\n" + sandbox.git(clone, "cat-file", "-p", stored).stdout() + "\n" + hash);
  }

  /** An archive sent for a database's path comes back canonical: here, the very blob HEAD holds. */
  @Test
  void hashObjectOfAnArchiveAtADatabasesPathStoresTheCanonicalArchive() throws IOException {
    Path clone = cloneWithAStagedChange();
    Path archive = dir.resolve("head.json");
    Files.writeString(archive, sandbox.git(clone, "show", "HEAD:app.db").stdout(), StandardCharsets.UTF_8);
    String expected = sandbox.git(clone, "rev-parse", "HEAD:app.db").stdout().trim();

    GitSandbox.Result hash = sandbox.tryGit(clone, "hash-object", "--path=app.db", archive.toString());

    assertEquals(0, hash.exitCode(), hash::toString);
    assertEquals(expected, hash.stdout().trim(), hash::toString);
  }

  // =================================================================================================
  // 3. Awkward paths
  // =================================================================================================

  @Test
  void aDatabaseAtAPathWithSpacesQuotesDollarsEqualsAndUnicodeIsAddedCommittedClonedAndSwitched() throws IOException {
    String path = "dir with space/quo\"te $x=1 ünï.db";
    Path remote = sandbox.newRemote(dir);
    Path writer = sandbox.clone(remote, dir.resolve("writer"));
    Files.createDirectories(writer.resolve("dir with space"));
    sql(writer.resolve(path), "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO t VALUES (1, 'on main')");
    sandbox.git(writer, "add", "--", path);
    sandbox.git(writer, "commit", "-q", "-m", "A database at an awkward path");
    sandbox.git(writer, "switch", "-q", "-c", "other");
    sql(writer.resolve(path), "UPDATE t SET v = 'on other'", "INSERT INTO t VALUES (2, 'only on other')");
    sandbox.git(writer, "add", "--", path);
    sandbox.git(writer, "commit", "-q", "-m", "Change it on another branch");
    sandbox.git(writer, "push", "-q", "origin", "main", "other");

    // -z: Git quotes a path with a double quote in it whatever core.quotePath says.
    assertEquals(path + "\0", sandbox.git(writer, "ls-files", "-z", "--", "dir with space").stdout(),
        "the index should hold the path exactly");
    String stored = sandbox.git(writer, "show", "HEAD:" + path).stdout();
    assertTrue(stored.startsWith(ARCHIVE_START), () -> "Git should hold the archive, got: " + stored);

    Path reader = sandbox.clone(remote, dir.resolve("reader"));
    Path db = reader.resolve(path);
    assertEquals(List.of("1|on main"), query(db, "SELECT * FROM t ORDER BY id"), "the clone's database on main");
    sandbox.git(reader, "switch", "-q", "other");
    assertEquals(List.of("1|on other", "2|only on other"), query(db, "SELECT * FROM t ORDER BY id"),
        "the database after git switch other");
    assertEquals(List.of(), sandbox.status(reader), "git status after git switch other");
    sandbox.git(reader, "switch", "-q", "main");
    assertEquals(List.of("1|on main"), query(db, "SELECT * FROM t ORDER BY id"), "the database after git switch main");
    assertEquals(List.of(), sandbox.status(reader), "git status after git switch main");
  }

  // =================================================================================================
  // 4. Refusals
  // =================================================================================================

  @Test
  void gitAddOfAFileThatIsNeitherADatabaseNorAnArchiveFailsNamingThePath() throws IOException {
    Path clone = sandbox.clone(sandbox.newRemote(dir), dir.resolve("clone"));
    Files.writeString(clone.resolve("notes about it.db"), "just some text\n");

    GitSandbox.Result add = sandbox.tryGit(clone, "add", "--", "notes about it.db");

    assertNotEquals(0, add.exitCode(), add::toString);
    assertContains(add.stderr(), "git-hydrate: notes about it.db: neither a SQLite database nor an archive", add);
    assertContains(add.stderr(), "fatal: notes about it.db: clean filter 'hydrate' failed", add);
    assertFalse(sandbox.trackedFiles(clone).contains("notes about it.db"), "the refused file should not be staged");
  }

  /**
   * Git asks the process for one file after another and, since the filter is required, stops at the
   * first refusal without writing the index: the file before it was served, the one after it never
   * asked for, nothing staged. The next {@code git add} of the good files starts a new process.
   */
  @Test
  void gitAddOfSeveralFilesStopsAtTheRefusedOneAfterTheProcessServedTheOnesBefore() throws IOException {
    Path clone = sandbox.clone(sandbox.newRemote(dir), dir.resolve("clone"));
    sql(clone.resolve("a-good.db"), "CREATE TABLE t(x)", "INSERT INTO t VALUES ('a')");
    Files.writeString(clone.resolve("b-bad.db"), "hello\n");
    sql(clone.resolve("c-good.db"), "CREATE TABLE t(x)", "INSERT INTO t VALUES ('c')");

    GitSandbox.Result add = sandbox.run(clone, withEnv("GIT_TRACE_PACKET", "1"), "add", "a-good.db", "b-bad.db",
        "c-good.db");

    assertNotEquals(0, add.exitCode(), add::toString);
    assertContains(add.stderr(), "git-hydrate: b-bad.db: neither a SQLite database nor an archive", add);
    assertEquals(List.of("clean a-good.db: status=success", "clean b-bad.db: status=error"), requests(add.stderr()),
        () -> "the requests Git sent and the statuses the process answered:\n" + add);
    assertEquals(List.of(), sandbox.git(clone, "diff", "--cached", "--name-only").stdout().lines().toList(),
        "nothing should be staged by the failed git add");

    GitSandbox.Result again = sandbox.git(clone, "add", "a-good.db", "c-good.db");

    assertEquals(List.of("a-good.db", "c-good.db"),
        sandbox.git(clone, "diff", "--cached", "--name-only").stdout().lines().toList(), again::toString);
    assertTrue(sandbox.git(clone, "show", ":c-good.db").stdout().startsWith(ARCHIVE_START),
        "c-good.db should be staged as its archive");
  }

  // =================================================================================================
  // 5. A filter that cannot work aborts
  // =================================================================================================

  @Test
  void aFilterThatCannotMakeItsFoldersAbortsAndTheNextCommandWorksOnceTheyCanBeMade() throws IOException {
    Path clone = sandbox.clone(sandbox.newRemote(dir), dir.resolve("clone"));
    Path state = clone.resolve(".git").resolve("git-hydrate");
    deleteTree(state);
    Files.writeString(state, "not a folder\n");
    Files.delete(clone.resolve("app.db"));

    GitSandbox.Result broken = sandbox.tryGit(clone, "checkout", "--", "app.db");

    assertNotEquals(0, broken.exitCode(), broken::toString);
    assertContains(broken.stderr(), "git-hydrate: the hydrate filter cannot work in ", broken);
    assertContains(broken.stderr(), "smudge filter hydrate failed", broken);
    assertEquals(1, count(broken.stderr(), "the hydrate filter cannot work"), broken::toString);
    assertFalse(Files.exists(clone.resolve("app.db")), "Git should not write app.db when its filter aborts");

    Files.delete(state);
    GitSandbox.Result fixed = sandbox.git(clone, "checkout", "--", "app.db");

    assertEquals(GitSandbox.SEED_NOTES, notes(clone.resolve("app.db")), fixed::toString);
    assertEquals(List.of(), sandbox.status(clone), "git status once the filter works again");
  }

  // =================================================================================================
  // 6. A filter process that dies or loses its input part way
  // =================================================================================================

  private static final int CRASH_ROWS = 3000;
  private static Path crashRemote;

  /** A remote whose {@code big.db} smudges to hundreds of kilobytes: more than a pipe holds. */
  private static synchronized Path crashRemote() throws IOException {
    if (crashRemote == null) {
      Path home = Files.createDirectories(classDirectory.resolve("crash"));
      Path remote = sandbox.newRemote(home);
      Path writer = sandbox.clone(remote, home.resolve("writer"));
      sql(writer.resolve("big.db"), "CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
          "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + CRASH_ROWS + ")"
              + " SELECT i, 'row ' || i || ' ' || hex(randomblob(50)) FROM n");
      sandbox.git(writer, "add", "big.db");
      sandbox.git(writer, "commit", "-q", "-m", "A big database");
      sandbox.git(writer, "push", "-q");
      crashRemote = remote;
    }
    return crashRemote;
  }

  /**
   * The wrapper passes the first {@code cut} bytes of the process's stdout to Git and then kills it
   * ({@code kill -9}). Through a FIFO, so no shell but the one that ends right after the kill holds Git's
   * end of the pipe open: Git sees the end of the output as it would of a process that crashed.
   */
  @ParameterizedTest(name = "killed after {0} bytes of output")
  @ValueSource(ints = {30, 87, 200, 70_000})
  void aFilterProcessKilledPartWayFailsTheCheckoutPromptlyAndTheNextCommandWorks(int cut) throws IOException {
    Path clone = sandbox.clone(crashRemote(), dir.resolve("clone"));
    Path wrapper = script(dir.resolve("killed-filter.sh"),
        "fifo=\"$(mktemp -u)\"",
        "mkfifo \"$fifo\" || exit 1",
        "exec 3<&0",
        shellQuote(launcher.toString()) + " filter-process <&3 3<&- >\"$fifo\" &",
        "pid=$!",
        "exec 3<&-",
        "dd bs=1 count=" + cut + " <\"$fifo\" 2>/dev/null",
        "kill -9 \"$pid\" 2>/dev/null",
        "rm -f \"$fifo\"");
    crashAndRecover(clone, wrapper, null);
  }

  /**
   * The wrapper cuts the process's stdout after 200 bytes but leaves it running: it must notice that
   * Git's end is gone (a broken pipe) and stop by itself, or Git waits for ever on the shell that
   * holds its pipe until the process ends.
   */
  @Test
  void aFilterProcessWhoseOutputIsCutStopsByItselfAndTheCheckoutFailsPromptly() throws IOException {
    Path clone = sandbox.clone(crashRemote(), dir.resolve("clone"));
    Path wrapper = script(dir.resolve("cut-filter.sh"),
        shellQuote(launcher.toString()) + " filter-process | dd bs=1 count=200 2>/dev/null");
    crashAndRecover(clone, wrapper, "git-hydrate: the filter process stops: cannot write to Git");
  }

  private void crashAndRecover(Path clone, Path wrapper, String expectedMessage) {
    sandbox.git(clone, "config", "filter.hydrate.process", shellQuote(wrapper.toString()));
    try {
      Files.delete(clone.resolve("big.db"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    Exec crashed = exec(clone, sandbox.environment(), null, PROMPT_SECONDS, "git", "checkout", "--", "big.db");

    assertNotEquals(0, crashed.exitCode(), crashed::toString);
    assertFalse(Files.exists(clone.resolve("big.db")), () -> "Git should not write big.db from a cut answer\n" + crashed);
    if (expectedMessage != null) {
      assertContains(crashed.stderr(), expectedMessage, crashed.result());
    }

    sandbox.git(clone, "config", "--unset", "filter.hydrate.process");
    GitSandbox.Result recovered = sandbox.git(clone, "checkout", "--", "big.db");

    assertEquals(List.of(String.valueOf(CRASH_ROWS)), query(clone.resolve("big.db"), "SELECT count(*) FROM t"),
        recovered::toString);
    assertEquals(List.of(), sandbox.status(clone), "git status after the checkout that worked");
  }

  /** Where a request stops when the input ends. */
  enum Cut {
    INSIDE_THE_LIST_OF_KEYS("the input ended inside a list of packets"),
    INSIDE_A_PACKET_OF_CONTENT("the input ended inside a packet"),
    BETWEEN_PACKETS_OF_CONTENT("the input ended inside a file's content, after " + MAX_DATA + " bytes");

    final String message;

    Cut(String message) {
      this.message = message;
    }
  }

  @ParameterizedTest
  @MethodSource("cuts")
  void aFilterProcessWhoseInputEndsInsideARequestExitsPromptlyWithAMessage(Cut cut) throws IOException {
    Path clone = sandbox.clone(sandbox.newRemote(dir), dir.resolve("clone"));
    byte[] archive = sandbox.git(clone, "show", "HEAD:app.db").stdout().getBytes(StandardCharsets.UTF_8);
    byte[] before = Files.readAllBytes(clone.resolve("app.db"));
    byte[] big = new byte[MAX_DATA + 100];
    System.arraycopy(archive, 0, big, 0, archive.length); // an archive's start, then more than a packet
    PktLineInput input = new PktLineInput().handshake("clean", "smudge", "delay");
    switch (cut) {
      case INSIDE_THE_LIST_OF_KEYS -> input.text("command=smudge", "pathname=app.db");
      case INSIDE_A_PACKET_OF_CONTENT -> input.text("command=smudge", "pathname=app.db").flush()
          .raw(String.format("%04x", 1000 + 4)).bytes(archive, 0, 100);
      case BETWEEN_PACKETS_OF_CONTENT -> input.text("command=smudge", "pathname=app.db").flush()
          .packet(big, 0, MAX_DATA);
    }

    Exec filter = filterProcess(clone, input.toBytes());

    assertEquals(1, filter.exitCode(), filter::toString);
    assertContains(filter.stderr(), "git-hydrate: the filter process stops: " + cut.message, filter.result());
    Replies replies = new Replies(filter);
    replies.expectHandshake();
    replies.expectEnd();
    assertBytesEqual(before, Files.readAllBytes(clone.resolve("app.db")), "app.db after a request that never ended");
  }

  static Stream<Cut> cuts() {
    return Stream.of(Cut.values());
  }

  // =================================================================================================
  // 7. stdout carries the protocol alone
  // =================================================================================================

  @Test
  void theFilterProcessWritesOnlyWellFormedPacketsToStdout() throws IOException {
    Path clone = sandbox.clone(sandbox.newRemote(dir), dir.resolve("clone"));
    byte[] database = Files.readAllBytes(clone.resolve("app.db"));
    String archive = sandbox.git(clone, "show", "HEAD:app.db").stdout();
    String blob = sandbox.git(clone, "rev-parse", "HEAD:app.db").stdout().trim();
    byte[] input = new PktLineInput().handshake("clean", "smudge", "delay")
        .request("clean", "app.db", database)
        .request("clean", "not-a-database.db", "hello\n".getBytes(StandardCharsets.UTF_8))
        .text("command=smudge", "pathname=app.db", "blob=" + blob, "ref=refs/heads/main").flush()
        .content(archive.getBytes(StandardCharsets.UTF_8)).flush()
        .toBytes();

    Exec filter = filterProcess(clone, input);

    assertEquals(0, filter.exitCode(), filter::toString);
    Replies replies = new Replies(filter);
    replies.expectHandshake();
    replies.expectList(List.of("status=success"), "the clean of app.db");
    assertEquals(archive, new String(replies.content("the clean of app.db"), StandardCharsets.UTF_8),
        "the clean of app.db should be the archive Git holds");
    replies.expectList(List.of(), "the list after the content of the clean of app.db");
    replies.expectList(List.of("status=error"), "the clean of not-a-database.db");
    replies.expectList(List.of("status=success"), "the smudge of app.db");
    Path smudged = dir.resolve("smudged.db");
    Files.write(smudged, replies.content("the smudge of app.db"));
    replies.expectList(List.of(), "the list after the content of the smudge of app.db");
    replies.expectEnd();
    assertEquals(GitSandbox.SEED_NOTES, notes(smudged), "the database the smudge of app.db answered");
    assertContains(filter.stderr(), "git-hydrate: not-a-database.db: neither a SQLite database nor an archive"
        + " (it starts with \"hello\\x0a\"); Git keeps databases of this path as archives\n", filter.result());
    assertTrue(filter.stderr().lines().allMatch(line -> line.startsWith("git-hydrate: ")),
        () -> "every message should be one line of git-hydrate's (no stack trace)\n" + filter);
  }

  // =================================================================================================
  // 8. The one-file commands, through Git and through JGit
  // =================================================================================================

  /** A driver that has only the one-file commands, as a client without the process protocol uses them. */
  private static void configureSingleDriver(Path clone, String command) {
    sandbox.git(clone, "config", "filter.single.clean", command + " clean -- %f");
    sandbox.git(clone, "config", "filter.single.smudge", command + " smudge -- %f");
    sandbox.git(clone, "config", "filter.single.required", "true");
  }

  private static void attributeSingleDriver(Path clone) throws IOException {
    Files.writeString(clone.resolve(".gitattributes"), "*.sdb filter=single -text\n", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }

  @Test
  void theOneFileCommandsCleanAndSmudgeThroughGitAsTheProcessDoes() throws IOException {
    String path = "single dir/it's $HOME.sdb";
    Path remote = sandbox.newRemote(dir);
    Path writer = sandbox.clone(remote, dir.resolve("writer"));
    configureSingleDriver(writer, "git-hydrate");
    attributeSingleDriver(writer);
    Files.createDirectories(writer.resolve("single dir"));
    sql(writer.resolve(path), "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO t VALUES (1, 'one'), (2, 'two')");

    GitSandbox.Result add = sandbox.run(writer, withEnv("GIT_TRACE", "1"), "add", "--", ".gitattributes", path);

    assertEquals(0, add.exitCode(), add::toString);
    // Git's trace shows the command with %f already replaced by the quoted path.
    assertContains(add.stderr(), "run_command: 'git-hydrate clean -- '\\''single dir/it'", add);
    String stored = sandbox.git(writer, "show", ":" + path).stdout();
    assertTrue(stored.startsWith(ARCHIVE_START), () -> "Git should hold the archive, got: " + stored + "\n" + add);
    assertSameAsTheProcess(writer, path);

    sandbox.git(writer, "commit", "-q", "-m", "A database through the one-file commands");
    sandbox.git(writer, "push", "-q");
    Path reader = dir.resolve("reader");
    GitSandbox.Result clone = sandbox.run(dir, withEnv("GIT_TRACE", "1"), "clone", "-q",
        "-c", "filter.single.clean=git-hydrate clean -- %f", "-c", "filter.single.smudge=git-hydrate smudge -- %f",
        "-c", "filter.single.required=true", remote.toString(), reader.toString());

    assertEquals(0, clone.exitCode(), clone::toString);
    assertContains(clone.stderr(), "run_command: 'git-hydrate smudge -- '\\''single dir/it'", clone);
    assertEquals(List.of("1|one", "2|two"), query(reader.resolve(path), "SELECT * FROM t ORDER BY id"), clone::toString);
    assertEquals(List.of(), sandbox.status(reader), "git status in the clone");
  }

  @Test
  void jgitAddAndCheckoutRunTheOneFileCommands() throws Exception {
    String path = "jgit dir/it's $HOME.sdb";
    Path clone = sandbox.clone(sandbox.newRemote(dir), dir.resolve("clone"));
    // JGit runs the commands with this JVM's environment, so by the launcher's own path.
    configureSingleDriver(clone, shellQuote(launcher.toString()));
    attributeSingleDriver(clone);
    Files.createDirectories(clone.resolve("jgit dir"));
    // Staged as a committed .gitattributes would be: JGit's checkout of a path reads the attributes
    // from the index, not from the work tree.
    sandbox.git(clone, "add", ".gitattributes");
    sql(clone.resolve(path), "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO t VALUES (1, 'jgit')");

    try (Git jgit = Git.open(clone.toFile())) {
      jgit.add().addFilepattern(path).call();
    }

    String stored = sandbox.git(clone, "show", ":" + path).stdout();
    assertTrue(stored.startsWith(ARCHIVE_START), () -> "JGit should have staged the archive, got: " + stored);
    assertSameAsTheProcess(clone, path);

    Files.delete(clone.resolve(path));
    try (Git jgit = Git.open(clone.toFile())) {
      jgit.checkout().addPath(path).call();
    }

    assertEquals(List.of("1|jgit"), query(clone.resolve(path), "SELECT * FROM t ORDER BY id"),
        "the database JGit checked out through the one-file smudge");
  }

  /** The blob staged at {@code path} is what the filter process makes of the work-tree file. */
  private static void assertSameAsTheProcess(Path clone, String path) {
    String staged = sandbox.git(clone, "rev-parse", ":" + path).stdout().trim();
    GitSandbox.Result hash = sandbox.run(clone, withEnv("GIT_TRACE", "1"), "-c",
        "filter.single.process=git-hydrate filter-process", "hash-object", "--path=" + path, "--", path);

    assertEquals(0, hash.exitCode(), hash::toString);
    assertContains(hash.stderr(), "run_command: 'git-hydrate filter-process'", hash);
    assertEquals(staged, hash.stdout().trim(),
        () -> "the one-file clean should store what the filter process makes of " + path + "\n" + hash);
  }

  // =================================================================================================
  // Helpers
  // =================================================================================================

  private static Map<String, String> withEnv(String... keysAndValues) {
    Map<String, String> env = new HashMap<>(sandbox.environment());
    for (int i = 0; i < keysAndValues.length; i += 2) {
      env.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return env;
  }

  private static Path script(Path file, String... lines) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      n++;
    }
    return n;
  }

  private static final Pattern TRACE_PACKET = Pattern.compile("packet: +git([<>]) (.*)$");

  /** "COMMAND PATH: STATUS" for each request in a GIT_TRACE_PACKET trace, in order. */
  private static List<String> requests(String trace) {
    List<String> requests = new ArrayList<>();
    String command = null;
    String pathname = null;
    for (String line : trace.lines().toList()) {
      Matcher m = TRACE_PACKET.matcher(line);
      if (!m.find()) {
        continue;
      }
      String packet = m.group(2);
      if (m.group(1).equals(">") && packet.startsWith("command=")) {
        command = packet.substring("command=".length());
      } else if (m.group(1).equals(">") && packet.startsWith("pathname=")) {
        pathname = packet.substring("pathname=".length());
      } else if (m.group(1).equals("<") && packet.startsWith("status=") && pathname != null) {
        requests.add(command + " " + pathname + ": " + packet);
        pathname = null;
      }
    }
    if (pathname != null) {
      requests.add(command + " " + pathname + ": no status");
    }
    return requests;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static void assertBytesEqual(byte[] expected, byte[] actual, String what) {
    if (java.util.Arrays.equals(expected, actual)) {
      return;
    }
    int first = java.util.Arrays.mismatch(expected, actual);
    fail(what + ": expected " + expected.length + " bytes, got " + actual.length + "; first difference at byte "
        + first + " (expected " + window(expected, first) + ", got " + window(actual, first) + ")");
  }

  private static String window(byte[] bytes, int at) {
    return at >= bytes.length ? "the end" : printable(bytes, at, Math.min(bytes.length, at + 16));
  }

  static String printable(byte[] bytes, int from, int to) {
    StringBuilder text = new StringBuilder("\"");
    for (int i = from; i < to; i++) {
      int c = bytes[i] & 0xff;
      text.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return text.append('"').toString();
  }

  // ---- running processes with a deadline on everything -------------------------------------------

  /** One finished process, its output kept as bytes. */
  record Exec(List<String> command, Path directory, int exitCode, byte[] stdout, String stderr, Duration elapsed) {
    GitSandbox.Result result() {
      return new GitSandbox.Result(command, directory, exitCode, new String(stdout, StandardCharsets.UTF_8), stderr);
    }

    @Override
    public String toString() {
      return "$ " + String.join(" ", command) + "\n  (in " + directory + ", " + elapsed.toMillis() + " ms)\nexit code "
          + exitCode + "\n--- stdout: " + stdout.length + " bytes, starting " + printable(stdout, 0, Math.min(stdout.length, 200))
          + "\n--- stderr ---\n" + stderr + "---";
    }
  }

  /** Runs {@code git-hydrate filter-process} in {@code clone} as Git would, with {@code input} as its whole stdin. */
  private Exec filterProcess(Path clone, byte[] input) {
    return exec(clone, sandbox.environment(), input, PROMPT_SECONDS, launcher.toString(), "filter-process");
  }

  /**
   * Runs {@code command} with {@code env}, {@code stdin} written then closed (none: closed at once),
   * and fails the test, ending the process and its children, if it has not ended and closed its output
   * within {@code seconds}.
   */
  private static Exec exec(Path directory, Map<String, String> env, byte[] stdin, long seconds, String... command) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Future<byte[]> stdout = pipes.submit(() -> readAll(process.getInputStream()));
    Future<byte[]> stderr = pipes.submit(() -> readAll(process.getErrorStream()));
    Future<?> written = pipes.submit(() -> {
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      } catch (IOException e) {
        // the process stopped reading: what it did then is the test's to judge
      }
    });
    long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
    try {
      boolean ended = process.waitFor(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      byte[] out = ended ? stdout.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) : null;
      byte[] err = ended ? stderr.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) : null;
      written.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (!ended) {
        throw new TimeoutException();
      }
      return new Exec(List.of(command), directory, process.exitValue(), out, new String(err, StandardCharsets.UTF_8),
          Duration.ofNanos(System.nanoTime() - start));
    } catch (TimeoutException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " in " + directory + " did not end (or keep its output"
          + " open) within " + seconds + " s: a hang", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  // ---- pkt-lines -------------------------------------------------------------------------------

  /** What Git writes to a filter process, built by hand. */
  static final class PktLineInput {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    PktLineInput text(String... lines) {
      for (String line : lines) {
        byte[] data = (line + "\n").getBytes(StandardCharsets.UTF_8);
        packet(data, 0, data.length);
      }
      return this;
    }

    PktLineInput flush() {
      return raw("0000");
    }

    PktLineInput packet(byte[] data, int offset, int length) {
      raw(String.format("%04x", length + 4));
      return bytes(data, offset, length);
    }

    PktLineInput content(byte[] data) {
      for (int offset = 0; offset < data.length; offset += MAX_DATA) {
        packet(data, offset, Math.min(MAX_DATA, data.length - offset));
      }
      return this;
    }

    PktLineInput raw(String text) {
      bytes.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
      return this;
    }

    PktLineInput bytes(byte[] data, int offset, int length) {
      bytes.write(data, offset, length);
      return this;
    }

    /** Git's opening: client and version, then its capabilities. */
    PktLineInput handshake(String... capabilities) {
      text("git-filter-client", "version=2").flush();
      for (String capability : capabilities) {
        text("capability=" + capability);
      }
      return flush();
    }

    PktLineInput request(String command, String pathname, byte[] content) {
      return text("command=" + command, "pathname=" + pathname).flush().content(content).flush();
    }

    byte[] toBytes() {
      return bytes.toByteArray();
    }
  }

  /**
   * A filter process's stdout taken apart strictly: every byte must belong to a packet whose header
   * is four lowercase hex digits giving a length of 0 (flush) or 5 to 65520; text packets end with a
   * line feed.
   */
  static final class Replies {
    private final Exec run;
    private final List<byte[]> packets = new ArrayList<>(); // null for a flush packet
    private final List<Integer> offsets = new ArrayList<>();
    private int next;

    Replies(Exec run) {
      this.run = run;
      byte[] out = run.stdout();
      int at = 0;
      while (at < out.length) {
        if (out.length - at < 4) {
          throw new AssertionError("stray bytes at the end of stdout, offset " + at + ": "
              + printable(out, at, out.length) + "\n" + run);
        }
        int length = 0;
        for (int i = at; i < at + 4; i++) {
          int digit = "0123456789abcdef".indexOf(out[i]);
          if (digit < 0) {
            throw new AssertionError("not a packet header at offset " + at + ": " + printable(out, at, Math.min(out.length, at + 32))
                + "\n" + run);
          }
          length = length * 16 + digit;
        }
        if (length != 0 && (length <= 4 || length > MAX_DATA + 4)) {
          throw new AssertionError("invalid packet length " + length + " at offset " + at + "\n" + run);
        }
        if (at + Math.max(length, 4) > out.length) {
          throw new AssertionError("stdout ends inside the packet at offset " + at + " (length " + length + ")\n" + run);
        }
        offsets.add(at);
        packets.add(length == 0 ? null : java.util.Arrays.copyOfRange(out, at + 4, at + length));
        at += Math.max(length, 4);
      }
    }

    void expectHandshake() {
      expectList(List.of("git-filter-server", "version=2"), "the handshake's version");
      expectList(List.of("capability=clean", "capability=smudge"), "the handshake's capabilities (not delay)");
    }

    /** The text packets up to the next flush, which must be {@code expected}. */
    void expectList(List<String> expected, String what) {
      List<String> lines = new ArrayList<>();
      while (true) {
        if (next >= packets.size()) {
          throw new AssertionError(what + ": stdout ended after " + lines + ", expected " + expected + "\n" + run);
        }
        byte[] packet = packets.get(next++);
        if (packet == null) {
          break;
        }
        if (packet[packet.length - 1] != '\n') {
          throw new AssertionError(what + ": a text packet without its line feed at offset " + offsets.get(next - 1)
              + ": " + printable(packet, 0, packet.length) + "\n" + run);
        }
        lines.add(new String(packet, 0, packet.length - 1, StandardCharsets.UTF_8));
      }
      assertEquals(expected, lines, () -> what + "\n" + run);
    }

    /** The data of the packets up to the next flush. */
    byte[] content(String what) {
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      while (true) {
        if (next >= packets.size()) {
          throw new AssertionError(what + ": stdout ended inside the content\n" + run);
        }
        byte[] packet = packets.get(next++);
        if (packet == null) {
          return content.toByteArray();
        }
        content.writeBytes(packet);
      }
    }

    void expectEnd() {
      if (next < packets.size()) {
        byte[] packet = packets.get(next);
        throw new AssertionError("more on stdout than expected, from offset " + offsets.get(next) + ": "
            + (packet == null ? "a flush packet" : printable(packet, 0, Math.min(packet.length, 64))) + "\n" + run);
      }
    }
  }
}
