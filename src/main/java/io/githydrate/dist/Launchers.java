package io.githydrate.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a distribution's launchers, bin/git-hydrate (sh) and bin/git-hydrate.cmd, from the
 * templates launcher.sh and launcher.cmd in src/dist/: each {@code @NAME@} in them becomes the
 * value given for NAME (empty when none is), quoted for the script's language, and
 * {@code @JVM_OPTIONS@} the options in src/dist/jvm-options for the Java version this runs on. Run
 * by build.sh for the distribution on its runtime, and by install.sh and install.ps1 for a jar
 * installed without one on the java the launcher is to run; build.sh also reads the options for
 * its trainings from here. Not a user command.
 *
 * <p>In launcher.sh a placeholder stands for a whole shell word; in launcher.cmd it stands inside
 * the quotes of a {@code set "NAME=..."}. Throws {@link IllegalArgumentException} when a template
 * names a value this class does not know, when a value cannot be written in a script's language,
 * or when a line of jvm-options is not one option: no placeholder or stray word reaches a launcher.
 */
public final class Launchers {
  /** The values the templates name as {@code @NAME@}. */
  enum Value {
    /** The options of every JVM start, from jvm-options (not given on the command line). */
    JVM_OPTIONS,
    /** The java to run where the folder has no runtime/. */
    JAVA,
    /** The file name of sqlite-jdbc's native library in lib/. */
    SQLITE_LIBRARY,
    /** The class caches' file names in lib/. */
    MAIN_CACHE, HOOK_CACHE, UPDATE_CACHE, FILTER_CACHE,
    /** The JVM option that loads a class cache ({@code -XX:AOTCache} or {@code -XX:SharedArchiveFile}). */
    CACHE_OPTION,
    /** The JVM log tag of the class cache ({@code aot} or {@code cds}). */
    CACHE_LOG
  }

