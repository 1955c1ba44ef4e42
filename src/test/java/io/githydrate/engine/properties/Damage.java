package io.githydrate.engine.properties;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One way of damaging a healthy database file, or (NONE, EMPTY) of leaving it usable. Every damaging
 * kind leaves a file SQLite cannot use as it was: no header, a header SQLite rejects, a size that is
 * not a whole number of pages, or a b-tree page of a table or index overwritten with zeros.
 *
 * @param position picks the byte, page, cut or invalid value, depending on the kind
 * @param bytes the content for RANDOM_BYTES
 */
record Damage(Kind kind, int position, byte[] bytes) {

  enum Kind { NONE, EMPTY, RANDOM_BYTES, TRUNCATE, MAGIC, PAGE_SIZE, PAYLOAD_FRACTIONS, READ_VERSION, ZERO_PAGE }

  /** Page sizes the file format does not allow (1 is not among them: it means 65536). */
  private static final List<Integer> INVALID_PAGE_SIZES = List.of(0, 2, 256, 511, 1000, 1025, 3000, 4095, 12345, 65535);

  static Arbitrary<Damage> any() {
    return Combinators.combine(
        Arbitraries.of(Kind.class),
        Arbitraries.integers().greaterOrEqual(0),
        // not 1 byte: SQLite's unix VFS reads a 1-byte file as an empty database (a workaround for
        // file systems that cannot hold empty files), so whether that is "usable" depends on the OS
        Arbitraries.bytes().array(byte[].class).ofMinSize(2).ofMaxSize(4096))
        .as(Damage::new);
  }

  /** Only the kinds that make the file unusable. */
  static Arbitrary<Damage> corrupting() {
    return any().filter(d -> !d.leavesUsable());
  }

  /** SQLite reads a 0-byte file as an empty database, so EMPTY leaves it usable too. */
  boolean leavesUsable() {
    return kind == Kind.NONE || kind == Kind.EMPTY;
  }

  /** Damages {@code file} (a healthy database) and says what was done. */
  String apply(Path file) throws IOException, SQLException {
    long size = Files.size(file);
    switch (kind) {
      case NONE:
        return "left as it was";
      case EMPTY:
        Files.write(file, new byte[0]);
        return "emptied";
      case RANDOM_BYTES: {
        byte[] content = bytes.clone();
        if (content[0] == 'S') {
          content[0] = 's'; // never the start of "SQLite format 3"
        }
        Files.write(file, content);
        return "replaced by " + content.length + " random bytes";
      }
      default:
        break;
    }
    int pageSize = pageSize(file);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      switch (kind) {
        case TRUNCATE -> {
          long length = size < 3 ? 2 : 2 + Math.floorMod(position, size - 2); // not 1: see any()
          if (length % pageSize == 0) {
            length--;
          }
          raf.setLength(length);
          return "truncated from " + size + " to " + length + " bytes (page size " + pageSize + ")";
        }
        case MAGIC -> {
          int at = position % 16;
          raf.seek(at);
          int old = raf.read();
          raf.seek(at);
          raf.write(old ^ (1 + position % 255));
          return "changed byte " + at + " of the magic string";
        }
        case PAGE_SIZE -> {
          int invalid = INVALID_PAGE_SIZES.get(position % INVALID_PAGE_SIZES.size());
          raf.seek(16);
          raf.write(invalid >> 8);
          raf.write(invalid & 0xff);
          return "set the page size field to " + invalid;
        }
        case PAYLOAD_FRACTIONS -> {
          int at = 21 + position % 3;
          raf.seek(at);
          int old = raf.read();
          raf.seek(at);
          raf.write(old ^ (1 + position % 255));
          return "changed payload fraction byte " + at;
        }
        case READ_VERSION -> {
          // byte 19; a write version (byte 18) above 2 only makes the file read-only
          int version = 3 + position % 253;
          raf.seek(19);
          raf.write(version);
          return "set the read version to " + version;
        }
        case ZERO_PAGE -> {
          List<Long> pages = btreePages(file);
          long page = pages.isEmpty() ? 1 : pages.get(position % pages.size());
          raf.seek((page - 1) * pageSize);
          raf.write(new byte[pageSize]);
          return "zeroed page " + page + " of " + size / pageSize + " (b-tree pages after the first: " + pages + ")";
        }
        default -> throw new AssertionError(kind);
      }
    }
  }

  private static int pageSize(Path file) throws IOException {
    byte[] header = new byte[18];
    try (var in = Files.newInputStream(file)) {
      if (in.readNBytes(header, 0, 18) < 18) {
        return 4096;
      }
    }
    int size = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
    return size == 1 ? 65536 : size;
  }

  /** Pages after the first that belong to a table or index b-tree (free pages may hold anything). */
  private static List<Long> btreePages(Path file) throws SQLException {
    return Sqlite.rows(file, "SELECT DISTINCT pageno FROM dbstat WHERE pageno > 1 AND pagetype IN ('internal', 'leaf')"
        + " ORDER BY pageno", List.of()).stream().map(row -> (Long) row.get(0)).toList();
  }

  @Override
  public String toString() {
    return kind + (kind == Kind.RANDOM_BYTES ? " (" + bytes.length + " bytes)" : " at " + position);
  }
}
