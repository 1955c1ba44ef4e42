package io.githydrate.e2e;

import static io.githydrate.e2e.GitSandbox.sql;
import static io.githydrate.e2e.NothingToDoScenariosTest.Answer.NOTHING_TO_DO;
import static io.githydrate.e2e.NothingToDoScenariosTest.Answer.NOT_SURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.githydrate.hook.HookFastPath;
import io.githydrate.testing.ChildProcess;
import io.githydrate.testing.InProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two answers to "this hook certainly has nothing to do", held to one table: the launcher's
 * shell (src/dist/quick-hook.sh, before any JVM starts) and the JVM's {@link HookFastPath}. Each
 * scenario leaves a real clone as Git leaves it when it runs the hook, and names the hook's command
 * line; the table says once what each fast path answers.
 *
 * <p>The shell may be more cautious than the JVM, and a row then says why. It must never answer
 * "nothing to do" where the JVM is not sure, for that would skip work the full hook does, with one
 * kind of exception, which its rows name: what the JVM's fast path leaves to the full hook
 * unasked (filter mode, a staged archive), where the full hook, run there, must find nothing to do.
 *
 * <p>All clones are prepared first, then wait once, together, for their files to settle, and are
 * synced: the sync writes the settled list the shell reads only when every file on it was last
 * modified and last changed seconds ago, and a file's inode change time cannot be set back as its
 * modification time can.
 */
class NothingToDoScenariosTest {
  private static final Path SCRIPT = Path.of("src/dist/quick-hook.sh").toAbsolutePath();
  private static final String NO_COMMIT = "0".repeat(40);
  /** SettledFiles's margin, and a little more: a file changed within it keeps the list from being written. */
  private static final long SETTLE_MILLIS = 3_300;

  enum Answer { NOTHING_TO_DO, NOT_SURE }

  /** Hooks mode (databases ignored, their archives tracked) or filter mode (Git stores each as its archive). */
  enum Mode { HOOKS, FILTER }

  /** What a scenario does to its clone; Git's hooks are off, so only what it runs changes the clone. */
  @FunctionalInterface
  interface Step {
    void on(Repo repo) throws Exception;
  }

  /** What a scenario does last, as Git does before it runs the hook, and the hook's command line. */
  @FunctionalInterface
  interface Act {
    HookCall on(Repo repo) throws Exception;
  }

  /** Work done on a branch (see {@link Repo#onBranch}). */
  @FunctionalInterface
  interface Work {
    void run() throws Exception;
  }

  /** The hook's arguments after {@code hook}, and the environment Git runs it with. */
  record HookCall(List<String> args, Map<String, String> env) {}