  static final String OPTIONS_FILE = "jvm-options";
  private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z_]+)@");
  /**
   * A line of jvm-options: one JVM option, with no spaces, quotes, or characters a shell would
   * expand, for every Java version or from version N on.
   */
  private static final Pattern OPTION_LINE = Pattern.compile("(?:from JDK ([0-9]{2,3}): )?(-[A-Za-z0-9_+:=.,/@-]+)");
  /** A value the sh launcher can hold without quotes. */
  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_+:=.,/@-]+");

  private Launchers() {}

  /**
   * {@code write TEMPLATES DIST [NAME=VALUE]...}: writes DIST/bin/git-hydrate and
   * DIST/bin/git-hydrate.cmd from the templates in TEMPLATES (src/dist).
   * {@code options TEMPLATES}: prints the JVM options for this Java version, one a line.
   * Exits 1, with the reason on stderr, when it cannot.
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    int feature = Runtime.version().feature();
    try {
      if (args.length == 2 && args[0].equals("options")) {
        options(Path.of(args[1]).resolve(OPTIONS_FILE), feature).forEach(System.out::println);
        return 0;
      }
      if (args.length < 3 || !args[0].equals("write")) {
        System.err.println("usage: Launchers write TEMPLATES DIST [NAME=VALUE]... | options TEMPLATES");
        return 2;
      }
      Map<Value, String> values = new EnumMap<>(Value.class);
      for (int i = 3; i < args.length; i++) {
        int equals = args[i].indexOf('=');
        Value value = equals < 0 ? null : value(args[i].substring(0, equals));
        if (value == null || value == Value.JVM_OPTIONS) {
          throw new IllegalArgumentException("expected NAME=VALUE with NAME one of " + givenNames() + ", got "
              + args[i]);
        }
        values.put(value, args[i].substring(equals + 1));
      }
      write(Path.of(args[1]), Path.of(args[2]), values, feature);
      return 0;
    } catch (IllegalArgumentException | UncheckedIOException e) {
      System.err.println("launchers: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Writes both launchers into {@code dist}/bin, with {@code given} and the JVM options from
   * {@code templates} for Java version {@code feature}.
   */
  static void write(Path templates, Path dist, Map<Value, String> given, int feature) {
    Map<Value, String> values = new EnumMap<>(Value.class);
    for (Value value : Value.values()) {
      values.put(value, "");
    }
    values.putAll(given);
    values.put(Value.JVM_OPTIONS, String.join(" ", options(templates.resolve(OPTIONS_FILE), feature)));
    Path bin = dist.resolve("bin");
    try {
      Files.createDirectories(bin);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + bin + ": " + e.getMessage(), e);
    }
    Path sh = bin.resolve("git-hydrate");
    TextFiles.write(sh, fill(templates.resolve("launcher.sh"), values, Launchers::shellWord));
    try {
      Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      // Windows: sh runs the launcher by its #! line, whatever the permissions
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + sh + " executable: " + e.getMessage(), e);
    }
    String cmd = fill(templates.resolve("launcher.cmd"), values, Launchers::batchText);
    TextFiles.write(bin.resolve("git-hydrate.cmd"), cmd.replace("\r\n", "\n").replace("\n", "\r\n"));
  }

  /**
   * The options in {@code file} for Java version {@code feature}: one a line, or
   * {@code from JDK N: OPTION}; empty lines and lines starting with # are skipped.
   */
  static List<String> options(Path file, int feature) {
    List<String> options = new ArrayList<>();
    List<String> lines = TextFiles.read(file).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher option = OPTION_LINE.matcher(line);
      if (!option.matches()) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected one JVM option (a word starting"
            + " with -, no spaces, quotes, *, ? or $), or \"from JDK N: \" and one, got \"" + line + "\"");
      }
      if (option.group(1) == null || feature >= Integer.parseInt(option.group(1))) {
        options.add(option.group(2));
      }
    }
    if (options.isEmpty()) {
      throw new IllegalArgumentException(file + ": expected JVM options, got none");
    }
    return options;
  }

  /** {@code template}'s text with each placeholder replaced by its value, quoted by {@code quote}. */
  static String fill(Path template, Map<Value, String> values, UnaryOperator<String> quote) {
    String text = TextFiles.read(template);
    Matcher placeholder = PLACEHOLDER.matcher(text);
    StringBuilder filled = new StringBuilder();
    while (placeholder.find()) {
      Value value = value(placeholder.group(1));
      if (value == null) {
        int line = (int) text.substring(0, placeholder.start()).chars().filter(c -> c == '\n').count() + 1;
        throw new IllegalArgumentException(template + " line " + line + ": expected a placeholder @NAME@ with NAME one of "
            + List.of(Value.values()) + ", got " + placeholder.group());
      }
      String replacement = values.get(value);
      if (replacement.contains("\n") || replacement.contains("\r")) {
        throw new IllegalArgumentException(value + ": expected one line, got a line break");
      }
      placeholder.appendReplacement(filled, Matcher.quoteReplacement(quote.apply(replacement)));
    }
    placeholder.appendTail(filled);
    return filled.toString();
  }

  /** {@code text} as one sh word: as it is when nothing in it is special to sh, else in single quotes. */
  static String shellWord(String text) {
    if (PLAIN_WORD.matcher(text).matches()) {
      return text;
    }
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /** {@code text} for the inside of {@code set "NAME=..."} in a batch file: % doubled; no ". */
  static String batchText(String text) {
    if (text.contains("\"")) {
      throw new IllegalArgumentException("expected a value without \" for the .cmd launcher, got " + text);
    }
    return text.replace("%", "%%");
  }

  private static Value value(String name) {
    for (Value value : Value.values()) {
      if (value.name().equals(name)) {
        return value;
      }
    }
    return null;
  }

  /** The values given on the command line: all but the JVM options. */
  private static List<Value> givenNames() {
    return List.of(Value.values()).stream().filter(value -> value != Value.JVM_OPTIONS).toList();
  }

}
