package io.githydrate.diagram;

/** Text made safe for Markdown: inline text, table cells, link targets and code fences. */
final class Markdown {
  private Markdown() {}

  /** {@code text} as inline text (also inside a table cell): its markup characters escaped, on one line. */
  static String text(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ("\\`*_[]<>#|!~&".indexOf(c) >= 0) {
        out.append('\\').append(c);
      } else if (c == '\n' || c == '\r' || c == '\t') {
        out.append(' ');
      } else if (c < 0x20 || Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
          && Character.isHighSurrogate(text.charAt(i - 1)))) {
        out.append('\uFFFD');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A link target: in angle brackets, so spaces are allowed; {@code <}, {@code >} and spaces encoded. */
  static String target(String path) {
    return "<" + path.replace("%", "%25").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E") + ">";
  }

  /** {@code code} in a fenced block longer than any run of backticks inside it. */
  static String fenced(String language, String code) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < code.length(); i++) {
      run = code.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(Math.max(3, longest + 1));
    return fence + language + "\n" + code.replace("\r\n", "\n") + (code.endsWith("\n") ? "" : "\n") + fence + "\n";
  }
}
