package io.githydrate.archive;

import com.fasterxml.jackson.core.SerializableString;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON text already encoded as the archive writes it (a row), handed to the generator's raw-value
 * call: copied straight into the generator's buffer when it fits there, else handed over whole.
 * Nothing else is supported. Points at its bytes without copying them, so it is valid until they
 * change.
 */
final class RawJson implements SerializableString {
  private byte[] bytes;
  private int length;

  /** Points at the first {@code length} bytes of {@code bytes}; returns itself. */
  RawJson set(byte[] bytes, int length) {
    this.bytes = bytes;
    this.length = length;
    return this;
  }

  @Override
  public int appendUnquotedUTF8(byte[] out, int offset) {
    if (offset + length > out.length) {
      return -1;
    }
    System.arraycopy(bytes, 0, out, offset, length);
    return length;
  }

  @Override
  public byte[] asUnquotedUTF8() {
    return Arrays.copyOf(bytes, length);
  }

  @Override
  public String getValue() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  @Override
  public int charLength() {
    return getValue().length();
  }

  @Override
  public char[] asQuotedChars() {
    throw unsupported();
  }

  @Override
  public byte[] asQuotedUTF8() {
    throw unsupported();
  }

  @Override
  public int appendQuotedUTF8(byte[] out, int offset) {
    throw unsupported();
  }

  @Override
  public int appendQuoted(char[] out, int offset) {
    throw unsupported();
  }

  @Override
  public int appendUnquoted(char[] out, int offset) {
    throw unsupported();
  }

  @Override
  public int writeQuotedUTF8(OutputStream out) {
    throw unsupported();
  }

  @Override
  public int writeUnquotedUTF8(OutputStream out) {
    throw unsupported();
  }

  @Override
  public int putQuotedUTF8(ByteBuffer out) {
    throw unsupported();
  }

  @Override
  public int putUnquotedUTF8(ByteBuffer out) {
    throw unsupported();
  }

  private UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("encoded JSON is written raw, as it is");
  }
}
