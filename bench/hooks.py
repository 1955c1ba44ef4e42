"""Runs the hook benchmark that hooks.sh describes: builds a repository with three databases,
times git-hydrate's hooks the way the installed hook scripts call them, next to `git status` and
git-lfs's post-checkout hook, and prints medians and ratios.

Standard library only. Each timed command is one fresh child process, timed with
time.perf_counter_ns from just before it is started until it has been reaped.
"""

import argparse
import hashlib
import os
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

import common
from common import busy_seconds, env_int, fail, log, wait_for_quiet

common.name = "hooks"

# The goals of the hook work (issue 4): a hook that has nothing to do costs at most twice
# git-lfs's own post-checkout hook, and bringing one small database up to date costs 250 ms.
GOAL_NOOP_RATIO = 2.0
GOAL_HYDRATE_MS = 250.0

MAX_ATTEMPTS = 3

# git-hydrate, like Git, does not trust a file's size and time stamp while the file is younger
# than a few seconds (3 s): it reads such a file again. A hook run right after a checkout therefore
# does more than a later one. Before the no-op hooks are timed, files are left to age this long and
# one hook run records their stamps, so that every timed no-op run does the same (no) work.
SETTLE_SECONDS = 3.5

DATABASES = ("data/app.db", "data/catalog.db", "data/users.db")
CHANGED = "data/catalog.db"  # the one database the second branch changes

# One table of ROWS rows per database, with every storage class: integers, reals, short and
# Unicode text, BLOBs of varied length, NULLs, and an untyped column holding all of them; plus an
# index. Deterministic (no random()), so every run times the same bytes; SEED makes the three
# databases differ. Runs in the sqlite3 shell or in Python's sqlite3 module alike.
SCHEMA = """
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  price REAL,
  stock INTEGER,
  note TEXT,
  picture BLOB,
  extra
);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
INSERT INTO items
SELECT i,
       'item ' || i || CASE i % 4 WHEN 0 THEN ' café' WHEN 1 THEN ' Grüße' WHEN 2 THEN ' 東京' ELSE '' END,
       round((i * {seed} % 100000) / 7.0, 2),
       (i * 7919 + {seed}) % 1000 - 100,
       CASE WHEN i % 5 = 0 THEN NULL ELSE printf('note %d for %d', i * 31 % 977, {seed}) END,
       CASE WHEN i % 3 = 0 THEN NULL ELSE CAST(substr(hex(i * 2654435761 + {seed}), 1, 2 + i % 24) AS BLOB) END,
       CASE i % 4 WHEN 0 THEN i WHEN 1 THEN i / 3.0 WHEN 2 THEN 'text ' || i ELSE NULL END
FROM n;
CREATE INDEX items_by_name ON items(name);
"""

# The second branch's change: a few rows updated, one added, one deleted.
CHANGE = """
UPDATE items SET name = name || ' (changed)', price = price + 1 WHERE id % 4000 = 7;
INSERT INTO items(name, price, stock) VALUES ('added on the other branch', 9.5, 3);
DELETE FROM items WHERE id = 12345;
"""


# Setup commands run with a fixed identity and branch name, so that the benchmark works on a
# machine with no Git configuration.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com",
}


def run(argv, cwd, env=None):
    """Runs an untimed setup command; fails with its output when it fails. Returns its stdout."""
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        fail(f"{shlex.join(argv)} exited with {done.returncode}:\n{(done.stdout + done.stderr).strip()}")
    return done.stdout


# --- measuring ---------------------------------------------------------------------------------


class Measurement:
    def __init__(self, ms, others_cpu, stderr):
        self.ms = ms
        self.others_cpu = others_cpu
        self.stderr = stderr

    def disturbed(self):
        """Whether other processes used more than a quarter of a CPU meanwhile. /proc/stat counts in
        ticks (usually 10 ms), so anything under 3 ticks is not held against a short run."""
        return self.others_cpu > max(0.25 * self.ms / 1000, 0.03)


