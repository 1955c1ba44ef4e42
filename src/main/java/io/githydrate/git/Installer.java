package io.githydrate.git;

import io.githydrate.HydrateException;
import io.githydrate.engine.ValueFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs git-hydrate into one repository, idempotently, and removes exactly that again: its
 * hooks (in the directory Git really uses, {@code core.hooksPath} included; a hook already there,
 * such as one written by lefthook or the pre-commit framework, is kept, renamed
 * {@code NAME.before-git-hydrate}, and still run first; with husky, a block at the top of each of its
 * scripts; with a {@code core.hooksPath} outside the repository, a folder of the repository's own
 * unless the user consents, see {@link OwnHooksFolder}), an ignore block for the databases and an
 * attributes block that keeps archives byte-exact. The hook scripts are the ones shipped inside the
 * binary, never ones from the checked-out branch.
 */
public final class Installer {
  /** The attributes of an archive in hooks mode. */
  static final String ARCHIVE_ATTRIBUTES = "text eol=lf merge=hydrate diff=hydrate";
  /**
   * The attributes of a large value's file in hooks mode: never converted, diffed or merged as text
   * (a Git LFS filter on the folder, from its own lines, is left as it is).
   */
  static final String VALUE_FILE_ATTRIBUTES = "-text -diff -merge";
  static final String MARKER = "# git-hydrate hook:";
  static final String CHAINED_SUFFIX = ".before-git-hydrate";
  /** The script of the post-* hooks in hooks/, with @HOOK@ and @CHANGED_BY@ to fill in. */
  private static final String POST_HOOK_TEMPLATE = "post-hook.template";
  /** The lines added to a hook manager's script in hooks/, with @HOOK@ and @WITHOUT@ to fill in. */
  private static final String MANAGER_LINES_TEMPLATE = "manager-lines.template";
  private static final String BEGIN = "# >>> git-hydrate (managed block: 'git hydrate uninstall' removes it";
  /** Closes the BEGIN line; says whether install also ended the line before the block. */
  private static final String BEGIN_END = ")";
  private static final String BEGIN_END_JOINED = ", and the line break before it)";
  private static final String END = "# <<< git-hydrate";

  private final Workspace workspace;
  private final GitCli git;
  private final boolean sharedHooksPath;

  public Installer(Workspace workspace, GitCli git) {
    this(workspace, git, false);
  }

  private Installer(Workspace workspace, GitCli git, boolean sharedHooksPath) {
    this.workspace = workspace;
    this.git = git;
    this.sharedHooksPath = sharedHooksPath;
  }

  /**
   * This installer, told whether the user consents to git-hydrate's hooks in a {@code core.hooksPath}
   * folder outside the repository, which other repositories use too: with consent, install writes
   * them there and uninstall removes them there; without, install gives the repository a hooks folder
   * of its own ({@link OwnHooksFolder}) and uninstall leaves the shared folder alone.
   */
  public Installer sharingHooksPath(boolean consent) {
    return new Installer(workspace, git, consent);
  }

  /** Where Git looks for this repository's hooks. */
  public Path hooksDirectory() {
    return workspace.root().resolve(git.run("rev-parse", "--git-path", "hooks")).normalize();
  }

  /** Installs everything for hooks mode; returns one line per thing it changed. */
  public List<String> install() {
    return install(Mode.HOOKS);
  }

  /**
   * Installs everything {@code mode} needs: its hooks (and removes those of the other mode), and
   * the ignore and attribute blocks; returns one line per thing it changed.
   */
  public List<String> install(Mode mode) {
    List<String> done = new ArrayList<>();
    try {
      installHooks(mode, done);
      writeBlocks(mode, done);
    } catch (IOException e) {
      throw new HydrateException("cannot install: " + e.getMessage(), e);
    }
    FilterConfig drivers = FilterConfig.drivers(git);
    if (!drivers.effective()) {
      done.addAll(drivers.write(FilterConfig.Scope.LOCAL)); // unless set up for the user already
    }
    return done;
  }

