"""Times git-hydrate's dehydrate and hydrate under several sets of JVM flags, interleaved round by
round so that a busy moment of the machine hits every set alike, and prints the medians.

The sets are FLAG_SETS below, each added after JAVA_OPTS. For "AppCDS", an untimed first run of
each command records its loaded classes in a class-data archive (app-dehydrate.jsa,
app-hydrate.jsa), which the timed runs start from.
"""

import argparse
import os
import shlex
import shutil
import statistics
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import bench  # noqa: E402  (the sibling module)

FLAG_SETS = [
    ("default", []),
    ("SerialGC", ["-XX:+UseSerialGC"]),
    ("ParallelGC", ["-XX:+UseParallelGC"]),
    ("TieredStopAtLevel=1", ["-XX:TieredStopAtLevel=1"]),
    ("Xshare:off", ["-Xshare:off"]),
    ("AppCDS", ["-XX:SharedArchiveFile=app-{verb}.jsa"]),
    ("SerialGC+AppCDS", ["-XX:+UseSerialGC", "-XX:SharedArchiveFile=app-{verb}.jsa"]),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jar", required=True)
    parser.add_argument("--generator", required=True)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()

    rows = bench.env_int("ROWS", 1_000_000)
    runs = bench.env_int("RUNS", 3)
    quiet_wait = bench.env_int("QUIET_WAIT", 120, minimum=0)
    java = os.environ.get("JAVA") or "java"
    java_opts = shlex.split(os.environ.get("JAVA_OPTS", ""))
    sqlite3 = os.environ.get("SQLITE3") or "sqlite3"

    base = os.path.abspath(args.dir)
    source, _ = bench.cached_database(os.path.join(base, "cache"), args.generator, sqlite3, rows)
    work = os.path.join(base, "flags")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    shutil.copyfile(args.jar, os.path.join(work, "git-hydrate.jar"))
    try:
        os.link(source, os.path.join(work, "bench.db"))
    except OSError:
        shutil.copyfile(source, os.path.join(work, "bench.db"))

    def command(flags, verb):
        args_ = (["dehydrate", "bench.db", "-o", "bench.db.json"] if verb == "dehydrate"
                 else ["hydrate", "bench.db.json", "-o", "hydrated.db"])
        return [java, *java_opts, *(f.format(verb=verb) for f in flags), "-jar", "git-hydrate.jar", *args_]

    def prepare(verb):
        if verb == "dehydrate":
            bench.remove(os.path.join(work, "bench.db.json"))
        else:
            bench.remove(os.path.join(work, "hydrated.db"))

    bench.log("recording the class-data archives (AppCDS), which also warms the page cache")
    for verb in ("dehydrate", "hydrate"):
        prepare(verb)
        bench.measure(command(["-XX:ArchiveClassesAtExit=app-{verb}.jsa"], verb), work)

    results = {(name, verb): [] for name, _ in FLAG_SETS for verb in ("dehydrate", "hydrate")}
    for round_ in range(1, runs + 1):
        bench.log(f"round {round_} of {runs}")
        for name, flags in FLAG_SETS:
            for verb in ("dehydrate", "hydrate"):
                attempts = []
                while True:
                    prepare(verb)
                    if quiet_wait:
                        bench.wait_for_quiet(quiet_wait)
                    m = bench.measure(command(flags, verb), work)
                    bench.log(f"  {name:<20} {verb:<9} {m.wall:6.2f} s  cpu {m.cpu:6.2f} s"
                              f"  rss {m.rss_mb:4.0f} MB  (others' cpu {m.others_cpu:.2f} s)")
                    attempts.append(m)
                    if not m.disturbed() or len(attempts) == bench.MAX_ATTEMPTS:
                        break
                results[(name, verb)].append(min(attempts, key=lambda a: a.others_cpu / a.wall))

    print(f"JVM flag sets, {rows:,} rows, median of {runs} run{'s' if runs != 1 else ''}; "
          f"JAVA_OPTS: {shlex.join(java_opts) or '(none)'}")
    header = (f"{'flags':<22}{'dehydrate s':>12}{'cpu s':>8}{'RSS MB':>8}"
              f"{'hydrate s':>12}{'cpu s':>8}{'RSS MB':>8}{'sum s':>8}")
    print(header)
    print("-" * len(header))
    for name, _ in FLAG_SETS:
        d = results[(name, "dehydrate")]
        h = results[(name, "hydrate")]
        dw = statistics.median(m.wall for m in d)
        hw = statistics.median(m.wall for m in h)
        print(f"{name:<22}{dw:>12.2f}{statistics.median(m.cpu for m in d):>8.2f}"
              f"{max(m.rss_mb for m in d):>8.0f}{hw:>12.2f}{statistics.median(m.cpu for m in h):>8.2f}"
              f"{max(m.rss_mb for m in h):>8.0f}{dw + hw:>8.2f}")
    disturbed = sum(m.disturbed() for ms in results.values() for m in ms)
    print(f"disturbed runs kept: {disturbed}")


if __name__ == "__main__":
    main()
