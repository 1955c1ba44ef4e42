package io.githydrate.merge;

import static io.githydrate.archive.WrittenLines.EMPTY_ROWS_START;
import static io.githydrate.archive.WrittenLines.NO_TABLES;
import static io.githydrate.archive.WrittenLines.ROWS_CLOSE;
import static io.githydrate.archive.WrittenLines.ROWS_OPEN;
import static io.githydrate.archive.WrittenLines.ROW_INDENT;
import static io.githydrate.archive.WrittenLines.TABLES_OPEN;
import static io.githydrate.archive.WrittenLines.TABLE_INDENT;

import io.githydrate.archive.ArchiveFormatException;
import io.githydrate.archive.ArchiveReader;
import io.githydrate.archive.ArchiveVisitor;
import io.githydrate.archive.Pragmas;
import io.githydrate.archive.SchemaObject;
import io.githydrate.archive.TableData;
import io.githydrate.engine.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One archive in the layout {@link io.githydrate.archive.ArchiveWriter} writes, read as its header
 * (parsed whole: pragmas and schema are small) and its tables' rows as lines, each table found by
 * seeking, so that three archives can be walked table by table whatever order each lists its
 * tables in. A row line is handed over as the row's JSON array (indentation and comma taken off),
 * parsed only when asked. {@code row_count} lines are not trusted: rows are counted.
 *
 * <p>Anything off that layout is a {@link NotInLayout}: the caller rewrites the archive in
 * canonical form first.
 */
final class ArchiveFile implements Closeable {
  /** The file does not have the line layout this reads; it may still be a valid archive. */
  static final class NotInLayout extends Exception {
    NotInLayout(String reason) {
      super(reason, null, false, false);
    }
  }

  /** An archive's content before its rows. */
  record Header(String database, Pragmas pragmas, List<SchemaObject> schema) {}


  private final String label;
  private final LineInput lines;
  private final Header header;
  /** Offsets of the table headings found so far, by table name. */
  private final Map<String, Long> headings = new HashMap<>();
  /** Where the search for headings not yet found goes on; -1 once the tables' end was reached. */
  private long unexplored;

  private ArchiveFile(String label, LineInput lines, Header header, long firstTable) {
    this.label = label;
    this.lines = lines;
    this.header = header;
    this.unexplored = firstTable;
  }

  /** The ways an archive in the layout ends: after its tables, after its conflicts, or with no tables. */
  private static final List<byte[]> ENDINGS = List.of(bytes("\n }\n}\n"), bytes("\n ]\n}\n"), bytes("{}\n}\n"));

  /** Opens {@code file}, reading its header; {@code label} names it in messages. */
  static ArchiveFile open(Path file, String label) throws IOException, NotInLayout {
    // Rows are read table by table, maybe never to the file's end: a file cut short after its last
    // table is caught here, by how it ends (the caller's full read then says what is wrong).
    if (!endsAsAnArchive(file)) {
      throw new NotInLayout("it does not end as an archive does");
    }
    LineInput lines = new LineInput(file);
    try {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      byte[] line;
      boolean empty = false;
      while (true) {
        line = lines.next();
        if (line == null) {
          throw new NotInLayout("no \"tables\" line");
        }
        if (Arrays.equals(line, TABLES_OPEN)) {
          break;
        }
        if (Arrays.equals(line, NO_TABLES) || Arrays.equals(line, bytes(" \"tables\": {},"))) {
          empty = true;
          break;
        }
        head.write(line);
        head.write('\n');
      }
      head.write(NO_TABLES);
      head.write(bytes("\n}\n"));
      Header header = parseHeader(head.toByteArray());
      return new ArchiveFile(label, lines, header, empty ? -1 : lines.position());
    } catch (IOException | NotInLayout | RuntimeException e) {
      lines.close();
      throw e;
    }
  }

  /**
   * Opens {@code file}; one laid out otherwise (valid JSON edited by hand or pretty-printed by
   * another tool), or any when {@code rewrite}, through a canonical copy, added to {@code temps} for
   * the caller to delete. Throws a {@link MergeException} naming {@code label} when it does not read.
   */
  static ArchiveFile openOrCopy(Path file, String label, List<Path> temps, boolean rewrite) throws IOException {
    try {
      if (!rewrite) {
        return open(file, label);
      }
    } catch (NotInLayout e) {
      // read through a copy, below
    }
    Path copy = AtomicFiles.tempFile("git-hydrate-canonical-", ".json");
    temps.add(copy);
    CanonicalCopy.write(file, label, copy);
    try {
      return open(copy, label);
    } catch (NotInLayout again) {
      throw new MergeException(label + ": " + again.getMessage());
    }
  }

