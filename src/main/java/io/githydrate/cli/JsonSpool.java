package io.githydrate.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.githydrate.engine.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JSON values written now and copied into another generator later, in the order written: what a
 * streamed diff finds in row order but prints grouped (a table's added rows, then removed, then
 * changed). Kept in memory up to {@value #IN_MEMORY} bytes, then in a temporary file, so a large
 * diff needs no more memory than a small one. Not thread safe; {@link #close} deletes the file.
 */
final class JsonSpool implements AutoCloseable {
  static final int IN_MEMORY = 1 << 20;

  private final JsonFactory factory;
  private final Spill spill = new Spill();
  private final JsonGenerator generator;
  private int values;

  JsonSpool(JsonFactory factory) throws IOException {
    this.factory = factory;
    this.generator = factory.createGenerator(spill);
  }

  /** Where the next value goes: write exactly one value. */
  JsonGenerator next() {
    values++;
    return generator;
  }

  boolean isEmpty() {
    return values == 0;
  }

  /** Writes every value spooled, in order, to {@code out} (inside an array, say). */
  void copyTo(JsonGenerator out) throws IOException {
    generator.flush();
    try (InputStream in = spill.open(); JsonParser parser = factory.createParser(in)) {
      while (parser.nextToken() != null) {
        out.copyCurrentStructure(parser);
      }
    }
  }

  @Override
  public void close() throws IOException {
    generator.close();
    AtomicFiles.deleteQuietly(spill.file);
  }

  /** Bytes in memory until there are too many, then in a temporary file. */
  private static final class Spill extends OutputStream {
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private OutputStream onDisk;

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (memory != null && memory.size() + length > IN_MEMORY) {
        file = AtomicFiles.tempFile("git-hydrate-diff-", ".json");
        onDisk = Files.newOutputStream(file);
        memory.writeTo(onDisk);
        memory = null;
      }
      (memory != null ? memory : onDisk).write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
      if (onDisk != null) {
        onDisk.flush();
      }
    }

    InputStream open() throws IOException {
      return memory != null ? new ByteArrayInputStream(memory.toByteArray()) : Files.newInputStream(file);
    }

    @Override
    public void close() throws IOException {
      if (onDisk != null) {
        onDisk.close();
      }
    }
  }
}
