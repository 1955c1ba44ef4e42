package io.githydrate.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How a repository keeps its databases in Git. The repository's committed {@code .gitattributes}
 * says which, so every clone agrees: the block {@code git hydrate install} writes there gives the
 * database paths {@code filter=hydrate} in filter mode.
 */
public enum Mode {
  /**
   * Databases ignored; an archive file beside each ({@code app.db.json}) is tracked; hooks keep the two in step.
   * reference-transaction sees the moves of HEAD that no other hook follows ({@code reset --hard},
   * each step of a rebase and its {@code --abort}); Git before 2.28 never runs it.
   */
  HOOKS(List.of(GitHook.values())),
  /** Databases tracked at their own paths; Git's filter stores each as its archive and writes it back as a database. */
  FILTER(List.of(GitHook.PRE_COMMIT));

  /** The attributes of a database path in filter mode. */
  public static final String FILTER_ATTRIBUTES = "filter=hydrate diff=hydrate merge=hydrate -text";

  private final List<GitHook> hooks;

  Mode(List<GitHook> hooks) {
    this.hooks = hooks;
  }

  /** The hooks this mode installs. */
  public List<GitHook> hooks() {
    return hooks;
  }

  /** The mode the repository whose work tree is {@code root} is in, by its {@code .gitattributes}. */
  public static Mode of(Path root) {
    Path attributes = root.resolve(".gitattributes");
    try {
      if (Files.isRegularFile(attributes)
          && Installer.managedBlock(Files.readString(attributes, StandardCharsets.UTF_8)).contains(" filter=hydrate")) {
        return FILTER;
      }
    } catch (IOException | RuntimeException e) {
      // unreadable: as if there were none
    }
    return HOOKS;
  }
}
