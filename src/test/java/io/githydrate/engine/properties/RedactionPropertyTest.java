package io.githydrate.engine.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.githydrate.HydrateException;
import io.githydrate.TestJson;
import io.githydrate.Warnings;
import io.githydrate.engine.ArchiveDelta;
import io.githydrate.engine.ArchiveRules;
import io.githydrate.engine.ArchiveRules.Redaction;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Digests;
import io.githydrate.engine.Hydrator;
import io.githydrate.engine.PlaceholderFilling;
import io.githydrate.engine.PlaceholderValues;
import io.githydrate.engine.Progress;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Redacted columns and excluded tables over generated databases: the archive never holds a secret
 * nor a row of an excluded table; given the environment, hydrating gives the original back but for
 * the excluded rows, and dehydrating that gives the same bytes; without it, the placeholder text
 * stands in with a warning, and strict changes nothing.
 */
class RedactionPropertyTest {
  private static final String TOKEN = "TOKEN_VAR";
  private static final String PIN = "USERS_PIN";
  private static final ArchiveRules RULES = new ArchiveRules(Set.of("sessions"),
      List.of(new Redaction("users", "token", TOKEN), new Redaction("Users", "PIN", PIN)), 0);
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(2);

  /** A user: a name, and whether it has a token and a pin (the one secret value of each column). */
  record User(String name, boolean token, boolean pin) {}

  /**
   * A database: the users table's shape (0 INTEGER PRIMARY KEY, 1 rowid without one, 2 WITHOUT
   * ROWID), the token column's declared type, the secret and pin, users, and sessions' cookies.
   */
  record Case(int shape, String tokenType, String secret, long pin, List<User> users, List<String> sessions,
      boolean autoincrement) {
    void create(Path db) throws Exception {
      String key = shape == 2 ? "k TEXT PRIMARY KEY, " : shape == 0 ? "id INTEGER PRIMARY KEY, " : "";
      Sqlite.execute(db, "CREATE TABLE users (" + key + "name TEXT, token " + tokenType + ", pin INTEGER)"
          + (shape == 2 ? " WITHOUT ROWID" : ""), "CREATE TABLE sessions (id INTEGER PRIMARY KEY"
          + (autoincrement ? " AUTOINCREMENT" : "") + ", user TEXT, cookie TEXT)");
      try (Connection c = Sqlite.open(db)) {
        String columns = shape == 2 ? "k, name, token, pin" : "name, token, pin";
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO users (" + columns + ") VALUES ("
            + (shape == 2 ? "?, " : "") + "?, ?, ?)")) {
          int i = 0;
          for (User user : users) {
            int p = 1;
            if (shape == 2) {
              insert.setString(p++, "u" + i++);
            }
            insert.setString(p++, user.name());
            insert.setObject(p++, user.token() ? secret : null);
            insert.setObject(p, user.pin() ? pin : null);
            insert.executeUpdate();
          }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO sessions (user, cookie) VALUES (?, ?)")) {
          for (String cookie : sessions) {
            insert.setString(1, secret); // rows of an excluded table may hold anything: none is archived
            insert.setString(2, cookie);
            insert.executeUpdate();
          }
        }
      }
    }

    boolean anyToken() {
      return users.stream().anyMatch(User::token);
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<String> text = Arbitraries.strings().withChars("abcXYZ019 \"\\\t\néß😀").ofMaxLength(12);
    Arbitrary<String> secrets = Arbitraries.strings().withChars("abcXYZ019 \"\\\t\néß😀").ofMinLength(4).ofMaxLength(16)
        .map(s -> "S3CRET" + s);
    Arbitrary<User> users = Builders.withBuilder(() -> new Object[3])
        .use(text).in((b, v) -> { b[0] = v; return b; })
        .use(Arbitraries.of(true, false)).in((b, v) -> { b[1] = v; return b; })
        .use(Arbitraries.of(true, false)).in((b, v) -> { b[2] = v; return b; })
        .build(b -> new User((String) b[0], (Boolean) b[1], (Boolean) b[2]));
    return Builders.withBuilder(() -> new Object[7])
        .use(Arbitraries.integers().between(0, 2)).in((b, v) -> { b[0] = v; return b; })
        .use(Arbitraries.of("TEXT", "", "BLOB", "VARCHAR(40)")).in((b, v) -> { b[1] = v; return b; })
        .use(secrets).in((b, v) -> { b[2] = v; return b; })
        .use(Arbitraries.longs()).in((b, v) -> { b[3] = v; return b; })
        .use(users.list().ofMaxSize(8)).in((b, v) -> { b[4] = v; return b; })
        .use(text.map(s -> "cookie-" + s).list().ofMaxSize(5)).in((b, v) -> { b[5] = v; return b; })
        .use(Arbitraries.of(true, false)).in((b, v) -> { b[6] = v; return b; })
        .build(b -> new Case((Integer) b[0], (String) b[1], (String) b[2], (Long) b[3], castUsers(b[4]),
            castStrings(b[5]), (Boolean) b[6]));
  }

