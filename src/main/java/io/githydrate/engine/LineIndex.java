package io.githydrate.engine;

import io.githydrate.archive.ArchiveLines;
import io.githydrate.archive.WrittenLines;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Compact digests of every line of one archive in the layout {@link io.githydrate.archive.ArchiveWriter}
 * writes, in order: what {@link ArchiveDelta} compares a new archive with, instead of the previous
 * archive's bytes, which Git would have to inflate (a second of a hook's time on a 300 MB archive).
 * About 12 bytes a row, kept in {@code .git/git-hydrate/lines/} for each database and bound to the
 * SHA-256 of the archive it describes; the database in step with that archive holds exactly its
 * rows.
 *
 * <p>Each entry is a {@link LineDigest} hash with its kind in the top bits, and a CRC32C: the lines
 * before and after the tables ({@link #STRUCTURE}), each table's heading ({@link #HEADING}, up to
 * {@code "rows": [}), its rows without their commas ({@link #ROW}), and the end of its rows
 * ({@link #ROWS_END}, which holds the row count and whether another table follows instead of a
 * hash). An index is made from the lines as they are read ({@link Builder}); anything not in that
 * layout makes none.
 */
public final class LineIndex {
  static final long STRUCTURE = 1L << 61;
  static final long HEADING = 2L << 61;
  static final long ROW = 3L << 61;
  static final long ROWS_END = 4L << 61;
  private static final long KIND = 7L << 61;
  private static final long SEPARATED = 1L << 60;

  private static final byte[] MAGIC = "git-hydrate lines 1\n".getBytes(StandardCharsets.US_ASCII);
  private static final int DIGEST_CHARS = 64;

  private static final int HEADER = MAGIC.length + Long.BYTES + DIGEST_CHARS + Integer.BYTES;

  private final String archiveDigest;
  private final long keyId;
  private final int size;
  /** The entries as made ({@link Builder}), or null when read from a file ({@link #kept}). */
  private final long[] words;
  private final int[] checks;
  /**
   * A kept index's file, mapped: its entries are read where they lie, not copied (on a virtual
   * machine, touching 12 MB of fresh heap costs more than the rest of reading it).
   */
  private final ByteBuffer kept;

  private LineIndex(String archiveDigest, long keyId, int size, long[] words, int[] checks, ByteBuffer kept) {
    this.archiveDigest = archiveDigest;
    this.keyId = keyId;
    this.size = size;
    this.words = words;
    this.checks = checks;
    this.kept = kept;
  }

  /** The SHA-256 (hex) of the archive whose lines these are. */
  public String archiveDigest() {
    return archiveDigest;
  }

  int size() {
    return size;
  }

  long word(int entry) {
    return words != null ? words[entry] : kept.getLong(HEADER + 8 * entry);
  }

  int check(int entry) {
    return checks != null ? checks[entry] : kept.getInt(HEADER + 8 * size + 4 * entry);
  }

  static long kind(long word) {
    return word & KIND;
  }

  static boolean separated(long rowsEnd) {
    return (rowsEnd & SEPARATED) != 0;
  }

  /** The index in {@code file}, made with {@code key}; empty when it is missing, damaged or made with another key. */
  public static Optional<LineIndex> read(Path file, Key key) {
    ByteBuffer bytes;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long length = channel.size();
      if (length < HEADER + Integer.BYTES || length > Integer.MAX_VALUE) {
        return Optional.empty();
      }
      bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, length).order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      return Optional.empty();
    }
    int length = bytes.capacity();
    byte[] magic = new byte[MAGIC.length];
    bytes.get(0, magic);
    if (!Arrays.equals(magic, MAGIC)) {
      return Optional.empty();
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes.slice(0, length - Integer.BYTES));
    if (bytes.getInt(length - Integer.BYTES) != (int) crc.getValue()) {
      return Optional.empty();
    }
    long keyId = bytes.getLong(MAGIC.length);
    byte[] digest = new byte[DIGEST_CHARS];
    bytes.get(MAGIC.length + Long.BYTES, digest);
    int size = bytes.getInt(HEADER - Integer.BYTES);
    if (keyId != key.id() || size < 0 || HEADER + 12L * size + Integer.BYTES != length) {
      return Optional.empty();
    }
    return Optional.of(new LineIndex(new String(digest, StandardCharsets.US_ASCII), keyId, size, null, null, bytes));
  }

  /**
   * Writes the index to {@code file} through a temporary file beside it and a rename, so a reader
   * finds the old index or the new one; not synced to disk, since a torn index fails its CRC and is
   * only an index (the next update then compares with the archive Git has).
   */
  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path temp = AtomicFiles.tempFileBeside(file);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        Output out = new Output(channel);
        out.buffer.put(MAGIC).putLong(keyId).put(archiveDigest.getBytes(StandardCharsets.US_ASCII)).putInt(size);
        for (int i = 0; i < size; i++) {
          out.room(Long.BYTES).putLong(word(i));
        }
        for (int i = 0; i < size; i++) {
          out.room(Integer.BYTES).putInt(check(i));
        }
        out.finish();
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
    } finally {
      AtomicFiles.deleteQuietly(temp);
    }
  }

  /** Writes through one buffer, keeping the CRC32C of what was written, which ends the file. */
  private static final class Output {
    private final FileChannel channel;
    final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();

    Output(FileChannel channel) {
      this.channel = channel;
    }

    ByteBuffer room(int bytes) throws IOException {
      if (buffer.remaining() < bytes) {
        flush();
      }
      return buffer;
    }

    void finish() throws IOException {
      flush();
      buffer.putInt((int) crc.getValue());
      flush();
    }

    private void flush() throws IOException {
      buffer.flip();
      crc.update(buffer.duplicate());
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      buffer.clear();
    }
  }

  /**
   * The per-repository secret the line hashes are taken at ({@link LineDigest}), and a random id
   * kept with it, which an index records to tell it was made with this key.
   */
  public record Key(long value, long id) {
    private static final int BYTES = 2 * Long.BYTES;

    /**
     * The key kept in {@code file}, made (16 random bytes) when there is none. Empty when it can be
     * neither read nor made: then no index is used.
     */
    public static Optional<Key> in(Path file) {
      for (int attempt = 0; attempt < 2; attempt++) {
        try {
          byte[] bytes = Files.readAllBytes(file);
          if (bytes.length != BYTES) {
            // Not a key this version made: a new one (the indexes made with the old no longer match).
            Files.delete(file);
            if (!make(file)) {
              return Optional.empty();
            }
            continue;
          }
          ByteBuffer in = ByteBuffer.wrap(bytes);
          return Optional.of(new Key(point(in.getLong()), in.getLong()));
        } catch (NoSuchFileException e) {
          if (!make(file)) {
            return Optional.empty();
          }
        } catch (IOException e) {
          return Optional.empty();
        }
      }
      return Optional.empty();
    }

    private static boolean make(Path file) {
      Path temp = null;
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
        temp = AtomicFiles.tempFileBeside(file);
        byte[] random = new byte[BYTES];
        new SecureRandom().nextBytes(random);
        Files.write(temp, random);
        // Another process making one at the same time: the first one made stays, both use it.
        return AtomicFiles.moveIfAbsent(temp, file) || Files.exists(file);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        return Files.exists(file);
      } catch (IOException e) {
        return false;
      } finally {
        AtomicFiles.deleteQuietly(temp);
      }
    }

    /** A key from 8 bytes (as a long), its id derived from them: for tests and one-off comparisons. */
    public static Key of(long bytes) {
      return new Key(point(bytes), bytes * 0x9E3779B97F4A7C15L);
    }

    /** A point in [2^59, 2^60): within the range {@link LineDigest} takes. */
    private static long point(long bytes) {
      return (bytes & (LineDigest.PRIME >>> 1)) | (1L << 59);
    }
  }

  /**
   * Makes the index of an archive from its lines, given one at a time (without their LF), as they
   * are read. Checks the layout as {@link WrittenLines} does; {@link #finish} answers empty for an
   * archive not in that layout.
   */
  public static final class Builder {
    private enum State { PREAMBLE, TABLES, ROWS, CLOSING, DONE, UNSUITABLE }

    private final Key key;
    private final LineDigest digest;
    private long[] words;
    private int[] checks;
    private int size;
    private State state = State.PREAMBLE;
    private int lineNumber;
    private long rows;
    private boolean lastHadComma;
    /** The start of a line whose end has not come yet, for {@link #bytes}. */
    private byte[] carry = new byte[1024];
    private int carried;

    public Builder(Key key) {
      this(key, 1024);
    }

    /** @param expected how many entries to make room for at first (the previous archive's, say) */
    public Builder(Key key, int expected) {
      this.key = key;
      this.digest = new LineDigest(key.value());
      this.words = new long[Math.max(16, expected)];
      this.checks = new int[words.length];
    }

    /** Whether the lines so far are in the layout (a caller may stop feeding lines when not). */
    public boolean suitable() {
      return state != State.UNSUITABLE;
    }

    /** The hash the lines are taken with. */
    LineDigest digest() {
      return digest;
    }

    /** The number of entries made so far. */
    int size() {
      return size;
    }

    long word(int entry) {
      return words[entry];
    }

    int check(int entry) {
      return checks[entry];
    }

    /**
     * The archive's next bytes, split into lines here: for a reader that does not see lines. A line
     * longer than {@link ArchiveLines#MAX_LINE} makes the archive unsuitable rather than held.
     */
    public void bytes(byte[] bytes, int from, int to) {
      int start = from;
      for (int i = from; i < to && state != State.UNSUITABLE; i++) {
        if (bytes[i] == '\n') {
          if (carried == 0) {
            line(bytes, start, i);
          } else {
            carry(bytes, start, i);
            line(carry, 0, carried);
            carried = 0;
          }
          start = i + 1;
        }
      }
      if (start < to && state != State.UNSUITABLE) {
        carry(bytes, start, to);
      }
    }

    /** {@code in}, handing every byte read to {@link #bytes} too (for a reader that parses it). */
    public InputStream reading(InputStream in) {
      return new FilterInputStream(in) {
        @Override
        public int read() throws IOException {
          int b = in.read();
          if (b >= 0) {
            bytes(new byte[] {(byte) b}, 0, 1);
          }
          return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = in.read(buffer, offset, length);
          if (n > 0) {
            bytes(buffer, offset, offset + n);
          }
          return n;
        }

        @Override
        public long skip(long n) throws IOException {
          throw new IOException("an archive is read whole");
        }
      };
    }

    /** {@code out}, handing every byte written to {@link #bytes} too (for a writer of the archive). */
    public OutputStream writing(OutputStream out) {
      return new FilterOutputStream(out) {
        @Override
        public void write(int b) throws IOException {
          out.write(b);
          bytes(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
          out.write(buffer, offset, length);
          bytes(buffer, offset, offset + length);
        }
      };
    }

    private void carry(byte[] bytes, int from, int to) {
      int length = carried + to - from;
      if (length > ArchiveLines.MAX_LINE) {
        state = State.UNSUITABLE;
        carry = new byte[0];
        carried = 0;
        return;
      }
      if (length > carry.length) {
        carry = Arrays.copyOf(carry, Math.max(length, carry.length * 2));
      }
      System.arraycopy(bytes, from, carry, carried, to - from);
      carried = length;
    }

    /** The next line, {@code bytes[from, to)}. */
    public void line(byte[] bytes, int from, int to) {
      lineNumber++;
      switch (state) {
        case PREAMBLE -> preamble(bytes, from, to);
        case TABLES -> table(bytes, from, to);
        case ROWS -> row(bytes, from, to);
        case CLOSING -> {
          add(STRUCTURE, bytes, from, to);
          state = is(bytes, from, to, WrittenLines.ARCHIVE_CLOSE) ? State.DONE : State.UNSUITABLE;
        }
        case DONE -> state = State.UNSUITABLE;
        case UNSUITABLE -> { }
      }
    }

    /** The index of the archive whose SHA-256 is {@code archiveDigest}, once all its lines were given. */
    public Optional<LineIndex> finish(String archiveDigest) {
      if (state != State.DONE || carried > 0 || archiveDigest == null || archiveDigest.length() != DIGEST_CHARS) {
        return Optional.empty();
      }
      return Optional.of(new LineIndex(archiveDigest, key.id(), size, words, checks, null));
    }

    private void preamble(byte[] bytes, int from, int to) {
      if ((lineNumber == 1 && !is(bytes, from, to, WrittenLines.FIRST_LINE))
          || (lineNumber == 2 && !is(bytes, from, to, WrittenLines.FORMAT_LINE))) {
        state = State.UNSUITABLE;
        return;
      }
      add(STRUCTURE, bytes, from, to);
      if (is(bytes, from, to, WrittenLines.TABLES_OPEN)) {
        state = State.TABLES;
      } else if (is(bytes, from, to, WrittenLines.NO_TABLES)) {
        state = State.CLOSING;
      }
    }

    private void table(byte[] bytes, int from, int to) {
      if (is(bytes, from, to, WrittenLines.TABLES_CLOSE)) {
        boolean previousSeparated = size > 0 && kind(words[size - 1]) == ROWS_END && separated(words[size - 1]);
        boolean anyTable = size > 0 && kind(words[size - 1]) == ROWS_END;
        add(STRUCTURE, bytes, from, to);
        state = anyTable && !previousSeparated ? State.CLOSING : State.UNSUITABLE;
        return;
      }
      boolean first = kind(words[size - 1]) != ROWS_END;
      if ((!first && !separated(words[size - 1])) || !startsWith(bytes, from, to, WrittenLines.TABLE_INDENT)) {
        state = State.UNSUITABLE;
        return;
      }
      if (endsWith(bytes, from, to, WrittenLines.ROWS_OPEN)) {
        add(HEADING, bytes, from, to);
        rows = 0;
        lastHadComma = false;
        state = State.ROWS;
        return;
      }
      byte[] heading;
      try {
        heading = WrittenLines.TableRows.of(Arrays.copyOfRange(bytes, from, to), null).heading();
      } catch (ArchiveLines.Unsuitable e) {
        state = State.UNSUITABLE;
        return;
      }
      add(HEADING, heading, 0, heading.length);
      append(ROWS_END | (bytes[to - 1] == ',' ? SEPARATED : 0), 0);
    }

    private void row(byte[] bytes, int from, int to) {
      if (startsWith(bytes, from, to, WrittenLines.ROW_INDENT)) {
        if (rows > 0 && !lastHadComma) {
          state = State.UNSUITABLE;
          return;
        }
        rows++;
        lastHadComma = bytes[to - 1] == ',';
        add(ROW, bytes, from, lastHadComma ? to - 1 : to);
        return;
      }
      OptionalCount count = closing(bytes, from, to);
      if (count == null || rows == 0 || lastHadComma || count.value != rows) {
        state = State.UNSUITABLE;
        return;
      }
      append(ROWS_END | (count.separated ? SEPARATED : 0) | rows, 0);
      state = State.TABLES;
    }

    /** The count a rows' closing line declares, or null when the line is not one. */
    private static OptionalCount closing(byte[] bytes, int from, int to) {
      if (!startsWith(bytes, from, to, WrittenLines.ROWS_CLOSE)) {
        return null;
      }
      boolean separated = bytes[to - 1] == ',';
      int end = separated ? to - 1 : to;
      int start = from + WrittenLines.ROWS_CLOSE.length;
      if (end - start < 2 || end - start > 19 || bytes[end - 1] != '}' || bytes[start] == '0') {
        return null;
      }
      long value = 0;
      for (int i = start; i < end - 1; i++) {
        if (bytes[i] < '0' || bytes[i] > '9') {
          return null;
        }
        value = value * 10 + (bytes[i] - '0');
      }
      return new OptionalCount(value, separated);
    }

    private record OptionalCount(long value, boolean separated) {}

    private void add(long kind, byte[] bytes, int from, int to) {
      append(kind | digest.hash(bytes, from, to), digest.check(bytes, from, to));
    }

    private void append(long word, int check) {
      if (size == words.length) {
        words = Arrays.copyOf(words, size * 2);
        checks = Arrays.copyOf(checks, size * 2);
      }
      words[size] = word;
      checks[size++] = check;
    }

    private static boolean is(byte[] bytes, int from, int to, byte[] line) {
      return Arrays.equals(bytes, from, to, line, 0, line.length);
    }

    private static boolean startsWith(byte[] bytes, int from, int to, byte[] prefix) {
      return to - from >= prefix.length && Arrays.equals(bytes, from, from + prefix.length, prefix, 0, prefix.length);
    }

    private static boolean endsWith(byte[] bytes, int from, int to, byte[] suffix) {
      return to - from >= suffix.length && Arrays.equals(bytes, to - suffix.length, to, suffix, 0, suffix.length);
    }
  }
}