def measure(argv, cwd):
    """Runs argv once as a fresh child, stdout discarded; its wall time and stderr, and the CPU
    time other processes used meanwhile. Fails on exit != 0 (every timed command must succeed)."""
    with tempfile.TemporaryFile() as err:
        machine_before = busy_seconds()
        started = time.perf_counter_ns()
        child = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        ms = (time.perf_counter_ns() - started) / 1e6
        machine = busy_seconds() - machine_before
        code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode(errors="replace").strip()
    if code != 0:
        fail(f"{shlex.join(argv)} exited with {code}:\n{stderr}")
    # The child's own CPU time is not "others"; /proc/stat rounds to ticks, hence max(0, ...).
    return Measurement(ms, max(0.0, machine - usage.ru_utime - usage.ru_stime), stderr)


# --- the repositories --------------------------------------------------------------------------

def make_database(path, rows, seed):
    """Creates one database with the sqlite3 shell when there is one, else Python's module."""
    script = SCHEMA.format(rows=rows, seed=seed)
    if shutil.which("sqlite3"):
        done = subprocess.run(["sqlite3", "-bail", path], input=script, text=True,
                              capture_output=True, check=False)
        if done.returncode != 0:
            fail(f"creating {path} with sqlite3 failed: {done.stderr.strip()}")
    else:
        connection = sqlite3.connect(path)
        connection.executescript(script)
        connection.close()


def change_database(path):
    connection = sqlite3.connect(path)
    connection.executescript(CHANGE)
    connection.close()


def fingerprint(path):
    """A digest of every row of the database, read without writing anything."""
    digest = hashlib.sha256()
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for row in connection.execute("SELECT * FROM items ORDER BY id"):
            digest.update(repr(row).encode())
    finally:
        connection.close()
    return digest.hexdigest()


def make_hydrate_repository(repo, shim_dir, git_hydrate, rows):
    """The repository the git-hydrate hooks are timed in: main with three databases, and a branch
    `other` where one of them has a few rows changed. Returns the commits and the expected
    content of the changed database on each."""
    env = {**os.environ, **GIT_ENV, "PATH": shim_dir + os.pathsep + os.environ["PATH"]}
    git = ["git", "-c", "advice.detachedHead=false"]
    run([*git, "init", "-q", "-b", "main", repo], cwd=None, env=env)
    os.makedirs(os.path.join(repo, "data"))
    for seed, db in enumerate(DATABASES, start=1):
        make_database(os.path.join(repo, db), rows, seed)
    # Set up as a user would: install, then a plain commit, whose pre-commit hook (the git-hydrate
    # on PATH here is the first variant) exports the databases and stages their archives.
    run([*git_hydrate, "install"], cwd=repo, env=env)
    run([*git, "add", "-A"], cwd=repo, env=env)
    run([*git, "commit", "-q", "-m", "Three databases"], cwd=repo, env=env)
    tracked = run([*git, "ls-files"], cwd=repo, env=env).split()
    missing = [db + ".json" for db in DATABASES if db + ".json" not in tracked]
    if missing or any(db in tracked for db in DATABASES):
        fail(f"the first commit does not hold exactly the archives: {tracked}")

    run([*git, "switch", "-q", "-c", "other"], cwd=repo, env=env)
    path = os.path.join(repo, CHANGED)
    on_main = fingerprint(path)
    change_database(path)
    on_other = fingerprint(path)
    run([*git_hydrate, "add"], cwd=repo, env=env)
    run([*git, "commit", "-q", "-m", "A few rows of one database"], cwd=repo, env=env)
    changed = run([*git, "diff", "--name-only", "main", "other"], cwd=repo, env=env).split()
    if changed != [CHANGED + ".json"]:
        fail(f"the branches should differ in {CHANGED}.json only, not {changed}")
    # Back to main through the real hook, which must bring the database back.
    run([*git, "switch", "-q", "main"], cwd=repo, env=env)
    if fingerprint(path) != on_main:
        fail(f"switching back to main did not restore {CHANGED}")
    commits = {name: run([*git, "rev-parse", name], cwd=repo, env=env).strip() for name in ("main", "other")}
    return commits, on_main, on_other


