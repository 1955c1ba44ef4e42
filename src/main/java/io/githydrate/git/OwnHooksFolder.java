package io.githydrate.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The hooks folder git-hydrate gives one repository when Git would run its hooks from a folder
 * outside it ({@code core.hooksPath}, usually in the user's global config): such a folder serves
 * other repositories too, so git-hydrate writes no hook there without the user's consent. Instead the
 * repository's own config sets {@code core.hooksPath} to {@code .git/git-hydrate/hooks} (an absolute
 * path, so that linked worktrees find it), where git-hydrate's hooks chain the shared folder's hooks
 * of the same name, and a small forwarder runs each other hook of the shared folder: every hook that
 * ran before still runs. A local {@code core.hooksPath} it replaces is kept in
 * {@value #BEFORE_KEY} and put back by {@link #remove}. Not thread safe; reads and writes Git's config
 * through {@code git config}.
 */
final class OwnHooksFolder {
  static final String FORWARDER_MARKER = "# git-hydrate forwarder:";
  static final String BEFORE_KEY = "hydrate.hooksPathBefore";

  private final Workspace workspace;
  private final GitCli git;

  OwnHooksFolder(Workspace workspace, GitCli git) {
    this.workspace = workspace;
    this.git = git;
  }

  /** {@code .git/git-hydrate/hooks} of the repository (its common Git directory, shared by linked worktrees). */
  Path directory() {
    Path common = workspace.root().resolve(git.run("rev-parse", "--git-common-dir")).normalize();
    return real(common).resolve("git-hydrate").resolve("hooks");
  }

  /** Whether Git runs this repository's hooks from this folder, or from one an earlier place of the repository had. */
  boolean inUse(Path hooks) {
    String local = git.tryRun("config", "--local", "--get", "core.hooksPath");
    return real(hooks).equals(directory())
        || (local != null && local.replace('\\', '/').endsWith("/git-hydrate/hooks"));
  }

  /** Whether {@code hooks} is this repository's own folder (not another's, that a copy of the repository names). */
  boolean isThisRepositorys(Path hooks) {
    return real(hooks).equals(directory());
  }

  /** Whether {@code hooks} is inside this repository: in its work tree or its Git directory. */
  boolean insideRepository(Path hooks) {
    Path folder = real(hooks);
    Path common = directory().getParent().getParent();
    Path gitDir = real(workspace.root().resolve(git.run("rev-parse", "--git-dir")).normalize());
    return folder.startsWith(real(workspace.root())) || folder.startsWith(common) || folder.startsWith(gitDir);
  }

  /**
   * The folder Git ran hooks from before this one stood in for it: the local value install replaced,
   * else the last value of another scope; empty when none is left.
   */
  Optional<Path> shared() {
    String value = git.tryRun("config", "--local", "--get", BEFORE_KEY);
    if (value == null) {
      String settings = git.tryRun("config", "--show-scope", "--get-all", "core.hooksPath");
      if (settings == null) { // Git before 2.26, or no value at all
        String global = git.tryRun("config", "--global", "--get", "core.hooksPath");
        value = global != null ? global : git.tryRun("config", "--system", "--get", "core.hooksPath");
      }
      for (String line : settings == null ? List.<String>of() : settings.lines().toList()) {
        int tab = line.indexOf('\t');
        if (tab > 0 && !line.substring(0, tab).equals("local") && !line.substring(0, tab).equals("worktree")) {
          value = line.substring(tab + 1);
        }
      }
    }
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    String resolved = git.tryRun("-c", "core.hooksPath=" + value, "rev-parse", "--git-path", "hooks");
    return resolved == null ? Optional.empty() : Optional.of(workspace.root().resolve(resolved).normalize());
  }

  /**
   * Points this repository's {@code core.hooksPath} at this folder (made if needed), keeping a local
   * value it replaces, and brings the forwarders in step with the shared folder's hooks; returns the
   * folder.
   */
  Path use(List<String> done) throws IOException {
    Path own = directory();
    Files.createDirectories(own);
    String local = git.tryRun("config", "--local", "--get", "core.hooksPath");
    String value = own.toString().replace('\\', '/');
    if (!value.equals(local)) {
      Optional<Path> shared = shared();
      if (local != null && !local.replace('\\', '/').endsWith("/git-hydrate/hooks")
          && git.tryRun("config", "--local", "--get", BEFORE_KEY) == null) {
        git.run("config", "--local", BEFORE_KEY, local);
        shared = shared();
      }
      git.run("config", "--local", "core.hooksPath", value);
      done.add("set core.hooksPath = " + label(own) + " in this repository's config: "
          + shared.map(this::label).orElse("the hooks folder") + " serves other repositories too, so git-hydrate"
          + " writes no hook there, and its hooks still run from here (to write into it instead:"
          + " git hydrate install --shared-hooks-path)");
    }
    syncForwarders(own, done);
    return own;
  }

  /**
   * What each hook of the shared folder needs in this folder: a forwarder named for it, or, for a hook
   * git-hydrate installs, one named {@code NAME.before-git-hydrate} that its hook runs first. A
   * git-hydrate hook in the shared folder (from an install with consent) is left out; the hook it
   * chained is run instead.
   */
  Map<String, Path> forwarders() {
    Map<String, Path> wanted = new TreeMap<>();
    Optional<Path> shared = shared();
    if (shared.isEmpty() || !Files.isDirectory(shared.get())) {
      return wanted;
    }
    try (Stream<Path> files = Files.list(shared.get())) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (!name.matches("[a-z0-9-]+") || !Files.isRegularFile(file) || isForwarder(file)) {
          continue;
        }
        if (GitHook.named(name).isEmpty()) {
          wanted.put(name, file);
          continue;
        }
        Path target = Installer.isOurs(file) ? file.resolveSibling(name + Installer.CHAINED_SUFFIX) : file;
        if (Files.isRegularFile(target)) {
          wanted.put(name + Installer.CHAINED_SUFFIX, target);
        }
      }
    } catch (IOException e) {
      return wanted;
    }
    return wanted;
  }

  /** The names {@link #forwarders} asks for that this folder lacks or has pointing elsewhere. */
  List<String> missingForwarders() {
    List<String> missing = new ArrayList<>();
    Path own = directory();
    forwarders().forEach((name, target) -> {
      Path file = own.resolve(name);
      try {
        if (!Files.isRegularFile(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(forwarder(target))) {
          missing.add(name.replace(Installer.CHAINED_SUFFIX, ""));
        }
      } catch (IOException e) {
        missing.add(name);
      }
    });
    return missing;
  }

  private void syncForwarders(Path own, List<String> done) throws IOException {
    Map<String, Path> wanted = forwarders();
    List<String> changed = new ArrayList<>();
    for (Map.Entry<String, Path> entry : wanted.entrySet()) {
      Path file = own.resolve(entry.getKey());
      String text = forwarder(entry.getValue());
      if (Files.exists(file) && !isForwarder(file)) {
        continue; // a hook of someone else's: never overwritten
      }
      if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Installer.makeExecutable(file);
        changed.add(entry.getKey().replace(Installer.CHAINED_SUFFIX, ""));
      }
    }
    try (Stream<Path> files = Files.list(own)) {
      for (Path file : files.toList()) {
        if (isForwarder(file) && !wanted.containsKey(file.getFileName().toString())) {
          Files.delete(file);
          changed.add(file.getFileName().toString().replace(Installer.CHAINED_SUFFIX, ""));
        }
      }
    }
    if (!changed.isEmpty()) {
      done.add("the hooks of " + shared().map(this::label).orElse("the shared folder") + " run from "
          + label(own) + " too: " + String.join(", ", changed));
    }
  }

  /**
   * Removes git-hydrate's forwarders, then (when nothing but git-hydrate's hooks were there, which
   * {@code removeHooks} takes away first) the folder {@code own}, and puts {@code core.hooksPath}
   * back as it was. With {@code own} null (the setting names another repository's folder) only the
   * setting is put back.
   */
  void remove(Path own, HookRemoval removeHooks, List<String> done) throws IOException {
    if (own != null && Files.isDirectory(own)) {
      try (Stream<Path> files = Files.list(own)) {
        for (Path file : files.toList()) {
          if (isForwarder(file)) {
            Files.delete(file);
          }
        }
      }
      removeHooks.run(own);
      List<String> left;
      try (Stream<Path> files = Files.list(own)) {
        left = files.map(file -> file.getFileName().toString()).sorted().toList();
      }
      if (!left.isEmpty()) {
        done.add("kept core.hooksPath = " + label(own) + ": it holds hooks that are not git-hydrate's ("
            + String.join(", ", left) + ")");
        return;
      }
      Files.delete(own);
    }
    String before = git.tryRun("config", "--local", "--get", BEFORE_KEY);
    if (before != null) {
      git.run("config", "--local", "core.hooksPath", before);
      git.run("config", "--local", "--unset", BEFORE_KEY);
      done.add("set core.hooksPath back to " + before + " in this repository's config");
    } else {
      git.run("config", "--local", "--unset", "core.hooksPath");
      done.add("removed core.hooksPath from this repository's config"
          + shared().map(folder -> " (Git runs the hooks of " + label(folder) + " again)").orElse(""));
    }
  }

  /** Takes git-hydrate's hooks out of a folder, putting back the hooks they chained. */
  interface HookRemoval {
    void run(Path hooks) throws IOException;
  }

  static boolean isForwarder(Path file) {
    try {
      return Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).contains(FORWARDER_MARKER);
    } catch (IOException e) {
      return false;
    }
  }

  private static String forwarder(Path target) {
    String quoted = "'" + target.toString().replace('\\', '/').replace("'", "'\\''") + "'";
    return "#!/bin/sh\n"
        + FORWARDER_MARKER + " runs the hook of the same name in the hooks folder this repository shares.\n"
        + "# Written by 'git hydrate install', which gave this repository hooks of its own (core.hooksPath);\n"
        + "# 'git hydrate uninstall' removes it.\n"
        + "hook=" + quoted + "\n"
        + "[ -x \"$hook\" ] || exit 0\n"
        + "exec \"$hook\" \"$@\"\n";
  }

  /** {@code folder} as the user knows it: relative to the work tree inside it, with ~ for the home folder. */
  String label(Path folder) {
    Optional<String> inside = workspace.labelOf(folder);
    if (inside.isPresent()) {
      return inside.get();
    }
    String home = System.getProperty("user.home");
    String text = folder.toString();
    return home != null && !home.isEmpty() && text.startsWith(home + java.io.File.separator)
        ? "~" + text.substring(home.length()) : text;
  }

  private static Path real(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      Path parent = path.toAbsolutePath().normalize().getParent();
      return parent == null || parent.equals(path) ? path.toAbsolutePath().normalize()
          : real(parent).resolve(path.getFileName());
    }
  }
}
