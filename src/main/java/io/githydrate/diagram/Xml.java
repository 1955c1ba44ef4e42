package io.githydrate.diagram;

/** Text made safe for XML content and attribute values. */
final class Xml {
  private Xml() {}

  /**
   * {@code text} with {@code & < > "} escaped, tabs and line breaks as character references, and what XML 1.0 cannot hold at all (control
   * characters, unpaired surrogates) replaced by U+FFFD, so any table name gives a well-formed file.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\t', '\n', '\r' -> out.append("&#").append((int) c).append(';'); // kept as they are in attributes too
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(c).append(text.charAt(++i));
          } else if (Character.isSurrogate(c) || c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