  /** Writes the ignore and attribute blocks for {@code mode} (after the layout's patterns changed, say). */
  public List<String> writeBlocks(Mode mode) {
    List<String> done = new ArrayList<>();
    try {
      writeBlocks(mode, done);
    } catch (IOException e) {
      throw new HydrateException("cannot write .gitignore and .gitattributes: " + e.getMessage(), e);
    }
    return done;
  }

  private void writeBlocks(Mode mode, List<String> done) throws IOException {
    writeBlock(workspace.root().resolve(".gitignore"), ignoreLines(mode), done);
    writeBlock(workspace.root().resolve(".gitattributes"), attributeLines(mode), done);
  }

  private void installHooks(Mode mode, List<String> done) throws IOException {
    boolean husky = usesHusky();
    Path hooks = husky ? hooksDirectory() : hooksFolder(done);
    for (GitHook hook : GitHook.values()) {
      String name = hook.fileName();
      // husky runs its hooks from its scripts in .husky/; any other goes, as a script, into the folder
      // Git runs hooks from (.husky/_), where husky leaves files it does not know.
      boolean byHusky = husky && hook.huskyRuns();
      if (mode.hooks().contains(hook)) {
        if (byHusky) {
          addHuskyLines(hook, mode, done);
        } else {
          Files.createDirectories(hooks);
          installHook(hooks, hook, done);
        }
      } else {
        removeHook(byHusky ? null : hooks, name, done);
      }
    }
  }

  /**
   * The folder to write hooks into: the one Git runs them from, unless that is outside the
   * repository and the user has not consented to writing there; then the repository's own.
   */
  private Path hooksFolder(List<String> done) throws IOException {
    Path hooks = hooksDirectory();
    OwnHooksFolder own = new OwnHooksFolder(workspace, git);
    if (own.inUse(hooks)) {
      if (!sharedHooksPath) {
        return own.use(done);
      }
      own.remove(ownFolderOrNull(own, hooks), folder -> removeHooks(folder, done), done);
      hooks = hooksDirectory();
      return own.inUse(hooks) ? own.use(done) : hooks;
    }
    return sharedHooksPath || own.insideRepository(hooks) ? hooks : own.use(done);
  }

  /** {@code hooks} when it is this repository's own folder; null when it is another's (a copied repository). */
  private static Path ownFolderOrNull(OwnHooksFolder own, Path hooks) {
    return own.isThisRepositorys(hooks) ? hooks : null;
  }

  private void removeHooks(Path hooks, List<String> done) throws IOException {
    for (GitHook hook : GitHook.values()) {
      removeHook(hooks, hook.fileName(), done);
    }
  }

  /** Removes git-hydrate's hook {@code name} (its husky line too) and puts back the hook it chained. */
  private void removeHook(Path hooks, String name, List<String> done) throws IOException {
    removeHuskyLines(name, done);
    if (hooks == null) {
      return;
    }
    Path hook = hooks.resolve(name);
    if (isOurs(hook)) {
      Files.delete(hook);
      done.add("removed hook " + name);
    }
    Path chained = hooks.resolve(name + CHAINED_SUFFIX);
    if (Files.exists(chained) && !Files.exists(hook)) {
      Files.move(chained, hook);
      done.add("restored the previous " + name + " hook");
    }
  }

  /**
   * Removes everything {@link #install} added, and puts chained hooks back under their own names.
   * In filter mode the blocks stay: they are what makes Git store this repository's databases as
   * archives, for every clone, and without them a database would be committed as raw bytes.
   */
  public List<String> uninstall() {
    List<String> done = new ArrayList<>();
    Path hooks = hooksDirectory();
    OwnHooksFolder own = new OwnHooksFolder(workspace, git);
    try {
      if (own.inUse(hooks)) {
        own.remove(ownFolderOrNull(own, hooks), folder -> removeHooks(folder, done), done);
      } else if (!sharedHooksPath && !own.insideRepository(hooks)) {
        for (GitHook hook : GitHook.values()) {
          removeHuskyLines(hook.fileName(), done);
        }
        if (anyOurs(hooks)) {
          done.add("kept git-hydrate's hooks in " + own.label(hooks) + ": other repositories run hooks from there"
              + " too (core.hooksPath); to remove them there, run: git hydrate uninstall --shared-hooks-path");
        }
      } else {
        removeHooks(hooks, done);
      }
      if (Mode.of(workspace.root()) == Mode.HOOKS) {
        removeBlock(workspace.root().resolve(".gitignore"), done);
        removeBlock(workspace.root().resolve(".gitattributes"), done);
      }
    } catch (IOException e) {
      throw new HydrateException("cannot uninstall: " + e.getMessage(), e);
    }
    return done;
  }

