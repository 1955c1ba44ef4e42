package io.githydrate.sync;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a placeholder such as {@code ${API_URL}} may stay in an archive: the rule {@code check}
 * applies. Migration files and seed data are often written with placeholders that a deployment
 * substitutes; one left in a committed archive ends up in every database built from it. For now no
 * placeholder is allowed anywhere; columns meant to hold them would be allowed here, and only here.
 */
public final class Placeholders {
  /** A text value that is exactly a placeholder: {@code ${NAME}}, NAME as in a shell variable. */
  private static final Pattern WHOLE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}");

  /** The rule of this version: no placeholder anywhere. */
  public static final Placeholders NONE_ALLOWED = new Placeholders();

  private Placeholders() {}

  /** Whether a text value is a placeholder. */
  public boolean isPlaceholder(String text) {
    return text.length() >= 4 && text.startsWith("${") && WHOLE.matcher(text).matches();
  }

  /** Whether column {@code column} of table {@code table} may hold placeholders. */
  public boolean allowedIn(String table, String column) {
    return false;
  }

  /** The first placeholder in schema SQL, if any. */
  public Optional<String> inSql(String sql) {
    Matcher matcher = WHOLE.matcher(sql);
    return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
  }
}