def make_lfs_repository(repo, databases):
    """The peer: a repository with git-lfs set up in it (`git lfs install --local`) and the same
    three database files tracked by LFS, so its work tree is the same size."""
    env = {**os.environ, **GIT_ENV}
    run(["git", "init", "-q", "-b", "main", repo], cwd=None, env=env)
    run(["git", "lfs", "install", "--local"], cwd=repo, env=env)
    run(["git", "lfs", "track", "*.db"], cwd=repo, env=env)
    os.makedirs(os.path.join(repo, "data"))
    for db in databases:
        shutil.copyfile(db, os.path.join(repo, "data", os.path.basename(db)))
    run(["git", "add", "-A"], cwd=repo, env=env)
    run(["git", "commit", "-q", "-m", "Three databases in LFS"], cwd=repo, env=env)
    stored = run(["git", "lfs", "ls-files", "-n"], cwd=repo, env=env).split()
    if len(stored) != len(databases):
        fail(f"git-lfs should hold {len(databases)} files, holds {stored}")


# --- variants ----------------------------------------------------------------------------------

def parse_variant(text, index):
    """`NAME=COMMAND` or `COMMAND`: the command that runs git-hydrate, as shell words. Words that
    name existing files relative to the current directory are made absolute, since the commands
    run inside the benchmark's repository."""
    label = str(index)
    match = re.match(r"([A-Za-z][\w.+-]*)=(.*)", text, re.S)
    if match and not match.group(2).startswith("="):
        label, text = match.group(1), match.group(2)
    words = shlex.split(text)
    if not words:
        fail(f"variant {label} has no command")
    words = [os.path.abspath(w) if not w.startswith("-") and "/" in w and os.path.exists(w) else w
             for w in words]
    if "/" not in words[0] and shutil.which(words[0]):
        words[0] = shutil.which(words[0])
    return label, words


def version_of(argv):
    done = subprocess.run([*argv, "--version"], capture_output=True, text=True, check=False)
    text = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        fail(f"{shlex.join(argv)} --version exited with {done.returncode}: {text}")
    return " / ".join(text.splitlines())


def write_shim(shim_dir, argv):
    """A `git-hydrate` on PATH for the hooks that Git itself runs while the repository is set up."""
    os.makedirs(shim_dir, exist_ok=True)
    shim = os.path.join(shim_dir, "git-hydrate")
    with open(shim, "w", encoding="utf-8") as f:
        f.write("#!/bin/sh\nexec " + shlex.join(argv) + ' "$@"\n')
    os.chmod(shim, 0o755)


