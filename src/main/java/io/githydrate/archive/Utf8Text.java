package io.githydrate.archive;

/**
 * A TEXT value as the UTF-8 bytes SQLite stores, so that it reaches the archive without being
 * decoded into a {@link String} and encoded back. The bytes must be valid UTF-8; the array is not
 * copied and must not change afterwards.
 */
public record Utf8Text(byte[] bytes) {}
