package io.githydrate.archive;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Puts line breaks where a diff wants them: each top-level field, each pragma, each schema entry,
 * each table and each row on a line of its own; everything inside a row or a schema entry on that
 * one line. Not thread safe; one instance per generator.
 */
final class ArchiveLayout implements PrettyPrinter {
  /** Containers, named by the field that holds them, whose members each get a line. */
  private static final Set<String> BROKEN_FIELDS =
      Set.of(ArchiveFormat.PRAGMAS, ArchiveFormat.SCHEMA, ArchiveFormat.TABLES, ArchiveFormat.ROWS,
          ArchiveFormat.CONFLICTS);

  /** Indentation of the members of each open container; -1 for a container kept on one line. */
  private final Deque<Integer> open = new ArrayDeque<>();
  private int depth;

  @Override
  public void writeRootValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw('\n');
  }

  @Override
  public void writeStartObject(JsonGenerator g) throws IOException {
    g.writeRaw('{');
    push(g);
  }

  @Override
  public void writeStartArray(JsonGenerator g) throws IOException {
    g.writeRaw('[');
    push(g);
  }

  @Override
  public void writeEndObject(JsonGenerator g, int entries) throws IOException {
    close(g, entries, '}');
  }

  @Override
  public void writeEndArray(JsonGenerator g, int values) throws IOException {
    close(g, values, ']');
  }

  @Override
  public void beforeObjectEntries(JsonGenerator g) throws IOException {
    breakLine(g);
  }

  @Override
  public void beforeArrayValues(JsonGenerator g) throws IOException {
    breakLine(g);
  }

  @Override
  public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
    separate(g);
  }

  @Override
  public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
    separate(g);
  }

  @Override
  public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(": ");
  }

  private void push(JsonGenerator g) {
    JsonStreamContext context = g.getOutputContext();
    JsonStreamContext parent = context.getParent();
    boolean broken = parent.inRoot()
        || (parent.inObject() && BROKEN_FIELDS.contains(parent.getCurrentName()));
    if (broken) {
      depth++;
    }
    open.push(broken ? depth : -1);
  }

  private void separate(JsonGenerator g) throws IOException {
    g.writeRaw(',');
    if (open.peek() < 0) {
      g.writeRaw(' ');
    } else {
      breakLine(g);
    }
  }

  private void breakLine(JsonGenerator g) throws IOException {
    int indent = open.peek();
    if (indent >= 0) {
      g.writeRaw('\n');
      g.writeRaw(INDENTS[Math.min(indent, INDENTS.length - 1)]);
    }
  }

  private void close(JsonGenerator g, int members, char bracket) throws IOException {
    int indent = open.pop();
    if (indent >= 0) {
      depth--;
      if (members > 0) {
        g.writeRaw('\n');
        g.writeRaw(INDENTS[Math.min(depth, INDENTS.length - 1)]);
      }
    }
    g.writeRaw(bracket);
  }

  private static final String[] INDENTS = {"", " ", "  ", "   ", "    ", "     "};
}
