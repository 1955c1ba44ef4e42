package io.githydrate.merge;

import io.githydrate.engine.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Statements held back while a table's deletes are written, then written after them: in memory up
 * to {@value #IN_MEMORY} characters, beyond that in a temporary file, so a table with millions of
 * changed rows does not fill the heap.
 */
final class StatementSpool implements AutoCloseable {
  static final int IN_MEMORY = 1 << 20;

  private final StringBuilder held = new StringBuilder();
  private Path file;
  private Writer spilled;

  void add(String statement) throws IOException {
    if (spilled != null) {
      spilled.write(statement);
      spilled.write('\n');
      return;
    }
    held.append(statement).append('\n');
    if (held.length() > IN_MEMORY) {
      if (file == null) {
        file = AtomicFiles.tempFile("git-hydrate-migration-", ".sql");
      }
      spilled = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
      spilled.append(held);
      held.setLength(0);
    }
  }

  /** Writes what is held to {@code out}, and holds nothing after. */
  void drainTo(Writer out) throws IOException {
    if (spilled != null) {
      spilled.close();
      spilled = null;
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        in.transferTo(out);
      }
    }
    out.append(held);
    held.setLength(0);
  }

  @Override
  public void close() throws IOException {
    if (spilled != null) {
      spilled.close();
    }
    if (file != null) {
      AtomicFiles.deleteQuietly(file);
    }
  }
}