  @SuppressWarnings("unchecked")
  private static List<User> castUsers(Object o) {
    return (List<User>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<String> castStrings(Object o) {
    return (List<String>) o;
  }

  private static Dehydrator dehydrator() {
    return new Dehydrator((int) LOCK_TIMEOUT.toMillis(), Progress.NONE, label -> RULES);
  }

  private static Hydrator hydrator(Map<String, String> env, boolean strict) {
    return new Hydrator(new Hydrator.Options(true, null, LOCK_TIMEOUT), Progress.NONE, Clock.systemUTC(),
        label -> RULES, new PlaceholderValues(env, strict));
  }

  @Property(tries = 100)
  @Label("redaction round-trips exactly given the environment, and no secret or excluded row is archived")
  void roundTripsGivenTheEnvironment(@ForAll("cases") Case generated) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      Path original = scratch.resolve("original.db");
      generated.create(original);
      Path archive = scratch.resolve("first.json");
      dehydrator().dehydrate(original, Engine.LABEL, archive);

      byte[] bytes = Files.readAllBytes(archive);
      assertHoldsNoSecret(bytes, generated.secret());
      Map<String, Object> sessions = TestJson.object(TestJson.object(
          TestJson.object(TestJson.parse(new String(bytes, StandardCharsets.UTF_8))).get("tables")).get("sessions"));
      assertEquals(List.of(), sessions.get("rows"));
      assertEquals(0L, ((Number) sessions.get("row_count")).longValue());

      Path rebuilt = scratch.resolve("rebuilt.db");
      hydrator(Map.of(TOKEN, generated.secret(), PIN, Long.toString(generated.pin())), false)
          .hydrate(archive, Engine.LABEL, rebuilt);

      Path expected = scratch.resolve("expected.db");
      Files.copy(original, expected);
      Sqlite.execute(expected, "DELETE FROM sessions");
      if (generated.autoincrement()) {
        Sqlite.execute(expected, "DELETE FROM sqlite_sequence WHERE name = 'sessions'");
      }
      var differences = Snapshot.rowDifferences(Snapshot.of(expected), Snapshot.of(rebuilt));
      assertTrue(differences.isEmpty(), () -> String.join("\n", differences));
      Path again = scratch.resolve("second.json");
      dehydrator().dehydrate(rebuilt, Engine.LABEL, again);
      assertNull(Engine.firstDifference(bytes, Files.readAllBytes(again)));
    }
  }

  @Property(tries = 100)
  @Label("an unset variable gives the placeholder text and one warning; strict refuses and changes nothing")
  void unsetVariablesStandInOrFail(@ForAll("cases") Case generated) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      Path original = scratch.resolve("original.db");
      generated.create(original);
      Path archive = scratch.resolve("first.json");
      dehydrator().dehydrate(original, Engine.LABEL, archive);
      Path rebuilt = scratch.resolve("rebuilt.db");
      ByteArrayOutputStream warnings = new ByteArrayOutputStream();
      Warnings.to(new PrintStream(warnings, true, StandardCharsets.UTF_8));
      try {
        hydrator(Map.of(PIN, "1"), false).hydrate(archive, Engine.LABEL, rebuilt);
      } finally {
        Warnings.to(System.err);
      }

      String warning = "git-hydrate: warning: " + Engine.LABEL + ": users.token: ${" + TOKEN + "} is not set;"
          + " its rows hold the placeholder text\n";
      assertEquals(generated.anyToken() ? warning : "", warnings.toString(StandardCharsets.UTF_8));
      List<Object> tokens = new ArrayList<>();
      Sqlite.rows(rebuilt, "SELECT token FROM users WHERE token IS NOT NULL", List.of()).forEach(r -> tokens.add(r.get(0)));
      assertEquals(generated.users().stream().filter(User::token).count(), tokens.size());
      assertTrue(tokens.stream().allMatch(("${" + TOKEN + "}")::equals), tokens::toString);
      Path again = scratch.resolve("second.json");
      dehydrator().dehydrate(rebuilt, Engine.LABEL, again);
      assertArrayEquals(Files.readAllBytes(archive), Files.readAllBytes(again));

