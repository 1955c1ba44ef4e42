package io.githydrate.engine;

import io.githydrate.HydrateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * The SHA-256 of a file, taken on a thread of its own from the moment it is asked for, so that a
 * hook can compare a large archive's lines on one core while the other hashes it (a cold JVM takes
 * longer over either than over both side by side). The two read the file separately; the CRC-32C
 * of the bytes hashed, compared with the other reader's, tells whether they read the same.
 */
public final class PendingDigest implements Supplier<String> {
  private final CompletableFuture<String> digest = new CompletableFuture<>();
  private final CRC32C crc = new CRC32C();
  private volatile boolean cancelled;

  private PendingDigest() {}

  /** Starts hashing {@code file}. */
  public static PendingDigest of(Path file) {
    PendingDigest pending = new PendingDigest();
    Thread thread = new Thread(() -> pending.hash(file), "git-hydrate digest of " + file.getFileName());
    thread.setDaemon(true);
    thread.start();
    return pending;
  }

  private void hash(Path file) {
    MessageDigest sha = Digests.sha256();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; !cancelled && (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
        crc.update(buffer, 0, n);
      }
      if (cancelled) {
        digest.cancel(false);
      } else {
        digest.complete(HexFormat.of().formatHex(sha.digest()));
      }
    } catch (IOException | RuntimeException e) {
      digest.completeExceptionally(new HydrateException(file + ": cannot read: " + e.getMessage(), e));
    }
  }

  /** Stops hashing: the digest is not wanted. */
  public void cancel() {
    cancelled = true;
  }

  /** The CRC-32C of the bytes hashed, once {@link #get} has returned. */
  public long crc32c() {
    get();
    return crc.getValue();
  }

  /** The digest, waiting for it if need be. */
  @Override
  public String get() {
    try {
      return digest.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof HydrateException h ? h : new HydrateException(e.getCause().getMessage(), e.getCause());
    } catch (CancellationException e) {
      throw new HydrateException("the digest was cancelled", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HydrateException("interrupted while hashing a file", e);
    }
  }
}
