package io.githydrate;

/**
 * A failure the user can act on, carrying the one line they see (for example
 * {@code archive data/app.db.json line 12: expected a row array, got "}"}).
 * Everything that stops an operation for a reason outside the program's own bugs is one of these;
 * anything else is a bug, reported in one line that asks for a rerun with {@code --stacktrace}.
 */
public class HydrateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HydrateException(String message) {
    super(message);
  }

  public HydrateException(String message, Throwable cause) {
    super(message, cause);
  }
}
