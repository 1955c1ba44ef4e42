package io.githydrate.diagram;

/**
 * Text widths as the diagram assumes them: every character of the monospace font the SVG declares
 * advances 0.6 em (DejaVu Sans Mono, Liberation Mono, Menlo and Consolas all do), and a wide (East
 * Asian) character two of those. Estimated rather than measured, so that the same schema gives the
 * same bytes on every machine, whatever fonts it has.
 */
final class TextWidth {
  static final String FONT_FAMILY = "'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace";
  static final double ADVANCE = 0.6;

  private TextWidth() {}

  /** The width of {@code text} at {@code fontSize} pixels. */
  static double of(String text, double fontSize) {
    return columns(text) * ADVANCE * fontSize;
  }

  /** How many character cells {@code text} takes. */
  static int columns(String text) {
    int cells = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      int type = Character.getType(c);
      if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
        continue;
      }
      cells += wide(c) ? 2 : 1;
    }
    return cells;
  }

  private static boolean wide(int c) {
    return c >= 0x1100 && c <= 0x115F || c >= 0x2E80 && c <= 0xA4CF || c >= 0xAC00 && c <= 0xD7A3
        || c >= 0xF900 && c <= 0xFAFF || c >= 0xFE30 && c <= 0xFE4F || c >= 0xFF00 && c <= 0xFF60
        || c >= 0xFFE0 && c <= 0xFFE6 || c >= 0x1F300 && c <= 0x1FAFF || c >= 0x20000 && c <= 0x3FFFD;
  }
}
