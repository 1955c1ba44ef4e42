package io.githydrate.git.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.testing.LongRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Git's pkt-line framing, read and written on byte arrays (as git-lfs and JGit test theirs). */
class PktLineCodecTest {
  @Test
  void textPacketsLoseTheirLineFeedAndAListEndsAtAFlush() throws IOException {
    PktLineReader reader = PktLines.reader(new PktLines().text("command=clean", "pathname=a b.db").raw("0008abcd").flush().bytes());

    assertEquals(List.of("command=clean", "pathname=a b.db", "abcd"), reader.readTextList());
    assertThrows(PktLineReader.EndOfInput.class, reader::readTextList);
  }

  @Test
  void aTextPacketIsWrittenWithItsLineFeedAndLowercaseHexLength() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PktLineWriter writer = new PktLineWriter(out);

    writer.text("git-filter-server");
    writer.flush();

    assertEquals("0016git-filter-server\n0000", out.toString(StandardCharsets.US_ASCII));
  }

  @ParameterizedTest
  @ValueSource(strings = {"zzzz", "00g1", "-001"})
  void aHeaderThatIsNotHexIsMalformed(String header) {
    PktLineReader reader = PktLines.reader(new PktLines().raw(header).bytes());

    ProtocolException e = assertThrows(ProtocolException.class, reader::readText);
    assertEquals("invalid packet header \"" + header + "\"", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0001", "0002", "0003", "0004", "fff1", "ffff"})
  void lengthsGitNeverSendsAreMalformed(String header) {
    PktLineReader reader = PktLines.reader(new PktLines().raw(header + "x").bytes());

    ProtocolException e = assertThrows(ProtocolException.class, reader::readText);
    assertTrue(e.getMessage().startsWith("invalid packet length " + Integer.parseInt(header, 16)), e.getMessage());
  }

  @Test
  void theLongestPacketIsAccepted() throws IOException {
    byte[] data = new byte[PktLineReader.MAX_DATA];
    PktLineReader reader = PktLines.reader(new PktLines().packet(data).flush().bytes());

    assertEquals(PktLineReader.MAX_DATA, reader.content().readAllBytes().length);
  }

  @Test
  void theInputEndingInsideAHeaderOrAPacketIsAProtocolError() {
    assertEquals("the input ended inside a packet header",
        assertThrows(ProtocolException.class, () -> PktLines.reader(new PktLines().raw("00").bytes()).readText()).getMessage());
    assertEquals("the input ended inside a packet",
        assertThrows(ProtocolException.class, () -> PktLines.reader(new PktLines().raw("000aab").bytes()).readText()).getMessage());
    assertEquals("the input ended inside a list of packets, after 1",
        assertThrows(ProtocolException.class, () -> PktLines.reader(new PktLines().text("command=clean").bytes()).readTextList())
            .getMessage());
  }

  @Test
  void contentEndingWithoutItsFlushIsAProtocolError() {
    PktLineReader reader = PktLines.reader(new PktLines().packet(new byte[10]).bytes());

    ProtocolException e = assertThrows(ProtocolException.class, () -> reader.content().readAllBytes());
    assertEquals("the input ended inside a file's content, after 10 bytes", e.getMessage());
  }

  /** Sizes around the packet size, as Git's t0021 and git-lfs test them. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 1023, 1024, 1025, 65515, 65516, 65517, 131031, 131032, 131033, 1 << 20})
  void contentOfAnySizeComesBackWholeInPacketsOfAtMost65516Bytes(int size) throws IOException {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PktLineWriter writer = new PktLineWriter(out);

    try (OutputStream content = writer.content()) {
      content.write(data, 0, Math.min(size, 7)); // a small write first, so packets do not line up with writes
      content.write(data, Math.min(size, 7), size - Math.min(size, 7));
    }
    writer.flush();

    byte[] written = out.toByteArray();
    assertEquals(packets(size) * 4 + size + 4, written.length, "headers, data and one flush");
    int offset = 0;
    for (int i = 0; i < packets(size); i++) {
      int length = Integer.parseInt(new String(written, offset, 4, StandardCharsets.US_ASCII), 16);
      assertTrue(length > 4 && length <= PktLineReader.MAX_PACKET, "packet " + i + " has length " + length);
      offset += length;
    }
    assertEquals("0000", new String(written, offset, 4, StandardCharsets.US_ASCII));
    assertArrayEquals(data, PktLines.reader(written).content().readAllBytes());
  }

  @Test
  void copyingAStreamFillsWholePackets() throws IOException {
    byte[] data = new byte[200_000];
    new Random(1).nextBytes(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PktLineWriter writer = new PktLineWriter(out);

    try (PktLineWriter.ContentOutputStream content = writer.content()) {
      // a stream that hands out 1,000 bytes at a time
      InputStream trickle = new ByteArrayInputStream(data) {
        @Override
        public synchronized int read(byte[] b, int off, int len) {
          return super.read(b, off, Math.min(len, 1000));
        }
      };
      assertEquals(data.length, content.copyFrom(trickle));
    }
    writer.flush();

    assertEquals(packets(data.length) * 4 + data.length + 4, out.size());
    assertArrayEquals(data, PktLines.reader(out.toByteArray()).content().readAllBytes());
  }

  /** More than 2 GiB, generated and checked on the fly: nothing may count in an int or hold it all. */
  @Test
  @LongRun
  void moreThanTwoGibibytesStreamThroughTheReaderAndTheWriter() throws IOException {
    long size = (1L << 31) + 12_345;
    CheckingPackets sink = new CheckingPackets();
    PktLineWriter writer = new PktLineWriter(sink);
    try (PktLineWriter.ContentOutputStream content = writer.content()) {
      assertEquals(size, content.copyFrom(new Pattern(size)));
      assertEquals(size, content.bytesWritten());
    }
    writer.flush();
    assertEquals(size, sink.data);
    assertEquals(expectedCrc(size), sink.crc.getValue());

    PktLineReader.ContentInputStream content = new PktLineReader(new Framed(size)).content();
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[1 << 16];
    for (int n; (n = content.read(buffer)) > 0; ) {
      crc.update(buffer, 0, n);
    }
    assertEquals(size, content.bytesRead());
    assertTrue(content.ended());
    assertEquals(expectedCrc(size), crc.getValue());
  }

  private static long packets(long size) {
    return (size + PktLineReader.MAX_DATA - 1) / PktLineReader.MAX_DATA;
  }

  private static long expectedCrc(long size) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = new Pattern(size)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        crc.update(buffer, 0, n);
      }
    }
    return crc.getValue();
  }

  /** {@code size} bytes of a repeating pattern, made as they are read. */
  private static class Pattern extends InputStream {
    private final long size;
    long position;

    Pattern(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      return position < size ? (int) (position++ * 31 % 251) : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) ((position + i) * 31 % 251);
      }
      position += n;
      return n;
    }
  }

  /** The pattern framed as Git frames content: packets of 65516 bytes, then a flush. */
  private static final class Framed extends InputStream {
    private final Pattern data;
    private final byte[] header = new byte[4];
    private int headerLeft;
    private int packetLeft;
    private boolean flushed;

    Framed(long size) {
      this.data = new Pattern(size);
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (headerLeft == 0 && packetLeft == 0) {
        long left = data.size - data.position;
        if (left == 0) {
          if (flushed) {
            return -1;
          }
          flushed = true;
          System.arraycopy("0000".getBytes(StandardCharsets.US_ASCII), 0, header, 0, 4);
        } else {
          packetLeft = (int) Math.min(PktLineReader.MAX_DATA, left);
          System.arraycopy(String.format("%04x", packetLeft + 4).getBytes(StandardCharsets.US_ASCII), 0, header, 0, 4);
        }
        headerLeft = 4;
      }
      if (headerLeft > 0) {
        int n = Math.min(len, headerLeft);
        System.arraycopy(header, 4 - headerLeft, b, off, n);
        headerLeft -= n;
        return n;
      }
      int n = data.read(b, off, Math.min(len, packetLeft));
      packetLeft -= n;
      return n;
    }
  }

  /** Parses packets as they are written, checking each one's length and summing its data. */
  private static final class CheckingPackets extends OutputStream {
    final CRC32C crc = new CRC32C();
    long data;
    private final byte[] header = new byte[4];
    private int headerFill;
    private int packetLeft;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      while (len > 0) {
        if (packetLeft == 0) {
          header[headerFill++] = b[off++];
          len--;
          if (headerFill == 4) {
            headerFill = 0;
            int length = Integer.parseInt(new String(header, StandardCharsets.US_ASCII), 16);
            if (length != 0 && (length <= 4 || length > PktLineReader.MAX_PACKET)) {
              throw new AssertionError("a packet of length " + length);
            }
            packetLeft = length == 0 ? 0 : length - 4;
          }
          continue;
        }
        int n = Math.min(len, packetLeft);
        crc.update(b, off, n);
        data += n;
        packetLeft -= n;
        off += n;
        len -= n;
      }
    }
  }

  @Test
  void afterItsFlushContentAnswersEndOfStreamAndThePacketsAfterItAreLeftForTheNextRead() throws IOException {
    PktLineReader reader = PktLines.reader(new PktLines().content(new byte[3]).flush().text("next").bytes());
    PktLineReader.ContentInputStream content = reader.content();

    assertEquals(3, content.readAllBytes().length);
    assertEquals(-1, content.read());
    assertEquals("next", reader.readText());
  }
}