  private static boolean endsAsAnArchive(Path file) throws IOException {
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
      long size = channel.size();
      int n = (int) Math.min(size, 16);
      java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate(n);
      while (tail.hasRemaining() && channel.read(tail, size - n + tail.position()) > 0) {
        // read the last bytes
      }
      byte[] last = tail.array();
      return ENDINGS.stream().anyMatch(ending -> endsWith(last, ending));
    }
  }

  private static Header parseHeader(byte[] text) throws IOException, NotInLayout {
    List<SchemaObject> schema = new ArrayList<>();
    String[] database = new String[1];
    Pragmas[] pragmas = new Pragmas[1];
    ArchiveReader.Kind kind;
    try {
      kind = ArchiveReader.read(new ByteArrayInputStream(text), new ArchiveVisitor.Ignoring() {
        @Override
        public void header(String databasePath, Pragmas p) {
          database[0] = databasePath;
          pragmas[0] = p;
        }

        @Override
        public void schemaObject(SchemaObject object) {
          schema.add(object);
        }
      });
    } catch (ArchiveFormatException e) {
      throw new NotInLayout("its header does not read: " + e.getMessage());
    }
    if (kind != ArchiveReader.Kind.V1) {
      throw new NotInLayout("not format v1");
    }
    return new Header(database[0], pragmas[0], List.copyOf(schema));
  }

  Header header() {
    return header;
  }

  String label() {
    return label;
  }

  /** The rows of table {@code name}; empty when the archive has no entry for it. */
  Optional<Rows> table(String name) throws IOException, NotInLayout {
    Long at = headings.get(name);
    if (at != null) {
      lines.seek(at);
      return Optional.of(new Rows(lines.next(), false));
    }
    // Not met yet: look further, skipping the rows of other tables (their headings are noted for
    // later); the table asked for is read in the same pass, the usual case when the three archives
    // list their tables in the same order.
    while (unexplored >= 0) {
      lines.seek(unexplored);
      long offset = lines.position();
      byte[] line = lines.next();
      if (line == null || !startsWith(line, TABLE_INDENT)) {
        unexplored = -1; // " }" (the tables' end), or the end of the file: no more tables
        break;
      }
      Rows rows = new Rows(line, true);
      headings.putIfAbsent(rows.table().name(), offset);
      if (rows.table().name().equals(name)) {
        return Optional.of(rows);
      }
      rows.skip();
    }
    return Optional.empty();
  }

  /** One table's rows, read forward. */
  final class Rows {
    private final TableData table;
    private boolean done;
    private long count;

    /** Whether this table is the furthest read: when done, the search for headings goes on after it. */
    private final boolean frontier;

    private Rows(byte[] heading, boolean frontier) throws IOException, NotInLayout {
      this.frontier = frontier;
      if (heading == null || !startsWith(heading, TABLE_INDENT)) {
        throw new NotInLayout("a table heading was expected");
      }
      byte[] text = heading;
      int empty = indexOf(text, EMPTY_ROWS_START);
      if (empty >= 0) {
        done = true;
        text = Arrays.copyOf(text, empty + ROWS_OPEN.length);
        if (frontier) {
          unexplored = lines.position();
        }
      }
      if (!endsWith(text, ROWS_OPEN)) {
        throw new NotInLayout("a table heading does not end its line with \"rows\": [");
      }
      try {
        table = ArchiveReader.readTableLine(text);
      } catch (ArchiveFormatException e) {
        throw new NotInLayout("a table heading does not read: " + e.getMessage());
      }
    }

    TableData table() {
      return table;
    }

    /** The next row's JSON array; null after the last. */
    byte[] next() throws IOException, NotInLayout {
      if (done) {
        return null;
      }
      if (!lines.advance()) {
        throw new NotInLayout("table \"" + table.name() + "\" ends without its closing line");
      }
      if (lines.startsWith(ROW_INDENT)) {
        count++;
        return lines.copy(ROW_INDENT.length - 1, (byte) ','); // the row's array: no indent, no comma
      }
      if (lines.startsWith(ROWS_CLOSE)) {
        done = true;
        if (frontier) {
          unexplored = lines.position();
        }
        return null;
      }
      throw new NotInLayout("table \"" + table.name() + "\" has a line that is neither a row nor its end");
    }

    void skip() throws IOException, NotInLayout {
      while (next() != null) {
        // only the end matters
      }
      if (frontier) {
        unexplored = lines.position();
      }
    }

    /** Rows read so far. */
    long count() {
      return count;
    }
  }

  static boolean startsWith(byte[] line, byte[] prefix) {
    return line.length >= prefix.length && Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static boolean endsWith(byte[] line, byte[] suffix) {
    return line.length >= suffix.length
        && Arrays.equals(line, line.length - suffix.length, line.length, suffix, 0, suffix.length);
  }

  private static int indexOf(byte[] line, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= line.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (line[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
