package io.githydrate.hook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.githydrate.engine.ArchiveRules;
import io.githydrate.engine.ArchiveRules.Redaction;
import io.githydrate.engine.RedactedValues;
import io.githydrate.engine.ValueFiles;
import io.githydrate.git.DatabaseSettings;
import io.githydrate.git.GitCli;
import io.githydrate.git.Workspace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
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
 * Each is looked for as a whole text value of a row line, and, from {@link #EMBEDDED} characters,
 * inside one too: the pragmas, schema and table headings are not rows, and a short value inside a
 * longer text is found by chance far more often than copied there.
 * Messages name the archive, the line and the column, never the value.
 *
 * <p>Costs nothing beyond reading {@code .hydrateconfig} when no staged archive's database has a
 * redacted column. Not thread safe.
 */
final class StagedSecrets {
  /** Values shorter than this are not looked for. */
  static final int SHORTEST = 4;
  /** Values this long or longer are looked for inside longer text cells too. */
  static final int EMBEDDED = 8;
  private static final JsonFactory JSON = JsonFactory.builder().build();
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
              + (found.valueFile() == null ? "" : " (its value file " + found.valueFile() + ")")
              + " holds a value of the redacted column " + found.redaction().table() + "."
              + found.redaction().column() + " instead of its placeholder " + found.redaction().placeholder()
              + ", so it is not committed: " + fix.replace("PATH", path)));
        }
      }
    });
    return problems;
  }

  /** Each value to look for, as the database holds it, with the redaction it is a value of. */
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
      secrets.putIfAbsent(value, redaction);
    }
  }

  /**
   * A line of the archive and the redacted column whose value it holds, there or in the value file
   * the line references (null: in the line).
   */
  record Found(long line, Redaction redaction, String valueFile) {}

  /**
   * The first row line of the blob staged at {@code path} with a text cell that is one of {@code
   * secrets}, or, for a secret of {@link #EMBEDDED} characters or more, holds it (a log line that
   * copied a token). Only row lines are read, and only their text values: a short value that is also
   * a word of the format ({@code user} in {@code "user_version"}) or a part of a longer text is no
   * secret found. Each cell's positions are looked up by their first {@link #EMBEDDED} characters, so
   * a cell is read once, whatever the number of values.
   */
  private Optional<Found> find(String path, Map<String, Redaction> secrets) {
    Map<String, Long> references = new LinkedHashMap<>();
    Map<String, List<String>> byStart = new HashMap<>();
    for (String secret : secrets.keySet()) {
      if (secret.length() >= EMBEDDED) {
        byStart.computeIfAbsent(secret.substring(0, EMBEDDED), s -> new ArrayList<>()).add(secret);
      }
    }
    Process blob = null;
    try {
      blob = git.start(List.of("cat-file", "blob", ":" + path), null, false, Map.of());
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(blob.getInputStream(),
          StandardCharsets.UTF_8), 1 << 16)) {
        long number = 0;
        boolean rows = false;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          number++;
          if (!rows) {
            rows = line.endsWith("\"rows\": [");
          } else if (line.startsWith("  ]")) {
            rows = false;
          } else {
            Redaction found = foundIn(line, secrets, byStart, references, number);
            if (found != null) {
              return Optional.of(new Found(number, found, null));
            }
          }
        }
      }
      return inValueFiles(path, secrets, references);
    } catch (IOException e) {
      return Optional.empty(); // the archive check beside this one reports a blob it cannot read
    } finally {
      if (blob != null) {
        blob.destroy();
      }
    }
  }

  /**
   * The first value file staged beside the archive at {@code path}, of those its rows reference,
   * that holds one of the {@code secrets} of {@link #EMBEDDED} characters or more (as UTF-8 bytes): a
   * large text that copied a token goes to a file, not into the line. A file that is not staged is
   * the archive check's to report.
   */
  private Optional<Found> inValueFiles(String path, Map<String, Redaction> secrets, Map<String, Long> references)
      throws IOException {
    Map<Long, List<byte[]>> byStart = new HashMap<>();
    Map<byte[], Redaction> redactionOf = new IdentityHashMap<>();
    secrets.forEach((secret, redaction) -> {
      byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
      if (secret.length() >= EMBEDDED && bytes.length >= Long.BYTES) {
        byStart.computeIfAbsent(startOf(bytes, 0), k -> new ArrayList<>()).add(bytes);
        redactionOf.put(bytes, redaction);
      }
    });
    if (byStart.isEmpty() || references.isEmpty()) {
      return Optional.empty();
    }
    String folder = ValueFiles.folderOf(Path.of(path)).toString().replace('\\', '/');
    for (Map.Entry<String, Long> reference : references.entrySet()) {
      String sha256 = reference.getKey();
      if (sha256.length() < 2) {
        continue;
      }
      String file = folder + "/" + sha256.substring(0, 2) + "/" + sha256;
      byte[] content;
      Process blob = git.start(List.of("cat-file", "blob", ":" + file), null, false, Map.of());
      try {
        content = blob.getInputStream().readAllBytes();
        if (blob.waitFor() != 0) {
          continue;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      } finally {
        blob.destroy();
      }
      for (int i = 0; i + Long.BYTES <= content.length; i++) {
        List<byte[]> candidates = byStart.get(startOf(content, i));
        if (candidates != null) {
          for (byte[] secret : candidates) {
            if (Arrays.equals(content, i, Math.min(content.length, i + secret.length), secret, 0,
                secret.length)) {
              return Optional.of(new Found(reference.getValue(), redactionOf.get(secret), file));
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The eight bytes of {@code bytes} from {@code at}, as one number to look candidates up by. */
  private static long startOf(byte[] bytes, int at) {
    long start = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      start = start << 8 | (bytes[at + i] & 0xff);
    }
    return start;
  }

  /** The redaction of the secret a text cell of the row line {@code line} is or holds; null when none. */
  private static Redaction foundIn(String line, Map<String, Redaction> secrets, Map<String, List<String>> byStart,
      Map<String, Long> references, long number) {
    String row = line.endsWith(",") ? line.substring(0, line.length() - 1) : line;
    try (JsonParser parser = JSON.createParser(row)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME && "file".equals(parser.currentName())
            && parser.nextToken() == JsonToken.VALUE_STRING) {
          references.putIfAbsent(parser.getText(), number); // a value kept in a file: read after the lines
          continue;
        }
        if (token != JsonToken.VALUE_STRING) {
          continue;
        }
        String cell = parser.getText();
        Redaction whole = secrets.get(cell);
        if (whole != null) {
          return whole;
        }
        for (int i = 0; !byStart.isEmpty() && i + EMBEDDED <= cell.length(); i++) {
          List<String> candidates = byStart.get(cell.substring(i, i + EMBEDDED));
          if (candidates != null) {
            for (String secret : candidates) {
              if (cell.startsWith(secret, i)) {
                return secrets.get(secret);
              }
            }
          }
        }
      }
    } catch (IOException e) {
      // A line that is not JSON: the archive check beside this one reports it.
    }
    return null;
  }
}
