"""Times git-hydrate's merge driver on three archives of the benchmark's large database (run.sh's
generator, ROWS rows), next to `git merge-file -p` merging the same three files as text and, for
scale, `sqlite3 DB .dump` of the database, all in the same run. Standard library only; run through
`bench/run.sh merge`.

The three archives are exported from the database by the distribution's `dehydrate`: the base as
generated; ours and theirs each with three rows updated (one each of `users`, `events` and `kv`,
different rows on each side, near the start, the middle and the end of the archive) and one row
inserted into `users` under a key of its own (the two inserts are next to each other, at the end
of the table, as when two branches each add a row). Each merge-driver run starts from a fresh copy
of ours, which it overwrites with the result, as Git runs it (`%O %A %B %P`); `git merge-file -p`
writes to a file.

Checks: the merge driver exits 0 (clean), its result holds all eight changes, and it is byte for
byte the archive `dehydrate` exports from a database with both sides' changes applied. What
`git merge-file` made of the same files is reported (its exit code is its number of conflicts).
KEEP=1 keeps the files.
"""

import os
import shutil
import sqlite3 as sqlite
import statistics
import subprocess
import sys

import bench
import common
from common import fail, log

common.name = "merge"

DB = "data/big.db"
GOAL_RATIO = 0.25   # x git merge-file
GOAL_RSS_MB = 300
MARK = "merge-bench"


# Per side: how far its updated rows are from the other side's, and which new key it inserts
# (users' largest id in the base + this).
SIDES = {"ours": (0, 1), "theirs": (10, 2)}


def base_shape(db):
    """What the changes are placed by: users' and events' largest ids, kv's row count."""
    with sqlite.connect(db) as connection:
        return tuple(connection.execute(f"SELECT {what}").fetchone()[0] for what in
                     ("max(id) FROM users", "max(id) FROM events", "count(*) FROM kv"))


