package io.githydrate.audit;

import io.githydrate.Warnings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The audit log of one work tree, {@code .git/git-hydrate/audit.log} beside the sync state (a linked
 * worktree has its own, as it has its own state), and the one older file it rotates to,
 * {@code audit.log.1}: when a write would take the log past its size, the log becomes the older file
 * (replacing the one before), so the two together never hold much more than twice that size.
 *
 * <p>Appending is safe from several threads and processes at once: under a lock on
 * {@code audit.lock} (a file lock between processes, a monitor within one), each run's lines go to
 * the file opened for appending in one write. A failure to write is a warning on stderr, never the
 * command's failure.
 */
public final class AuditLog {
  /** The size past which the log is rotated. */
  public static final long DEFAULT_MAX_SIZE = 1L << 20;
  private static final Object IN_PROCESS = new Object();
  /** Clock ticks a second in {@code /proc} (the kernel's USER_HZ, 100 on every Linux port in use). */
  private static final int CLOCK_TICKS = 100;

  private final Path file;
  private final long maxSize;

  public AuditLog(Path file, long maxSize) {
    this.file = file;
    this.maxSize = maxSize;
  }

  /** The log of the Git directory {@code gitDir} (as {@code git rev-parse --git-dir} names it). */
  public static AuditLog of(Path gitDir) {
    return new AuditLog(file(gitDir), DEFAULT_MAX_SIZE);
  }

  public static Path file(Path gitDir) {
    return gitDir.resolve("git-hydrate").resolve("audit.log");
  }

  public Path file() {
    return file;
  }

  /** The older file the log rotates to. */
  public Path rotated() {
    return file.resolveSibling(file.getFileName() + ".1");
  }

  /**
   * Appends {@code records}, one line each, rotating first if they would take the log past its
   * size. Never throws: a failure is reported as a warning (see {@link Warnings}).
   */
  public void append(List<AuditRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    records.forEach(r -> text.append(r.toLine()).append('\n'));
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    try {
      synchronized (IN_PROCESS) {
        Files.createDirectories(file.getParent());
        try (FileChannel lockFile = FileChannel.open(file.resolveSibling("audit.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = lockFile.lock()) {
          rotateIfFull(bytes.length);
          try (FileChannel log = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
              log.write(buffer);
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      Warnings.report(cannotWrite(file, e));
    }
  }

  /**
   * Records a run of {@code operation} answered with nothing to do, in the log of {@code gitDir}:
   * what the hooks' quick answers write, loading nothing more than this.
   */
  public static void nothingToDo(Path gitDir, String operation, long startNanos) {
    long durationMs = Math.max(0, (System.nanoTime() - startNanos) / 1_000_000);
    Instant time = Instant.now().minusMillis(durationMs).truncatedTo(ChronoUnit.MILLIS);
    of(gitDir).append(List.of(new AuditRecord(time, operation, null, null, null, null, durationMs,
        AuditRecord.NOTHING_TO_DO, null, ProcessHandle.current().pid())));
  }

  /**
   * The {@link System#nanoTime} at which this process started, as near as the system tells (to
   * 10 ms on Linux: its start in clock ticks after boot against the time since boot, both from
   * {@code /proc}; Java's own start instant is rounded to the boot time's whole second), so that a
   * hook's small JVM counts its own start-up in its duration. Elsewhere: now.
   */
  public static long processStartNanos() {
    long now = System.nanoTime();
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
      // Fields after the command's closing parenthesis start at the third; the start time is the 22nd.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long startTicks = Long.parseLong(fields[19]);
      String uptime = Files.readString(Path.of("/proc/uptime"), StandardCharsets.US_ASCII);
      double sinceBoot = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
      long elapsed = (long) ((sinceBoot - startTicks / (double) CLOCK_TICKS) * 1e9);
      return now - Math.max(0, elapsed);
    } catch (IOException | RuntimeException e) {
      return now;
    }
  }

  /** The warning for a log that could not be written. */
  static String cannotWrite(Path file, Exception e) {
    return "audit log " + file + ": cannot write (" + reason(e) + "); the command itself is not affected";
  }

  /** Why a file could not be written or read, in words (Java names the path alone for some). */
  static String reason(Exception e) {
    if (e instanceof FileSystemException f && f.getReason() == null) {
      String path = f.getFile();
      return e instanceof FileAlreadyExistsException ? "a file is in the way: " + path
          : e instanceof AccessDeniedException ? "permission denied: " + path
          : e instanceof NoSuchFileException ? "no such file or folder: " + path
          : e.getClass().getSimpleName() + ": " + path;
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private void rotateIfFull(long adding) throws IOException {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      return;
    }
    if (size > 0 && size + adding > maxSize) {
      Files.move(file, rotated(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }
}
