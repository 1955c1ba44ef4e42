package io.githydrate.cli;

import static io.githydrate.TestJson.object;
import static io.githydrate.TestJson.parse;
import static io.githydrate.TestSqlite.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.audit.AuditLog;
import io.githydrate.audit.AuditReader;
import io.githydrate.audit.AuditRecord;
import io.githydrate.testing.InProcess.Run;
import io.githydrate.testing.PlainRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands recorded in the audit log in-process, and {@code git hydrate audit} reading it: each
 * command a line per database it touched with its digests and rows, failures with their message, and
 * the command line's mistakes.
 */
class AuditCommandTest {
  @TempDir
  Path base;

  private PlainRepository plain;
  private Path repository;

  @BeforeEach
  void aRepository() throws IOException {
    plain = PlainRepository.init(base);
    repository = plain.dir();
  }

  private Run run(String... args) {
    return plain.run(args);
  }

  private List<AuditRecord> records() {
    return AuditReader.read(AuditLog.of(repository.resolve(".git")));
  }

  @Test
  void aRepositoryWithoutALogHasNoRecordsYet() {
    Run audit = run("audit");
    assertEquals(0, audit.exitCode(), audit::toString);
    assertEquals("no audit records yet\n", audit.out());
    assertEquals("", audit.err());
    assertEquals(List.of(), records(), "audit does not record itself");
  }

