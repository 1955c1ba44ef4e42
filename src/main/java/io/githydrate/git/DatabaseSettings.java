package io.githydrate.git;

import static io.githydrate.Messages.printable;

import io.githydrate.HydrateException;
import io.githydrate.engine.ArchiveRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;

/**
 * What each database keeps out of its archive's lines, from the {@code [database "PATH"]} sections of
 * {@code .hydrateconfig}:
 *
 * <pre>
 * [database "data/app.db"]
 *   exclude-rows = sessions cache        # tables whose rows are never archived (repeatable)
 *   redact = users.api_token             # archived as ${USERS_API_TOKEN}, filled in from that variable
 *   redact = settings.value ${SMTP_PASSWORD}
 *   large-values = 1m                    # TEXT and BLOB values above 1 MiB go to files of their own
 * </pre>
 *
 * {@code PATH} is the database's path from the repository root, or a glob as in
 * {@code hydrate.databases} ({@code *.db} matches a name anywhere); every section that matches a
 * database applies to it. The file is committed, so all clones archive alike.
 */
public final class DatabaseSettings {
  public static final String SECTION = "database";
  private static final Pattern COLUMN = Pattern.compile("(.+)\\.([^.\\s]+)(?:\\s+\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\})?");
  /** Where a {@code [database ...]} section may start (section names ignore case). */
  private static final Pattern SECTION_START = Pattern.compile("\\[\\s*database\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern NOT_NAME_CHARACTER = Pattern.compile("[^A-Za-z0-9_]+");

  private record Section(String pattern, PathMatcher matcher, ArchiveRules rules) {}

  private final List<Section> sections;

  private DatabaseSettings(List<Section> sections) {
    this.sections = sections;
  }

  /** No {@code [database]} section: every archive keeps everything in line. */
  public static final DatabaseSettings NONE = new DatabaseSettings(List.of());

  /**
   * The settings of the repository whose work tree is {@code root}.
   *
   * @throws HydrateException naming {@code .hydrateconfig}, the section and the value that is wrong
   */
  public static DatabaseSettings read(Path root) {
    Path file = root.resolve(Workspace.CONFIG_FILE);
    if (!Files.isRegularFile(file)) {
      return NONE;
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      // Most repositories have no such section: hooks then spend nothing on parsing the file again.
      return SECTION_START.matcher(text).find() ? parse(file, text) : NONE;
    } catch (IOException e) {
      throw new HydrateException(file + ": " + e.getMessage(), e);
    }
  }

  /** The settings in {@code text}, the content of {@code file} (named in errors). */
  public static DatabaseSettings parse(Path file, String text) {
    Config config = new Config();
    try {
      config.fromText(text);
    } catch (ConfigInvalidException e) {
      throw new HydrateException(file + ": " + e.getMessage(), e);
    }
    List<Section> sections = new ArrayList<>();
    for (String pattern : config.getSubsections(SECTION)) {
      String where = file + ": [" + SECTION + " \"" + printable(pattern) + "\"]";
      sections.add(new Section(pattern, matcher(where, pattern), rules(where, config, pattern)));
    }
    return new DatabaseSettings(List.copyOf(sections));
  }

  /** The rules for the database at {@code label} (root-relative, {@code /}-separated). */
  public ArchiveRules rulesFor(String label) {
    ArchiveRules rules = ArchiveRules.NONE;
    for (Section section : sections) {
      if (section.pattern().equals(label) || section.matcher().matches(Path.of(label))) {
        rules = merged(rules, section.rules());
      }
    }
    return rules;
  }

  /**
   * The rules for the database at {@code label} in a repository in {@code mode}. Filter mode keeps
   * every value in line whatever {@code large-values} says: Git sees only the database through the
   * filter, so files beside its archive could not be committed with it (doctor says so). Everything
   * that archives in filter mode asks here, so that no archive there references a file.
   */
  public ArchiveRules rulesFor(String label, Mode mode) {
    ArchiveRules rules = rulesFor(label);
    return mode == Mode.FILTER ? rules.withValuesInLine() : rules;
  }

  /** Whether any section sets {@code large-values} above 0. */
  public boolean setsLargeValues() {
    return sections.stream().anyMatch(s -> s.rules().largeValueBytes() > 0);
  }

  /** Whether any database keeps anything out of line. */
  public boolean isNone() {
    return sections.stream().allMatch(s -> s.rules().isNone());
  }

  private static ArchiveRules rules(String where, Config config, String pattern) {
    Set<String> excluded = new LinkedHashSet<>();
    for (String value : config.getStringList(SECTION, pattern, "exclude-rows")) {
      for (String table : value.split("[,\\s]+")) {
        if (!table.isEmpty()) {
          excluded.add(table);
        }
      }
    }
    List<ArchiveRules.Redaction> redactions = new ArrayList<>();
    for (String value : config.getStringList(SECTION, pattern, "redact")) {
      Matcher m = COLUMN.matcher(value.strip());
      if (!m.matches()) {
        throw new HydrateException(where + " redact must be TABLE.COLUMN, optionally followed by ${NAME}"
            + " (NAME: letters, digits and _), got \"" + printable(value) + "\"");
      }
      String variable = m.group(3) != null ? m.group(3) : defaultVariable(m.group(1), m.group(2));
      redactions.add(new ArchiveRules.Redaction(m.group(1), m.group(2), variable));
    }
    String size = config.getString(SECTION, pattern, "large-values");
    long largeValueBytes = 0;
    if (size != null) {
      largeValueBytes = ConfigSizes.bytes(size).orElseThrow(() -> new HydrateException(where
          + " large-values must be a size in bytes, with k, m, g or t for KiB, MiB, GiB or TiB (such as 1m),"
          + " or 0 for never, got \"" + printable(size) + "\""));
    }
    return new ArchiveRules(excluded, redactions, largeValueBytes);
  }

  /** {@code users.api_token} is filled in from {@code USERS_API_TOKEN}. */
  static String defaultVariable(String table, String column) {
    String name = NOT_NAME_CHARACTER.matcher(table + "_" + column).replaceAll("_").toUpperCase(java.util.Locale.ROOT);
    return Character.isDigit(name.charAt(0)) ? "_" + name : name;
  }

  private static PathMatcher matcher(String where, String pattern) {
    try {
      // Like hydrate.databases: a pattern without "/" matches a file name anywhere.
      String glob = pattern.contains("/") ? pattern : "**/" + pattern;
      PathMatcher anywhere = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      PathMatcher atRoot = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      return path -> anywhere.matches(path) || atRoot.matches(path);
    } catch (IllegalArgumentException e) {
      throw new HydrateException(where + " is not a path or glob: " + e.getMessage(), e);
    }
  }

  private static ArchiveRules merged(ArchiveRules a, ArchiveRules b) {
    if (a.isNone()) {
      return b;
    }
    Set<String> excluded = new LinkedHashSet<>(a.rowsExcluded());
    excluded.addAll(b.rowsExcluded());
    List<ArchiveRules.Redaction> redactions = new ArrayList<>(a.redactions());
    redactions.addAll(b.redactions());
    long size = b.largeValueBytes() != 0 ? b.largeValueBytes() : a.largeValueBytes();
    return new ArchiveRules(excluded, redactions, size);
  }
}
