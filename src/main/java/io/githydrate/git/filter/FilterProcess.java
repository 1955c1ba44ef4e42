package io.githydrate.git.filter;

import io.githydrate.HydrateException;
import io.githydrate.Messages;
import io.githydrate.audit.AuditTrail;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Git's long-running filter process, protocol version 2 ({@code filter.<driver>.process}): one
 * process serves every file of a Git command. After the handshake it answers each request as its
 * {@link FilterHandler} converts the file, only once Git has sent the whole file. One file that
 * cannot be converted is answered {@code status=error} and the process serves the next; a command
 * that cannot work at all is answered {@code status=abort}; input that breaks the protocol ends
 * the process, since it no longer knows where one packet ends and the next begins.
 *
 * <p>stdout carries the protocol alone: messages go to {@code log}, one line each. Neither stream is
 * closed. Not thread safe.
 */
public final class FilterProcess {
  /** Exit codes: Git closed the input (done), or the process had to stop. */
  public static final int DONE = 0;
  public static final int STOPPED = 1;

  private final PktLineReader reader;
  private final PktLineWriter writer;
  private final PrintStream log;
  private final FilterHandler handler;

  FilterProcess(InputStream in, OutputStream out, PrintStream log, FilterHandler handler) {
    this.reader = new PktLineReader(new GitInput(in));
    this.writer = new PktLineWriter(new GitOutput(out));
    this.log = log;
    this.handler = handler;
  }

  /** Serves Git on {@code in} and {@code out} until Git closes {@code in}; returns the exit code. */
  public static int serve(InputStream in, OutputStream out, PrintStream log, FilterHandler handler) {
    return new FilterProcess(in, out, log, handler).serve();
  }

  int serve() {
    Set<FilterRequest.Command> offered;
    try {
      offered = handshake();
    } catch (PktLineReader.EndOfInput e) {
      return DONE;
    } catch (IOException e) {
      say("the filter process cannot start: " + e.getMessage());
      return STOPPED;
    }
    Set<FilterRequest.Command> aborted = EnumSet.noneOf(FilterRequest.Command.class);
    while (true) {
      try {
        if (!serveOne(offered, aborted)) {
          handler.finish();
          return DONE;
        }
      } catch (IOException e) {
        say("the filter process stops: " + e.getMessage());
        return STOPPED;
      }
    }
  }

  /** The version and capabilities exchange; returns the commands both sides agreed on. */
  private Set<FilterRequest.Command> handshake() throws IOException {
    List<String> welcome = reader.readTextList();
    if (welcome.isEmpty() || !welcome.get(0).equals("git-filter-client")) {
      throw new ProtocolException("expected \"git-filter-client\", got " + describe(welcome));
    }
    if (!welcome.contains("version=2")) {
      throw new ProtocolException("expected \"version=2\" among " + describe(welcome.subList(1, welcome.size()))
          + " (this filter speaks version 2 only)");
    }
    writer.text("git-filter-server");
    writer.text("version=2");
    writer.flush();
    Set<FilterRequest.Command> agreed = EnumSet.noneOf(FilterRequest.Command.class);
    for (String line : reader.readTextList()) {
      if (line.startsWith("capability=")) {
        FilterRequest.Command command = FilterRequest.Command.named(line.substring("capability=".length()));
        if (command != null) {
          agreed.add(command);
        }
      }
    }
    for (FilterRequest.Command command : agreed) {
      writer.text("capability=" + command.wireName());
    }
    writer.flush();
    return agreed;
  }

  /** Answers one request; false when Git has closed the input instead of sending one. */
  private boolean serveOne(Set<FilterRequest.Command> offered, Set<FilterRequest.Command> aborted) throws IOException {
    List<String> lines;
    try {
      lines = reader.readTextList();
    } catch (PktLineReader.EndOfInput e) {
      return false;
    }
    Map<String, String> keys = new LinkedHashMap<>();
    for (String line : lines) {
      int equals = line.indexOf('=');
      if (equals <= 0) {
        throw new ProtocolException("expected key=value, got \"" + Messages.printable(line) + "\"");
      }
      keys.putIfAbsent(line.substring(0, equals), line.substring(equals + 1));
    }
    FilterRequest.Command command = FilterRequest.Command.named(keys.getOrDefault("command", ""));
    if (command == null || !offered.contains(command)) {
      throw new ProtocolException("unexpected command \"" + Messages.printable(keys.getOrDefault("command", ""))
          + "\" (this filter agreed to " + offered + ")");
    }
    String pathname = keys.get("pathname");
    if (pathname == null || pathname.isEmpty()) {
      throw new ProtocolException("a " + command.wireName() + " request without a pathname");
    }
    PktLineReader.ContentInputStream content = reader.content();
    FilterReply reply;
    if (aborted.contains(command)) {
      reply = new FilterReply.Unusable(null);
    } else {
      reply = convert(new FilterRequest(command, pathname, keys), content);
    }
    content.skipToEnd();
    answer(reply);
    if (reply instanceof FilterReply.Content) {
      AuditTrail.current().database(pathname, command.wireName(), null, null);
    } else if (reply instanceof FilterReply.Refused refused) {
      AuditTrail.current().failed(pathname, refused.reason());
    }
    if (reply instanceof FilterReply.Unusable) {
      aborted.add(command);
    }
    return true;
  }