# --- main --------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", required=True, help="an empty scratch folder")
    parser.add_argument("variants", nargs="+", help="[NAME=]COMMAND that runs git-hydrate")
    args = parser.parse_args()

    rows = env_int("ROWS", 20_000)
    runs = env_int("RUNS", 15)
    warmups = env_int("WARMUPS", 2, minimum=0)
    quiet_wait = env_int("QUIET_WAIT", 60, minimum=0)

    variants = [parse_variant(text, i) for i, text in enumerate(args.variants, start=1)]
    labels = [label for label, _ in variants]
    if len(set(labels)) != len(labels):
        fail(f"variant names must differ: {labels}")
    versions = {}
    for label, argv in variants:
        versions[label] = version_of(argv)
        log(f"variant {label}: {shlex.join(argv)}  ({versions[label]})")

    lfs_version = None
    if subprocess.run(["git", "lfs", "version"], capture_output=True, check=False).returncode == 0:
        lfs_version = run(["git", "lfs", "version"], cwd=None).strip()
    else:
        log("git-lfs not found: skipped")

    base = os.path.abspath(args.dir)
    repo = os.path.join(base, "repo")
    lfs_repo = os.path.join(base, "lfs")
    log(f"making a repository with {len(DATABASES)} databases of {rows:,} rows")
    write_shim(os.path.join(base, "bin"), variants[0][1])
    commits, on_main, on_other = make_hydrate_repository(repo, os.path.join(base, "bin"), variants[0][1], rows)
    main_commit, other_commit = commits["main"], commits["other"]
    changed_db = os.path.join(repo, CHANGED)
    db_bytes = sum(os.path.getsize(os.path.join(repo, db)) for db in DATABASES)
    archive_bytes = sum(os.path.getsize(os.path.join(repo, db + ".json")) for db in DATABASES)
    if lfs_version:
        make_lfs_repository(lfs_repo, [os.path.join(repo, db) for db in DATABASES])

    no_hooks = ["git", "-c", "core.hooksPath=/dev/null", "-c", "advice.detachedHead=false"]

    def settle(argv):
        """Lets the files age past the stamp window, then records them with one untimed no-op."""
        time.sleep(SETTLE_SECONDS)
        m = measure([*argv, "hook", "post-checkout", "HEAD", "HEAD", "1"], repo)
        if m.stderr:
            fail(f"the repository is not in step after a round: {m.stderr}")
        run(["git", "status", "--porcelain"], cwd=repo)

    def expect_quiet(name):
        def check(m):
            # A no-op hook says nothing; anything it says means it found work to do.
            if m.stderr:
                fail(f"{name} should have had nothing to do, but said: {m.stderr}")
        return check

    def to_other(argv):
        # The work tree now holds branch `other`'s archive while the database still holds main's:
        # just what a `git checkout other` leaves for its post-checkout hook. Settled first, so that
        # the database's stamp is trusted, as it is when a checkout comes a while after the last.
        settle(argv)
        run([*no_hooks, "checkout", "-q", other_commit], cwd=repo)
        if fingerprint(changed_db) != on_main:
            fail(f"{CHANGED} should hold main's content before the timed hook")

    def hydrated(m):
        if fingerprint(changed_db) != on_other:
            fail(f"the post-checkout hook did not bring {CHANGED} to the other branch's content: {m.stderr}")
        if CHANGED not in m.stderr:
            fail(f"the post-checkout hook did not report {CHANGED}: {m.stderr}")

    def back_to_main(argv):
        # Untimed: the same checkout the other way, and the hook that brings the database back.
        run([*no_hooks, "checkout", "-q", main_commit], cwd=repo)
        m = measure([*argv, "hook", "post-checkout", other_commit, main_commit, "1"], repo)
        if fingerprint(changed_db) != on_main:
            fail(f"the post-checkout hook did not bring {CHANGED} back to main's content: {m.stderr}")

    # What is timed: (key, row label, variant or None, argv, cwd, before, check, after).
    per_variant = []
    for label, argv in variants:
        per_variant.append((("noop-checkout", label), "post-checkout, no-op", label,
                            [*argv, "hook", "post-checkout", "HEAD", "HEAD", "1"], repo,
                            None, expect_quiet("post-checkout HEAD HEAD 1"), None))
    for label, argv in variants:
        per_variant.append((("noop-commit", label), "pre-commit, no-op", label,
                            [*argv, "hook", "pre-commit"], repo,
                            None, expect_quiet("pre-commit"), None))
    def just_written(argv):
        # Untimed: a switch to the other branch and back, each with its hook, so that the no-op timed
        # next comes right after a hook wrote a database (within the seconds its stamp is racy).
        run([*no_hooks, "checkout", "-q", other_commit], cwd=repo)
        measure([*argv, "hook", "post-checkout", main_commit, other_commit, "1"], repo)
        back_to_main(argv)

    hydrating = []
    # With the hydrating ones, which write databases too, not among the no-ops: what each leaves
    # behind (a database written moments ago) must not be what the next no-op of another variant meets.
    app_db = os.path.join(repo, DATABASES[0])

    def just_committed(argv):
        # Untimed: a row of another database changed and committed as Git runs the hooks (pre-commit
        # exports and stages it, the commit, post-commit), so the no-op timed next comes right after
        # a commit wrote an archive.
        connection = sqlite3.connect(app_db)
        with connection:
            connection.execute("UPDATE items SET stock = coalesce(stock, 0) + 1 WHERE id = 1")
        connection.close()
        measure([*argv, "hook", "pre-commit"], repo)
        run([*no_hooks, "commit", "-q", "-m", "A committed row"], cwd=repo, env={**os.environ, **GIT_ENV})
        measure([*argv, "hook", "post-commit"], repo)

    def uncommitted(argv):
        # Untimed: back to main's commit, the hook taking the database back to its rows.
        committed = run(["git", "rev-parse", "HEAD"], cwd=repo).strip()
        run([*no_hooks, "checkout", "-q", main_commit], cwd=repo)
        m = measure([*argv, "hook", "post-checkout", committed, main_commit, "1"], repo)
        if DATABASES[0] not in m.stderr:
            fail(f"the post-checkout hook did not take {DATABASES[0]} back: {m.stderr}")

    for label, argv in variants:
        hydrating.append((("noop-after-commit", label), "post-checkout, no-op right after a commit", label,
                          [*argv, "hook", "post-checkout", "HEAD", "HEAD", "1"], repo,
                          lambda argv=argv: just_committed(argv), expect_quiet("post-checkout HEAD HEAD 1"),
                          lambda argv=argv: uncommitted(argv)))
    for label, argv in variants:
        hydrating.append((("noop-after-write", label), "post-checkout, no-op right after a hook wrote a db", label,
                          [*argv, "hook", "post-checkout", "HEAD", "HEAD", "1"], repo,
                          lambda argv=argv: just_written(argv), expect_quiet("post-checkout HEAD HEAD 1"), None))
    # After a pull or a branch switch the database is still in step with the archive Git replaced,
    # so by default only the rows that differ are rewritten; GIT_HYDRATE_ROW_UPDATES=0 has the
    # database rebuilt in full instead: copied in from the build kept from when this branch was
    # last checked out, or, with GIT_HYDRATE_CACHE=0 too, built from an archive never built here.
    ways = (("update", "post-checkout, updates 1 db row by row", []),
            ("hydrate", "post-checkout, rebuilds 1 db (kept build)", ["GIT_HYDRATE_ROW_UPDATES=0"]),
            ("hydrate-new", "post-checkout, rebuilds 1 db never built",
             ["GIT_HYDRATE_ROW_UPDATES=0", "GIT_HYDRATE_CACHE=0"]))
    for key, name, settings in ways:
        for label, argv in variants:
            hydrating.append(((key, label), name, label,
                              ["env", *settings, *argv, "hook", "post-checkout", main_commit, other_commit, "1"],
                              repo, lambda argv=argv: to_other(argv), hydrated, lambda argv=argv: back_to_main(argv)))
    shared = [(("git-status", None), "git status", None, ["git", "status"], repo, None, None, None)]
    if lfs_version:
        shared.append((("lfs", None), "git lfs post-checkout (peer)", None,
                       ["git", "lfs", "post-checkout", "HEAD", "HEAD", "1"], lfs_repo, None, None, None))

    results = {item[0]: [] for item in per_variant + hydrating + shared}
    disturbed_kept = 0

    def take(item, timed):
        nonlocal disturbed_kept
        key, name, label, argv, cwd, before, check, after = item
        attempts = []
        while True:
            if before:
                before()
            m = measure(argv, cwd)
            if check:
                check(m)
            if after:
                after()
            attempts.append(m)
            if not timed or not m.disturbed() or len(attempts) == MAX_ATTEMPTS:
                break
            log(f"  {name} [{label or '-'}] disturbed by other processes ({m.others_cpu:.2f} CPU-s); again")
            # Taken again at once, it would most likely be disturbed again.
            if quiet_wait:
                wait_for_quiet(quiet_wait)
        if timed:
            best = min(attempts, key=lambda a: a.others_cpu / a.ms)
            disturbed_kept += best.disturbed()
            results[key].append(best)

    def rotated(items, by):
        # Variants take turns at going first, so no variant always runs right after another.
        by %= len(variants)
        return items[by:] + items[:by]

    settle(variants[0][1])
    for round_ in range(warmups + runs):
        timed = round_ >= warmups
        log(f"warm-up {round_ + 1} of {warmups}" if not timed else f"run {round_ - warmups + 1} of {runs}")
        if timed and quiet_wait:
            wait_for_quiet(quiet_wait)
        # The no-op hooks of every variant, then the hydrating one of every variant, then the
        # commands that do not depend on the variant, so each kind of work runs side by side.
        n = len(variants)
        order = (rotated(per_variant[:n], round_) + rotated(per_variant[n:], round_)
                 + rotated(hydrating, round_))
        for item in order:
            take(item, timed)
        settle(variants[round_ % n][1])
        for item in shared:
            take(item, timed)
        if timed:
            line = "  ".join(f"{results[item[0]][-1].ms:.0f}" for item in order + shared)
            log(f"  ms: {line}")

    report(rows, runs, warmups, variants, versions, lfs_version, per_variant + hydrating, shared,
           results, disturbed_kept, db_bytes, archive_bytes)


