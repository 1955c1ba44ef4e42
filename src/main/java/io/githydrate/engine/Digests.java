package io.githydrate.engine;

import io.githydrate.HydrateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests, the fingerprints by which archives and database contents are compared. */
public final class Digests {
  private Digests() {}

  /** A new SHA-256 digest, for a caller that hashes bytes it reads for another reason too. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The SHA-256 of {@code bytes}. */
  public static byte[] sha256(byte[] bytes) {
    return sha256().digest(bytes);
  }

  /** Hex SHA-256 of a file's bytes. */
  public static String ofFile(Path file) {
    MessageDigest sha = sha256();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new HydrateException(file + ": cannot read: " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
