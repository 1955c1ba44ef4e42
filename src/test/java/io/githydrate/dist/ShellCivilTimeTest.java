package io.githydrate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.githydrate.testing.ChildProcess;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * The launcher's shell writes the audit log's time of a hook it answered with its own arithmetic
 * (quick-hook.sh, hydrate_civil: no process may start on that path); it must agree with Java's
 * calendar on every day, leap days and century years included.
 */
class ShellCivilTimeTest {
  private static final Path SCRIPT = Path.of("src/dist/quick-hook.sh").toAbsolutePath();
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private static String shell(long centiseconds) {
    ChildProcess.Exec exec = ChildProcess.run(Path.of("."), Map.of("PATH", System.getenv("PATH")), List.of("sh", "-c",
        ". \"$0\"; hydrate_civil \"$1\"; printf '%04d-%02d-%02dT%02d:%02d:%02d' \"$hydrate_year\" \"$hydrate_month\""
            + " \"$hydrate_day\" \"$hydrate_hour\" \"$hydrate_minute\" \"$hydrate_second\"",
        SCRIPT.toString(), Long.toString(centiseconds)));
    assertEquals(0, exec.exitCode(), exec::toString);
    return exec.stdout();
  }

  @Property(tries = 100)
  void everySecondFrom1970To2200IsTheCalendarsTime(@ForAll @LongRange(min = 0, max = 7_258_118_399L) long second) {
    assertEquals(ISO.format(Instant.ofEpochSecond(second)), shell(second * 100 + 99));
  }

  @Example
  void leapDaysAndCenturies() {
    for (String day : List.of("1970-01-01T00:00:00", "2000-02-29T23:59:59", "2024-12-31T12:00:00",
        "2100-02-28T00:00:00", "2100-03-01T00:00:00")) {
      long second = Instant.parse(day + "Z").getEpochSecond();
      assertEquals(day, shell(second * 100));
    }
  }
}
