package io.githydrate.git.filter;

import java.io.IOException;
import java.io.OutputStream;

/** What a {@link FilterHandler} answers one file with. */
sealed interface FilterReply {
  /**
   * The converted content, written once Git has sent all of the input. A writer that fails part way
   * (throws) has the file refused after the part written; Git discards that part.
   */
  record Content(ContentWriter writer) implements FilterReply {}

  /** The file cannot be converted, for the reason given (one line, naming the file). */
  record Refused(String reason) implements FilterReply {}

  /** The command cannot work in this process at all (one line saying why). */
  record Unusable(String reason) implements FilterReply {}

  /** Writes converted content to Git. */
  @FunctionalInterface
  interface ContentWriter {
    void writeTo(OutputStream out) throws IOException;
  }
}
