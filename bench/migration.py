"""Times `git hydrate migration` between two commits of the benchmark's large database (run.sh's
generator, mixed shape, ROWS rows), and the sqlite3 shell applying its SQL to the old database,
next to what a team does without it: `sqlite3 NEW .dump` and loading that dump into a fresh file.
Standard library only; run through `bench/run.sh migration`.

A repository holds the database (v1); a second commit (v2) updates three rows, inserts one,
deletes one and appends a column to `users`. Each timed `migration` writes the script with -o;
each timed apply starts from a fresh copy of v1's database. The check: the database the script
made, copied into the repository at v2, shows no difference (`git hydrate diff --exit-code`).
KEEP=1 keeps the folder.
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

common.name = "migration"

DB = "data/big.db"
CHANGE = """
UPDATE users SET name = 'migration-bench 1' WHERE id = 7;
UPDATE events SET note = 'migration-bench 2' WHERE id = (SELECT max(id) / 2 FROM events);
UPDATE kv SET v = 'migration-bench 3' WHERE k = (SELECT k FROM kv ORDER BY k LIMIT 1);
INSERT INTO users (id, name, email, age, balance, bio, avatar, created_at)
  VALUES ((SELECT max(id) + 1 FROM users), 'migration-bench 4', 'new@migration-bench.example', 40, 1.5, NULL, NULL,
          '2025-01-01T00:00:00Z');
DELETE FROM events WHERE id = (SELECT min(id) FROM events);
ALTER TABLE users ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0;
"""


def summary(ms):
    walls = [m.wall for m in ms]
    return min(walls), statistics.median(walls), max(walls)


def main():
    if bench.GNU_TIME is None:
        fail("needs GNU time (/usr/bin/time, Debian package time) to measure peak RSS")
    setup = bench.RepositoryBench(__doc__, "migration")
    if setup.shape.name != "mixed":
        fail("runs on the mixed shape only (the change it makes is to its tables)")
    rows, runs, quiet_wait, sqlite3 = setup.rows, setup.runs, setup.quiet_wait, setup.sqlite3
    source, work, repo, git_hydrate = setup.source, setup.work, setup.repo, setup.git_hydrate

    def git(*argv, allowed=(0,)):
        done = subprocess.run(["git", *argv], cwd=repo, capture_output=True, text=True, check=False)
        if done.returncode not in allowed:
            fail(f"git {' '.join(argv)}: {done.stderr.strip()}")
        return done

    log(f"making a repository with {os.path.getsize(source) / 1e6:.0f} MB of database ({rows:,} rows), two commits")
    git("init", "-q", "-b", "main")
    db = os.path.join(repo, DB)
    shutil.copyfile(source, db)
    subprocess.run([git_hydrate, "install"], cwd=repo, check=True, capture_output=True)
    git("add", "-A")
    git("commit", "-q", "-m", "v1")
    git("tag", "v1")
    with sqlite.connect(db) as connection:
        connection.executescript(CHANGE)
    subprocess.run([git_hydrate, "add"], cwd=repo, check=True, capture_output=True)
    git("commit", "-q", "-m", "v2")
    git("tag", "v2")
    archive_mb = os.path.getsize(db + ".json") / 1e6

    script = os.path.join(work, "up.sql")
    old = os.path.join(work, "old.db")
    dump = os.path.join(work, "dump.sql")
    loaded = os.path.join(work, "loaded.db")
    operations = {
        "migration": (
            lambda: bench.remove(script),
            lambda: bench.measure([git_hydrate, "migration", "v1", "v2", DB, "-o", script], repo)),
        "apply": (
            lambda: shutil.copyfile(source, old),
            lambda: bench.measure([sqlite3, "-bail", old], work, stdin=script)),
        "dump": (
            lambda: bench.remove(dump),
            lambda: bench.measure([sqlite3, db, ".dump"], work, stdout=dump)),
        "load": (
            lambda: bench.remove(loaded),
            lambda: bench.measure([sqlite3, loaded], work, stdin=dump)),
    }
    results, _ = bench.timed_rounds(operations, runs, quiet_wait)

    log("checking the migrated database against v2")
    shutil.copyfile(old, db)
    same = git("hydrate", "diff", "--exit-code", allowed=(0, 1)).returncode == 0
    script_kb = os.path.getsize(script) / 1e3
    dump_mb = os.path.getsize(dump) / 1e6

    def row(label, names):
        walls = [sum(results[n][i].wall for n in names) for i in range(runs)]
        low, mid, high = min(walls), statistics.median(walls), max(walls)
        return label, low, mid, high, max(m.rss_mb for n in names for m in results[n])

    table = [row("git hydrate migration (write the SQL)", ["migration"]),
             row("sqlite3 -bail OLD < up.sql (apply it)", ["apply"]),
             row("both", ["migration", "apply"]),
             row("sqlite3 NEW .dump", ["dump"]),
             row("sqlite3 FRESH < dump.sql", ["load"]),
             row("both (dump and reload)", ["dump", "load"])]
    reference = table[5][2]
    print(f"git hydrate migration between two commits of a {os.path.getsize(source) / 1e6:.0f} MB database of "
          f"{rows:,} rows ({archive_mb:.0f} MB archive): 3 rows updated, 1 inserted, 1 deleted, a column appended; "
          f"{runs} run{'s' if runs != 1 else ''} each after 1 warm-up")
    print(f"{'what':<40}{'min s':>8}{'median':>8}{'max s':>8}{'peak RSS MB':>13}{'x dump+reload':>15}")
    for label, low, mid, high, rss in table:
        print(f"{label:<40}{low:>8.2f}{mid:>8.2f}{high:>8.2f}{rss:>13.0f}{mid / reference:>14.2f}x")
    print(f"script {script_kb:.1f} kB against a dump of {dump_mb:.0f} MB; the migrated database is "
          + ("the same as v2's (git hydrate diff --exit-code: 0)" if same else "NOT the same as v2's"))
    if not same:
        os.environ["KEEP"] = "1"
    setup.done()
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