def changes(db, shape, side):
    """Applies side `side`'s four changes to the database (three updates, one insert). Each new
    value carries a token, `merge-bench SIDE N`, to look for in the results."""
    users, events, kv_rows = shape
    offset, new_id = SIDES[side]
    with sqlite.connect(db) as connection:
        kv_key = connection.execute("SELECT k FROM kv ORDER BY k LIMIT 1 OFFSET ?",
                                    (max(0, kv_rows - 100 + offset),)).fetchone()[0]
        connection.execute("UPDATE users SET name = ? WHERE id = ?", (f"{MARK} {side} 1", 7 + offset))
        connection.execute("UPDATE events SET note = ? WHERE id = ?", (f"{MARK} {side} 2", events // 2 + offset))
        connection.execute("UPDATE kv SET v = ? WHERE k = ?", (f"{MARK} {side} 3", kv_key))
        connection.execute("INSERT INTO users (id, name, email, age, balance, bio, avatar, created_at) "
                           "VALUES (?, ?, ?, 40, 1.5, NULL, NULL, '2025-01-01T00:00:00Z')",
                           (users + new_id, f"{MARK} {side} 4", f"{side}@merge-bench.example"))


TOKENS = [f"{MARK} {side} {n}".encode() for side in ("ours", "theirs") for n in (1, 2, 3, 4)]


def tokens_in(path):
    """How many of the eight changes' tokens the file holds (each at most once is expected)."""
    found = {token: 0 for token in TOKENS}
    tail = b""
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            chunk = tail + block
            for token in TOKENS:
                found[token] += chunk.count(token)
            # Keep less than a token's length, so that no token is counted twice.
            tail = chunk[-(len(TOKENS[-1]) - 1):]
    return found


def summary(ms):
    walls = [m.wall for m in ms]
    return min(walls), statistics.median(walls), max(walls)


def main():
    if bench.GNU_TIME is None:
        fail("needs GNU time (/usr/bin/time, Debian package time) to measure peak RSS")
    setup = bench.RepositoryBench(__doc__, "merge")
    rows, runs, quiet_wait, sqlite3 = setup.rows, setup.runs, setup.quiet_wait, setup.sqlite3
    source, work, repo, git_hydrate = setup.source, setup.work, setup.repo, setup.git_hydrate
    db = os.path.join(repo, DB)

    def export(name):
        """Exports the repository's database to work/NAME (untimed)."""
        out = os.path.join(work, name)
        done = subprocess.run([git_hydrate, "dehydrate", DB, "-o", out], cwd=repo,
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            fail(f"git-hydrate dehydrate: {done.stderr.strip()}")
        return out

    log(f"exporting base, ours and theirs from {os.path.getsize(source) / 1e6:.0f} MB of database ({rows:,} rows)")
    shape = base_shape(source)
    shutil.copyfile(source, db)
    base = export("base.json")
    changes(db, shape, "ours")
    ours = export("ours.json")
    shutil.copyfile(source, db)
    changes(db, shape, "theirs")
    theirs = export("theirs.json")
    # Both sides' changes in one database: what a clean merge must give, byte for byte.
    changes(db, shape, "ours")
    expected = export("expected.json")
    shutil.copyfile(source, db)
    archive_mb = os.path.getsize(base) / bench.MB

    merged = os.path.join(work, "merged.json")
    text_merged = os.path.join(work, "merge-file.json")
    dump = os.path.join(work, "dump.sql")
    operations = {
        "merge-driver": (
            lambda: shutil.copyfile(ours, merged),
            lambda: bench.measure([git_hydrate, "merge-driver", base, merged, theirs, DB + ".json"],
                                  repo, allowed=(0, 1))),
        "git merge-file": (
            lambda: bench.remove(text_merged),
            lambda: bench.measure(["git", "merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs",
                                   ours, base, theirs], work, stdout=text_merged, allowed=range(0, 128))),
        "sqlite3 .dump": (
            lambda: bench.remove(dump),
            lambda: bench.measure([sqlite3, db, ".dump"], work, stdout=dump)),
    }
    results, last = bench.timed_rounds(operations, runs, quiet_wait, width=15)
    outcomes = {name: m.returncode for name, m in last.items()}

    # The checks, on the last run's outputs.
    log("checking the results")
    driver_tokens = tokens_in(merged)
    text_tokens = tokens_in(text_merged)
    driver_all = all(count == 1 for count in driver_tokens.values())
    same = subprocess.run(["cmp", "-s", merged, expected], check=False).returncode == 0
    with open(text_merged, "rb") as f:
        markers = sum(1 for line in f if line.startswith(b"<<<<<<< "))
    text_all = all(count >= 1 for count in text_tokens.values())

    def row(label, name, reference=None):
        ms = results[name]
        low, mid, high = summary(ms)
        ratio = f"{mid / summary(results[reference])[1]:.2f}x" if reference else ""
        return (f"{label:<34}{low:>8.2f}{mid:>8.2f}{high:>8.2f}{statistics.median(m.cpu for m in ms):>8.2f}"
                f"{max(m.rss_mb for m in ms):>13.0f}{ratio:>16}")

    print(f"git-hydrate merge-driver on three archives of a {os.path.getsize(source) / 1e6:.0f} MB database of "
          f"{rows:,} rows ({archive_mb:.0f} MB each), each side 3 rows updated and 1 inserted; "
          f"{runs} run{'s' if runs != 1 else ''} each after 1 warm-up")
    print(f"{'what':<34}{'min s':>8}{'median':>8}{'max s':>8}{'cpu s':>8}{'peak RSS MB':>13}{'x merge-file':>16}")
    print(row("git-hydrate merge-driver", "merge-driver", "git merge-file"))
    print(row("git merge-file -p", "git merge-file", "git merge-file"))
    print(row("sqlite3 .dump (for scale)", "sqlite3 .dump", "git merge-file"))
    ratio = summary(results["merge-driver"])[1] / summary(results["git merge-file"])[1]
    cpu_ratio = (statistics.median(m.cpu for m in results["merge-driver"])
                 / statistics.median(m.cpu for m in results["git merge-file"]))
    rss = max(m.rss_mb for m in results["merge-driver"])
    clean = outcomes["merge-driver"] == 0
    noisiest = max((m.others_cpu, name) for name in results for m in results[name])
    disturbed = sum(m.disturbed() for name in results for m in results[name])
    print(f"other processes' CPU during one timed run: at most {noisiest[0]:.2f} s ({noisiest[1]})"
          + (f"; {disturbed} run(s) disturbed, times may be inflated" if disturbed else "; quiet"))
    print(f"goals: merge-driver <= {GOAL_RATIO}x git merge-file: {'met' if ratio <= GOAL_RATIO else 'NOT met'} "
          f"({ratio:.2f}x; CPU time {cpu_ratio:.2f}x); peak RSS <= {GOAL_RSS_MB} MB: {'met' if rss <= GOAL_RSS_MB else 'NOT met'} ({rss:.0f} MB)")
    print(f"merge-driver: exit {outcomes['merge-driver']} ({'clean' if clean else 'CONFLICTS'}), "
          f"{sum(1 for c in driver_tokens.values() if c == 1)} of 8 changes once each, "
          f"{'the same bytes as' if same else 'DIFFERENT from'} the export of both sides' changes (cmp)")
    print(f"git merge-file: exit {outcomes['git merge-file']} ({markers} conflict block{'s' if markers != 1 else ''}), "
          f"{sum(1 for c in text_tokens.values() if c >= 1)} of 8 changes present"
          + ("" if markers == 0 else " (counting both sides of its conflict blocks)"))
    ok = clean and driver_all and same
    if not ok:
        log(f"the merge driver's result is not what it should be: compare {merged} with {expected}")
        os.environ["KEEP"] = "1"
    setup.done()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
