package io.githydrate.audit;

import io.githydrate.HydrateException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The moment {@code --since WHEN} names, in forms like Git's: a date ({@code 2026-12-01}, its
 * midnight), a date and time ({@code 2026-12-01T10:00}, {@code 2026-12-01 10:00:30}), both in the
 * local time zone unless given as UTC ({@code 2026-12-01T10:00Z}, as {@code audit} prints times);
 * {@code now}; {@code today} and {@code yesterday}, from their midnight (where Git's {@code yesterday}
 * is this time yesterday); and a count of units ago ({@code 2.hours.ago}, {@code 3 days ago}).
 */
public final class AuditSince {
  private static final Pattern AGO =
      Pattern.compile("(\\d{1,9})[. ]+(second|minute|hour|day|week|month|year)s?[. ]+ago");
  private static final Map<String, ChronoUnit> UNITS = Map.of("second", ChronoUnit.SECONDS,
      "minute", ChronoUnit.MINUTES, "hour", ChronoUnit.HOURS, "day", ChronoUnit.DAYS, "week", ChronoUnit.WEEKS,
      "month", ChronoUnit.MONTHS, "year", ChronoUnit.YEARS);

  private AuditSince() {}

  /** {@code when} read against {@code clock} (its time and zone); a clear error when it is none of the forms. */
  public static Instant parse(String when, Clock clock) {
    String text = when.trim().toLowerCase(Locale.ROOT);
    ZonedDateTime now = ZonedDateTime.now(clock);
    switch (text) {
      case "now" -> {
        return now.toInstant();
      }
      case "today" -> {
        return now.toLocalDate().atStartOfDay(clock.getZone()).toInstant();
      }
      case "yesterday" -> {
        return now.toLocalDate().minusDays(1).atStartOfDay(clock.getZone()).toInstant();
      }
      default -> { }
    }
    Matcher ago = AGO.matcher(text);
    if (ago.matches()) {
      return now.minus(Long.parseLong(ago.group(1)), UNITS.get(ago.group(2))).toInstant();
    }
    String iso = text.replace(' ', 't').toUpperCase(Locale.ROOT);
    try {
      if (iso.endsWith("Z")) {
        return Instant.parse(iso.length() == "2026-12-01T10:00Z".length() ? iso.replace("Z", ":00Z") : iso);
      }
      if (iso.length() == "2026-12-01".length()) {
        return LocalDate.parse(iso).atStartOfDay(clock.getZone()).toInstant();
      }
      return LocalDateTime.parse(iso).atZone(clock.getZone()).toInstant();
    } catch (DateTimeParseException e) {
      throw new HydrateException(invalid(when));
    }
  }

  /** The error for a WHEN that is none of the forms. */
  static String invalid(String when) {
    return "--since " + when + ": expected a date (2026-12-01), a date and time (2026-12-01T10:00),"
        + " or a time ago (2.hours.ago, 3 days ago, yesterday)";
  }
}
