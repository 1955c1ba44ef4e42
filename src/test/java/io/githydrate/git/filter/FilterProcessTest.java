package io.githydrate.git.filter;

import static io.githydrate.git.filter.PktLines.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.HydrateException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The filter process's side of Git's protocol, on byte arrays: the handshake, one answer per file
 * only after its whole content, error for one file while the others are served, abort for a command
 * that cannot work, and the process stopping (never hanging) on input that breaks the protocol.
 */
class FilterProcessTest {
  /** Upper-cases on clean, lower-cases on smudge; "bad" paths are refused, "broken" fail mid-way, "off" are unusable. */
  private static final class CaseFilter implements FilterHandler {
    final List<String> seen = new ArrayList<>();
    boolean finished;

    @Override
    public FilterReply convert(FilterRequest request, InputStream content) throws IOException {
      seen.add(request.command().wireName() + " " + request.pathname());
      if (request.pathname().startsWith("off")) {
        return new FilterReply.Unusable("cannot work here");
      }
      if (request.pathname().startsWith("bad")) {
        content.read(); // only part of it: the process skips the rest
        throw new HydrateException(request.pathname() + ": not a database");
      }
      String text = new String(content.readAllBytes(), StandardCharsets.UTF_8);
      String converted = request.command() == FilterRequest.Command.CLEAN
          ? text.toUpperCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT);
      boolean broken = request.pathname().startsWith("broken");
      return new FilterReply.Content(out -> {
        out.write(utf8(converted));
        if (broken) {
          throw new HydrateException(request.pathname() + ": failed part way");
        }
      });
    }

