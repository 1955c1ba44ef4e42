package io.githydrate.dist;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The archives of the repository the distribution build (src/dist/build.sh) trains its class caches
 * in, derived from src/dist/training.db.json by exact edits. Each edit must find its text exactly
 * once and each result must still be JSON: a change to the source that an edit no longer fits stops
 * the build, rather than training on other data than intended. Not a user command.
 */
public final class TrainingRepository {
  /** The source as it is: a database whose settings {@link #change} changes, which a checkout rebuilds in full. */
  static final String APP = "app.db.json";
  /**
   * The same without the trigger, exactly as dehydrate writes it, and only a row changed: a checkout
   * rewrites its changed rows in place.
   */
  static final String PLAIN = "plain.db.json";
  /** app.db.json with one row's text edited, for {@code hydrate --force} to bring in. */
  static final String EDITED = "edited.json";

  private TrainingRepository() {}

  /**
   * {@code write SOURCE DIR}: writes app.db.json, plain.db.json and edited.json into DIR.
   * {@code change DIR}: changes one row in DIR's app.db.json and plain.db.json, and app.db's
   * user_version, for a commit a checkout then brings in. Exits 1, with the reason on stderr, when an
   * edit does not fit.
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    try {
      if (args.length == 3 && args[0].equals("write")) {
        write(Path.of(args[1]), Path.of(args[2]));
      } else if (args.length == 2 && args[0].equals("change")) {
        change(Path.of(args[1]));
      } else {
        System.err.println("usage: TrainingRepository write SOURCE DIR | change DIR");
        return 2;
      }
      return 0;
    } catch (IllegalStateException | UncheckedIOException e) {
      System.err.println("training repository: " + e.getMessage());
      return 1;
    }
  }

  /** Writes the three archives derived from {@code source} into {@code directory}. */
  static void write(Path source, Path directory) {
    String app = TextFiles.read(source);
    String name = source.toString();
    json(app, name);
    TextFiles.write(directory.resolve(APP), app);
    TextFiles.write(directory.resolve(PLAIN), json(plain(app, name), PLAIN));
    TextFiles.write(directory.resolve(EDITED), json(edited(app, name), EDITED));
  }

  /**
   * Changes one row of the archives {@link #write} wrote into {@code directory}, and app.db's
   * user_version: a change of settings, which has a checkout build the database in full.
   */
  static void change(Path directory) {
    for (String archive : List.of(APP, PLAIN)) {
      Path file = directory.resolve(archive);
      String text = changed(TextFiles.read(file), file.toString());
      if (archive.equals(APP)) {
        text = replaceOnce(text, "\"user_version\": 1\n", "\"user_version\": 2\n", file.toString());
      }
      TextFiles.write(file, json(text, archive));
    }
  }

  /**
   * {@code app} without its trigger, named plain.db, and with the integer that the TEXT column
   * {@code tags.tag} holds as text, as dehydrate writes it.
   */
  static String plain(String app, String name) {
    String text = withoutSchemaLine(app, "{\"type\": \"trigger\"", name);
    text = replaceOnce(text, "\"database\": \"app.db\"", "\"database\": \"plain.db\"", name);
    return replaceOnce(text, "[3, 2, 42, null]", "[3, 2, \"42\", null]", name);
  }

  /** {@code app} with the second note's text edited. */
  static String edited(String app, String name) {
    return replaceOnce(app, "[2, \"second note, ", "[2, \"second note, edited, ", name);
  }

  /** {@code archive} with the first note's text changed. */
  static String changed(String archive, String name) {
    return replaceOnce(archive, "[1, \"first note\", ", "[1, \"first note, changed\", ", name);
  }

  /** {@code text} with {@code target}, which must occur exactly once, replaced. */
  static String replaceOnce(String text, String target, String replacement, String name) {
    int at = text.indexOf(target);
    int count = 0;
    for (int i = at; i >= 0; i = text.indexOf(target, i + 1)) {
      count++;
    }
    if (count != 1) {
      throw new IllegalStateException(name + ": expected " + quoted(target) + " once, found it " + count + " times");
    }
    return text.substring(0, at) + replacement + text.substring(at + target.length());
  }

  /**
   * {@code text} without the one schema line that starts with {@code start}; the line before it
   * loses its comma when the removed line was the schema's last.
   */
  static String withoutSchemaLine(String text, String start, String name) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    int found = -1;
    int count = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("  " + start)) {
        found = i;
        count++;
      }
    }
    if (count != 1) {
      throw new IllegalStateException(name + ": expected one schema line starting " + quoted(start)
          + ", found " + count);
    }
    lines.remove(found);
    if (lines.get(found).equals(" ],")) {
      String before = lines.get(found - 1);
      if (!before.endsWith("},")) {
        throw new IllegalStateException(name + " line " + found + ": expected a schema line ending \"},\", got "
            + quoted(before));
      }
      lines.set(found - 1, before.substring(0, before.length() - 1));
    }
    return String.join("\n", lines);
  }

  /** {@code text}, after checking that it is one JSON object and nothing else. */
  static String json(String text, String name) {
    try (JsonParser parser = new JsonFactory().createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new IllegalStateException(name + ": expected a JSON object, got " + first);
      }
      parser.skipChildren();
      JsonToken after = parser.nextToken();
      if (after != null) {
        throw new IllegalStateException(name + ": expected nothing after the JSON object, got " + after);
      }
    } catch (IOException e) {
      throw new IllegalStateException(name + ": not JSON: " + e.getMessage(), e);
    }
    return text;
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\"", "\\\"") + "\"";
  }
}
