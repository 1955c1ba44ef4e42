package io.githydrate.git;

import io.githydrate.HydrateException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the {@code git} command for what must go through Git itself: staging (so that the index file
 * Git chose for this commit, its locks and its hooks' environment are honoured) and asking where
 * Git looks for hooks. The child inherits this process's environment, as a hook's must.
 */
public final class GitCli {
  private final Path workTree;
  private final Map<String, String> extraEnvironment;

  public GitCli(Path workTree) {
    this(workTree, Map.of());
  }

  GitCli(Path workTree, Map<String, String> extraEnvironment) {
    this.workTree = workTree;
    this.extraEnvironment = extraEnvironment;
  }

  /** Runs {@code git args…} and returns its standard output, trimmed; a failure is an exception. */
  public String run(String... args) {
    return new String(output(args), StandardCharsets.UTF_8).trim();
  }

  /** As {@link #run(String...)}, with {@code paths} after {@code args} (the paths Git is to act on). */
  public String run(List<String> args, List<String> paths) {
    return run(joined(args, paths));
  }

  /** As {@link #entries(String...)}, with {@code paths} after {@code args}. */
  public List<String> entries(List<String> args, List<String> paths) {
    return entries(joined(args, paths));
  }

  private static String[] joined(List<String> args, List<String> paths) {
    List<String> all = new ArrayList<>(args);
    all.addAll(paths);
    return all.toArray(String[]::new);
  }

  /** Runs {@code git args…}, whose output is NUL-terminated entries ({@code -z}), and returns them. */
  public List<String> entries(String... args) {
    String output = new String(output(args), StandardCharsets.UTF_8);
    List<String> entries = new ArrayList<>();
    for (int start = 0, end; start < output.length() && (end = output.indexOf('\0', start)) >= 0; start = end + 1) {
      entries.add(output.substring(start, end));
    }
    return entries;
  }

  private byte[] output(String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workTree.toFile());
    builder.environment().putAll(extraEnvironment);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      byte[] out = readAll(process.getInputStream());
      int code = process.waitFor();
      if (code != 0) {
        String message = new String(err.join(), StandardCharsets.UTF_8).trim();
        throw new HydrateException("git " + String.join(" ", args) + " failed: "
            + (message.isEmpty() ? "exit code " + code : message.lines().findFirst().orElse("")));
      }
      return out;
    } catch (IOException e) {
      throw new HydrateException("cannot run git: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HydrateException("interrupted while running git", e);
    }
  }

  /**
   * The first {@code count} bytes {@code git args…} writes (fewer if it writes fewer); the process is
   * stopped then, so a large blob is not read to its end. Null when Git cannot start.
   */
  public byte[] head(int count, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workTree.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(extraEnvironment);
    Process process = null;
    try {
      process = builder.start();
      process.getOutputStream().close();
      return process.getInputStream().readNBytes(count);
    } catch (IOException e) {
      return null;
    } finally {
      if (process != null) {
        process.destroy();
      }
    }
  }

  /** Writes the content of blob {@code object} (no filters run) to {@code file}; a failure is an exception. */
  public void blobTo(String object, Path file) {
    ProcessBuilder builder = new ProcessBuilder("git", "cat-file", "blob", object).directory(workTree.toFile())
        .redirectOutput(file.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(extraEnvironment);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      if (process.waitFor() != 0) {
        throw new HydrateException("git cat-file blob " + object + " failed: exit code " + process.exitValue());
      }
    } catch (IOException e) {
      throw new HydrateException("cannot run git: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HydrateException("interrupted while running git", e);
    }
  }

  /** Like {@link #run} but answers null instead of failing (for optional settings). */
  public String tryRun(String... args) {
    try {
      return run(args);
    } catch (HydrateException e) {
      return null;
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
