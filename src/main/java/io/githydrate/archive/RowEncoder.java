package io.githydrate.archive;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.NumberOutput;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Encodes a whole row into the bytes the archive holds for it ({@code [1, "a", null]}), so the
 * generator takes it as one raw value instead of one call per value. The bytes are exactly those
 * that writing the values one by one through the generator and {@link ArchiveLayout} gives (a
 * property test holds the two paths to that); rows too big to be worth holding in memory are not
 * encoded here but left to that streaming path.
 *
 * <p>Not thread safe: the encoded row lives in a buffer reused for the next row.
 */
final class RowEncoder {
  /** Rows whose TEXT and BLOB values add up to more than this go through the generator instead. */
  static final int MAX_INLINE_BYTES = 256 * 1024;

  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BLOB_START = "{\"blob\": \"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] REAL_START = "{\"real\": \"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  /**
   * How the generator escapes each ASCII character in a string: 0 as it is, a letter for a
   * two-character escape ({@code \n}), -1 for {@code \}{@code u00XX}. The same table as Jackson's
   * default one.
   */
  private static final byte[] ESCAPES = new byte[128];

  static {
    Arrays.fill(ESCAPES, 0, 0x20, (byte) -1);
    ESCAPES['\b'] = 'b';
    ESCAPES['\t'] = 't';
    ESCAPES['\n'] = 'n';
    ESCAPES['\f'] = 'f';
    ESCAPES['\r'] = 'r';
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
  }

  private static final int MAX_LONG_CHARS = 20;
  private static final long HIGH_BITS = 0x8080808080808080L;
  /** Eight bytes of a byte array read as one long, lowest index in the lowest bits. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /**
   * The JDK's encoder writes what the generator's default variant does (standard alphabet, padded,
   * no line feeds), and much faster: it is a compiler intrinsic.
   */
  private static final Base64.Encoder BASE64 = Base64.getEncoder();

  private final RawJson encoded = new RawJson();
  private byte[] buffer = new byte[8192];
  private byte[] base64 = new byte[1024];
  private int length;

  /**
   * The row's bytes, valid until the next call, or null when the row is too big to encode in memory
   * (or holds a value this encoder leaves to the generator).
   */
  SerializableString encode(Object[] values) {
    if (!fitsInline(values)) {
      return null;
    }
    length = 0;
    put((byte) '[');
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        put((byte) ',');
        put((byte) ' ');
      }
      Object value = values[i];
      if (value == null) {
        put(NULL);
      } else if (value instanceof Long l) {
        ensure(MAX_LONG_CHARS);
        length = NumberOutput.outputLong(l, buffer, length); // as the generator writes it
      } else if (value instanceof Double d) {
        real(d);
      } else if (value instanceof Utf8Text text) {
        text(text.bytes());
      } else if (value instanceof byte[] bytes) {
        blob(bytes);
      } else {
        return null; // String (UTF-16 databases), Integer: left to the generator
      }
    }
    put((byte) ']');
    return encoded.set(buffer, length);
  }

  private static boolean fitsInline(Object[] values) {
    long size = 0;
    for (Object value : values) {
      if (value instanceof Utf8Text text) {
        size += text.bytes().length;
      } else if (value instanceof byte[] bytes) {
        size += bytes.length;
      }
    }
    return size <= MAX_INLINE_BYTES;
  }

  private void real(double d) {
    if (Double.isFinite(d)) {
      putAscii(NumberOutput.toString(d, true)); // the generator's own shortest round-trip form
    } else {
      put(REAL_START);
      putAscii(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
      put((byte) '"');
      put((byte) '}');
    }
  }

  private void text(byte[] utf8) {
    ensure(utf8.length * 6 + 2); // the worst case: every byte a six-character escape
    byte[] out = buffer;
    int at = length;
    out[at++] = '"';
    for (int plain = 0, i; ; plain = i + 1) {
      i = nextEscaped(utf8, plain);
      System.arraycopy(utf8, plain, out, at, i - plain); // multi-byte characters too, as they are
      at += i - plain;
      if (i == utf8.length) {
        break;
      }
      byte b = utf8[i];
      out[at++] = '\\';
      if (ESCAPES[b] > 0) {
        out[at++] = ESCAPES[b];
      } else {
        out[at++] = 'u';
        out[at++] = '0';
        out[at++] = '0';
        out[at++] = HEX[b >> 4];
        out[at++] = HEX[b & 0xF];
      }
    }
    out[at++] = '"';
    length = at;
  }

  /**
   * The index of the first byte from {@code from} that needs an escape, or the length when none
   * does. Eight bytes at a time: text is mostly long runs that need none.
   */
  private static int nextEscaped(byte[] utf8, int from) {
    int i = from;
    for (; i + Long.BYTES <= utf8.length; i += Long.BYTES) {
      long escaped = escapedBytes((long) LONGS.get(utf8, i));
      if (escaped != 0) {
        return i + (Long.numberOfTrailingZeros(escaped) >>> 3);
      }
    }
    for (; i < utf8.length; i++) {
      byte b = utf8[i];
      if (b >= 0 && ESCAPES[b] != 0) {
        return i;
      }
    }
    return i;
  }

  /**
   * The high bit of each byte of {@code word} (little-endian) that is a control character, a quote
   * or a backslash: exact for the lowest such byte, which is all {@link #nextEscaped} reads (a
   * borrow can only mark bytes above one that is marked rightly). Bytes from 0x80 are never marked.
   */
  private static long escapedBytes(long word) {
    long ascii = ~word & HIGH_BITS;
    long control = (word - 0x2020202020202020L) & ascii;
    long quote = word ^ 0x2222222222222222L;
    long backslash = word ^ 0x5C5C5C5C5C5C5C5CL;
    return control
        | ((quote - 0x0101010101010101L) & ~quote & HIGH_BITS)
        | ((backslash - 0x0101010101010101L) & ~backslash & HIGH_BITS);
  }

  /** Base64 as the generator writes it: standard alphabet, padded, no line feeds. */
  private void blob(byte[] bytes) {
    put(BLOB_START);
    int encodedLength = 4 * ((bytes.length + 2) / 3);
    if (base64.length < encodedLength) {
      base64 = new byte[Math.max(encodedLength, 2 * base64.length)];
    }
    BASE64.encode(bytes, base64); // the encoder writes from index 0 only, hence the scratch array
    ensure(encodedLength + 2);
    System.arraycopy(base64, 0, buffer, length, encodedLength);
    length += encodedLength;
    buffer[length++] = '"';
    buffer[length++] = '}';
  }

  private void putAscii(String ascii) {
    int n = ascii.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buffer[length++] = (byte) ascii.charAt(i);
    }
  }

  private void put(byte b) {
    ensure(1);
    buffer[length++] = b;
  }

  private void put(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, length, bytes.length);
    length += bytes.length;
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }
}
