package io.githydrate.git.filter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds pkt-line byte streams by hand, as Git would send them, for the codec's and the process's tests. */
final class PktLines {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  PktLines text(String... lines) {
    for (String line : lines) {
      packet((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return this;
  }

  PktLines flush() {
    raw("0000");
    return this;
  }

  /** {@code data} as packets of at most 65516 bytes (nothing for empty data). */
  PktLines content(byte[] data) {
    for (int offset = 0; offset < data.length; offset += PktLineReader.MAX_DATA) {
      int n = Math.min(PktLineReader.MAX_DATA, data.length - offset);
      byte[] packet = new byte[n];
      System.arraycopy(data, offset, packet, 0, n);
      packet(packet);
    }
    return this;
  }

  PktLines packet(byte[] data) {
    raw(String.format("%04x", data.length + 4));
    bytes.writeBytes(data);
    return this;
  }

  PktLines raw(String text) {
    bytes.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    return this;
  }

  /** The handshake Git starts every process with, offering {@code capabilities}. */
  PktLines handshake(String... capabilities) {
    text("git-filter-client", "version=2").flush();
    for (String capability : capabilities) {
      text("capability=" + capability);
    }
    return flush();
  }

  /** One request, as Git sends it for {@code command} of {@code pathname}. */
  PktLines request(String command, String pathname, byte[] content) {
    return text("command=" + command, "pathname=" + pathname).flush().content(content).flush();
  }

  byte[] bytes() {
    return bytes.toByteArray();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A reader over what the filter wrote, to take its answers apart. */
  static PktLineReader reader(byte[] written) {
    return new PktLineReader(new java.io.ByteArrayInputStream(written));
  }

  /** The content up to the next flush, read whole. */
  static byte[] content(PktLineReader reader) {
    try {
      return reader.content().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
