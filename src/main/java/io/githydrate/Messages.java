package io.githydrate;

/** What every message shown to a user goes through. */
public final class Messages {
  private Messages() {}

  /**
   * {@code text} with control characters written as {@code \\uXXXX}. Messages quote names from
   * archives and paths from commits, which whoever pushed chose: a line break would split one error
   * into lines that look like others, and a terminal's escape sequences could rewrite what the user
   * sees.
   */
  public static String printable(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
      if (control && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        out.append(control ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return out == null ? text : out.toString();
  }
}
