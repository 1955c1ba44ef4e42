package io.githydrate.sync;

import io.githydrate.HydrateException;
import io.githydrate.Messages;
import io.githydrate.archive.ArchiveFormatException;
import io.githydrate.archive.ArchiveReader;
import io.githydrate.archive.ArchiveVisitor;
import io.githydrate.archive.FileValue;
import io.githydrate.archive.Pragmas;
import io.githydrate.archive.SchemaObject;
import io.githydrate.archive.TableData;
import io.githydrate.engine.ArchiveRules;
import io.githydrate.engine.ContentKind;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.ForeignKeyViolations;
import io.githydrate.engine.Hydrator;
import io.githydrate.engine.Progress;
import io.githydrate.engine.SchemaTrial;
import io.githydrate.engine.ValueFiles;
import io.githydrate.git.DatabaseRules;
import io.githydrate.git.GitRepository;
import io.githydrate.git.Mode;
import io.githydrate.git.Workspace;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.commons.io.file.PathUtils;

/**
 * The checks {@code git hydrate check} runs on committed archives, for CI, where a checkout has the
 * archives but no databases and no hooks: each archive parses; SQLite accepts its schema; the
 * database built from it is healthy and keeps its foreign keys; it is in canonical form (building
 * its database and exporting that gives the same bytes) and that form round-trips exactly; and no
 * placeholder is left in it that {@link Placeholders} does not allow.
 *
 * <p>The archives checked are the tracked ones (the index's paths): each as the work tree holds it,
 * or, where the work tree holds the database instead (filter mode with the filter set up) or
 * nothing, as the index holds it. Databases are built in the temp directory and deleted; nothing in
 * the repository is written.
 */
public final class ArchiveCheck {
  private static final Pattern MISMATCH = Pattern.compile("foreign key mismatch - \"(.+?)\" referencing");

  /** Problems of one check in one archive are reported up to this many; the rest are counted. */
  static final int MAX_PER_CHECK = 100;

  /** The checks, each with its name in the output. */
  public enum Check {
    PARSE("parse"), SCHEMA("schema"), BUILD("build"), FOREIGN_KEY("foreign-key"), CANONICAL("canonical"),
    ROUND_TRIP("round-trip"), PLACEHOLDER("placeholder");

    private final String wireName;

