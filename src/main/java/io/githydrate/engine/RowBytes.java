package io.githydrate.engine;

import io.githydrate.archive.Utf8Text;

/**
 * About how much memory an archived row's values hold, so that batches of rows can be bounded by
 * bytes as well as by count: a table of 1 MB BLOBs makes a batch of 256 rows 256 MB.
 */
final class RowBytes {
  /** Rows are handed over in batches of at most this many bytes, or of one row when it is larger. */
  static final long BATCH_LIMIT = 1L << 20;
  /** What a value, or the row's array, costs beyond characters or bytes: reference and object header. */
  private static final long PER_OBJECT = 24;

  private RowBytes() {}

  /** Characters or bytes of the TEXT and BLOB values of {@code values}, plus a little per value: never 0. */
  static long of(Object[] values) {
    long bytes = 0;
    for (Object value : values) {
      if (value instanceof String text) {
        bytes += text.length();
      } else if (value instanceof byte[] blob) {
        bytes += blob.length;
      } else if (value instanceof Utf8Text text) {
        bytes += text.bytes().length;
      }
    }
    return bytes + PER_OBJECT * (values.length + 1);
  }
}
