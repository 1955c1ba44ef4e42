package io.githydrate.git.filter;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Git's pkt-line framing: four lowercase or uppercase hex digits giving the packet's length
 * (the four digits included), then that many bytes less four of data; {@code 0000} is a flush
 * packet, which ends a list or a content stream. Packets of Git's filter protocol hold at most
 * {@value #MAX_PACKET} bytes, so anything longer, shorter than a header or empty ({@code 0004}, which
 * Git never sends) is refused as malformed.
 *
 * <p>Reads only what it is asked for from a stream it does not own and never closes; it buffers
 * nothing beyond the packet being read. Not thread safe.
 */
final class PktLineReader {
  /** The longest packet, header included (Git's LARGE_PACKET_MAX). */
  static final int MAX_PACKET = 65520;
  /** The most data one packet carries. */
  static final int MAX_DATA = MAX_PACKET - 4;

  private final InputStream in;
  private final byte[] header = new byte[4];

  PktLineReader(InputStream in) {
    this.in = in;
  }

  /** Thrown when the stream ends before the first byte of a packet: the writer is done. */
  static final class EndOfInput extends EOFException {
    private static final long serialVersionUID = 1L;

    EndOfInput() {
      super("end of input");
    }
  }

  /**
   * Reads one packet's header and returns its data length, or -1 for a flush packet.
   *
   * @throws EndOfInput when the stream ends before the header's first byte
   * @throws ProtocolException when the header is malformed or the stream ends inside it
   */
  int readHeader() throws IOException {
    int first = in.read();
    if (first < 0) {
      throw new EndOfInput();
    }
    header[0] = (byte) first;
    if (in.readNBytes(header, 1, 3) != 3) {
      throw new ProtocolException("the input ended inside a packet header");
    }
    int length = 0;
    for (byte b : header) {
      int digit = Character.digit(b, 16);
      if (digit < 0) {
        throw new ProtocolException("invalid packet header \"" + printable(header) + "\"");
      }
      length = length * 16 + digit;
    }
    if (length == 0) {
      return -1;
    }
    if (length <= 4 || length > MAX_PACKET) {
      throw new ProtocolException("invalid packet length " + length + " (\"" + printable(header) + "\")");
    }
    return length - 4;
  }

  /** Reads exactly {@code length} bytes of packet data into {@code buffer} at {@code offset}. */
  void readData(byte[] buffer, int offset, int length) throws IOException {
    if (in.readNBytes(buffer, offset, length) != length) {
      throw new ProtocolException("the input ended inside a packet");
    }
  }

  /** The next text packet without its trailing line feed, or null at a flush packet. */
  String readText() throws IOException {
    int length = readHeader();
    if (length < 0) {
      return null;
    }
    byte[] data = new byte[length];
    readData(data, 0, length);
    int end = data[length - 1] == '\n' ? length - 1 : length;
    return new String(data, 0, end, StandardCharsets.UTF_8);
  }

  /**
   * The text packets up to the next flush packet.
   *
   * @throws EndOfInput when the stream ends before the list's first packet
   */
  List<String> readTextList() throws IOException {
    List<String> lines = new ArrayList<>();
    String line = readText();
    while (line != null) {
      lines.add(line);
      try {
        line = readText();
      } catch (EndOfInput e) {
        throw new ProtocolException("the input ended inside a list of packets, after " + lines.size());
      }
    }
    return lines;
  }

  /**
   * The data of the packets up to the next flush packet, as a stream that ends there. Must be read
   * to its end (or {@link ContentInputStream#skipToEnd skipped}) before the next packet is read;
   * closing it does neither and leaves the underlying stream open.
   */
  ContentInputStream content() {
    return new ContentInputStream();
  }

  /** One content stream: packet data until a flush packet. */
  final class ContentInputStream extends InputStream {
    private final byte[] packet = new byte[MAX_DATA];
    private int position;
    private int limit;
    private boolean ended;
    private long total;

    @Override
    public int read() throws IOException {
      if (!fill()) {
        return -1;
      }
      total++;
      return packet[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(length, limit - position);
      System.arraycopy(packet, position, buffer, offset, n);
      position += n;
      total += n;
      return n;
    }

    @Override
    public int available() {
      return limit - position;
    }

    /** Reads and discards the rest of the content, up to and including its flush packet. */
    void skipToEnd() throws IOException {
      while (fill()) {
        total += limit - position;
        position = limit;
      }
    }

    /** Whether the flush packet that ends the content has been read. */
    boolean ended() {
      return ended;
    }

    /** How many bytes of content have been read so far. */
    long bytesRead() {
      return total;
    }

    /** Whether data is ready in the buffer, reading the next packet if needed; false at the end. */
    private boolean fill() throws IOException {
      while (position == limit) {
        if (ended) {
          return false;
        }
        int length;
        try {
          length = readHeader();
        } catch (EndOfInput e) {
          throw new ProtocolException("the input ended inside a file's content, after " + total + " bytes");
        }
        if (length < 0) {
          ended = true;
          return false;
        }
        readData(packet, 0, length);
        position = 0;
        limit = length;
      }
      return true;
    }
  }

  private static String printable(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    for (byte b : bytes) {
      int c = b & 0xff;
      text.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return text.toString();
  }
}
