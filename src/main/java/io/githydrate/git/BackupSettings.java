package io.githydrate.git;

import static io.githydrate.Messages.printable;

import io.githydrate.HydrateException;
import io.githydrate.engine.BackupPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;

/**
 * How long and how many backups of replaced databases the repository keeps, from {@code .hydrateconfig}:
 *
 * <pre>
 * [backups]
 *   keep-days = 7      # every backup younger than this is kept
 *   keep-count = 10    # beyond those, at most this many backups in all
 *   max-size = 1g      # and at most this many bytes in all (k, m, g: KiB, MiB, GiB)
 * </pre>
 *
 * A missing key takes its value from {@link BackupPolicy#DEFAULT}. See {@link BackupPolicy} for
 * what is kept.
 */
public final class BackupSettings {
  public static final String SECTION = "backups";
  private static final Pattern WHOLE = Pattern.compile("[0-9]{1,9}");

  private BackupSettings() {}

  /**
   * The policy of the repository whose work tree is {@code root}.
   *
   * @throws HydrateException naming {@code .hydrateconfig} and the key when a value is not one
   */
  public static BackupPolicy policy(Path root) {
    Path file = root.resolve(Workspace.CONFIG_FILE);
    if (!Files.isRegularFile(file)) {
      return BackupPolicy.DEFAULT;
    }
    Config config = new Config();
    try {
      config.fromText(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | ConfigInvalidException e) {
      throw new HydrateException(file + ": " + e.getMessage(), e);
    }
    BackupPolicy defaults = BackupPolicy.DEFAULT;
    int keepDays = whole(file, config, "keep-days", defaults.keepDays(), "a whole number of days");
    int keepCount = whole(file, config, "keep-count", defaults.keepCount(), "a whole number of backups");
    String size = config.getString(SECTION, null, "max-size");
    long maxBytes = size == null ? defaults.maxBytes() : bytes(file, size);
    return new BackupPolicy(keepDays, keepCount, maxBytes);
  }

  private static int whole(Path file, Config config, String key, int fallback, String expected) {
    String value = config.getString(SECTION, null, key);
    if (value == null) {
      return fallback;
    }
    if (!WHOLE.matcher(value.strip()).matches()) {
      throw new HydrateException(file + ": " + SECTION + "." + key + " must be " + expected + " (0 or more), got \""
          + printable(value) + "\"");
    }
    return Integer.parseInt(value.strip());
  }

  private static long bytes(Path file, String value) {
    return ConfigSizes.bytes(value).orElseThrow(() -> new HydrateException(file + ": " + SECTION
        + ".max-size must be a size in bytes, with k, m, g or t for KiB, MiB, GiB or TiB (such as 2g), got \""
        + printable(value) + "\""));
  }

}
