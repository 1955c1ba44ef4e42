package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.TestJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code git hydrate audit} through the real {@code git}: a commit in one clone and a pull, a branch
 * and a checkout in another, each hook and command then listed with its duration, as text and as
 * JSON; and in filter mode, Git's filter process with the database it cleaned.
 */
class AuditTest {
  @TempDir
  static Path classDirectory;

  static GitSandbox hooks;
  static GitSandbox filter;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSandboxes() throws IOException {
    hooks = GitSandbox.start(Files.createDirectories(classDirectory.resolve("hooks")));
    filter = GitSandbox.startFilterMode(Files.createDirectories(classDirectory.resolve("filter")));
  }

  private static List<Map<String, Object>> records(GitSandbox sandbox, Path clone) throws IOException {
    GitSandbox.Result audit = sandbox.git(clone, "hydrate", "audit", "--json", "-n", "1000");
    Map<String, Object> document = TestJson.object(TestJson.parse(audit.stdout()));
    assertEquals(List.of(), document.get("errors"), audit::toString);
    return ((List<?>) document.get("records")).stream().map(TestJson::object).toList();
  }

  private static Set<String> operations(List<Map<String, Object>> records) {
    return records.stream().map(r -> (String) r.get("operation")).collect(Collectors.toSet());
  }

  @Test
  void eachHookAndCommandOfACommitAPullAndACheckoutIsListedWithItsDuration() throws IOException {
    Path remote = hooks.newRemote(dir);
    Path a = hooks.cloneInstalled(remote, dir.resolve("A"));
    Path b = hooks.cloneInstalled(remote, dir.resolve("B"));
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'third note')");
    hooks.commitFileChange(a, "notes.txt", "a third note", "Add a third note");
    hooks.git(a, "push", "-q", "origin", "HEAD");
    hooks.git(b, "pull", "-q");
    hooks.git(b, "checkout", "-q", "-b", "topic");
    hooks.git(b, "checkout", "-q", "main");

    List<Map<String, Object>> inA = records(hooks, a);
    assertTrue(operations(inA).containsAll(Set.of("sync", "hook pre-commit", "hook post-commit")), inA::toString);
    Map<String, Object> exported = inA.stream()
        .filter(r -> r.get("operation").equals("hook pre-commit") && "app.db".equals(r.get("database")))
        .findFirst().orElseThrow(() -> new AssertionError(inA.toString()));
    assertEquals("written", exported.get("result"));
    assertEquals(5, ((Number) exported.get("rows")).intValue(), () -> "the seed's 4 rows and the new note: " + exported);
    assertEquals(64, ((String) exported.get("archive_after")).length(), exported::toString);
    assertTrue(!exported.get("archive_after").equals(exported.get("archive_before")), exported::toString);

    List<Map<String, Object>> inB = records(hooks, b);
    assertTrue(operations(inB).contains("hook post-checkout"), inB::toString);
    assertTrue(inB.stream().anyMatch(r -> ((String) r.get("operation")).startsWith("hook ")
        && "app.db".equals(r.get("database")) && r.get("archive_after") != null
        && !r.get("archive_after").equals(r.get("archive_before"))), () -> "the pull's update: " + inB);
    for (Map<String, Object> r : concat(inA, inB)) {
      assertTrue(((Number) r.get("duration_ms")).longValue() >= 0, r::toString);
      assertTrue(Set.of("ok", "nothing to do", "written", "unchanged", "updated in place", "replaced", "created")
          .contains(r.get("result")), r::toString);
    }

    GitSandbox.Result text = hooks.git(b, "hydrate", "audit");
    List<String> lines = text.stdout().lines().toList();
    assertTrue(lines.get(0).startsWith("time (UTC)"), text::toString);
    assertTrue(lines.stream().anyMatch(l -> l.matches(".*  hook post-checkout +(ok|nothing to do) +[\\d,]+ ms  -")),
        text::toString);
    assertTrue(lines.stream().anyMatch(l -> l.matches("hook post-checkout +\\d+ +100\\.0%( +[\\d,]+ ms){3}")),
        text::toString);
  }

  @Test
  void theFilterProcessIsListedWithTheDatabaseItCleaned() throws IOException {
    Path a = filter.clone(filter.newRemote(dir), dir.resolve("A"));
    sql(a.resolve("app.db"), "INSERT INTO notes VALUES (3, 'third note')");
    filter.git(a, "add", "app.db");
    filter.git(a, "commit", "-q", "-m", "Add a third note");

    List<Map<String, Object>> records = records(filter, a);
    assertTrue(records.stream().anyMatch(r -> r.get("operation").equals("filter-process")
        && "app.db".equals(r.get("database")) && r.get("result").equals("clean")), records::toString);
  }

  private static List<Map<String, Object>> concat(List<Map<String, Object>> one, List<Map<String, Object>> two) {
    return java.util.stream.Stream.concat(one.stream(), two.stream()).toList();
  }
}
