package io.githydrate.hook;

import io.githydrate.archive.RowLines;
import io.githydrate.archive.TableData;
import io.githydrate.engine.ArchiveRules;
import io.githydrate.engine.ArchiveRules.Redaction;
import io.githydrate.engine.RedactedValues;
import io.githydrate.git.DatabaseSettings;
import io.githydrate.git.GitCli;
import io.githydrate.git.Workspace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Refuses, at pre-commit, a staged archive that holds the real value of one of its database's
 * redacted columns: one written by hand, by a merge, or before the column was redacted. The values
 * looked for are those this machine knows: the environment variables the redactions name, and the
 * TEXT values the columns hold in the local database. Values shorter than {@link #SHORTEST}
 * characters are not looked for (they would be found by chance), nor the placeholders themselves.
 * Each is looked for as the archive writes it, JSON-escaped, anywhere in the staged blob's text.
 * Messages name the archive, the line and the column, never the value.
 *
 * <p>Costs nothing beyond reading {@code .hydrateconfig} when no staged archive's database has a
 * redacted column. Not thread safe.
 */
final class StagedSecrets {
  /** Values shorter than this are not looked for. */
  static final int SHORTEST = 4;
  private static final int LOCK_MILLIS = 2000;

  private final Workspace workspace;
  private final GitCli git;
  private final Map<String, String> env;

  StagedSecrets(Workspace workspace, GitCli git, Map<String, String> env) {
    this.workspace = workspace;
    this.git = git;
    this.env = env;
  }

  /**
   * What is wrong with each staged archive in {@code archives} (its path in the index, with the
   * label of its database); {@code fix} says how to write it again, for the message.
   *
   * @param database where the local database of a label is (a missing file: only the environment's
   *     values are looked for)
   */
  List<String> problems(Map<String, String> archives, Function<String, Path> database,
      String fix) {
    if (archives.isEmpty()) {
      return List.of();
    }
    DatabaseSettings settings = DatabaseSettings.read(workspace.root());
    if (settings.isNone()) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    archives.forEach((path, label) -> {
      ArchiveRules rules = settings.rulesFor(label);
      if (!rules.redactions().isEmpty()) {
        Map<String, Redaction> secrets = secrets(rules, database.apply(label));
        if (!secrets.isEmpty()) {
          find(path, secrets).ifPresent(found -> problems.add("staged archive " + path + " line " + found.line()
              + " holds a value of the redacted column " + found.redaction().table() + "."
              + found.redaction().column() + " instead of its placeholder " + found.redaction().placeholder()
              + ", so it is not committed: " + fix.replace("PATH", path)));
        }
      }
    });
    return problems;
  }

  /** Each value to look for, JSON-escaped as the archive writes it, with the redaction it is a value of. */
  private Map<String, Redaction> secrets(ArchiveRules rules, Path database) {
    Map<String, Redaction> secrets = new LinkedHashMap<>();
    Set<String> placeholders = new HashSet<>();
    rules.redactions().forEach(r -> placeholders.add(r.placeholder()));
    for (Redaction redaction : rules.redactions()) {
      add(secrets, placeholders, env.get(redaction.variable()), redaction);
    }
    RedactedValues.read(database, rules, LOCK_MILLIS)
        .forEach((redaction, values) -> values.forEach(value -> add(secrets, placeholders, value, redaction)));
    return secrets;
  }

  private static void add(Map<String, Redaction> secrets, Set<String> placeholders, String value, Redaction redaction) {
    if (value != null && value.codePointCount(0, value.length()) >= SHORTEST && !placeholders.contains(value)) {
      secrets.putIfAbsent(escaped(value), redaction);
    }
  }

  /** {@code value} as the archive writes it inside a string's quotes. */
  static String escaped(String value) {
    try {
      String line = new String(new RowLines(new TableData("t", List.of("v"), false)).line(new Object[] {value}),
          StandardCharsets.UTF_8);
      return line.substring(line.indexOf("[\"") + 2, line.lastIndexOf("\"]"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A line of the archive and the redacted column whose value it holds. */
  record Found(long line, Redaction redaction) {}

  /**
   * The first line of the blob staged at {@code path} that holds one of {@code secrets}: each
   * position's first {@link #SHORTEST} characters are looked up, so a line is read once, whatever
   * the number of values.
   */
  private Optional<Found> find(String path, Map<String, Redaction> secrets) {
    Map<String, List<String>> byStart = new HashMap<>();
    for (String secret : secrets.keySet()) {
      byStart.computeIfAbsent(secret.substring(0, SHORTEST), s -> new ArrayList<>()).add(secret);
    }
    Process blob = null;
    try {
      blob = git.start(List.of("cat-file", "blob", ":" + path), null, false, Map.of());
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(blob.getInputStream(),
          StandardCharsets.UTF_8), 1 << 16)) {
        long number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          number++;
          for (int i = 0; i + SHORTEST <= line.length(); i++) {
            List<String> candidates = byStart.get(line.substring(i, i + SHORTEST));
            if (candidates != null) {
              for (String secret : candidates) {
                if (line.startsWith(secret, i)) {
                  return Optional.of(new Found(number, secrets.get(secret)));
                }
              }
            }
          }
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // the archive check beside this one reports a blob it cannot read
    } finally {
      if (blob != null) {
        blob.destroy();
      }
    }
  }
}