def report(rows, runs, warmups, variants, versions, lfs_version, hook_items, shared, results,
           disturbed_kept, db_bytes, archive_bytes):
    def median(key):
        return statistics.median(m.ms for m in results[key])

    peer = median(("lfs", None)) if lfs_version else None
    lines = []
    say = lines.append
    say(f"git-hydrate hook benchmark: {len(DATABASES)} databases of {rows:,} rows "
        f"({db_bytes / 1e6:.1f} MB of databases, {archive_bytes / 1e6:.1f} MB of archives); "
        f"median of {runs} runs after {warmups} warm-up{'s' if warmups != 1 else ''}; ms = wall time")
    for label, argv in variants:
        say(f"variant {label}: {shlex.join(argv)}  ({versions[label]})")
    git_version = subprocess.run(["git", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    say(f"peer: {lfs_version or 'git-lfs not found: skipped'}; {git_version}; {os.cpu_count()} CPUs")
    say("")
    several = len(variants) > 1
    table = []
    for key, name, label, *_ in hook_items + shared:
        values = [m.ms for m in results[key]]
        what = (f"[{label}] " if several and label else "") + (name if label is None else "git-hydrate " + name)
        ratio = f"{median(key) / peer:.2f}x" if peer else "-"
        table.append((what, median(key), f"{min(values):.1f}-{max(values):.1f}", ratio))
    width = max(len(r[0]) for r in table) + 2
    header = f"{'what':<{width}}{'median ms':>10}{'min-max ms':>16}{'x git-lfs hook':>16}"
    say(header)
    say("-" * len(header))
    for what, med, spread, ratio in table:
        say(f"{what:<{width}}{med:>10.1f}{spread:>16}{ratio:>16}")
    say("")
    for label, _ in variants:
        prefix = f"[{label}] " if several else ""
        for key, name in ((("noop-checkout", label), "no-op post-checkout"), (("noop-commit", label), "no-op pre-commit"),
                          (("noop-after-write", label), "no-op post-checkout right after a hook wrote a database"),
                          (("noop-after-commit", label), "no-op post-checkout right after a commit")):
            if peer:
                ratio = median(key) / peer
                met = "met" if ratio <= GOAL_NOOP_RATIO else "NOT met"
                say(f"goal: {prefix}{name} <= {GOAL_NOOP_RATIO:.0f}x git-lfs's hook "
                    f"({GOAL_NOOP_RATIO * peer:.0f} ms in this run): {met} ({median(key):.0f} ms, {ratio:.2f}x)")
            else:
                say(f"goal: {prefix}{name} <= {GOAL_NOOP_RATIO:.0f}x git-lfs's hook: not judged, "
                    f"no git-lfs in this run ({median(key):.0f} ms)")
        for key, name in ((("update", label), "post-checkout hydrating one small database (row by row)"),
                          (("hydrate", label), "the same, rebuilt in full from the build kept"),
                          (("hydrate-new", label), "the same, rebuilt in full, its archive never built here")):
            say(f"goal: {prefix}{name} <= {GOAL_HYDRATE_MS:.0f} ms: "
                f"{'met' if median(key) <= GOAL_HYDRATE_MS else 'NOT met'} ({median(key):.0f} ms)")
    say(f"checked: no-op hooks said nothing; each timed hydrating run brought {CHANGED} to the other "
        f"branch's rows")
    if disturbed_kept:
        say(f"{disturbed_kept} timed run(s) were disturbed by other processes even after "
            f"{MAX_ATTEMPTS} attempts: those figures may be inflated")
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
