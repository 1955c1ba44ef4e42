package io.githydrate.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Checks bytes are well-formed UTF-8 as Unicode defines it (RFC 3629), without decoding them. */
final class Utf8 {
  private static final long HIGH_BITS = 0x8080808080808080L;
  /** Eight bytes of a byte array read as one long. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Utf8() {}

  /**
   * Whether {@code bytes} are well-formed UTF-8: no stray continuation bytes, no overlong forms, no
   * encoded surrogates, nothing above U+10FFFF, no sequence cut short. Exactly the bytes that Java's
   * UTF-8 decoder accepts without replacing anything.
   */
  static boolean isValid(byte[] bytes) {
    int i = 0;
    int n = bytes.length;
    while (i < n) {
      int lead = bytes[i] & 0xFF;
      if (lead < 0x80) {
        i++;
        // Text is mostly ASCII: step over it eight bytes at a time.
        while (i + Long.BYTES <= n && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
          i += Long.BYTES;
        }
      } else if (lead < 0xC2) {
        return false; // a continuation byte, or the lead of an overlong two-byte form
      } else if (lead < 0xE0) {
        if (i + 1 >= n || !continuation(bytes[i + 1])) {
          return false;
        }
        i += 2;
      } else if (lead < 0xF0) {
        if (i + 2 >= n) {
          return false;
        }
        int second = bytes[i + 1] & 0xFF;
        if ((lead == 0xE0 && second < 0xA0) // overlong
            || (lead == 0xED && second > 0x9F) // a surrogate
            || !continuation(second) || !continuation(bytes[i + 2])) {
          return false;
        }
        i += 3;
      } else if (lead < 0xF5) {
        if (i + 3 >= n) {
          return false;
        }
        int second = bytes[i + 1] & 0xFF;
        if ((lead == 0xF0 && second < 0x90) // overlong
            || (lead == 0xF4 && second > 0x8F) // above U+10FFFF
            || !continuation(second) || !continuation(bytes[i + 2]) || !continuation(bytes[i + 3])) {
          return false;
        }
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean continuation(int b) {
    return (b & 0xC0) == 0x80;
  }
}