    @Override
    public void finish() {
      finished = true;
    }
  }

  private final CaseFilter filter = new CaseFilter();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private int exit;

  private PktLineReader serve(PktLines input) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exit = FilterProcess.serve(new ByteArrayInputStream(input.bytes()), out,
        new PrintStream(log, true, StandardCharsets.UTF_8), filter);
    return PktLines.reader(out.toByteArray());
  }

  private String log() {
    return log.toString(StandardCharsets.UTF_8);
  }

  private static void expectHandshake(PktLineReader reader, String... capabilities) throws IOException {
    assertEquals(List.of("git-filter-server", "version=2"), reader.readTextList());
    List<String> expected = new ArrayList<>();
    for (String capability : capabilities) {
      expected.add("capability=" + capability);
    }
    assertEquals(expected, reader.readTextList());
  }

  /** status=success, the content, and the empty list that keeps the status. */
  private static void expectContent(PktLineReader reader, String content) throws IOException {
    assertEquals(List.of("status=success"), reader.readTextList());
    assertEquals(content, new String(PktLines.content(reader), StandardCharsets.UTF_8));
    assertEquals(List.of(), reader.readTextList());
  }

  @Test
  void answersTheHandshakeWithTheCapabilitiesItSharesWithGit() throws IOException {
    PktLineReader reader = serve(new PktLines().handshake("clean", "smudge", "delay"));

    expectHandshake(reader, "clean", "smudge");
    assertThrows(PktLineReader.EndOfInput.class, reader::readTextList);
    assertEquals(FilterProcess.DONE, exit);
    assertTrue(filter.finished, "finish() at the end of the input");
  }

  @Test
  void offersOnlyWhatGitOffered() throws IOException {
    PktLineReader reader = serve(new PktLines().handshake("smudge"));

    expectHandshake(reader, "smudge");
  }

  @Test
  void convertsEachFileAndIgnoresKeysItDoesNotKnow() throws IOException {
    PktLines input = new PktLines().handshake("clean", "smudge")
        .text("command=clean", "pathname=data/app.db", "ref=refs/heads/main", "unknown=whatever").flush()
        .content(utf8("some rows")).flush()
        .request("smudge", "other.db", utf8("MORE ROWS"));

    PktLineReader reader = serve(input);

    expectHandshake(reader, "clean", "smudge");
    expectContent(reader, "SOME ROWS");
    expectContent(reader, "more rows");
    assertEquals(List.of("clean data/app.db", "smudge other.db"), filter.seen);
    assertEquals(FilterProcess.DONE, exit);
    assertEquals("", log(), "nothing on stderr when all is well");
  }

  @Test
  void emptyContentIsAnsweredWithSuccessAndNoPackets() throws IOException {
    PktLineReader reader = serve(new PktLines().handshake("clean").request("clean", "empty.db", new byte[0]));

    expectHandshake(reader, "clean");
    assertEquals(List.of("status=success"), reader.readTextList());
    assertEquals(-1, reader.readHeader(), "the content is only a flush");
    assertEquals(-1, reader.readHeader(), "then the empty status list");
  }

  @Test
  void aFileThatCannotBeConvertedIsAnsweredWithErrorAndTheNextIsStillServed() throws IOException {
    PktLines input = new PktLines().handshake("clean")
        .request("clean", "bad.db", utf8("x".repeat(100_000)))
        .request("clean", "good.db", utf8("fine"));

    PktLineReader reader = serve(input);

    expectHandshake(reader, "clean");
    assertEquals(List.of("status=error"), reader.readTextList());
    expectContent(reader, "FINE");
    assertEquals("git-hydrate: bad.db: not a database\n", log());
    assertEquals(FilterProcess.DONE, exit);
  }

  @Test
  void aFailurePartWayThroughTheContentTurnsTheStatusToError() throws IOException {
    PktLineReader reader = serve(new PktLines().handshake("clean").request("clean", "broken.db", utf8("abc")));

    expectHandshake(reader, "clean");
    assertEquals(List.of("status=success"), reader.readTextList());
    PktLines.content(reader); // whatever part was sent, Git discards it
    assertEquals(List.of("status=error"), reader.readTextList(), "the last status wins");
    assertEquals("git-hydrate: broken.db: failed part way\n", log());
  }

  @Test
  void aCommandThatCannotWorkIsAbortedAndNotTriedAgain() throws IOException {
    PktLines input = new PktLines().handshake("clean", "smudge")
        .request("smudge", "off.db", utf8("a"))
        .request("smudge", "second.db", utf8("b"))
        .request("clean", "third.db", utf8("c"));

    PktLineReader reader = serve(input);

    expectHandshake(reader, "clean", "smudge");
    assertEquals(List.of("status=abort"), reader.readTextList());
    assertEquals(List.of("status=abort"), reader.readTextList());
    expectContent(reader, "C");
    assertEquals(List.of("smudge off.db", "clean third.db"), filter.seen, "the aborted command is not tried again");
  }

  @Test
  void pathsAreTakenAsGitSendsThem() throws IOException {
    String path = "dir with space/quote\"d $HOME = ünïcødé.db";
    PktLineReader reader = serve(new PktLines().handshake("clean").request("clean", path, utf8("x")));

    expectHandshake(reader, "clean");
    expectContent(reader, "X");
    assertEquals(List.of("clean " + path), filter.seen);
  }

  @Test
  void theInputEndingInsideARequestStopsTheProcessWithAMessage() throws IOException {
    PktLines input = new PktLines().handshake("clean").text("command=clean", "pathname=a.db").flush().content(utf8("part"));

    PktLineReader reader = serve(input);

    expectHandshake(reader, "clean");
    assertEquals(FilterProcess.STOPPED, exit);
    assertEquals("git-hydrate: the filter process stops: the input ended inside a file's content, after 4 bytes\n", log());
    assertThrows(PktLineReader.EndOfInput.class, reader::readText, "nothing is answered for a file not read whole");
  }

  @Test
  void aMalformedPacketStopsTheProcessWithAMessage() throws IOException {
    PktLineReader reader = serve(new PktLines().handshake("clean").raw("xyz!"));

    expectHandshake(reader, "clean");
    assertEquals(FilterProcess.STOPPED, exit);
    assertEquals("git-hydrate: the filter process stops: invalid packet header \"xyz!\"\n", log());
  }

  @Test
  void anotherProtocolVersionIsRefused() {
    serve(new PktLines().text("git-filter-client", "version=3").flush());

    assertEquals(FilterProcess.STOPPED, exit);
    assertEquals("git-hydrate: the filter process cannot start: expected \"version=2\" among \"version=3\""
        + " (this filter speaks version 2 only)\n", log());
  }

  @Test
  void aRequestWithoutAPathOrForACommandNotAgreedStopsTheProcess() {
    serve(new PktLines().handshake("clean").text("command=smudge", "pathname=a.db").flush());
    assertEquals(FilterProcess.STOPPED, exit);
    assertEquals("git-hydrate: the filter process stops: unexpected command \"smudge\" (this filter agreed to [CLEAN])\n",
        log());

    log.reset();
    serve(new PktLines().handshake("clean").text("command=clean").flush());
    assertEquals("git-hydrate: the filter process stops: a clean request without a pathname\n", log());
  }

  @Test
  void noInputAtAllEndsQuietly() {
    serve(new PktLines());

    assertEquals(FilterProcess.DONE, exit);
    assertEquals("", log());
  }

  @Test
  void aLargeFileIsReadWholeBeforeTheAnswer() throws IOException {
    byte[] big = new byte[3 * PktLineReader.MAX_DATA + 5];
    java.util.Arrays.fill(big, (byte) 'a');
    PktLineReader reader = serve(new PktLines().handshake("clean").request("clean", "big.db", big));

    expectHandshake(reader, "clean");
    assertEquals(List.of("status=success"), reader.readTextList());
    byte[] answer = PktLines.content(reader);
    byte[] expected = new byte[big.length];
    java.util.Arrays.fill(expected, (byte) 'A');
    assertArrayEquals(expected, answer);
  }
}
