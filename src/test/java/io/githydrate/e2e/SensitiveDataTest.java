package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.query;
import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository whose {@code .hydrateconfig} redacts a column and keeps a sessions table's rows out,
 * through the real {@code git}: no commit, no object in either clone or the remote holds the secret or
 * a session; a clone with the variable set gets the secret, one without gets the placeholder text and
 * a warning; and pre-commit refuses a staged archive that holds the secret.
 */
class SensitiveDataTest {
  private static final String SECRET = "sk_live_4f9a\"8b7c6d5e";
  private static final String COOKIE = "session-7d1e0c5b";
  private static final String CONFIG = "[database \"app.db\"]\n\texclude-rows = sessions\n\tredact = users.api_token\n";

  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.start(classDirectory);
  }

  /** A clone that redacts users.api_token, keeps sessions out, and has pushed a secret and a session. */
  private Path committedSecret(Path remote) throws IOException {
    Path a = sandbox.cloneInstalled(remote, dir.resolve("A"));
    Files.writeString(a.resolve(".hydrateconfig"), CONFIG);
    sql(a.resolve("app.db"),
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, api_token TEXT)",
        "INSERT INTO users VALUES (1, 'ada', '" + SECRET + "'), (2, 'bob', NULL)",
        "CREATE TABLE sessions (id INTEGER PRIMARY KEY, user INTEGER, cookie TEXT)",
        "INSERT INTO sessions VALUES (1, 1, '" + COOKIE + "')");
    sandbox.git(a, "add", ".hydrateconfig");
    sandbox.git(a, "commit", "-q", "-a", "-m", "Users with API tokens, and sessions");
    sandbox.git(a, "push", "-q", "origin", "HEAD");
    assertTrue(sandbox.filesOf(a, "HEAD").contains("app.db.json"), "the commit should carry the archive");
    return a;
  }

  /** Every object of the repository at {@code gitDirectory}, as {@code git cat-file --batch} prints them. */
  private static String allObjects(Path repository) {
    return sandbox.git(repository, "cat-file", "--batch-all-objects", "--batch").stdout();
  }

  /** Exports and stages the database's changes in {@code clone}, commits and pushes them, with the variable set. */
  private void commitAndPush(Path clone, String message) {
    for (String[] args : List.of(new String[] {"hydrate", "add"}, new String[] {"commit", "-q", "-m", message},
        new String[] {"push", "-q", "origin", "HEAD"})) {
      GitSandbox.Result result = sandbox.run(clone, withToken(), args);
      assertEquals(0, result.exitCode(), result::toString);
    }
  }

  private Map<String, String> withToken() {
    Map<String, String> env = new HashMap<>(sandbox.environment());
    env.put("USERS_API_TOKEN", SECRET);
    return env;
  }

  @Test
  void noObjectHoldsTheSecretOrASessionAndCloneWithTheVariableGetsTheSecret() throws IOException {
    Path remote = sandbox.newRemote(dir.resolve("remote"));
    Path a = committedSecret(remote);
    String archive = Files.readString(a.resolve("app.db.json"));
    assertTrue(archive.contains("[1, \"ada\", \"${USERS_API_TOKEN}\"]"), archive);

    Path b = sandbox.clone(remote, dir.resolve("B"));
    GitSandbox.Result install = sandbox.run(b, withToken(), "hydrate", "install");

    assertEquals(0, install.exitCode(), install::toString);
    assertEquals(List.of(), install.hydrateLines().stream().filter(l -> l.contains("warning")).toList());
    for (Path repository : List.of(a, remote, b)) {
      String objects = allObjects(repository);
      assertTrue(objects.contains("${USERS_API_TOKEN}"), "the archive's blob should be among the objects");
      assertFalse(objects.contains("4f9a"), "an object of " + repository + " holds the secret");
      assertFalse(objects.contains(COOKIE), "an object of " + repository + " holds a session");
    }
    assertEquals(List.of("1|ada|" + SECRET, "2|bob|NULL"), query(b.resolve("app.db"), "SELECT * FROM users ORDER BY id"));
    assertEquals(List.of(), query(b.resolve("app.db"), "SELECT * FROM sessions"));
    assertEquals(List.of(), sandbox.status(b), "the clone should be clean");
    assertEquals(List.of("1|1|" + COOKIE), query(a.resolve("app.db"), "SELECT * FROM sessions"),
        "the session stays in the database it was made in");

    GitSandbox.Result diff = sandbox.git(a, "hydrate", "diff");
    assertEquals("", diff.stdout(), "the database holds what its archive holds");
    sql(a.resolve("app.db"), "INSERT INTO sessions VALUES (2, 1, 'another session')",
        "UPDATE users SET api_token = 'typed-here' WHERE id = 1");
    assertEquals("app.db: in sync\n", sandbox.git(a, "hydrate", "status").stdout(),
        "sessions and a value typed into a redacted column are not changes of the archive");
  }

  @Test
  void sessionsStayThroughRowUpdatesAndAFullRebuildKeepsThemAsABackup() throws IOException {
    Path remote = sandbox.newRemote(dir.resolve("remote"));
    Path a = committedSecret(remote);
    Path b = sandbox.clone(remote, dir.resolve("B"));
    assertEquals(0, sandbox.run(b, withToken(), "hydrate", "install").exitCode());
    sql(b.resolve("app.db"), "INSERT INTO users VALUES (3, 'cy', NULL)");
    commitAndPush(b, "Cy");

    GitSandbox.Result pull = sandbox.run(a, withToken(), "pull", "-q");

    assertEquals(0, pull.exitCode(), pull::toString);
    assertEquals(List.of("1|ada|" + SECRET, "2|bob|NULL", "3|cy|NULL"),
        query(a.resolve("app.db"), "SELECT * FROM users ORDER BY id"));
    assertEquals(List.of("1|1|" + COOKIE), query(a.resolve("app.db"), "SELECT * FROM sessions"),
        "a pull that updates rows one by one leaves the excluded rows alone");

    sql(b.resolve("app.db"), "DELETE FROM users WHERE id = 3");
    commitAndPush(b, "No Cy");
    Map<String, String> fullRebuild = withToken();
    fullRebuild.put("GIT_HYDRATE_ROW_UPDATES", "0");

    GitSandbox.Result rebuilt = sandbox.run(a, fullRebuild, "pull", "-q");

    assertEquals(0, rebuilt.exitCode(), rebuilt::toString);
    assertEquals(List.of("1|ada|" + SECRET, "2|bob|NULL"), query(a.resolve("app.db"), "SELECT * FROM users ORDER BY id"));
    assertEquals(List.of(), query(a.resolve("app.db"), "SELECT * FROM sessions"), "a full rebuild starts it empty");
    List<Path> backups;
    try (var files = Files.list(a.resolve(".git/git-hydrate/backups"))) {
      backups = files.filter(f -> !f.getFileName().toString().endsWith(".info")).toList();
    }
    assertEquals(1, backups.size(), backups::toString);
    assertEquals(List.of("1|1|" + COOKIE), query(backups.get(0), "SELECT * FROM sessions"),
        "the sessions are kept in the backup");
    assertTrue(rebuilt.hydrateLines().contains("git-hydrate: app.db: replaced (rows of excluded tables and redacted"
        + " values are only in the backup .git/git-hydrate/backups/" + backups.get(0).getFileName()
        + ") from app.db.json"), rebuilt::toString);
  }

  @Test
  void aCloneWithoutTheVariableGetsThePlaceholderTextAndAWarning() throws IOException {
    Path remote = sandbox.newRemote(dir.resolve("remote"));
    committedSecret(remote);
    Path c = sandbox.clone(remote, dir.resolve("C"));
    Map<String, String> strict = new HashMap<>(sandbox.environment());
    strict.put("GIT_HYDRATE_STRICT", "1");

    GitSandbox.Result refused = sandbox.run(c, strict, "hydrate", "install");

    assertEquals(1, refused.exitCode(), refused::toString);
    assertTrue(refused.stderr().contains("app.db: users.api_token: ${USERS_API_TOKEN} is not set, and --strict (or"
        + " GIT_HYDRATE_STRICT=1) makes that an error; nothing was changed"), refused::toString);
    assertFalse(Files.exists(c.resolve("app.db")), "nothing is built");

    GitSandbox.Result install = sandbox.tryGit(c, "hydrate", "install");

    assertEquals(0, install.exitCode(), install::toString);
    assertTrue(install.hydrateLines().contains("git-hydrate: warning: app.db: users.api_token: ${USERS_API_TOKEN}"
        + " is not set; its rows hold the placeholder text"), install::toString);
    assertEquals(List.of("1|ada|${USERS_API_TOKEN}", "2|bob|NULL"),
        query(c.resolve("app.db"), "SELECT * FROM users ORDER BY id"));
    assertEquals(List.of(), sandbox.status(c), "the clone should be clean");
  }

  @Test
  void preCommitRefusesAStagedArchiveThatHoldsTheSecret() throws IOException {
    Path remote = sandbox.newRemote(dir.resolve("remote"));
    Path a = committedSecret(remote);
    String archive = Files.readString(a.resolve("app.db.json"));
    String edited = archive.replace("\"${USERS_API_TOKEN}\"", "\"" + SECRET.replace("\"", "\\\"") + "\"");
    assertFalse(edited.equals(archive));
    Files.writeString(a.resolve("app.db.json"), edited);
    sandbox.git(a, "add", "app.db.json");
    int line = edited.lines().toList().indexOf(edited.lines().filter(l -> l.contains("4f9a")).findFirst().orElseThrow())
        + 1;
    String before = sandbox.head(a);

    GitSandbox.Result commit = sandbox.tryGit(a, "commit", "-m", "An archive written by hand");

    assertEquals(1, commit.exitCode(), commit::toString);
    assertEquals(List.of("git-hydrate: staged archive app.db.json line " + line + " holds a value of the redacted"
        + " column users.api_token instead of its placeholder ${USERS_API_TOKEN}, so it is not committed: export"
        + " the database again (git hydrate dehydrate), then git add -- 'app.db.json'"), commit.hydrateLines());
    assertFalse(commit.stderr().contains("4f9a"), "the message must not show the secret");
    assertEquals(before, sandbox.head(a), "nothing should have been committed");

    sandbox.git(a, "hydrate", "dehydrate");
    sandbox.git(a, "add", "app.db.json");
    GitSandbox.Result again = sandbox.tryGit(a, "commit", "--allow-empty", "-m", "Exported again");
    assertEquals(0, again.exitCode(), again::toString);
    assertFalse(sandbox.git(a, "show", "HEAD:app.db.json").stdout().contains("4f9a"));
  }
  @Test
  void preCommitLooksForAShortValueOnlyAsAWholeCellOfARow() throws IOException {
    Path remote = sandbox.newRemote(dir.resolve("remote"));
    Path a = sandbox.cloneInstalled(remote, dir.resolve("A"));
    Files.writeString(a.resolve(".hydrateconfig"), "[database \"app.db\"]\n\tredact = users.role\n");
    sql(a.resolve("app.db"), "CREATE TABLE users (id INTEGER PRIMARY KEY, role TEXT, note TEXT)",
        "INSERT INTO users VALUES (1, 'user', 'a username'), (2, 'admin', NULL)");
    sandbox.git(a, "add", ".hydrateconfig");
    GitSandbox.Result clean = sandbox.tryGit(a, "commit", "-q", "-a", "-m", "Roles, kept out of the archive");
    assertEquals(0, clean.exitCode(), clean::toString);

    sql(a.resolve("app.db"), "UPDATE users SET note = 'copied " + SECRET.replace("'", "''") + " here' WHERE id = 2");
    Files.writeString(a.resolve(".hydrateconfig"), "[database \"app.db\"]\n\tredact = users.role\n"
        + "\tredact = users.api_token\n");
    sql(a.resolve("app.db"), "ALTER TABLE users ADD COLUMN api_token TEXT",
        "UPDATE users SET api_token = '" + SECRET.replace("'", "''") + "' WHERE id = 1");
    sandbox.git(a, "hydrate", "add");
    sandbox.git(a, "add", ".hydrateconfig");
    String staged = sandbox.git(a, "show", ":app.db.json").stdout();
    int line = staged.lines().toList().indexOf(staged.lines().filter(l -> l.contains("4f9a")).findFirst()
        .orElseThrow()) + 1;

    GitSandbox.Result embedded = sandbox.tryGit(a, "commit", "-m", "A note that copied the token");

    assertEquals(1, embedded.exitCode(), embedded::toString);
    assertEquals(List.of("git-hydrate: staged archive app.db.json line " + line + " holds a value of the redacted"
        + " column users.api_token instead of its placeholder ${USERS_API_TOKEN}, so it is not committed: export"
        + " the database again (git hydrate dehydrate), then git add -- 'app.db.json'"), embedded.hydrateLines());
  }
  @Test
  void preCommitLooksInTheValueFilesOfALargeTextThatCopiedTheToken() throws IOException {
    Path remote = sandbox.newRemote(dir.resolve("remote"));
    Path a = sandbox.cloneInstalled(remote, dir.resolve("A"));
    Files.writeString(a.resolve(".hydrateconfig"), "[database \"app.db\"]\n\tredact = users.api_token\n"
        + "\tlarge-values = 1k\n");
    sql(a.resolve("app.db"), "CREATE TABLE users (id INTEGER PRIMARY KEY, api_token TEXT)",
        "CREATE TABLE logs (id INTEGER PRIMARY KEY, text TEXT)",
        "INSERT INTO users VALUES (1, '" + SECRET.replace("'", "''") + "')",
        "INSERT INTO logs VALUES (1, printf('%.2000c', 'x'))");
    sandbox.git(a, "add", ".hydrateconfig");
    GitSandbox.Result clean = sandbox.tryGit(a, "commit", "-q", "-m", "Tokens, kept out of the archive");
    assertEquals(0, clean.exitCode(), clean::toString);

    sql(a.resolve("app.db"), "UPDATE logs SET text = printf('%.1500c', 'x') || ' called with "
        + SECRET.replace("'", "''") + "' WHERE id = 1");
    sandbox.git(a, "hydrate", "add");
    String staged = sandbox.git(a, "show", ":app.db.json").stdout();
    String logLine = staged.lines().filter(l -> l.contains("\"file\"")).findFirst().orElseThrow();
    int line = staged.lines().toList().indexOf(logLine) + 1;
    String sha256 = logLine.replaceAll(".*\"file\": \"([0-9a-f]{64})\".*", "$1");

    GitSandbox.Result copied = sandbox.tryGit(a, "commit", "-m", "A log that copied the token");

    assertEquals(1, copied.exitCode(), copied::toString);
    assertEquals(List.of("git-hydrate: staged archive app.db.json line " + line + " (its value file app.db.values/"
        + sha256.substring(0, 2) + "/" + sha256 + ") holds a value of the redacted column users.api_token instead of"
        + " its placeholder ${USERS_API_TOKEN}, so it is not committed: export the database again (git hydrate"
        + " dehydrate), then git add -- 'app.db.json'"), copied.hydrateLines());
  }

  @Test
  void migrationRefusesToWriteARedactedValueAndNeverPrintsOne() throws IOException {
    Path remote = sandbox.newRemote(dir.resolve("remote"));
    Path a = committedSecret(remote);
    sql(a.resolve("app.db"), "INSERT INTO users VALUES (3, 'cy', 'sk_live_other_token')");
    sandbox.git(a, "hydrate", "add");
    sandbox.git(a, "commit", "-q", "-m", "Cy, with a token");

    GitSandbox.Result migration = sandbox.run(a, withToken(), "hydrate", "migration", "HEAD~1", "HEAD", "app.db");

    assertEquals(1, migration.exitCode(), migration::toString);
    assertEquals(List.of("git-hydrate: app.db: table \"users\" column \"api_token\" is redacted (.hydrateconfig), so"
        + " its archives hold the placeholder ${USERS_API_TOKEN}, not its values, and a migration script cannot write"
        + " or compare them; hydrate the database instead"), migration.hydrateLines());
    assertFalse(migration.stdout().contains("4f9a") || migration.stdout().contains("other_token"), migration::toString);
  }
}
