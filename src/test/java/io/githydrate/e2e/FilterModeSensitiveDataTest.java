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
 * Filter mode with a redacted column and an excluded table: Git stores the placeholder and no
 * session, a plain clone gets the secret from its environment (or the placeholder text without it),
 * and {@code git status} stays clean either way, since cleaning what smudge wrote gives back the blob.
 */
class FilterModeSensitiveDataTest {
  private static final String SECRET = "sk_live_77aa55cc33ee";
  private static final String COOKIE = "session-5c0ffee5";

  @TempDir
  static Path classDirectory;

  static GitSandbox sandbox;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandbox() throws IOException {
    sandbox = GitSandbox.startFilterMode(classDirectory);
  }

  private static String allObjects(Path repository) {
    return sandbox.git(repository, "cat-file", "--batch-all-objects", "--batch").stdout();
  }

  /** A clone of {@code remote} whose database holds a secret and a session, committed and pushed. */
  private Path committedSecret(Path remote) throws IOException {
    Path a = sandbox.clone(remote, dir.resolve("A"));
    Files.writeString(a.resolve(".hydrateconfig"),
        "[database \"app.db\"]\n\texclude-rows = sessions\n\tredact = users.api_token\n");
    sql(a.resolve("app.db"),
        "CREATE TABLE users (id INTEGER PRIMARY KEY, api_token TEXT)",
        "INSERT INTO users VALUES (1, '" + SECRET + "')",
        "CREATE TABLE sessions (id INTEGER PRIMARY KEY, cookie TEXT)",
        "INSERT INTO sessions VALUES (1, '" + COOKIE + "')");
    sandbox.git(a, "add", ".hydrateconfig", "app.db");
    sandbox.git(a, "commit", "-q", "-m", "Users with API tokens, and sessions");
    sandbox.git(a, "push", "-q", "origin", "HEAD");
    assertTrue(sandbox.git(a, "show", "HEAD:app.db").stdout().contains("[1, \"${USERS_API_TOKEN}\"]"));
    assertEquals(List.of(), sandbox.status(a), "git status after the commit");
    return a;
  }

  @Test
  void gitStoresPlaceholdersAndClonesFillThemInFromTheirEnvironment() throws IOException {
    Path remote = sandbox.newRemote(dir.resolve("remote"));
    Path a = committedSecret(remote);

    Map<String, String> withToken = new HashMap<>(sandbox.environment());
    withToken.put("USERS_API_TOKEN", SECRET);
    GitSandbox.Result cloneB = sandbox.run(dir, withToken, "clone", "-q", remote.toString(), "B");
    assertEquals(0, cloneB.exitCode(), cloneB::toString);
    Path b = dir.resolve("B");
    assertEquals(List.of("1|" + SECRET), query(b.resolve("app.db"), "SELECT * FROM users"));
    assertEquals(List.of(), query(b.resolve("app.db"), "SELECT * FROM sessions"));
    assertEquals(List.of(), sandbox.run(b, withToken, "status", "--porcelain").stdout().lines().toList(),
        "git status in the clone with the variable");

    GitSandbox.Result cloneC = sandbox.tryGit(dir, "clone", "-q", remote.toString(), "C");
    assertEquals(0, cloneC.exitCode(), cloneC::toString);
    Path c = dir.resolve("C");
    assertTrue(cloneC.hydrateLines().contains("git-hydrate: warning: app.db: users.api_token: ${USERS_API_TOKEN}"
        + " is not set; its rows hold the placeholder text"), cloneC::toString);
    assertEquals(List.of("1|${USERS_API_TOKEN}"), query(c.resolve("app.db"), "SELECT * FROM users"));
    assertEquals(List.of(), sandbox.status(c), "git status in the clone without the variable");

    for (Path repository : List.of(a, remote, b, c)) {
      String objects = allObjects(repository);
      assertFalse(objects.contains(SECRET), "an object of " + repository + " holds the secret");
      assertFalse(objects.contains(COOKIE), "an object of " + repository + " holds a session");
    }
  }

  @Test
  void preCommitRefusesAnArchiveStagedWithTheSecret() throws IOException {
    Path a = committedSecret(sandbox.newRemote(dir.resolve("remote")));
    sandbox.git(a, "hydrate", "install", "--filter"); // the pre-commit hook
    String archive = sandbox.git(a, "show", "HEAD:app.db").stdout();
    Path edited = dir.resolve("edited.json");
    Files.writeString(edited, archive.replace("${USERS_API_TOKEN}", SECRET));
    String blob = sandbox.git(a, "hash-object", "-w", "--no-filters", edited.toString()).stdout().trim();
    sandbox.git(a, "update-index", "--cacheinfo", "100644," + blob + ",app.db");
    int line = archive.lines().toList().indexOf("   [1, \"${USERS_API_TOKEN}\"]") + 1;
    String before = sandbox.head(a);

    GitSandbox.Result commit = sandbox.tryGit(a, "commit", "-m", "An archive staged by hand");

    assertEquals(1, commit.exitCode(), commit::toString);
    assertTrue(commit.hydrateLines().contains("git-hydrate: staged archive app.db line " + line + " holds a value of"
        + " the redacted column users.api_token instead of its placeholder ${USERS_API_TOKEN}, so it is not"
        + " committed: stage the database again (git add -- 'app.db'), which the filter writes with placeholders"),
        commit::toString);
    assertEquals(before, sandbox.head(a), "nothing should have been committed");
    sandbox.git(a, "add", "app.db");
    assertEquals(List.of(), sandbox.status(a), "the database staged again is what HEAD holds");
  }
}
