package io.githydrate.git.filter;

import java.io.IOException;
import java.io.InputStream;

/** Converts the files of one Git command; called by {@link FilterProcess} on one thread, a file at a time. */
interface FilterHandler {
  /**
   * Converts one file. {@code content} is the file's bytes as Git sends them; it need not be read to
   * its end (the rest is skipped), but no reply may depend on bytes not read. The reply is written
   * only after Git has sent everything.
   *
   * @throws io.githydrate.HydrateException for a file that cannot be converted (it is refused)
   * @throws IOException when the handler's own files fail (the file is refused), or when reading
   *     {@code content} fails (the process ends: Git's input cannot be trusted any more)
   */
  FilterReply convert(FilterRequest request, InputStream content) throws IOException;

  /** Git has closed the input: the command is over, and the files it wrote from the replies are in place. */
  default void finish() {}
}
