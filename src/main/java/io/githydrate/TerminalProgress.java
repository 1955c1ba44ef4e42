package io.githydrate;

import io.githydrate.engine.Progress;
import java.util.Locale;
import java.io.PrintStream;

/**
 * A one-line progress indicator on stderr, redrawn at most a few times a second, for long work in
 * an interactive terminal. Silent when no terminal is attached (hooks, CI, pipes).
 */
public final class TerminalProgress implements Progress {
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintStream err;
  private long lastDraw = System.nanoTime();
  private int lastWidth;

  private TerminalProgress(PrintStream err) {
    this.err = err;
  }

  public static Progress forTerminal(PrintStream err) {
    return System.console() != null && err == System.err ? new TerminalProgress(err) : Progress.NONE;
  }

  @Override
  public void update(String database, String table, long rows) {
    long now = System.nanoTime();
    if (now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    String line = Messages.printable(database + (table.isEmpty() ? "" : " " + table)) + ": "
        + String.format(Locale.ROOT, "%,d", rows) + " rows";
    err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
    lastWidth = line.length();
    err.flush();
  }

  /** Clears the line, if anything was drawn. */
  public void clear() {
    if (lastWidth > 0) {
      err.print("\r" + " ".repeat(lastWidth) + "\r");
      err.flush();
      lastWidth = 0;
    }
  }
}
