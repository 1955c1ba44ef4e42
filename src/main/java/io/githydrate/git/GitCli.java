package io.githydrate.git;

import io.githydrate.HydrateException;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the {@code git} command: the one place a {@code git} process is started. What must go
 * through Git itself goes here: staging (so that the index file Git chose for this commit, its locks
 * and its hooks' environment are honoured), asking where Git looks for hooks, and, in a hook's small
 * JVM, the questions that loading JGit would cost more than. It loads nothing of JGit. The child
 * inherits this process's environment, as a hook's must, or is given a hook's environment whole.
 */
public final class GitCli {
  private final Path workTree;
  /** The child's whole environment, or null to inherit this process's. */
  private final Map<String, String> environment;

  public GitCli(Path workTree) {
    this(workTree, null);
  }

  private GitCli(Path workTree, Map<String, String> environment) {
    this.workTree = workTree;
    this.environment = environment;
  }

  /** A runner whose children get {@code env} as their whole environment (a hook's, as a test may give it). */
  public static GitCli withEnvironment(Path workTree, Map<String, String> env) {
    return new GitCli(workTree, env == System.getenv() ? null : env);
  }

  /**
   * Starts {@code git args…} in the work tree with its standard input closed; standard output is a
   * pipe unless {@code output} is a file, and standard error is discarded unless {@code keepErrors}.
   * {@code extra} adds to the environment.
   */
  public Process start(List<String> args, Path output, boolean keepErrors, Map<String, String> extra)
      throws IOException {
    List<String> command = new ArrayList<>(args.size() + 1);
    command.add("git");
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workTree.toFile());
    if (output != null) {
      builder.redirectOutput(output.toFile());
    }
    if (!keepErrors) {
      builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    if (environment != null) {
      builder.environment().clear();
      builder.environment().putAll(environment);
    }
    builder.environment().putAll(extra);
    Process process = builder.start();
    process.getOutputStream().close();
    return process;
  }

  /** Runs {@code git args…} and returns its standard output, trimmed; a failure is an exception. */
  public String run(String... args) {
    return run(Map.of(), args);
  }

  /** As {@link #run(String...)}, with {@code extra} added to the environment. */
  public String run(Map<String, String> extra, String... args) {
    return new String(output(extra, args), StandardCharsets.UTF_8).trim();
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
    String output = new String(output(Map.of(), args), StandardCharsets.UTF_8);
    List<String> entries = new ArrayList<>();
    for (int start = 0, end; start < output.length() && (end = output.indexOf('\0', start)) >= 0; start = end + 1) {
      entries.add(output.substring(start, end));
    }
    return entries;
  }

  private byte[] output(Map<String, String> extra, String... args) {
    try {
      Process process = start(List.of(args), null, true, extra);
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      byte[] out = readAll(process.getInputStream());
      int code = process.waitFor();
      if (code != 0) {
        throw failed(args, code, err.join());
      }
      return out;
    } catch (IOException e) {
      throw new HydrateException("cannot run git: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HydrateException("interrupted while running git", e);
    }
  }

  private static HydrateException failed(String[] args, int code, byte[] errors) {
    String message = new String(errors, StandardCharsets.UTF_8).trim();
    return new HydrateException("git " + String.join(" ", args) + " failed: "
        + (message.isEmpty() ? "exit code " + code : message.lines().findFirst().orElse("")));
  }

  /**
   * The first {@code count} bytes {@code git args…} writes (fewer if it writes fewer); the process is
   * stopped then, so a large blob is not read to its end. Null when Git cannot start.
   */
  public byte[] head(int count, String... args) {
    Process process = null;
    try {
      process = start(List.of(args), null, false, Map.of());
      return process.getInputStream().readNBytes(count);
    } catch (IOException e) {
      return null;
    } finally {
      if (process != null) {
        process.destroy();
      }
    }
  }

  /** Writes the content of blob {@code object} (no filters run) to {@code file}; a failure is an exception naming Git's reason. */
  public void blobTo(String object, Path file) {
    String[] args = {"cat-file", "blob", object};
    try {
      Process process = start(List.of(args), file, true, Map.of());
      byte[] errors = readAll(process.getErrorStream());
      int code = process.waitFor();
      if (code != 0) {
        throw failed(args, code, errors);
      }
    } catch (IOException e) {
      throw new HydrateException("cannot run git: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HydrateException("interrupted while running git", e);
    }
  }

  /** As {@link #blobTo}, answering false instead of failing when Git has no such blob (or cannot say). */
  public boolean tryBlobTo(String object, Path file) {
    try {
      blobTo(object, file);
      return true;
    } catch (HydrateException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw e;
      }
      return false;
    }
  }

  /**
   * The content of blob {@code object}, streamed from Git; empty when Git cannot start (a missing
   * blob gives no bytes). {@code extra} adds to the environment. Closing the stream ends the process.
   */
  public Optional<InputStream> openBlob(String object, Map<String, String> extra) {
    try {
      Process git = start(List.of("cat-file", "blob", object), null, false, extra);
      return Optional.of(new FilterInputStream(git.getInputStream()) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            git.destroy();
          }
        }
      });
    } catch (IOException e) {
      return Optional.empty();
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

  /**
   * {@code paths} as pathspecs that match themselves only: a name holding {@code *}, {@code ?} or
   * {@code [} would otherwise match other files too.
   */
  public static List<String> literal(List<String> paths) {
    return paths.stream().map(path -> ":(literal)" + path).toList();
  }
}
