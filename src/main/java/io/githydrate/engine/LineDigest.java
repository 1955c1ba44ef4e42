package io.githydrate.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The digest {@link LineIndex} keeps of one archive line: a polynomial hash modulo the prime
 * 2<sup>61</sup>&minus;1 at a secret point (a per-repository key), beside the line's CRC32C.
 *
 * <p>Why this hash: two different lines of n seven-byte words share the polynomial hash for at most
 * n+2 of the 2<sup>61</sup> possible keys, so as long as the key stays in the repository's Git
 * directory nobody can write a line that passes for another, whatever bytes a teammate's archive
 * holds; with the CRC an accidental match is below 2<sup>-80</sup> for a 300-byte row. It costs about
 * a third of SHA-256 per byte, which matters on a hook that reads hundreds of megabytes.
 *
 * <p>Not thread safe (the CRC is reused).
 */
final class LineDigest {
  static final long PRIME = (1L << 61) - 1;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long SEVEN_BYTES = (1L << 56) - 1;

  private final long key;
  /** key<sup>4</sup>: four words are hashed side by side, so the multiplications overlap. */
  private final long key2;
  private final long key3;
  private final long key4;
  private final CRC32C crc = new CRC32C();

  /** @param key a secret in [2<sup>32</sup>, 2<sup>61</sup>&minus;1) */
  LineDigest(long key) {
    if (key < (1L << 32) || key >= PRIME) {
      throw new IllegalArgumentException("a line key must lie in [2^32, 2^61 - 1)");
    }
    this.key = key;
    this.key2 = times(key, key);
    this.key3 = times(key2, key);
    this.key4 = times(key2, key2);
  }

  /** The hash of {@code bytes[from, to)}: below 2<sup>61</sup>, so three bits are left for a kind. */
  long hash(byte[] bytes, int from, int to) {
    long a0 = 0;
    long a1 = 0;
    long a2 = 0;
    long a3 = 0;
    int i = from;
    // Words are read eight bytes at a time and seven kept, so each is below the prime.
    for (; i + 29 <= to; i += 28) {
      a0 = plus(times(a0, key4), word(bytes, i));
      a1 = plus(times(a1, key4), word(bytes, i + 7));
      a2 = plus(times(a2, key4), word(bytes, i + 14));
      a3 = plus(times(a3, key4), word(bytes, i + 21));
    }
    long h = plus(plus(times(a0, key3), times(a1, key2)), plus(times(a2, key), a3));
    for (; i + 8 <= to; i += 7) {
      h = plus(times(h, key), word(bytes, i));
    }
    long tail = 0;
    for (int shift = 0; i < to; i++, shift += 8) {
      tail |= (bytes[i] & 0xFFL) << shift;
    }
    h = plus(times(h, key), tail);
    // The length last: lines that differ only in trailing zero bytes differ here.
    return plus(times(h, key), to - from);
  }

  /** The CRC32C of {@code bytes[from, to)}. */
  int check(byte[] bytes, int from, int to) {
    crc.reset();
    crc.update(bytes, from, to - from);
    return (int) crc.getValue();
  }

  private static long word(byte[] bytes, int at) {
    return (long) LONGS.get(bytes, at) & SEVEN_BYTES;
  }

  /** a * b mod the prime, for a and b below it. */
  static long times(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return reduce((low & PRIME) + ((low >>> 61) | (high << 3)));
  }

  /** a + b mod the prime, for a and b below it. */
  private static long plus(long a, long b) {
    return reduce(a + b);
  }

  private static long reduce(long r) {
    r = (r & PRIME) + (r >>> 61);
    return r >= PRIME ? r - PRIME : r;
  }
}
