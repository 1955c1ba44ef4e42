package io.githydrate.sync;

import io.githydrate.engine.ArchiveRules;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a placeholder such as {@code ${API_URL}} may stay in an archive: the rule {@code check}
 * applies. Migration files and seed data are often written with placeholders that a deployment
 * substitutes; one left in a committed archive ends up in every database built from it. The one
 * place one belongs is a redacted column ({@code redact} in {@code .hydrateconfig}), and there only
 * the column's own placeholder.
 */
public final class Placeholders {
  /** A text value that is exactly a placeholder: {@code ${NAME}}, NAME as in a shell variable. */
  private static final Pattern WHOLE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}");

  /** No placeholder anywhere: a database without redacted columns. */
  public static final Placeholders NONE_ALLOWED = new Placeholders(ArchiveRules.NONE);

  private final ArchiveRules rules;

  private Placeholders(ArchiveRules rules) {
    this.rules = rules;
  }

  /** Placeholders allowed in the redacted columns of {@code rules}, each its own; nowhere else. */
  public static Placeholders of(ArchiveRules rules) {
    return rules.redactions().isEmpty() ? NONE_ALLOWED : new Placeholders(rules);
  }

  /** Whether a text value is a placeholder. */
  public boolean isPlaceholder(String text) {
    return text.length() >= 4 && text.startsWith("${") && WHOLE.matcher(text).matches();
  }

  /** Whether column {@code column} of table {@code table} may hold {@code placeholder}: its redaction's own. */
  public boolean allowedIn(String table, String column, String placeholder) {
    return rules.redaction(table, column).map(r -> r.placeholder().equals(placeholder)).orElse(false);
  }

  /** The first placeholder in schema SQL, if any. */
  public Optional<String> inSql(String sql) {
    Matcher matcher = WHOLE.matcher(sql);
    return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
  }
}
