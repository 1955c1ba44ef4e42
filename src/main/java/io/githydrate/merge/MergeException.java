package io.githydrate.merge;

import io.githydrate.HydrateException;

/** An archive that cannot be merged at all (unreadable, rows out of key order): nothing was written. */
public final class MergeException extends HydrateException {
  private static final long serialVersionUID = 1L;

  public MergeException(String message) {
    super(message);
  }

  public MergeException(String message, Throwable cause) {
    super(message, cause);
  }
}