    Check(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** One problem: the 1-based line of the archive it is at (for a whole-file problem, the line of the object involved, or 1). */
  public record Problem(long line, Check check, String message) {}

  /** One archive: its path in the repository, where it was read from ({@code work tree} or {@code index}), its problems. */
  public record Result(String path, String source, List<Problem> problems) {
    public boolean passed() {
      return problems.isEmpty();
    }
  }

  /** {@code errors} are archives that could not be checked at all (an unmerged path, an unreadable file). */
  public record Report(List<Result> archives, List<String> errors) {
    public boolean passed() {
      return errors.isEmpty() && archives.stream().allMatch(Result::passed);
    }
  }

  private final Placeholders placeholders;
  /** Each database's rules by label, for the placeholders its redacted columns hold. */
  private final Function<String, ArchiveRules> rules;

  public ArchiveCheck(Placeholders placeholders) {
    this(placeholders, label -> ArchiveRules.NONE);
  }

  /**
   * @param placeholders where placeholders may stay in any archive
   * @param rules each database's rules by label: its redacted columns may hold their placeholders too
   */
  public ArchiveCheck(Placeholders placeholders, Function<String, ArchiveRules> rules) {
    this.placeholders = placeholders;
    this.rules = rules;
  }

  /** Checks every tracked archive of the databases {@code wanted} accepts (by database path). */
  public Report run(Workspace workspace, GitRepository repository, Mode mode, Predicate<String> wanted) {
    DatabaseRules rules = workspace.rules();
    List<Result> results = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Set<String> unmerged = new LinkedHashSet<>();
    for (GitRepository.IndexFile file : repository.indexFiles()) {
      String path = file.path();
      Optional<String> database = rules.databaseOf(path)
          .or(() -> mode == Mode.FILTER && rules.isDatabase(path) ? Optional.of(path) : Optional.empty());
      if (database.isEmpty() || !wanted.test(database.get())) {
        continue;
      }
      if (file.stage() != 0) {
        if (unmerged.add(path)) {
          errors.add(Messages.printable(path) + ": unmerged (a merge conflict is open); resolve it, then check");
        }
        continue;
      }
      try {
        results.add(checkTracked(workspace, repository, file, database.get()));
      } catch (HydrateException e) {
        errors.add(e.getMessage());
      } catch (IOException e) {
        errors.add(Messages.printable(path) + ": cannot read: " + e.getMessage());
      }
    }
    return new Report(results, errors);
  }

  private Result checkTracked(Workspace workspace, GitRepository repository, GitRepository.IndexFile file,
      String database) throws IOException {
    Path inWorkTree = workspace.resolve(file.path());
    if (Files.isRegularFile(inWorkTree, LinkOption.NOFOLLOW_LINKS)
        && ContentKind.ofFile(inWorkTree) != ContentKind.DATABASE) {
      return new Result(file.path(), "work tree", check(inWorkTree, database));
    }
    Path scratch = Files.createTempDirectory("git-hydrate-check");
    try {
      Path blob = scratch.resolve("index.json");
      repository.copyBlob(file.blob(), blob);
      // Its large values, if it keeps any out of line, are those of the work tree's values folder.
      return new Result(file.path(), "index", check(blob, database, ValueFiles.folderOf(inWorkTree)));
    } finally {
      deleteQuietly(scratch);
    }
  }

  /**
   * Every problem of the archive {@code archive}, in the order of its lines; {@code label} is the
   * database's path, for messages and for an archive that records none.
   */
  public List<Problem> check(Path archive, String label) throws IOException {
    return check(archive, label, ValueFiles.folderOf(archive));
  }

  /** As {@link #check(Path, String)}, the values the archive keeps out of line read from {@code valuesFolder}. */
  private List<Problem> check(Path archive, String label, Path valuesFolder) throws IOException {
    List<Problem> problems = new ArrayList<>();
    ContentKind kind = ContentKind.ofFile(archive);
    if (kind == ContentKind.DATABASE) {
      problems.add(new Problem(1, Check.PARSE,
          "a SQLite database, not an archive (it was committed without git-hydrate's filter or hooks)"));
      return problems;
    }
    ArchiveRules redacting = rules.apply(label);
    Scan scan = new Scan(redacting.redactions().isEmpty() ? placeholders : Placeholders.of(redacting));
    try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
      ArchiveReader.read(in, scan);
    } catch (ArchiveFormatException e) {
      problems.add(new Problem(Math.max(1, e.line()), Check.PARSE, withoutLine(e)));
      return problems;
    } catch (HydrateException e) {
      problems.add(new Problem(1, Check.PARSE, e.getMessage()));
      return problems;
    }
    problems.addAll(scan.problems);
    Optional<SchemaTrial.Refusal> refused = SchemaTrial.run(scan.schema);
    if (refused.isPresent()) {
      problems.add(new Problem(scan.schemaLines.get(refused.get().index()), Check.SCHEMA, refused.get().message()));
      return sorted(problems);
    }
    String recorded = scan.database != null && !scan.database.isEmpty() ? scan.database : label;
    Path scratch = Files.createTempDirectory("git-hydrate-check");
    try {
      Path built = scratch.resolve("built.db");
      try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
        Hydrator.buildChecked(in, recorded, built, new ValueFiles.Source(valuesFolder));
      } catch (HydrateException e) {
        problems.add(new Problem(lineOf(e), Check.BUILD, e.getMessage()));
        return sorted(problems);
      }
      foreignKeys(built, scan, problems, redacting);
      Path canonical = scratch.resolve("canonical.json");
      export(built, recorded, canonical, scan.largeValueLimit());
      FirstDifference.Difference difference = FirstDifference.of(archive, canonical);
      if (difference != null) {
        problems.add(new Problem(difference.line(), Check.CANONICAL, difference.describe()));
        roundTrip(canonical, recorded, scratch, problems, scan.largeValueLimit());
      }
    } finally {
      deleteQuietly(scratch);
    }
    return sorted(problems);
  }

  /** The canonical form must come back byte for byte; if it does not, git-hydrate itself is at fault. */
  private static void roundTrip(Path canonical, String label, Path scratch, List<Problem> problems,
      long largeValueLimit) throws IOException {
    Path rebuilt = scratch.resolve("rebuilt.db");
    Path again = scratch.resolve("again.json");
    try (InputStream in = new BufferedInputStream(Files.newInputStream(canonical), 1 << 16)) {
      Hydrator.buildChecked(in, label, rebuilt, ValueFiles.Source.of(canonical));
    }
    export(rebuilt, label, again, largeValueLimit);
    FirstDifference.Difference difference = FirstDifference.of(canonical, again);
    if (difference != null) {
      problems.add(new Problem(1, Check.ROUND_TRIP, "its canonical form does not round-trip exactly (line "
          + difference.line() + " of it differs after building and exporting again); please report this"));
    }
  }

  /** Exports with values over {@code largeValueLimit} bytes out of line (0: none), beside {@code archive}. */
  private static void export(Path db, String label, Path archive, long largeValueLimit) {
    ArchiveRules rules = new ArchiveRules(Set.of(), List.of(), largeValueLimit);
    new Dehydrator(0, Progress.NONE, any -> rules).dehydrate(db, label, archive);
  }