      byte[] before = Files.readAllBytes(original);
      if (generated.anyToken()) {
        HydrateException e = assertThrows(HydrateException.class,
            () -> hydrator(Map.of(PIN, "1"), true).hydrate(archive, Engine.LABEL, original));
        assertEquals(Engine.LABEL + ": users.token: ${" + TOKEN + "} is not set, and --strict (or"
            + " GIT_HYDRATE_STRICT=1) makes that an error; nothing was changed", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(original));
      }
    }
  }

  @Property(tries = 100)
  @Label("row-by-row updates fill in the rows they insert and leave the excluded rows alone")
  void rowUpdatesFillInAndKeepExcludedRows(@ForAll("cases") Case generated) throws Exception {
    try (Scratch scratch = Scratch.create()) {
      Path original = scratch.resolve("original.db");
      generated.create(original);
      Path previous = scratch.resolve("previous.json");
      dehydrator().dehydrate(original, Engine.LABEL, previous);
      Map<String, String> env = Map.of(TOKEN, generated.secret(), PIN, Long.toString(generated.pin()));
      Path target = scratch.resolve("target.db");
      hydrator(env, false).hydrate(previous, Engine.LABEL, target);
      Sqlite.execute(target, "INSERT INTO sessions (user, cookie) VALUES ('here', 'cookie-local')");
      List<List<Object>> sessions = Sqlite.rows(target, "SELECT * FROM sessions", List.of());

      Path edited = scratch.resolve("edited.db");
      Files.copy(original, edited);
      String key = generated.shape() == 2 ? "k, " : "";
      Sqlite.execute(edited, "DELETE FROM users WHERE name < 'b'",
          "UPDATE users SET name = name || 'x' WHERE token IS NULL",
          "INSERT INTO users (" + key + "name, token, pin) VALUES (" + (generated.shape() == 2 ? "'z-new', " : "")
              + "'new', 'typed elsewhere', 42)",
          "INSERT INTO sessions (user, cookie) VALUES ('there', 'cookie-remote')");
      Path next = scratch.resolve("next.json");
      dehydrator().dehydrate(edited, Engine.LABEL, next);
      byte[] before = Files.readAllBytes(target);

      Optional<ArchiveDelta.Applied> applied;
      try (InputStream in = Files.newInputStream(previous)) {
        applied = ArchiveDelta.apply(target, in, Digests.ofFile(previous),
            next, null, LOCK_TIMEOUT, new PlaceholderFilling(Engine.LABEL, RULES,
                new PlaceholderValues(env, false)));
      }

      Statistics.collect(applied.isPresent() ? "row by row" : "declined");
      if (applied.isEmpty()) {
        assertArrayEquals(before, Files.readAllBytes(target), "declined, yet the target changed");
        return;
      }
      Path again = scratch.resolve("again.json");
      dehydrator().dehydrate(target, Engine.LABEL, again);
      assertNull(Engine.firstDifference(Files.readAllBytes(next), Files.readAllBytes(again)));
      assertEquals(sessions, Sqlite.rows(target, "SELECT * FROM sessions", List.of()), "the excluded rows changed");
      assertEquals(List.of(), Sqlite.rows(target, "SELECT token FROM users WHERE token <> ?",
          List.of(generated.secret())), "a token is not the environment's");
      assertEquals(List.of(), Sqlite.rows(target, "SELECT pin FROM users WHERE pin <> ?",
          List.of(generated.pin())), "a pin is not the environment's");
    }
  }

  /** Neither the archive's text nor any string it holds, once decoded, contains {@code secret}. */
  static void assertHoldsNoSecret(byte[] archive, String secret) throws Exception {
    assertFalse(new String(archive, StandardCharsets.UTF_8).contains(secret), "the secret is in the archive's text");
    try (JsonParser parser = new JsonFactory().createParser(archive)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.VALUE_STRING) {
          assertFalse(parser.getText().contains(secret), "the archive holds the secret, JSON-escaped");
          assertFalse(parser.getText().startsWith("cookie-"), "the archive holds a row of an excluded table");
        }
      }
    }
  }
}
