package io.githydrate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.githydrate.HydrateException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --since WHEN} in the forms Git users type, against a fixed clock in Paris (UTC+1 in December). */
class AuditSinceTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T03:30:00Z"), ZoneId.of("Europe/Paris"));

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2026-12-01|2026-11-30T23:00:00Z",
      "2026-12-01T10:00|2026-12-01T09:00:00Z",
      "2026-12-01 10:00:30|2026-12-01T09:00:30Z",
      "2026-12-01T10:00Z|2026-12-01T10:00:00Z",
      "2026-12-01T10:00:05Z|2026-12-01T10:00:05Z",
      "now|2026-12-06T03:30:00Z",
      "today|2026-12-05T23:00:00Z",
      "yesterday|2026-12-04T23:00:00Z",
      "Yesterday|2026-12-04T23:00:00Z",
      "2.hours.ago|2026-12-06T01:30:00Z",
      "1.hour.ago|2026-12-06T02:30:00Z",
      "3 days ago|2026-12-03T03:30:00Z",
      "45.minutes.ago|2026-12-06T02:45:00Z",
      "10 seconds ago|2026-12-06T03:29:50Z",
      "2.weeks.ago|2026-11-22T03:30:00Z",
      "1 month ago|2026-11-06T03:30:00Z",
      "1.year.ago|2025-12-06T03:30:00Z",
  })
  void readsDatesTimesAndTimesAgo(String when, String expected) {
    assertEquals(Instant.parse(expected), AuditSince.parse(when, CLOCK));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "2026-13-01", "2.fortnights.ago", "hours.ago", "-2.hours.ago", "2026-12-01T25:00"})
  void anythingElseIsAClearError(String when) {
    HydrateException e = assertThrows(HydrateException.class, () -> AuditSince.parse(when, CLOCK));
    assertEquals("--since " + when + ": expected a date (2026-12-01), a date and time (2026-12-01T10:00),"
        + " or a time ago (2.hours.ago, 3 days ago, yesterday)", e.getMessage());
  }
}