  /**
   * One row of the table: what is done before the clone settles ({@code prepare}) and after it was
   * synced ({@code act}), what each fast path answers, and {@code why} they differ, if they do.
   * {@code fullHookDecides}: the JVM's fast path does not look at such a hook at all, and leaves it
   * to the full hook, which must then find nothing to do.
   */
  record Scenario(String name, Answer shell, Answer java, Step prepare, Act act, Mode mode, String why,
      boolean fullHookDecides) {
    /** The shell is more cautious here than the JVM, for the reason given. */
    Scenario because(String reason) {
      return new Scenario(name, shell, java, prepare, act, mode, reason, false);
    }

    /** The JVM's fast path leaves this to the full hook unasked, for the reason given. */
    Scenario fullHookDecides(String reason) {
      return new Scenario(name, shell, java, prepare, act, mode, reason, true);
    }

    Scenario inFilterMode() {
      return new Scenario(name, shell, java, prepare, act, Mode.FILTER, why, fullHookDecides);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static Scenario row(String name, Answer shell, Answer java, Step prepare, Act act) {
    return new Scenario(name, shell, java, prepare, act, Mode.HOOKS, "", false);
  }

  /** The installed clone itself, shared by the scenarios whose act leaves it as it is. */
  private static final Step UNTOUCHED = repo -> {};
  /** A copy of the installed clone, nothing more. */
  private static final Step COPY = repo -> {};
  /** Main one text commit further, so that a merge or rebase has a commit of its own to keep. */
  private static final Step MAIN_MOVES_ON = repo -> repo.commitText("other.txt", "on main", "Other text on main");

  static List<Scenario> scenarios() {
    return List.of(
        row("git checkout of the commit HEAD is on", NOTHING_TO_DO, NOTHING_TO_DO, UNTOUCHED,
            repo -> repo.hook("post-checkout", repo.head(), repo.head(), "1")),
        row("git switch to a branch that changed no archive", NOTHING_TO_DO, NOTHING_TO_DO, COPY,
            repo -> {
              repo.git("switch", "-q", "notes");
              return repo.hook("post-checkout", repo.commit("main"), repo.commit("notes"), "1");
            }),
        row("git switch to a branch that changed an archive", NOT_SURE, NOT_SURE, COPY,
            repo -> {
              repo.git("switch", "-q", "data");
              return repo.hook("post-checkout", repo.commit("main"), repo.commit("data"), "1");
            }),
        row("git switch to a branch that changed .hydrateconfig", NOT_SURE, NOT_SURE, COPY,
            repo -> {
              repo.git("switch", "-q", "layout");
              return repo.hook("post-checkout", repo.commit("main"), repo.commit("layout"), "1");
            }),
        row("git clone's checkout, from no commit", NOT_SURE, NOT_SURE, UNTOUCHED,
            repo -> repo.hook("post-checkout", NO_COMMIT, repo.head(), "1")),
        row("git checkout -- app.db.json after a hand edit", NOT_SURE, NOT_SURE, COPY,
            repo -> {
              GitSandbox.appendLine(repo.file("app.db.json"), "edited by hand");
              repo.git("checkout", "-q", "--", "app.db.json");
              return repo.hook("post-checkout", repo.head(), repo.head(), "0");
            }),
        row("git merge of a branch that changed no archive", NOTHING_TO_DO, NOTHING_TO_DO, MAIN_MOVES_ON,
            repo -> {
              repo.git("merge", "-q", "--no-edit", "notes");
              return repo.hook("post-merge", "0");
            }),
        row("git merge of a branch that changed an archive", NOT_SURE, NOT_SURE, MAIN_MOVES_ON,
            repo -> {
              repo.git("merge", "-q", "--no-edit", "data");
              return repo.hook("post-merge", "0");
            }),
        row("git commit --amend", NOTHING_TO_DO, NOTHING_TO_DO, MAIN_MOVES_ON,
            repo -> {
              repo.git("commit", "-q", "--amend", "-m", "Reworded");
              return repo.hook("post-rewrite", "amend");
            }),
        row("git rebase onto a branch that changed no archive", NOTHING_TO_DO, NOTHING_TO_DO, MAIN_MOVES_ON,
            repo -> {
              repo.git("rebase", "-q", "notes");
              return repo.hook("post-rewrite", "rebase");
            }),
        row("git rebase onto a branch that changed an archive", NOT_SURE, NOT_SURE, MAIN_MOVES_ON,
            repo -> {
              repo.git("rebase", "-q", "data");
              return repo.hook("post-rewrite", "rebase");
            }),
        row("git commit of a text file", NOTHING_TO_DO, NOTHING_TO_DO, COPY,
            repo -> {
              repo.commitText("notes.txt", "a line", "Notes");
              return repo.hook("post-commit");
            }),
        // The rebuild wrote the database moments ago; the sync read it back against the content check
        // its stamp carries, after the settled list's time, so the list holds at once.
        row("git commit of a text file right after a switch rebuilt the database", NOTHING_TO_DO, NOTHING_TO_DO, COPY,
            repo -> {
              repo.git("switch", "-q", "data");
              repo.hydrate("sync");
              repo.commitText("notes.txt", "a line", "Notes");
              return repo.hook("post-commit");
            }),
        // The export stamps the archive without a content check (its digest was taken first); the
        // commit's own hook read it back against that digest, so both can vouch for it at once.
        row("git commit of a database change git hydrate add has just exported", NOTHING_TO_DO, NOTHING_TO_DO, COPY,
            repo -> {
              repo.commitRows("A third note", "INSERT INTO notes VALUES (3, 'committed')");
              return repo.hook("post-commit");
            }),
        row("git cherry-pick of a commit that changed an archive", NOT_SURE, NOT_SURE, COPY,
            repo -> {
              repo.git("cherry-pick", "data");
              return repo.hook("post-commit");
            }),
        row("git reset --hard to a commit with the same archives", NOTHING_TO_DO, NOTHING_TO_DO, MAIN_MOVES_ON,
            repo -> {
              String before = repo.head();
              repo.git("reset", "-q", "--hard", "HEAD~1");
              return repo.hook("reference-transaction", "committed", before, repo.head(), "HEAD");
            }),
        row("git reset --hard to a commit with another archive", NOT_SURE, NOT_SURE, COPY,
            repo -> {
              repo.git("reset", "-q", "--hard", "data");
              return repo.hook("reference-transaction", "committed", repo.commit("main"), repo.head(), "HEAD");
            }),
        // The installed script passes on only a committed move; the hook has nothing to answer of others.
        row("reference-transaction prepared", NOT_SURE, NOT_SURE, UNTOUCHED,
            repo -> repo.hook("reference-transaction", "prepared", repo.head(), repo.head(), "HEAD")),
        row("reference-transaction creating a branch, from zeros", NOT_SURE, NOT_SURE, UNTOUCHED,
            repo -> repo.hook("reference-transaction", "committed", NO_COMMIT, repo.head(), "refs/heads/new")),
        row("pre-commit with nothing staged", NOTHING_TO_DO, NOTHING_TO_DO, UNTOUCHED,
            repo -> repo.hook("pre-commit")),
        row("pre-commit with a text file staged", NOTHING_TO_DO, NOTHING_TO_DO, COPY,
            repo -> {
              Files.writeString(repo.file("readme.txt"), "plain text\n");
              repo.git("add", "readme.txt");
              return repo.hook("pre-commit");
            }),
        row("pre-commit with the database staged (git add -f app.db)", NOT_SURE, NOT_SURE, COPY,
            repo -> {
              repo.git("add", "-f", "app.db");
              return repo.hook("pre-commit");
            }),
        row("pre-commit with a SQLite file staged under another name", NOT_SURE, NOT_SURE, COPY,
            repo -> {
              Files.copy(repo.file("app.db"), repo.file("blob.bin"));
              repo.git("add", "blob.bin");
              return repo.hook("pre-commit");
            }),
        row("pre-commit with the archive git hydrate add staged, settled since", NOTHING_TO_DO, NOT_SURE,
            repo -> {
              repo.rows("INSERT INTO notes VALUES (3, 'added')");
              repo.hydrate("add");
            },
            repo -> repo.hook("pre-commit"))
            .fullHookDecides("the JVM's fast path leaves every staged archive to the full hook; the shell"
                + " answers one that is the work tree's copy of a settled database's archive, which the full"
                + " hook accepts unread"),
        row("pre-commit with a JSON file staged that is no archive", NOT_SURE, NOTHING_TO_DO, COPY,
            repo -> {
              Files.writeString(repo.file("package.json"), "{}\n");
              repo.git("add", "package.json");
              return repo.hook("pre-commit");
            }).because("the shell knows archives only by the names on the settled list; the JVM reads the"
                + " database patterns, and no database's archive is named package.json"),
        row("pre-commit of chosen paths (git commit -- paths)", NOT_SURE, NOT_SURE, COPY,
            repo -> {
              Path nextIndex = repo.file(".git/next-index-42.lock");
              Files.copy(repo.file(".git/index"), nextIndex);
              return repo.hook(Map.of("GIT_INDEX_FILE", nextIndex.toString()), "pre-commit");
            }),
        row("pre-commit with a new database the sync state does not know", NOT_SURE, NOT_SURE, COPY,
            repo -> {
              Files.createDirectories(repo.file("data"));
              sql(repo.file("data/new.db"), "CREATE TABLE t (x)");
              return repo.hook("pre-commit");
            }),
        row("pre-commit after the database changed since the last sync", NOT_SURE, NOT_SURE, COPY,
            repo -> {
              repo.rows("INSERT INTO notes VALUES (3, 'local')");
              return repo.hook("pre-commit");
            }),
        row("git checkout of the same commit after the database changed", NOT_SURE, NOT_SURE, COPY,
            repo -> {
              repo.rows("INSERT INTO notes VALUES (3, 'local')");
              return repo.hook("post-checkout", repo.head(), repo.head(), "1");
            }),
        row("an archive rewritten with its modification time set back", NOT_SURE, NOTHING_TO_DO, COPY,
            repo -> {
              Path archive = repo.file("app.db.json");
              FileTime modified = Files.getLastModifiedTime(archive);
              Files.writeString(archive, Files.readString(archive));
              Files.setLastModifiedTime(archive, modified);
              return repo.hook("post-checkout", repo.head(), repo.head(), "1");
            }).because("the settled list is checked against inode change times too, which cannot be set back;"
                + " the JVM's stamps are size, modification time and inode, as Git's index has them"),
        row("a hook run with GIT_WORK_TREE set", NOT_SURE, NOT_SURE, UNTOUCHED,
            repo -> repo.hook(Map.of("GIT_WORK_TREE", repo.dir.toString()),
                "post-checkout", repo.head(), repo.head(), "1")),
        row("the fast paths turned off (GIT_HYDRATE_FAST_PATH=0)", NOT_SURE, NOT_SURE, UNTOUCHED,
            repo -> repo.hook(Map.of("GIT_HYDRATE_FAST_PATH", "0"), "pre-commit")),
        row("filter mode: pre-commit with nothing staged", NOTHING_TO_DO, NOT_SURE, UNTOUCHED,
            repo -> repo.hook("pre-commit"))
            .fullHookDecides("the JVM's fast path knows no filter mode; the shell answers a commit that"
                + " stages no raw SQLite file")
            .inFilterMode(),
        row("filter mode: pre-commit with a database change staged through the filter", NOTHING_TO_DO, NOT_SURE,
            COPY,
            repo -> {
              repo.rows("INSERT INTO notes VALUES (3, 'filtered')");
              repo.nextSecond();
              repo.git("add", "app.db");
              return repo.hook("pre-commit");
            })
            .fullHookDecides("the JVM's fast path knows no filter mode; the shell answers a database staged"
                + " as the work tree has it, whose archive Git's clean filter made")
            .inFilterMode(),
        row("filter mode: pre-commit with a new database staged through the filter", NOTHING_TO_DO, NOT_SURE,
            COPY,
            repo -> {
              sql(repo.file("second.db"), "CREATE TABLE t (x)", "INSERT INTO t VALUES (1)");
              repo.nextSecond();
              repo.git("add", "second.db");
              return repo.hook("pre-commit");
            })
            .fullHookDecides("the JVM's fast path knows no filter mode; the shell answers a database staged"
                + " as the work tree has it, whose archive Git's clean filter made")
            .inFilterMode(),
        row("filter mode: pre-commit with the raw database staged, the filter bypassed", NOT_SURE, NOT_SURE, COPY,
            repo -> {
              String blob = repo.git("hash-object", "-w", "--no-filters", "app.db").stdout().trim();
              repo.git("update-index", "--cacheinfo", "100644," + blob + ",app.db");
              return repo.hook("pre-commit");
            }).inFilterMode(),
        row("filter mode: pre-commit with an archive staged by hand that does not hydrate", NOT_SURE, NOT_SURE,
            COPY,
            repo -> {
              Path broken = repo.file(".git/broken-archive");
              Files.writeString(broken, "{ \"format\": \"git-hydrate-archive\", cut short\n");
              String blob = repo.git("hash-object", "-w", "--no-filters", broken.toString()).stdout().trim();
              repo.git("update-index", "--cacheinfo", "100644," + blob + ",app.db");
              return repo.hook("pre-commit");
            }).inFilterMode());
  }

  @TempDir
  static Path dir;

  /** Each scenario's clone, by the scenario's name. */
  private static final Map<String, Repo> repos = new HashMap<>();

  /**
   * Prepares every scenario's clone, lets them all settle at once, then syncs each. Filter mode's are
   * prepared meanwhile, on another thread: neither fast path reads a settled list there.
   */
  @BeforeAll
  static void prepareAll() throws Exception {
    CompletableFuture<Map<String, Repo>> filterMode = CompletableFuture.supplyAsync(() -> {
      try {
        return prepare(Mode.FILTER, GitSandbox.startFilterMode(Files.createDirectories(dir.resolve("filter-mode"))));
      } catch (Exception e) {
        throw new IllegalStateException("filter mode's clones", e);
      }
    });
    repos.putAll(prepare(Mode.HOOKS, GitSandbox.start(Files.createDirectories(dir.resolve("hooks-mode")))));
    long settled = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
    repos.putAll(filterMode.join());
    TimeUnit.NANOSECONDS.sleep(settled - System.nanoTime());
    for (Repo repo : new LinkedHashSet<>(repos.values())) {
      repo.hydrate("sync");
      if (repo.mode == Mode.HOOKS) {
        assertTrue(Files.exists(repo.file(".git/git-hydrate/settled")), repo.dir + ": the sync left no settled list");
      }
    }
  }

  /**
   * The clones of {@code mode}'s scenarios, by name. One clone, installed and in step, is shared by
   * the scenarios that leave it {@link #UNTOUCHED}; every other scenario works on a copy of it (a
   * copy costs less than a clone). In hooks mode it has three branches off main, one commit each:
   * {@code notes} changes a text file, {@code data} adds a row (its archive differs), {@code layout}
   * adds a {@code .hydrateconfig}.
   */
  private static Map<String, Repo> prepare(Mode mode, GitSandbox sandbox) throws Exception {
    Path remote = sandbox.newRemote(dir.resolve(mode + "-remote"));
    Path first = dir.resolve(mode + "-untouched");
    Repo untouched = new Repo(sandbox, mode, mode == Mode.HOOKS ? sandbox.cloneInstalled(remote, first)
        : sandbox.clone(remote, first));
    untouched.mark("main");
    if (mode == Mode.HOOKS) {
      untouched.onBranch("notes", () -> untouched.commitText("notes.txt", "on the notes branch", "Notes only"));
      untouched.onBranch("data",
          () -> untouched.commitRows("A third note", "INSERT INTO notes VALUES (3, 'on the data branch')"));
      untouched.onBranch("layout",
          () -> untouched.commitText(".hydrateconfig", "[hydrate]\n\tdatabases = *.db", "Databases by pattern"));
    }
    Map<String, Repo> clones = new LinkedHashMap<>();
    for (Scenario scenario : scenarios()) {
      if (scenario.mode() != mode) {
        continue;
      }
      if (scenario.prepare() == UNTOUCHED) {
        clones.put(scenario.name(), untouched);
        continue;
      }
      Repo repo = untouched.copy(dir.resolve(mode + "-" + clones.size()));
      scenario.prepare().on(repo);
      clones.put(scenario.name(), repo);
    }
    return clones;
  }

  /**
   * A copy of the clone at {@code source}, made at {@code target} by {@code cp -a}: with the files'
   * modes and times, and the hard link the sync keeps to each database (a new one would change the
   * database's inode change time after the sync wrote the settled list).
   */
  private static Path copy(Path source, Path target) throws IOException, InterruptedException {
    Process cp = new ProcessBuilder("cp", "-a", source.toString(), target.toString()).inheritIO().start();
    assertEquals(0, cp.waitFor(), "cp -a " + source + " " + target);
    return target;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void bothFastPathsGiveTheTablesAnswers(Scenario scenario) throws Exception {
    Repo repo = repos.get(scenario.name());
    HookCall call = scenario.act().on(repo);
    Answer shell = repo.askShell(call);
    Answer java = repo.askJava(call);
    assertFalse(shell == NOTHING_TO_DO && java == NOT_SURE && !scenario.fullHookDecides(),
        "the shell answers \"nothing to do\" where the JVM is not sure: it would skip the hook's work");
    assertEquals(List.of(scenario.shell(), scenario.java()), List.of(shell, java), "the shell's answer, the JVM's");
    if (scenario.fullHookDecides()) {
      repo.assertFullHookHasNothingToDo(call);
    }
  }

  /** Where the JVM's fast path is not sure, the shell may answer only what the full hook confirms. */
  @Test
  void theShellNeverSkipsWhatTheJvmWouldLookAt() {
    for (Scenario scenario : scenarios()) {
      boolean shellBolder = scenario.shell() == NOTHING_TO_DO && scenario.java() == NOT_SURE;
      assertEquals(shellBolder, scenario.fullHookDecides(),
          scenario.name() + ": the shell answers where the JVM is not sure exactly when the full hook decides");
      assertEquals(scenario.shell() != scenario.java(), !scenario.why().isEmpty(),
          scenario.name() + ": a row says why, exactly when the answers differ");
    }
  }

  /** One clone a scenario plays in, and what scenarios do to it, with Git's hooks off. */
  static final class Repo {
    final GitSandbox sandbox;
    final Mode mode;
    final Path dir;
    private final Map<String, String> commits = new HashMap<>();

    Repo(GitSandbox sandbox, Mode mode, Path dir) {
      this.sandbox = sandbox;
      this.mode = mode;
      this.dir = dir;
    }

    /** A copy of this clone at {@code target}, its branches marked as here. */
    Repo copy(Path target) throws IOException, InterruptedException {
      Repo copy = new Repo(sandbox, mode, NothingToDoScenariosTest.copy(dir, target));
      copy.commits.putAll(commits);
      return copy;
    }

    Path file(String path) {
      return dir.resolve(path);
    }

    /** {@code git args…} with no hook run: each scenario asks the fast paths itself. */
    GitSandbox.Result git(String... args) {
      List<String> command = new ArrayList<>(List.of("-c", "core.hooksPath=/dev/null"));
      command.addAll(List.of(args));
      return sandbox.git(dir, command.toArray(String[]::new));
    }

    String head() {
      return sandbox.head(dir);
    }

    void mark(String name) {
      commits.put(name, head());
    }

    String commit(String name) {
      return commits.get(name);
    }

    /** {@code git hydrate args…}, run in this JVM. */
    void hydrate(String... args) {
      InProcess.Run run = InProcess.run(dir, sandbox.environment(), args);
      assertEquals(0, run.exitCode(), () -> "git hydrate " + String.join(" ", args) + " in " + dir + ":\n" + run);
    }

    /**
     * Waits for the clock's next second. A file staged in the second it was written is racily clean
     * in the index, and Git reads it again through the filter to compare it; the full hook run in
     * this JVM starts git without the sandbox's PATH, so its filter could not start (a real hook has
     * git-hydrate on its PATH).
     */
    void nextSecond() throws InterruptedException {
      long second = System.currentTimeMillis() / 1000;
      while (System.currentTimeMillis() / 1000 == second) {
        Thread.sleep(20);
      }
    }

    void rows(String... statements) {
      sql(file("app.db"), statements);
    }

    void commitText(String path, String text, String message) throws IOException {
      Files.writeString(file(path), text + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      git("add", "--", path);
      git("commit", "-q", "-m", message);
    }

    /** Changes the database, exports and stages its archive as the daily flow does, and commits. */
    void commitRows(String message, String... statements) {
      rows(statements);
      hydrate("add");
      git("commit", "-q", "-m", message);
    }

    /** Does {@code work} on a new branch {@code name}, marks its tip, and goes back to main, in step. */
    void onBranch(String name, Work work) throws Exception {
      git("switch", "-q", "-c", name);
      work.run();
      mark(name);
      git("switch", "-q", "main");
      hydrate("sync");
    }

    HookCall hook(String... args) {
      return new HookCall(List.of(args), sandbox.environment());
    }

    HookCall hook(Map<String, String> extra, String... args) {
      Map<String, String> env = new HashMap<>(sandbox.environment());
      env.putAll(extra);
      return new HookCall(List.of(args), env);
    }

    private String[] commandLine(HookCall call) {
      List<String> args = new ArrayList<>(List.of("hook"));
      args.addAll(call.args());
      return args.toArray(String[]::new);
    }

    Answer askJava(HookCall call) {
      return HookFastPath.ask(dir, call.env(), commandLine(call)).nothingToDo() ? NOTHING_TO_DO : NOT_SURE;
    }

    /** {@code hydrate_quick hook ARGS…}, with the script sourced as the launcher sources it. */
    Answer askShell(HookCall call) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>(List.of("sh", "-c", ". \"$0\"; hydrate_quick hook \"$@\"",
          SCRIPT.toString()));
      command.addAll(call.args());
      ChildProcess.Exec exec = ChildProcess.run(dir, call.env(), command);
      assertTrue(exec.exitCode() == 0 || exec.exitCode() == 1, () -> "hydrate_quick exited " + exec);
      return exec.exitCode() == 0 ? NOTHING_TO_DO : NOT_SURE;
    }

    /** The full hook, run in this JVM with the fast paths off: it succeeds, says nothing and stages nothing. */
    void assertFullHookHasNothingToDo(HookCall call) {
      Map<String, String> env = new HashMap<>(call.env());
      env.put("GIT_HYDRATE_FAST_PATH", "0");
      String staged = git("diff", "--cached", "--name-status").stdout();
      InProcess.Run run = InProcess.run(dir, env, commandLine(call));
      assertEquals(0, run.exitCode(), () -> "the full hook failed:\n" + run);
      assertEquals("", run.out() + run.err(), "what the full hook said");
      assertEquals(staged, git("diff", "--cached", "--name-status").stdout(), "what is staged, after the full hook");
    }
  }
}
