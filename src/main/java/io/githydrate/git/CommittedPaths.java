package io.githydrate.git;

import io.githydrate.PathText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The paths a commit of chosen paths ({@code git commit -- PATH…}, {@code --only}) names, as its
 * pre-commit hook can know them. Git does not pass them to the hook; it builds that commit in a
 * temporary index named after its own process ({@code next-index-PID.lock}), so the committing
 * Git's command line can be read, and its environment gives the folder it was started in
 * ({@code PWD}, which Git's relative paths are relative to): from {@code /proc}, so on Linux only.
 *
 * <p>Empty whenever the command line cannot be read or holds what this does not follow (an alias,
 * {@code --pathspec-from-file}, pathspec magic other than {@code :/} and {@code :(top)}), or when
 * a path it names literally is not there under the folder worked out for it (Git refuses a commit
 * of paths that match nothing, so a missing one means the folder is wrong). The caller then
 * treats nothing it cares about as named.
 */
public final class CommittedPaths {
  private static final Pattern FALSE_INDEX = Pattern.compile("next-index-(\\d+)\\.lock");
  /** Options of {@code git commit} whose value may come as the next word. */
  private static final Set<String> LONG_WITH_VALUE = Set.of("message", "file", "reuse-message",
      "reedit-message", "template", "author", "date", "cleanup", "fixup", "squash", "trailer");
  private static final String SHORT_WITH_VALUE = "mFCct";
  /** Short options whose value, optional, can only be attached ({@code -uno}, {@code -Skey}). */
  private static final String SHORT_WITH_ATTACHED_VALUE = "uS";
  /** Git's global options whose value may come as the next word. */
  private static final Set<String> GLOBAL_WITH_VALUE = Set.of("-c", "--git-dir", "--work-tree",
      "--namespace", "--config-env", "--super-prefix");

  private final List<Predicate<String>> specs;

  private CommittedPaths(List<Predicate<String>> specs) {
    this.specs = specs;
  }

  /** Whether the commit names {@code path} (relative to the work tree's top, with '/'). */
  public boolean names(String path) {
    return specs.stream().anyMatch(spec -> spec.test(path));
  }

  /**
   * The paths the commit whose temporary index is {@code indexFile} names, in the work tree
   * {@code top}; empty when they cannot be known for sure.
   */
  public static Optional<CommittedPaths> of(String indexFile, Path top) {
    if (indexFile == null) {
      return Optional.empty();
    }
    Matcher matcher = FALSE_INDEX.matcher(Path.of(indexFile).getFileName().toString());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(matcher.group(1));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    Optional<List<String>> commandLine = commandLine(pid);
    if (commandLine.isEmpty()) {
      return Optional.empty();
    }
    // A program that starts Git in a folder of its choosing leaves PWD as it was (an editor, say):
    // then the paths are taken from the top, where such programs run Git, if they are all there.
    Optional<CommittedPaths> fromStart = startedIn(pid).flatMap(folder -> parse(commandLine.get(), folder, top));
    return fromStart.isPresent() ? fromStart : parse(commandLine.get(), top, top);
  }

  /**
   * The paths named by the command line {@code argv} of a {@code git commit} started in
   * {@code folder}, in the work tree {@code top}; empty when not sure.
   */
  static Optional<CommittedPaths> parse(List<String> argv, Path folder, Path top) {
    if (argv.isEmpty() || !Path.of(argv.get(0)).getFileName().toString().matches("git(\\.exe)?")) {
      return Optional.empty();
    }
    int i = 1;
    Path cwd = folder;
    // Git's own options, up to the command's name.
    for (; i < argv.size() && argv.get(i).startsWith("-"); i++) {
      String option = argv.get(i);
      if (option.equals("-C")) {
        if (++i == argv.size()) {
          return Optional.empty();
        }
        cwd = cwd.resolve(argv.get(i));
      } else if (GLOBAL_WITH_VALUE.contains(option)) {
        i++;
      }
    }
    if (i >= argv.size() || !argv.get(i).equals("commit")) {
      return Optional.empty(); // an alias, say: its expansion is Git's to know
    }
    List<String> pathspecs = new ArrayList<>();
    for (i++; i < argv.size(); i++) {
      String word = argv.get(i);
      if (word.equals("--")) {
        pathspecs.addAll(argv.subList(i + 1, argv.size()));
        break;
      }
      if (word.startsWith("--pathspec-from-file")) {
        return Optional.empty();
      }
      if (word.startsWith("--")) {
        if (!word.contains("=") && takesValue(word.substring(2))) {
          i++;
        }
      } else if (word.startsWith("-") && word.length() > 1) {
        if (shortTakesNextWord(word)) {
          i++;
        }
      } else {
        pathspecs.add(word);
      }
    }
    Path root;
    Path prefix;
    try {
      root = top.toRealPath();
      prefix = root.relativize(cwd.toRealPath());
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty(); // a folder that is gone, or on another drive
    }
    if (prefix.startsWith("..")) {
      return Optional.empty(); // started outside the work tree: the folder is not what Git used
    }
    List<Predicate<String>> specs = new ArrayList<>();
    for (String pathspec : pathspecs) {
      Optional<Predicate<String>> spec = spec(pathspec, prefix, root);
      if (spec.isEmpty()) {
        return Optional.empty();
      }
      specs.add(spec.get());
    }
    return specs.isEmpty() ? Optional.empty() : Optional.of(new CommittedPaths(specs));
  }

  /** A long option (without its dashes) that takes a value, written in full or abbreviated as Git allows. */
  private static boolean takesValue(String name) {
    return LONG_WITH_VALUE.stream().anyMatch(option -> option.startsWith(name)) && name.length() >= 3;
  }

  /** Whether a word of short options ({@code -am}, {@code -mtext}) takes the next word as its value. */
  private static boolean shortTakesNextWord(String word) {
    for (int c = 1; c < word.length(); c++) {
      char option = word.charAt(c);
      if (SHORT_WITH_ATTACHED_VALUE.indexOf(option) >= 0) {
        return false;
      }
      if (SHORT_WITH_VALUE.indexOf(option) >= 0) {
        return c == word.length() - 1;
      }
    }
    return false;
  }

  /** What one pathspec matches, relative to the top; empty for magic this does not follow, or a literal path that is not there. */
  private static Optional<Predicate<String>> spec(String pathspec, Path prefix, Path root) {
    String text = pathspec;
    Path base = prefix;
    if (text.startsWith(":/")) {
      text = text.substring(2);
      base = Path.of("");
    } else if (text.startsWith(":(top)")) {
      text = text.substring(6);
      base = Path.of("");
    } else if (text.startsWith(":")) {
      return Optional.empty();
    }
    String relative;
    try {
      relative = PathText.slashed(base.resolve(text).normalize());
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
    if (relative.startsWith("../") || relative.equals("..")) {
      return Optional.empty();
    }
    if (relative.isEmpty() || relative.equals(".")) {
      return Optional.of(path -> true);
    }
    if (relative.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '\\')) {
      Pattern glob = glob(relative);
      return Optional.of(path -> glob.matcher(path).matches() || underDirectory(path, relative));
    }
    // Git refused the commit unless each literal path matched something; a path missing here means
    // the folder was worked out wrong.
    if (!Files.exists(root.resolve(relative)) && !Files.isSymbolicLink(root.resolve(relative))) {
      return Optional.empty();
    }
    return Optional.of(path -> underDirectory(path, relative));
  }

  private static boolean underDirectory(String path, String spec) {
    return path.equals(spec) || path.startsWith(spec.endsWith("/") ? spec : spec + "/");
  }

  /** Git's default pathspec wildcards: {@code *} and {@code ?} also match '/', as fnmatch without FNM_PATHNAME. */
  static Pattern glob(String spec) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < spec.length(); i++) {
      char c = spec.charAt(i);
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        case '\\' -> {
          if (i + 1 < spec.length()) {
            regex.append(Pattern.quote(String.valueOf(spec.charAt(++i))));
          }
        }
        case '[' -> {
          int close = spec.indexOf(']', i + 2);
          if (close < 0) {
            regex.append("\\[");
          } else {
            String set = spec.substring(i + 1, close);
            if (set.startsWith("!")) {
              set = "^" + set.substring(1);
            }
            regex.append('[').append(set.replace("\\", "\\\\").replace("[", "\\[")).append(']');
            i = close;
          }
        }
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  /** The process's arguments, from /proc. */
  private static Optional<List<String>> commandLine(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid), "cmdline");
    return Files.isReadable(proc) ? nulSeparated(proc) : Optional.empty();
  }

  /** The folder the process was started in, as its shell told it ({@code PWD}); known on Linux only. */
  private static Optional<Path> startedIn(long pid) {
    Path environ = Path.of("/proc", Long.toString(pid), "environ");
    if (!Files.isReadable(environ)) {
      return Optional.empty();
    }
    return nulSeparated(environ).flatMap(variables -> variables.stream()
        .filter(variable -> variable.startsWith("PWD="))
        .findFirst()
        .flatMap(variable -> {
          try {
            return Optional.of(Path.of(variable.substring(4)));
          } catch (InvalidPathException e) {
            return Optional.empty();
          }
        }));
  }

  private static Optional<List<String>> nulSeparated(Path file) {
    try {
      String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      List<String> words = new ArrayList<>(Arrays.asList(text.split("\0", -1)));
      if (words.get(words.size() - 1).isEmpty()) {
        words.remove(words.size() - 1);
      }
      return Optional.of(words);
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }
}
