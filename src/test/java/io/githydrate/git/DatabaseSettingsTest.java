package io.githydrate.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.HydrateException;
import io.githydrate.engine.ArchiveRules;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {
  private static final Path FILE = Path.of(".hydrateconfig");

  private static ArchiveRules rules(String config, String label) {
    return DatabaseSettings.parse(FILE, config).rulesFor(label);
  }

  @Test
  void aDatabaseWithoutSectionKeepsEverythingInLine() {
    ArchiveRules rules = rules("[hydrate]\n  keepIds = orders\n[database \"other.db\"]\n  exclude-rows = t\n", "app.db");
    assertTrue(rules.isNone());
    assertTrue(DatabaseSettings.parse(FILE, "").isNone());
  }

  @Test
  void excludedTablesAreListedSpaceOrCommaSeparatedAndRepeatable() {
    ArchiveRules rules = rules("[database \"data/app.db\"]\n  exclude-rows = sessions, cache\n  exclude-rows = Log\n",
        "data/app.db");
    assertTrue(rules.excludesRows("sessions"));
    assertTrue(rules.excludesRows("CACHE"));
    assertTrue(rules.excludesRows("log"));
    assertFalse(rules.excludesRows("users"));
  }

  @Test
  void aRedactedColumnIsFilledInFromItsOwnVariableOrTheOneNamed() {
    ArchiveRules rules = rules("[database \"app.db\"]\n  redact = users.api_token\n"
        + "  redact = settings.value ${SMTP_PASSWORD}\n  redact = \"my table.2fa-secret\"\n", "app.db");
    assertEquals("${USERS_API_TOKEN}", rules.redaction("Users", "API_TOKEN").orElseThrow().placeholder());
    assertEquals("SMTP_PASSWORD", rules.redaction("settings", "value").orElseThrow().variable());
    assertEquals("MY_TABLE_2FA_SECRET", rules.redaction("my table", "2fa-secret").orElseThrow().variable());
    assertEquals(Optional.empty(), rules.redaction("users", "name"));
    assertEquals(1, rules.redactionsOf("USERS").size());
  }

  @Test
  void aVariableNameNeverStartsWithADigit() {
    assertEquals("_2_SECRET", DatabaseSettings.defaultVariable("2", "secret"));
  }

  @Test
  void largeValuesTakeASize() {
    assertEquals(1L << 20, rules("[database \"app.db\"]\n  large-values = 1m\n", "app.db").largeValueBytes());
    assertEquals(65536, rules("[database \"app.db\"]\n  large-values = 64k\n", "app.db").largeValueBytes());
    assertEquals(0, rules("[database \"app.db\"]\n  large-values = 0\n", "app.db").largeValueBytes());
  }

  @Test
  void aGlobSectionAppliesToEveryDatabaseItMatchesAndSectionsAddUp() {
    DatabaseSettings settings = DatabaseSettings.parse(FILE,
        "[database \"*.db\"]\n  exclude-rows = sessions\n  large-values = 1m\n"
            + "[database \"data/app.db\"]\n  redact = users.token\n");
    ArchiveRules app = settings.rulesFor("data/app.db");
    assertTrue(app.excludesRows("sessions"));
    assertEquals(1L << 20, app.largeValueBytes());
    assertTrue(app.redaction("users", "token").isPresent());
    ArchiveRules other = settings.rulesFor("other.db");
    assertTrue(other.excludesRows("sessions"));
    assertTrue(other.redactions().isEmpty());
    assertTrue(settings.rulesFor("notes.sqlite").isNone());
  }

  @Test
  void aRedactionThatIsNotTableDotColumnIsRefusedNamingFileSectionAndValue() {
    HydrateException e = assertThrows(HydrateException.class,
        () -> DatabaseSettings.parse(FILE, "[database \"app.db\"]\n  redact = token\n"));
    assertEquals(".hydrateconfig: [database \"app.db\"] redact must be TABLE.COLUMN, optionally followed by ${NAME}"
        + " (NAME: letters, digits and _), got \"token\"", e.getMessage());
    assertThrows(HydrateException.class,
        () -> DatabaseSettings.parse(FILE, "[database \"app.db\"]\n  redact = users.token ${1BAD}\n"));
  }

  @Test
  void aLargeValuesSizeThatIsNotOneIsRefused() {
    HydrateException e = assertThrows(HydrateException.class,
        () -> DatabaseSettings.parse(FILE, "[database \"app.db\"]\n  large-values = big\n"));
    assertEquals(".hydrateconfig: [database \"app.db\"] large-values must be a size in bytes, with k, m, g or t for"
        + " KiB, MiB, GiB or TiB (such as 1m), or 0 for never, got \"big\"", e.getMessage());
  }
}