  @Test
  void eachCommandIsRecordedWithItsDatabasesDigestsRowsAndDuration() throws Exception {
    exec(repository.resolve("app.db"), "CREATE TABLE t(id INTEGER PRIMARY KEY, x)", "INSERT INTO t(x) VALUES (1), (2)");
    assertEquals(0, run("install").exitCode());
    assertEquals(0, run("add").exitCode());
    assertEquals(0, run("status").exitCode());
    exec(repository.resolve("app.db"), "INSERT INTO t(x) VALUES (3)");
    assertEquals(0, run("dehydrate").exitCode());

    List<AuditRecord> records = records();
    assertEquals(List.of("install", "add", "status", "dehydrate"),
        records.stream().map(AuditRecord::operation).distinct().toList(), records::toString);
    AuditRecord added = records.stream().filter(r -> r.operation().equals("add")).findFirst().orElseThrow();
    assertEquals("app.db", added.database());
    assertEquals(2L, added.rows());
    assertEquals(64, added.archiveAfter().length());
    AuditRecord dehydrated = records.get(records.size() - 1);
    assertEquals("dehydrate", dehydrated.operation());
    assertEquals("written", dehydrated.result());
    assertEquals(3L, dehydrated.rows());
    assertEquals(added.archiveAfter(), dehydrated.archiveBefore(), "the archive as the state knew it in step");
    assertEquals(null, dehydrated.archiveAfter(), "dehydrate does not keep the state: the new digest is not known");
    AuditRecord status = records.stream().filter(r -> r.operation().equals("status")).findFirst().orElseThrow();
    assertEquals(null, status.database());
    assertEquals(AuditRecord.OK, status.result());

    Run audit = run("audit");
    assertEquals(0, audit.exitCode(), audit::toString);
    List<String> lines = audit.out().lines().toList();
    assertTrue(lines.get(0).matches("time \\(UTC\\)           operation  result +duration  database"), audit::out);
    assertTrue(lines.stream().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  dehydrate  written"
        + " +[\\d,]+ ms  app\\.db")), audit::out);
    assertTrue(lines.contains("operation    runs   success      median         p95         max"), audit::out);
    assertTrue(lines.stream().anyMatch(l -> l.matches("dehydrate +1 +100\\.0%( +[\\d,]+ ms){3}")), audit::out);
  }

  @Test
  void aCommandIsRecordedInTheRepositoryItsDashCNamesWhereverTheOptionComes() {
    Path git = repository.resolve(".git").toAbsolutePath().normalize();
    String name = repository.getFileName().toString();
    for (String[] args : List.of(new String[] {"-C", name, "sync"}, new String[] {"sync", "-C", name},
        new String[] {"sync", "--lock-timeout", "5", "-C", name, "app.db"})) {
      assertEquals(Optional.of(git), AuditedCommand.gitDir(base, Map.of(), args).map(p -> p.toAbsolutePath().normalize()),
          () -> String.join(" ", args));
    }
  }

  @Test
  void aFailureIsRecordedWithItsMessage() throws IOException {
    Run failed = run("hydrate", "nosuch.db.json");
    assertEquals(ExitCodes.FAILED, failed.exitCode(), failed::toString);
    AuditRecord r = records().get(0);
    assertEquals("hydrate", r.operation());
    assertEquals(AuditRecord.FAILED, r.result());
    assertEquals(failed.err().lines().findFirst().orElseThrow().substring("git-hydrate: ".length()), r.error());
    Run audit = run("audit", "--json");
    Map<String, Object> document = object(parse(audit.out()));
    Map<String, Object> hydrate = object(object(document.get("operations")).get("hydrate"));
    assertEquals(1, ((Number) hydrate.get("runs")).intValue());
    assertEquals(1, ((Number) hydrate.get("failed")).intValue());
    assertEquals(0.0, ((Number) hydrate.get("success_rate")).doubleValue());
    Map<String, Object> record = object(((List<?>) document.get("records")).get(0));
    assertEquals(r.error(), record.get("error"));
    assertEquals(List.of(), document.get("errors"));
  }

  @Test
  void sinceAndCountChooseTheRecordsAndADamagedLineIsSkipped() throws IOException {
    Path log = AuditLog.file(repository.resolve(".git"));
    Files.createDirectories(log.getParent());
    Files.writeString(log, String.join("\n",
        "{\"time\":\"2020-01-01T10:00:00Z\",\"operation\":\"sync\",\"result\":\"ok\",\"duration_ms\":5,\"pid\":1}",
        "garbage",
        "{\"time\":\"2030-01-01T10:00:00Z\",\"operation\":\"sync\",\"result\":\"failed\",\"duration_ms\":7,\"pid\":2}",
        "{\"time\":\"2030-01-01T11:00:00Z\",\"operation\":\"sync\",\"result\":\"ok\",\"duration_ms\":9,\"pid\":3}", ""),
        StandardOpenOption.CREATE_NEW);

    Run since = run("audit", "--since", "2029-12-31", "-n", "1");
    assertEquals(0, since.exitCode(), since::toString);
    assertEquals("git-hydrate: warning: audit log " + log + " line 2: not an audit record, skipped\n", since.err());
    assertEquals(List.of("time (UTC)           operation  result    duration  database",
        "2030-01-01 11:00:00  sync       ok            9 ms  -",
        "",
        "operation    runs   success      median         p95         max",
        "sync            2     50.0%        7 ms        9 ms        9 ms"), since.out().lines().toList());

    Run none = run("audit", "--since", "2031-01-01");
    assertEquals("no audit records since 2031-01-01\n", none.out());
  }

  @Test
  void aLogThatCannotBeReadIsAnError() throws IOException {
    Path log = Files.createDirectories(AuditLog.file(repository.resolve(".git")));
    Run audit = run("audit");
    assertEquals(ExitCodes.FAILED, audit.exitCode());
    assertEquals("git-hydrate: audit log " + log + ": cannot read (Is a directory)\n", audit.err());
  }

  @Test
  void aCommandWhoseLogCannotBeWrittenWorksAndSaysSo() throws IOException {
    Path folder = repository.resolve(".git/git-hydrate");
    Files.writeString(folder, "a file where the folder should be");
    Run status = run("track");
    assertEquals(0, status.exitCode(), status::toString);
    assertEquals("git-hydrate: warning: audit log " + folder.resolve("audit.log") + ": cannot write (a file is in"
        + " the way: " + folder + "); the command itself is not affected\n", status.err());
  }

  @Test
  void theCommandLinesMistakesAreClearErrors() {
    Run since = run("audit", "--since", "soon");
    assertEquals(ExitCodes.FAILED, since.exitCode());
    assertEquals("git-hydrate: --since soon: expected a date (2026-12-01), a date and time (2026-12-01T10:00),"
        + " or a time ago (2.hours.ago, 3 days ago, yesterday)\n", since.err());
    Run count = run("audit", "-n", "-1");
    assertEquals(ExitCodes.FAILED, count.exitCode());
    assertEquals("git-hydrate: -n -1: expected a count of 0 or more\n", count.err());
  }
}