  /** The rows that break foreign keys, but those that point at a table whose rows {@code rules} exclude. */
  private static void foreignKeys(Path built, Scan scan, List<Problem> problems, ArchiveRules rules) {
    List<ForeignKeyViolations.Violation> violations;
    try {
      violations = ForeignKeyViolations.of(built, MAX_PER_CHECK + 1, rules::excludesRows);
    } catch (HydrateException e) {
      // A foreign key whose parent columns are neither its primary key nor UNIQUE: SQLite accepts
      // the schema but cannot check (or enforce) the key, and says "foreign key mismatch".
      Matcher mismatch = MISMATCH.matcher(e.getMessage());
      long line = 1;
      if (mismatch.find()) {
        for (int i = 0; i < scan.schema.size(); i++) {
          if (scan.schema.get(i).name().equalsIgnoreCase(mismatch.group(1))) {
            line = scan.schemaLines.get(i);
          }
        }
      }
      problems.add(new Problem(line, Check.FOREIGN_KEY, Messages.printable(e.getMessage().replace(
          "cannot check foreign keys: ", "")) + (mismatch.find(0) ? " (the columns it references are neither the"
              + " parent's primary key nor UNIQUE, so SQLite cannot enforce it)" : "")));
      return;
    }
    for (int i = 0; i < Math.min(violations.size(), MAX_PER_CHECK); i++) {
      ForeignKeyViolations.Violation v = violations.get(i);
      Integer first = scan.firstRowLines.get(v.table());
      long line = first == null ? 1 : v.position() >= 0 ? first + v.position() : Math.max(1, first - 1);
      String row = v.rowid() == null ? "a row" : "row " + v.rowid() + " (rowid)";
      problems.add(new Problem(line, Check.FOREIGN_KEY, Messages.printable("table \"" + v.table() + "\" " + row
          + " refers to a row of \"" + v.parent() + "\" that does not exist")));
    }
    if (violations.size() > MAX_PER_CHECK) {
      problems.add(new Problem(1, Check.FOREIGN_KEY, "more rows break foreign keys; only the first "
          + MAX_PER_CHECK + " are listed"));
    }
  }

  private static List<Problem> sorted(List<Problem> problems) {
    problems.sort(Comparator.comparingLong(Problem::line));
    return problems;
  }

  /** The line a build failure names, from the archive reader's exception; 1 when none does. */
  private static long lineOf(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ArchiveFormatException format && format.line() > 0) {
        return format.line();
      }
    }
    return 1;
  }

  /** The message without its "line N: " prefix: the output puts the line in front. */
  private static String withoutLine(ArchiveFormatException e) {
    String prefix = "line " + e.line() + ": ";
    return e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
  }

  private static void deleteQuietly(Path directory) {
    try {
      PathUtils.deleteDirectory(directory);
    } catch (IOException e) {
      // a scratch folder in the temp directory; the OS cleans it eventually
    }
  }

  /** One pass over the archive: its schema with lines, where each table's rows start, placeholders. */
  private static final class Scan extends ArchiveVisitor.Ignoring {
    private final Placeholders placeholders;
    final List<SchemaObject> schema = new ArrayList<>();
    final List<Integer> schemaLines = new ArrayList<>();
    final Map<String, Integer> firstRowLines = new HashMap<>();
    final List<Problem> problems = new ArrayList<>();
    String database;
    private TableData table;
    private int found;
    /** The size of the smallest value kept in a file of its own, or MAX_VALUE when there is none. */
    private long smallestOutOfLine = Long.MAX_VALUE;

    Scan(Placeholders placeholders) {
      this.placeholders = placeholders;
    }

    @Override
    public void header(String databasePath, Pragmas pragmas) {
      database = databasePath;
    }

    @Override
    public void schemaObject(SchemaObject object, int line) {
      schema.add(object);
      schemaLines.add(Math.max(1, line));
      placeholders.inSql(object.sql()).ifPresent(placeholder -> placeholder(line, "schema entry \"" + object.name()
          + "\": its SQL holds " + placeholder + ", a placeholder left unsubstituted"));
    }

    @Override
    public void beginTable(TableData table) {
      this.table = table;
    }

    /**
     * The large-values limit that gives the archive's own choice of values out of line, if it is in
     * canonical form: one byte below its smallest value in a file (every value in line is no longer
     * than the limit it was written with, which is below that); 0 when it keeps none out of line.
     */
    long largeValueLimit() {
      return smallestOutOfLine == Long.MAX_VALUE ? 0 : smallestOutOfLine - 1;
    }

    @Override
    public void row(Object[] values, int line) {
      for (Object value : values) {
        if (value instanceof FileValue file) {
          smallestOutOfLine = Math.min(smallestOutOfLine, file.size());
        }
      }
      firstRowLines.putIfAbsent(table.name(), line);
      int offset = table.withRowid() ? 1 : 0;
      for (int i = offset; i < values.length; i++) {
        if (values[i] instanceof String text && placeholders.isPlaceholder(text)) {
          String column = table.columns().get(i - offset);
          if (!placeholders.allowedIn(table.name(), column, text)) {
            placeholder(line, "table \"" + table.name() + "\" column \"" + column + "\" holds " + text
                + ", a placeholder left unsubstituted");
          }
        }
      }
    }

    private void placeholder(int line, String message) {
      if (++found <= MAX_PER_CHECK) {
        problems.add(new Problem(Math.max(1, line), Check.PLACEHOLDER, Messages.printable(message)));
      } else if (found == MAX_PER_CHECK + 1) {
        problems.add(new Problem(1, Check.PLACEHOLDER, "more placeholders; only the first " + MAX_PER_CHECK
            + " are listed"));
      }
    }
  }
}
