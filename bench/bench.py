"""Runs the benchmark that run.sh describes: generate (or reuse) the database, time each command
in a fresh child process, check the round trip, print the table.

Standard library only. Every measurement is one fresh child process, reaped with os.wait4 so
that its own CPU time is read (RUSAGE_CHILDREN would add up every child so far, and report the
largest one's RSS); its peak RSS comes from GNU time where there is one (see GNU_TIME).
"""

import argparse
import filecmp
import hashlib
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import common
from common import busy_seconds, env_int, fail, log, wait_for_quiet

common.name = "bench"

MB = 1_000_000

GOAL_DEHYDRATE = 1.0
GOAL_HYDRATE = 0.5
GOAL_RSS_MB = 300

MAX_ATTEMPTS = 3


def table_rows(rows):
    """Rows per table for a database of `rows` rows in all."""
    users = rows // 10
    events = rows * 45 // 100
    kv = rows * 30 // 100
    docs = max(1, rows // 1000)
    return {"users": users, "events": events, "kv": kv, "docs": docs,
            "log": max(0, rows - users - events - kv - docs)}


def tool_version(argv):
    try:
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
    except OSError as e:
        fail(f"cannot run {argv[0]}: {e}")
    return (done.stdout + done.stderr).strip()


def cached_database(cache, generator, sqlite3, rows):
    """The generated database for `rows` rows, made again only when its parameters changed."""
    counts = table_rows(rows)
    with open(generator, "rb") as f:
        script = f.read()
    params = {
        "rows": rows,
        "tables": counts,
        "generator_sha256": hashlib.sha256(script).hexdigest(),
        "sqlite3": tool_version([sqlite3, "--version"]).split(" ")[0],
    }
    db = os.path.join(cache, f"rows-{rows}.db")
    stamp = db + ".params.json"
    if os.path.isfile(db) and os.path.isfile(stamp):
        with open(stamp, encoding="utf-8") as f:
            if json.load(f) == params:
                log(f"reusing {os.path.relpath(db)}")
                return db, counts
    os.makedirs(cache, exist_ok=True)
    for stale in (db, stamp):
        if os.path.exists(stale):
            os.remove(stale)
    partial = db + ".partial"
    if os.path.exists(partial):
        os.remove(partial)
    log(f"generating {rows:,} rows into {os.path.relpath(db)}")
    bindings = "".join(f".parameter set :{name} {count}\n" for name, count in counts.items())
    started = time.perf_counter()
    done = subprocess.run([sqlite3, "-bail", partial], input=bindings.encode() + script,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    if done.returncode != 0:
        fail(f"generating the database failed: {done.stderr.decode(errors='replace').strip()}")
    os.rename(partial, db)
    with open(stamp, "w", encoding="utf-8") as f:
        json.dump(params, f, indent=1)
    log(f"generated in {time.perf_counter() - started:.1f} s")
    return db, counts


class Measurement:
    def __init__(self, wall, cpu, rss_mb, others_cpu, returncode=0):
        self.wall = wall
        self.cpu = cpu
        self.rss_mb = rss_mb
        self.others_cpu = others_cpu
        self.returncode = returncode

    def disturbed(self):
        """Whether other processes used more than a fifth of a CPU, on average, meanwhile."""
        return self.others_cpu > 0.2 * self.wall


# A child's ru_maxrss counts the memory of this Python process, which the child shares until it
# execs, so small children (sqlite3) would look as big as this script. GNU time forks from a tiny
# process and reports its child's own peak; without it, this script's peak is the floor.
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def measure(argv, cwd, stdin=None, stdout=None, allowed=(0,)):
    """Runs argv once as a fresh child; its wall time, CPU time and peak RSS, its exit code
    (`returncode`), and the CPU time other processes used meanwhile. Fails on an exit code not in
    `allowed`."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as peak:
        command = [GNU_TIME, "-f", "%M", "-o", peak.name, *argv] if GNU_TIME else argv
        fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
        fout = open(stdout, "wb") if stdout else subprocess.DEVNULL
        try:
            machine_before = busy_seconds()
            started = time.perf_counter()
            child = subprocess.Popen(command, cwd=cwd, stdin=fin, stdout=fout, stderr=err)
            _, status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - started
            machine = busy_seconds() - machine_before
            child.returncode = os.waitstatus_to_exitcode(status)
        finally:
            if stdin:
                fin.close()
            if stdout:
                fout.close()
        if child.returncode not in allowed:
            err.seek(0)
            fail(f"{shlex.join(argv)} exited with {child.returncode}:\n"
                 + err.read().decode(errors="replace").strip())
        # Both are in KiB on Linux.
        rss_kib = int(peak.read().split()[-1]) if GNU_TIME else usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime
    # /proc/stat counts in ticks, so small negatives are rounding.
    return Measurement(wall, cpu, rss_kib * 1024 / MB, max(0.0, machine - cpu), child.returncode)


class RepositoryBench:
    """What the benchmarks that time git-hydrate inside a Git repository share (pull.py, filter.py):
    their command line and settings, the generated database, a fresh folder `work` with an empty
    repository `repo` (and its `data` folder), and a copy of the distribution that every command,
    timed or not, finds first on PATH (Git runs the hooks and the filter by name)."""

    def __init__(self, description, name):
        parser = argparse.ArgumentParser(description=description)
        parser.add_argument("--dist", required=True, help="the distribution to time (bin/git-hydrate)")
        parser.add_argument("--generator", required=True)
        parser.add_argument("--dir", required=True)
        args = parser.parse_args()
        self.rows = env_int("ROWS", 1_000_000)
        self.runs = env_int("RUNS", 3)
        self.quiet_wait = env_int("QUIET_WAIT", 120, minimum=0)
        self.sqlite3 = os.environ.get("SQLITE3") or "sqlite3"
        base = os.path.abspath(args.dir)
        self.source, _ = cached_database(os.path.join(base, "cache"), args.generator, self.sqlite3, self.rows)
        self.work = os.path.join(base, name)
        shutil.rmtree(self.work, ignore_errors=True)
        self.repo = os.path.join(self.work, "repo")
        os.makedirs(os.path.join(self.repo, "data"))
        dist = os.path.join(self.work, "dist")
        shutil.copytree(args.dist, dist, symlinks=True, copy_function=shutil.copy2)
        self.git_hydrate = os.path.join(dist, "bin", "git-hydrate")
        os.environ.update(PATH=os.path.dirname(self.git_hydrate) + os.pathsep + os.environ["PATH"],
                          GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com",
                          GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com")

    def done(self):
        """Removes the folder, unless KEEP=1."""
        if os.environ.get("KEEP") == "1":
            log(f"kept {self.work}")
        else:
            shutil.rmtree(self.work, ignore_errors=True)


def remove(*paths):
    for path in paths:
        if os.path.lexists(path):
            os.remove(path)


def jvm_summary(java, java_opts):
    """The heap limit and collector the JVM picks with these options (they depend on the machine)."""
    text = tool_version([java, *java_opts, "-XX:+PrintFlagsFinal", "-version"])
    heap = re.search(r"\bMaxHeapSize\s*=\s*(\d+)", text)
    gcs = re.findall(r"\bUse(Serial|Parallel|G1|Z|Shenandoah|Epsilon)GC\s*=\s*true", text)
    version = next((line for line in text.splitlines() if re.match(r"\w+ version ", line)), "java ?")
    heap_text = f"{int(heap.group(1)) / MB:.0f} MB" if heap else "?"
    return version.strip(), heap_text, ", ".join(gcs) or "?"


def jar_provenance(jar, repo):
    """Which build is timed: the jar's name, time and digest, and the repository's commit."""
    sha256 = hashlib.sha256()
    with open(jar, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            sha256.update(block)
    digest = sha256.hexdigest()[:12]
    built = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(os.path.getmtime(jar)))
    commit = ""
    if repo:
        try:
            commit = subprocess.run(["git", "-C", repo, "describe", "--always", "--dirty"],
                                    capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            pass
    return (f"{os.path.basename(jar)} built {built}, sha256 {digest}"
            + (f"; repository now at {commit}" if commit else ""))


def size_mb(path):
    return os.path.getsize(path) / MB


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jar", help="time java -jar JAR (the JVM from JAVA, with JAVA_OPTS)")
    parser.add_argument("--dist", help="time the distribution in DIST (bin/git-hydrate, its own runtime)")
    parser.add_argument("--generator", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--repo", help="the repository the jar was built from, to name its commit")
    args = parser.parse_args()

    rows = env_int("ROWS", 1_000_000)
    runs = env_int("RUNS", 3)
    if bool(args.jar) == bool(args.dist):
        fail("give exactly one of --jar and --dist")
    java = os.path.join(args.dist, "runtime", "bin", "java") if args.dist else os.environ.get("JAVA") or "java"
    java_opts = shlex.split(os.environ.get("JAVA_OPTS", ""))
    sqlite3 = os.environ.get("SQLITE3") or "sqlite3"
    quiet_wait = env_int("QUIET_WAIT", 120, minimum=0)
    for tool in (java, sqlite3):
        if shutil.which(tool) is None:
            fail(f"{tool} not found")
    base = os.path.abspath(args.dir)

    source, counts = cached_database(os.path.join(base, "cache"), args.generator, sqlite3, rows)

    # Every command runs in work/ on plain file names. bench.db is a hard link to the cached
    # database, so that the round-trip check can put the hydrated database in its place (the
    # archive records the database's path, which must be the same for the bytes to match).
    work = os.path.join(base, "work")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    # What is timed is copied first, so a rebuild during the run does not change it. A copy of the
    # distribution keeps its files' times: its class cache is tied to the jar's.
    if args.dist:
        dist = os.path.join(work, "dist")
        shutil.copytree(args.dist, dist, symlinks=True, copy_function=shutil.copy2)
        jar = os.path.join(dist, "lib", "git-hydrate.jar")
        provenance = "distribution " + jar_provenance(jar, args.repo)
        git_hydrate = [os.path.join(dist, "bin", "git-hydrate")]
        if java_opts:
            os.environ["GIT_HYDRATE_JAVA_OPTS"] = shlex.join(java_opts)
    else:
        jar = os.path.join(work, "git-hydrate.jar")
        shutil.copyfile(args.jar, jar)
        provenance = jar_provenance(args.jar, args.repo)
        git_hydrate = [java, *java_opts, "-jar", jar]
    db = os.path.join(work, "bench.db")
    try:
        os.link(source, db)
    except OSError:
        shutil.copyfile(source, db)
    dump = os.path.join(work, "dump.sql")
    archive = os.path.join(work, "bench.db.json")
    loaded = os.path.join(work, "sqlite3.db")
    hydrated = os.path.join(work, "hydrated.db")

    operations = {
        "dump": (lambda: remove(dump),
                 lambda: measure([sqlite3, "bench.db", ".dump"], work, stdout=dump)),
        "dehydrate": (lambda: remove(archive),
                      lambda: measure([*git_hydrate, "dehydrate", "bench.db", "-o", "bench.db.json"], work)),
        "load": (lambda: remove(loaded, loaded + "-journal"),
                 lambda: measure([sqlite3, "sqlite3.db"], work, stdin=dump)),
        "hydrate": (lambda: remove(hydrated, hydrated + "-journal"),
                    lambda: measure([*git_hydrate, "hydrate", "bench.db.json", "-o", "hydrated.db"], work)),
    }
    results = {name: [] for name in operations}
    # Round 0 is the untimed warm-up (page cache, CDS archive, the files the next steps read).
    for round_ in range(runs + 1):
        log("warm-up" if round_ == 0 else f"run {round_} of {runs}")
        for name, (prepare, run) in operations.items():
            # A timed run that other processes disturbed is taken again (the quietest attempt counts).
            attempts = []
            while True:
                prepare()
                # The file the last step wrote (420 MB of dump.sql, which sqlite3 does not sync) would
                # otherwise go to disk during this one, and be charged to it.
                os.sync()
                if round_ > 0 and quiet_wait:
                    wait_for_quiet(quiet_wait)
                m = run()
                log(f"  {name:<9} {m.wall:7.2f} s  cpu {m.cpu:7.2f} s  rss {m.rss_mb:6.0f} MB"
                    f"  (others' cpu {m.others_cpu:.2f} s)")
                attempts.append(m)
                if round_ == 0 or not m.disturbed() or len(attempts) == MAX_ATTEMPTS:
                    break
                log("  disturbed by other processes; again")
            if round_ > 0:
                results[name].append(min(attempts, key=lambda a: a.others_cpu / a.wall))

    sizes = {"db": size_mb(db), "dump": size_mb(dump), "archive": size_mb(archive),
             "hydrated": size_mb(hydrated)}

    # The round-trip check: the hydrated database, under the original's name, dehydrates to the
    # same bytes.
    log("checking the round trip")
    check = os.path.join(work, "check.json")
    os.remove(db)
    os.rename(hydrated, db)
    measure([*git_hydrate, "dehydrate", "bench.db", "-o", "check.json"], work)
    if shutil.which("cmp"):
        # cmp names the first difference on stdout, which is this script's result: send it to stderr.
        same = subprocess.run(["cmp", archive, check], stdout=sys.stderr, check=False).returncode == 0
    else:
        same = filecmp.cmp(archive, check, shallow=False)
    os.remove(db)
    if same:
        remove(check)
    else:
        log(f"the archives differ: compare {os.path.relpath(archive)} with {os.path.relpath(check)}")

    # The distribution's launcher adds its own flags; the collector is the one that shapes memory.
    version, heap, gc = jvm_summary(java, ["-XX:+UseSerialGC", *java_opts] if args.dist else java_opts)
    report(rows, counts, runs, results, sizes, same, java_opts, version, heap, gc, provenance, bool(args.dist))
    sys.exit(0 if same else 1)


def report(rows, counts, runs, results, sizes, same, java_opts, version, heap, gc, provenance, dist):
    def med(name, attribute):
        return statistics.median(getattr(m, attribute) for m in results[name])

    def peak(name):
        return max(m.rss_mb for m in results[name])

    lines = []
    say = lines.append
    say(f"git-hydrate benchmark: {rows:,} rows "
        f"({', '.join(f'{name} {count:,}' for name, count in counts.items())}), "
        f"median of {runs} run{'s' if runs != 1 else ''} after 1 warm-up")
    say(f"sizes: db {sizes['db']:.1f} MB, dump.sql {sizes['dump']:.1f} MB, "
        f"archive {sizes['archive']:.1f} MB, hydrated db {sizes['hydrated']:.1f} MB  (MB = 10^6 bytes)")
    say(f"JVM: {version}; {'GIT_HYDRATE_JAVA_OPTS' if dist else 'JAVA_OPTS'}: {shlex.join(java_opts) or '(none)'}; "
        f"max heap {heap}; GC {gc}")
    say(f"jar: {provenance}")
    say("")
    header = (f"{'operation':<24}{'sqlite3 s':>10}{'git-hydrate s':>15}{'ratio':>8}{'goal':>8}"
              f"{'sqlite3 cpu s':>15}{'g-h cpu s':>11}{'sqlite3 RSS MB':>16}{'g-h RSS MB':>12}")
    say(header)
    say("-" * len(header))
    verdicts = []
    for label, theirs, ours, goal in (
            ("dehydrate vs .dump", "dump", "dehydrate", GOAL_DEHYDRATE),
            ("hydrate vs load dump", "load", "hydrate", GOAL_HYDRATE)):
        ratio = med(ours, "wall") / med(theirs, "wall")
        met = ratio <= goal
        verdicts.append(f"{ours} <= {goal:.1f}x: {'met' if met else 'NOT met'} ({ratio:.2f}x)")
        say(f"{label:<24}{med(theirs, 'wall'):>10.2f}{med(ours, 'wall'):>15.2f}{ratio:>7.2f}x"
            f"{'<=' + format(goal, '.1f') + 'x':>8}{med(theirs, 'cpu'):>15.2f}{med(ours, 'cpu'):>11.2f}"
            f"{peak(theirs):>16.0f}{peak(ours):>12.0f}")
    say("")
    for name in results:
        say(f"{name + ' runs (s):':<22}" + " ".join(f"{m.wall:.2f}" for m in results[name]))
    rss = max(peak("dehydrate"), peak("hydrate"))
    verdicts.append(f"peak RSS <= {GOAL_RSS_MB} MB: {'met' if rss <= GOAL_RSS_MB else 'NOT met'} "
                    f"({rss:.0f} MB)")
    noisiest = max(((m.others_cpu, name) for name in results for m in results[name]))
    disturbed = sum(m.disturbed() for name in results for m in results[name])
    say(f"other processes' CPU during one timed run: at most {noisiest[0]:.2f} s ({noisiest[1]})"
        + (f"; {disturbed} run(s) disturbed, times may be inflated" if disturbed else "; quiet"))
    say("")
    say("goals: " + "; ".join(verdicts))
    say("round trip (hydrated db dehydrates to the same bytes, cmp): " + ("OK" if same else "FAILED"))
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
