package io.githydrate;

import java.io.PrintStream;

/**
 * Where a command reports what it noticed and worked around, one line each on its stderr, prefixed
 * {@code git-hydrate: warning:} (an archive whose {@code row_count} disagrees with its rows, say).
 * Such things are found deep in the engine, sometimes on the thread that reads an archive ahead,
 * where no stream is passed: so the running command's entry point names the stream once
 * ({@link #to}); until it does, {@link System#err}. Thread safe.
 */
public final class Warnings {
  private static volatile PrintStream err = System.err;

  private Warnings() {}

  /** Sends later warnings to {@code stream} (the running command's stderr). */
  public static void to(PrintStream stream) {
    err = stream;
  }

  /** Prints one warning line; {@code message} names the file it is about. */
  public static void report(String message) {
    PrintStream stream = err;
    synchronized (stream) {
      stream.println("git-hydrate: warning: " + Messages.printable(message));
      stream.flush();
    }
  }
}
