package io.githydrate.engine;

import java.util.Map;
import java.util.Optional;

/**
 * Where the values of redacted columns come from when a database is built from its archive: an
 * environment (the process's own, which hooks and the filter inherit from Git), and whether a
 * variable that is not set is an error ({@code --strict}, or {@code GIT_HYDRATE_STRICT=1}) instead
 * of a warning and a stand-in.
 */
public record PlaceholderValues(Map<String, String> environment, boolean strict) {
  /** Set to {@code 1}, an unset variable stops a build, where no command line can say {@code --strict}. */
  public static final String STRICT_VARIABLE = "GIT_HYDRATE_STRICT";

  /** {@code environment}'s values, strict when it sets {@link #STRICT_VARIABLE} to {@code 1}. */
  public static PlaceholderValues of(Map<String, String> environment) {
    return new PlaceholderValues(environment, "1".equals(environment.get(STRICT_VARIABLE)));
  }

  /** This process's environment. */
  public static PlaceholderValues ofProcess() {
    return of(System.getenv());
  }

  /** The same values, strict also when {@code strict} is (a command's {@code --strict}). */
  public PlaceholderValues orStrict(boolean strict) {
    return strict && !this.strict ? new PlaceholderValues(environment, true) : this;
  }

  /** The value of {@code variable}, if it is set (to anything, the empty text too). */
  public Optional<String> valueOf(String variable) {
    return Optional.ofNullable(environment.get(variable));
  }
}
