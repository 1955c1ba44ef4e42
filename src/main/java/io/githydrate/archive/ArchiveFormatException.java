package io.githydrate.archive;

import io.githydrate.HydrateException;

/** An archive that cannot be read: says where (line, when known) and what was expected. */
public final class ArchiveFormatException extends HydrateException {
  private static final long serialVersionUID = 1L;

  private final long line;

  public ArchiveFormatException(long line, String problem) {
    super(line > 0 ? "line " + line + ": " + problem : problem);
    this.line = line;
  }

  /** 1-based line of the problem, or 0 when unknown. */
  public long line() {
    return line;
  }
}
