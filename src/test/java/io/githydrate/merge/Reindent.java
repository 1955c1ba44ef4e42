package io.githydrate.merge;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Rewrites a JSON text the way Python's {@code json.dumps(value, indent=n, ensure_ascii=False)}
 * lays it out: every array element and object member on a line of its own, {@code n} spaces per
 * level, {@code []} and {@code {}} for empty ones. Scalars keep their exact text, so an archive
 * rewritten this way holds the same values in another layout, as one re-indented by a person's
 * tools would.
 */
final class Reindent {
  private Reindent() {}

  static String pythonStyle(String json, int indent) throws IOException {
    StringBuilder out = new StringBuilder();
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      int depth = 0;
      boolean first = true; // nothing written yet in the innermost open container
      boolean afterName = false;
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.END_ARRAY || token == JsonToken.END_OBJECT) {
          depth--;
          if (!first) {
            newline(out, depth, indent);
          }
          out.append(token == JsonToken.END_ARRAY ? ']' : '}');
          first = false;
          continue;
        }
        if (!afterName) {
          if (!first) {
            out.append(',');
          }
          if (depth > 0) {
            newline(out, depth, indent);
          }
        }
        first = false;
        afterName = token == JsonToken.FIELD_NAME;
        switch (token) {
          case FIELD_NAME -> out.append(quoted(parser.getText())).append(": ");
          case START_ARRAY, START_OBJECT -> {
            out.append(token == JsonToken.START_ARRAY ? '[' : '{');
            depth++;
            first = true;
          }
          case VALUE_STRING -> out.append(quoted(parser.getText()));
          default -> out.append(parser.getText()); // numbers, true, false, null: their own text
        }
      }
    }
    return out.append('\n').toString();
  }

  private static void newline(StringBuilder out, int depth, int indent) {
    out.append('\n').append(" ".repeat(depth * indent));
  }

  private static String quoted(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