  /** Whether {@code hooks} holds any of git-hydrate's hooks. */
  static boolean anyOurs(Path hooks) {
    for (GitHook hook : GitHook.values()) {
      if (isOurs(hooks.resolve(hook.fileName()))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code hook} is a git-hydrate hook script. */
  public static boolean isOurs(Path hook) {
    try {
      return Files.isRegularFile(hook) && Files.readString(hook, StandardCharsets.UTF_8).contains(MARKER);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * husky ({@code core.hooksPath = .husky/_}) regenerates its hook folder and runs the scripts in
   * {@code .husky/}; that is where other tools join in, so git-hydrate adds its lines to each.
   */
  boolean usesHusky() {
    String hooksPath = git.tryRun("config", "--get", "core.hooksPath");
    return hooksPath != null && hooksPath.replace('\\', '/').matches("(.*/)?\\.husky(/_)?/?");
  }

  Path huskyScript(String name) {
    return workspace.root().resolve(".husky").resolve(name);
  }

  /** The line install appended to a husky script before it put its lines first; uninstall still removes it. */
  private static String appendedHuskyLine(String name) {
    return "git-hydrate hook " + name + " \"$@\"  " + APPENDED_MARKER;
  }

  private static final String APPENDED_MARKER = "# added by git hydrate install";

  /**
   * Puts git-hydrate's lines ({@link #managerLines}) into husky's script for {@code name}, before
   * anything that can end it: an {@code exit} or {@code exec} further down no longer skips them.
   * Lines of an earlier install, at the end or further down, move up.
   */
  private void addHuskyLines(GitHook hook, Mode mode, List<String> done) throws IOException {
    String name = hook.fileName();
    Path script = huskyScript(name);
    String text = Files.exists(script) ? Files.readString(script, StandardCharsets.UTF_8) : "";
    String lines = managerLines(hook, mode);
    ManagerScript parsed = ManagerScript.of(text, name);
    if (parsed.linesFirst() && parsed.lines().equals(lines) && !text.contains(appendedHuskyLine(name))) {
      return;
    }
    String rest = parsed.without().replace(appendedHuskyLine(name) + "\n", "");
    Files.createDirectories(script.getParent());
    Files.writeString(script, ManagerScript.insertFirst(rest, lines), StandardCharsets.UTF_8);
    makeExecutable(script);
    String label = workspace.labelOf(script).orElse(script.toString());
    boolean appended = text.contains(appendedHuskyLine(name));
    done.add(text.isEmpty() ? "created husky's " + label + " to run git-hydrate"
        : parsed.lines().isEmpty() && !appended ? "added git-hydrate to husky's " + label + ", before anything that can end it"
        : parsed.linesFirst() && !appended ? "updated git-hydrate's lines in husky's " + label
        : "moved git-hydrate's lines in husky's " + label + " before anything that can end it");
  }

  private void removeHuskyLines(String name, List<String> done) throws IOException {
    Path script = huskyScript(name);
    if (!Files.isRegularFile(script)) {
      return;
    }
    String text = Files.readString(script, StandardCharsets.UTF_8);
    String without = ManagerScript.of(text, name).without().replace(appendedHuskyLine(name) + "\n", "");
    if (without.equals(text)) {
      return;
    }
    if (without.isBlank()) {
      Files.delete(script);
    } else {
      Files.writeString(script, without, StandardCharsets.UTF_8);
    }
    done.add("removed git-hydrate from husky's " + workspace.labelOf(script).orElse(script.toString()));
  }

  /**
   * The lines git-hydrate adds to a hook manager's script for {@code hook} in {@code mode}, from
   * hooks/: they answer doctor's probe ({@code GIT_HYDRATE_PROBE}) and end the script there, run
   * {@code git-hydrate hook NAME}, stopping the script when it fails (a refused commit), and without
   * git-hydrate on PATH let the Git command go on, saying so on one line: husky's scripts are
   * committed, and run for teammates who never installed git-hydrate. A commit says it once, from
   * post-commit (which follows every commit pre-commit let through), unless the mode has no post-commit.
   */
  static String managerLines(GitHook hook, Mode mode) {
    String without = switch (hook) {
      case PRE_COMMIT -> mode.hooks().contains(GitHook.POST_COMMIT)
          ? ": post-commit says it once the commit is made"
          : missing("so staged files were not checked for SQLite databases; install it (see its README)");
      case POST_COMMIT -> missing("so this commit took no database changes and no database followed it;"
          + " install it (see its README), then run: git hydrate sync (and git hydrate add to commit database changes)");
      default -> missing("so databases were not updated; install it (see its README), then run: git hydrate sync");
    };
    return filled(MANAGER_LINES_TEMPLATE, List.of("@HOOK@", "@WITHOUT@"), List.of(hook.fileName(), without));
  }

  private static String missing(String what) {
    return "echo \"git-hydrate: not found on PATH, " + what + "\" >&2";
  }

  private void installHook(Path hooks, GitHook gitHook, List<String> done) throws IOException {
    String name = gitHook.fileName();
    Path hook = hooks.resolve(name);
    String script = script(gitHook);
    if (Files.exists(hook) && !isOurs(hook)) {
      Path chained = hooks.resolve(name + CHAINED_SUFFIX);
      if (Files.exists(chained)) {
        throw new HydrateException(hook + " is not git-hydrate's, and " + chained.getFileName()
            + " exists too; move one of them away and install again");
      }
      Files.move(hook, chained);
      done.add("kept the existing " + name + " hook as " + chained.getFileName() + "; it still runs first");
    }
    if (Files.exists(hook) && Files.readString(hook, StandardCharsets.UTF_8).equals(script)) {
      return;
    }
    Files.writeString(hook, script, StandardCharsets.UTF_8);
    makeExecutable(hook);
    done.add("installed hook " + name + " in " + workspace.labelOf(hook).orElse(hook.toString()));
  }

  static void makeExecutable(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      // Windows: Git for Windows runs hooks by their #! line, whatever the permissions
    }
  }

  /**
   * The script installed as {@code hook}, from the binary's copy of hooks/: pre-commit and
   * reference-transaction have scripts of their own; the post-* hooks, alike but for their name and
   * what they follow, are one template filled in.
   */
  static String script(GitHook hook) {
    return switch (hook) {
      case PRE_COMMIT, REFERENCE_TRANSACTION -> resource(hook.fileName());
      case POST_CHECKOUT -> postHook(hook, "this checkout");
      case POST_COMMIT -> postHook(hook, "a cherry-pick, revert, concluded merge or rebase step");
      case POST_MERGE -> postHook(hook, "this merge or pull");
      case POST_REWRITE -> postHook(hook, "a rebase");
    };
  }

  /** hooks/post-hook.template for {@code hook}, whose run follows a change to archives by {@code changedBy}. */
  private static String postHook(GitHook hook, String changedBy) {
    return filled(POST_HOOK_TEMPLATE, List.of("@HOOK@", "@CHANGED_BY@"), List.of(hook.fileName(), changedBy));
  }

  /** The script {@code template} of hooks/ with each placeholder, which it must hold, replaced by its value. */
  private static String filled(String template, List<String> placeholders, List<String> values) {
    String text = resource(template);
    for (int i = 0; i < placeholders.size(); i++) {
      if (!text.contains(placeholders.get(i))) {
        throw new IllegalStateException(template + " in the binary should hold " + placeholders.get(i));
      }
      text = text.replace(placeholders.get(i), values.get(i));
    }
    return text;
  }

  private static String resource(String name) {
    try (InputStream in = Installer.class.getResourceAsStream("/io/githydrate/hooks/" + name)) {
      if (in == null) {
        throw new IllegalStateException("hook script " + name + " is missing from the binary");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> ignoreLines(Mode mode) {
    List<String> lines = new ArrayList<>();
    if (mode == Mode.FILTER) {
      lines.add("# databases are tracked (Git stores each as its archive); SQLite's own side files are not");
    } else {
      lines.add("# databases are kept out of Git; their archives (*.json) go in");
    }
    for (String pattern : workspace.rules().databasePatterns()) {
      if (mode == Mode.HOOKS) {
        lines.add(pattern);
      }
      for (String sidecar : List.of("-wal", "-shm", "-journal")) {
        lines.add(pattern + sidecar);
      }
    }
    lines.add(".*.git-hydrate.tmp");
    return lines;
  }

  private List<String> attributeLines(Mode mode) {
    List<String> lines = new ArrayList<>();
    if (mode == Mode.FILTER) {
      lines.add("# databases: Git stores each as its archive (the hydrate filter), diffs and merges it as text");
      for (String pattern : workspace.rules().databasePatterns()) {
        lines.add(pattern + " " + Mode.FILTER_ATTRIBUTES);
      }
      return lines;
    }
    lines.add("# archives stay byte-exact (LF line ends on every platform), merge row by row, diff as rows");
    String directory = workspace.rules().archiveDirectory().orElse(null);
    if (directory != null) {
      lines.add(directory + "/**/*" + DatabaseRules.ARCHIVE_SUFFIX + " " + ARCHIVE_ATTRIBUTES);
    } else {
      for (String pattern : workspace.rules().databasePatterns()) {
        lines.add(pattern + DatabaseRules.ARCHIVE_SUFFIX + " " + ARCHIVE_ATTRIBUTES);
      }
    }
    lines.add("# large values kept beside an archive: their bytes exactly (they are named by their SHA-256)");
    if (directory != null) {
      lines.add(directory + "/**/*" + ValueFiles.FOLDER_SUFFIX + "/** " + VALUE_FILE_ATTRIBUTES);
    } else {
      for (String pattern : workspace.rules().databasePatterns()) {
        lines.add(pattern + ValueFiles.FOLDER_SUFFIX + "/** " + VALUE_FILE_ATTRIBUTES);
      }
    }
    return lines;
  }

  private void writeBlock(Path file, List<String> lines, List<String> done) throws IOException {
    String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    String without = withoutBlock(existing);
    StringBuilder text = new StringBuilder(without);
    boolean joined = text.length() > 0 && text.charAt(text.length() - 1) != '\n';
    if (joined) {
      text.append('\n');
    }
    text.append(BEGIN).append(joined ? BEGIN_END_JOINED : BEGIN_END).append('\n');
    lines.forEach(line -> text.append(line).append('\n'));
    text.append(END).append('\n');
    if (!text.toString().equals(existing)) {
      Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
      done.add("updated " + file.getFileName());
    }
  }

  private void removeBlock(Path file, List<String> done) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    String existing = Files.readString(file, StandardCharsets.UTF_8);
    String without = withoutBlock(existing);
    if (without.equals(existing)) {
      return;
    }
    if (without.isBlank()) {
      Files.delete(file); // it held nothing but what install wrote
    } else {
      Files.writeString(file, without, StandardCharsets.UTF_8);
    }
    done.add("removed git-hydrate's lines from " + file.getFileName());
  }

  /** The lines of the managed block in {@code text}, or "" when there is none. */
  static String managedBlock(String text) {
    int begin = text.indexOf(BEGIN);
    if (begin < 0) {
      return "";
    }
    int end = text.indexOf(END, begin);
    return end < 0 ? "" : text.substring(begin, end);
  }

  /** {@code text} without the managed block (and without the line break install put before it). */
  static String withoutBlock(String text) {
    int begin = text.indexOf(BEGIN);
    if (begin < 0) {
      return text;
    }
    int end = text.indexOf(END, begin);
    if (end < 0) {
      throw new HydrateException("the git-hydrate block in a file has no end line (\"" + END + "\"); fix it by hand");
    }
    int after = text.indexOf('\n', end);
    after = after < 0 ? text.length() : after + 1;
    boolean joined = text.startsWith(BEGIN + BEGIN_END_JOINED, begin);
    int from = joined && begin > 0 && text.charAt(begin - 1) == '\n' ? begin - 1 : begin;
    return text.substring(0, from) + text.substring(after);
  }
}
