package io.githydrate.archive;

import java.util.Locale;

/**
 * A TEXT or BLOB value the archive keeps in a file of its own beside it, named by the SHA-256 of
 * the value's bytes (TEXT as UTF-8): {@code {"file": "<sha256 hex>", "type": "blob", "size": N}} in
 * the row. Two values are the same exactly when their references are; what the file holds is the
 * engine's business ({@code engine.ValueFiles}).
 *
 * @param sha256 64 lowercase hex digits
 * @param text whether the value is TEXT (else BLOB)
 * @param size the value's length in bytes
 */
public record FileValue(String sha256, boolean text, long size) {
  public FileValue {
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a SHA-256 in lowercase hex: " + sha256);
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative size: " + size);
    }
  }

  /** The {@code type} the archive writes: {@code "text"} or {@code "blob"}. */
  public String type() {
    return text ? ArchiveFormat.FILE_TEXT : ArchiveFormat.FILE_BLOB;
  }

  /** How diffs and merge messages show it: {@code <blob 5.0 MB sha256:ab12cd34…>}. */
  @Override
  public String toString() {
    return "<" + type() + " " + readableSize(size) + " sha256:" + sha256.substring(0, 12) + "…>";
  }

  private static String readableSize(long bytes) {
    if (bytes < 1000) {
      return bytes + " bytes";
    }
    if (bytes < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
