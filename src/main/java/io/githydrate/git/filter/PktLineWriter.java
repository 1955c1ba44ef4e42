package io.githydrate.git.filter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes Git's pkt-line framing (see {@link PktLineReader}) to a stream it does not own and never
 * closes. Every packet goes to the stream in one write, header and data together; {@link #flush}
 * writes a flush packet and then flushes the stream, which is the only point where output must
 * reach Git. Never writes an empty data packet ({@code 0004}): Git would take it for the end of the
 * content. Not thread safe.
 */
final class PktLineWriter {
  private static final byte[] FLUSH = {'0', '0', '0', '0'};
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream out;

  PktLineWriter(OutputStream out) {
    this.out = out;
  }

  /** Writes {@code line} and a line feed as one text packet. */
  void text(String line) throws IOException {
    byte[] data = (line + "\n").getBytes(StandardCharsets.UTF_8);
    if (data.length > PktLineReader.MAX_DATA) {
      throw new IllegalArgumentException("a text packet of " + data.length + " bytes is too long");
    }
    byte[] packet = new byte[data.length + 4];
    System.arraycopy(data, 0, packet, 4, data.length);
    writePacket(packet, data.length);
  }

  /** Writes a flush packet and pushes everything written so far to Git. */
  void flush() throws IOException {
    out.write(FLUSH);
    out.flush();
  }

  /**
   * A stream that cuts what is written to it into data packets of at most
   * {@value PktLineReader#MAX_DATA} bytes. Closing it writes what it holds as a last packet, not the
   * flush packet that ends the content.
   */
  ContentOutputStream content() {
    return new ContentOutputStream();
  }

  /** Content as data packets; see {@link #content()}. */
  final class ContentOutputStream extends OutputStream {
    /** Four bytes for the header, then the data: a packet goes out in one write. */
    private final byte[] packet = new byte[PktLineReader.MAX_PACKET];
    private int length;
    private long total;
    private boolean closed;

    @Override
    public void write(int b) throws IOException {
      if (length == PktLineReader.MAX_DATA) {
        send();
      }
      packet[4 + length++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
      while (count > 0) {
        if (length == PktLineReader.MAX_DATA) {
          send();
        }
        int n = Math.min(count, PktLineReader.MAX_DATA - length);
        System.arraycopy(bytes, offset, packet, 4 + length, n);
        length += n;
        offset += n;
        count -= n;
      }
    }

    /** Copies {@code in} to its end as content, reading straight into the packet buffer. */
    long copyFrom(InputStream in) throws IOException {
      long copied = 0;
      while (true) {
        if (length == PktLineReader.MAX_DATA) {
          send();
        }
        int n = in.read(packet, 4 + length, PktLineReader.MAX_DATA - length);
        if (n < 0) {
          return copied;
        }
        length += n;
        copied += n;
      }
    }

    /** How many content bytes have been written to it. */
    long bytesWritten() {
      return total + length;
    }

    /** Sends what is held as one packet; does not flush the underlying stream. */
    @Override
    public void flush() throws IOException {
      if (length > 0) {
        send();
      }
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        flush();
      }
    }

    private void send() throws IOException {
      writePacket(packet, length);
      total += length;
      length = 0;
    }
  }

  /** Writes {@code packet}, whose first four bytes are filled in here with the header for {@code dataLength}. */
  private void writePacket(byte[] packet, int dataLength) throws IOException {
    int size = dataLength + 4;
    packet[0] = HEX[(size >> 12) & 0xf];
    packet[1] = HEX[(size >> 8) & 0xf];
    packet[2] = HEX[(size >> 4) & 0xf];
    packet[3] = HEX[size & 0xf];
    out.write(packet, 0, size);
  }
}
