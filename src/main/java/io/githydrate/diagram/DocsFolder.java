package io.githydrate.diagram;

import io.githydrate.HydrateException;
import io.githydrate.engine.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Brings a folder of generated docs up to date, or checks that it is: each file is compared byte
 * for byte with what would be written, and only those that differ are written, so files already
 * current keep their times. Files in the folder that are not generated are left alone.
 */
public final class DocsFolder {
  /** What was found, or done, for one file. */
  public enum State {
    CURRENT("current"),
    MISSING("missing"),
    STALE("stale"),
    WRITTEN("written");

    private final String wireName;

    State(String wireName) {
      this.wireName = wireName;
    }

    /** The name in {@code --json} output. */
    public String wireName() {
      return wireName;
    }
  }

  /** One file, by its path in the folder. */
  public record File(String path, State state) {}

  private DocsFolder() {}

  /**
   * Compares {@code files} (by path in {@code folder}) with the folder; writes those that differ
   * unless {@code check}. Throws naming the file that cannot be read or written.
   */
  public static List<File> update(Path folder, Map<String, String> files, boolean check) {
    List<File> result = new ArrayList<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = folder.resolve(file.getKey());
      byte[] wanted = file.getValue().getBytes(StandardCharsets.UTF_8);
      try {
        byte[] present = Files.isRegularFile(path) ? Files.readAllBytes(path) : null;
        State state = present == null ? State.MISSING : Arrays.equals(present, wanted) ? State.CURRENT : State.STALE;
        if (!check && state != State.CURRENT) {
          AtomicFiles.writeWhole(path, wanted);
          state = State.WRITTEN;
        }
        result.add(new File(file.getKey(), state));
      } catch (IOException e) {
        throw new HydrateException(path + ": cannot " + (check ? "read" : "write") + ": " + e.getMessage(), e);
      }
    }
    return result;
  }
}