  /** The handler's reply; a failure of its own becomes a refusal, a failure of Git's input ends the process. */
  private FilterReply convert(FilterRequest request, InputStream content) throws IOException {
    try {
      return handler.convert(request, content);
    } catch (GitInputFailure | ProtocolException e) {
      throw e;
    } catch (HydrateException e) {
      return new FilterReply.Refused(e.getMessage());
    } catch (IOException e) {
      return new FilterReply.Refused(request.pathname() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      return new FilterReply.Refused(request.pathname() + ": internal error: " + e
          + " (please report it)");
    }
  }

  private void answer(FilterReply reply) throws IOException {
    if (reply instanceof FilterReply.Content content) {
      send(content);
    } else if (reply instanceof FilterReply.Refused refused) {
      refuse(FilterStatus.ERROR, refused.reason());
    } else {
      refuse(FilterStatus.ABORT, ((FilterReply.Unusable) reply).reason());
    }
  }

  private void refuse(FilterStatus status, String reason) throws IOException {
    if (reason != null) {
      say(reason);
    }
    writer.text(status.packet());
    writer.flush();
  }

  /** Status, content and the (empty) list that keeps the status; a writer failing part way turns it to error. */
  private void send(FilterReply.Content content) throws IOException {
    writer.text(FilterStatus.SUCCESS.packet());
    writer.flush();
    PktLineWriter.ContentOutputStream out = writer.content();
    String failure = null;
    try {
      content.writer().writeTo(out);
      out.close();
    } catch (IOException | RuntimeException e) {
      GitOutputFailure gone = gitOutputFailure(e);
      if (gone != null) {
        throw gone;
      }
      failure = e instanceof HydrateException ? e.getMessage()
          : "internal error while writing the content: " + e + " (please report it)";
    }
    writer.flush();
    if (failure != null) {
      refuse(FilterStatus.ERROR, failure);
    } else {
      writer.flush();
    }
  }

  /** The failure to write to Git that caused {@code e} (the export wraps it), or null. */
  private static GitOutputFailure gitOutputFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof GitOutputFailure gone) {
        return gone;
      }
    }
    return null;
  }

  private void say(String message) {
    log.println("git-hydrate: " + Messages.printable(message));
    log.flush();
  }

  private static String describe(List<String> lines) {
    List<String> shown = new ArrayList<>();
    for (String line : lines) {
      shown.add("\"" + Messages.printable(line) + "\"");
    }
    return shown.isEmpty() ? "nothing" : String.join(", ", shown);
  }

  /** Reading from Git failed: nothing read after it can be trusted. */
  private static final class GitInputFailure extends IOException {
    private static final long serialVersionUID = 1L;

    GitInputFailure(IOException cause) {
      super("cannot read from Git: " + cause.getMessage(), cause);
    }
  }

  /** Writing to Git failed: Git has gone, or stopped reading. */
  private static final class GitOutputFailure extends IOException {
    private static final long serialVersionUID = 1L;

    GitOutputFailure(IOException cause) {
      super("cannot write to Git: " + cause.getMessage(), cause);
    }
  }

  /** Git's side of the input, telling its failures from those of the handler's own files. */
  private static final class GitInput extends FilterInputStream {
    GitInput(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw new GitInputFailure(e);
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        return super.read(buffer, offset, length);
      } catch (IOException e) {
        throw new GitInputFailure(e);
      }
    }

    @Override
    public void close() {
      // not ours to close
    }
  }

  /** Git's side of the output; see {@link GitInput}. */
  private static final class GitOutput extends FilterOutputStream {
    GitOutput(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw new GitOutputFailure(e);
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      try {
        out.write(bytes, offset, length);
      } catch (IOException e) {
        throw new GitOutputFailure(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw new GitOutputFailure(e);
      }
    }

    @Override
    public void close() {
      // not ours to close
    }
  }
}
