"""Times filter mode on the benchmark's large database (run.sh's generator, ROWS rows), as Git runs
the hydrate filter, next to the sqlite3 shell (and git hash-object) doing comparable work in the
same run. Standard library only; run through `bench/run.sh filter`.

A repository holds the database in filter mode (`git hydrate install --filter`, filter settings in
the repository's own config); branch `other` changes 10 rows of `users`. Each round times:

- `git status` right after a one-row change (Git runs clean: the database is exported), against
  `sqlite3 DB .dump`;
- `git status` again, nothing changed since (clean answers from the archive it kept), against
  `git hash-object` of the archive;
- `git switch other` and `git switch main` (smudge: a copy of the database kept from the last
  checkout, with the 10 rows changed), against `sqlite3` loading a dump of the database;
- the filter process's peak RSS (it runs under GNU time during the timed commands);
- Git's own floor: the same `git status` and `git switch` with a filter that does no work at all
  (`cat` of the archive or database as one-file clean and smudge commands), which shows what Git
  itself spends reading a filter's output (it holds it whole in memory) and writing the file.

Each switch is checked to leave the branch's rows in the database, and each status to show the
database modified. KEEP=1 keeps the repository.
"""

import os
import shlex
import shutil
import sqlite3 as sqlite
import statistics
import subprocess

import bench
import common
from common import fail, log, wait_for_quiet

common.name = "filter"

DB = "data/big.db"
GOAL_STATUS = 1.2        # x sqlite3 .dump
GOAL_STATUS_AGAIN = 0.150  # s over git hash-object of the archive
GOAL_SWITCH = 0.2        # x sqlite3 loading the dump
GOAL_RSS_MB = 300


def changed_rows(db):
    with sqlite.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM users WHERE name LIKE '% (on other)'").fetchone()[0]


def main():
    if bench.GNU_TIME is None:
        fail("needs GNU time (/usr/bin/time, Debian package time) to measure the filter process's memory")
    setup = bench.RepositoryBench(__doc__, "filter")
    rows, runs, quiet_wait, sqlite3 = setup.rows, setup.runs, setup.quiet_wait, setup.sqlite3
    source, work, repo, git_hydrate = setup.source, setup.work, setup.repo, setup.git_hydrate
    rss_file = os.path.join(work, "filter-rss.txt")
    # The timed commands run the filter under GNU time, which appends its peak RSS (KiB) to a file.
    measured = ["-c", f"filter.hydrate.process={bench.GNU_TIME} -a -o {rss_file} -f %M git-hydrate filter-process"]

    def git(*argv, check=True):
        done = subprocess.run(["git", *argv], cwd=repo, capture_output=True, text=True, check=False)
        if check and done.returncode != 0:
            fail(f"git {' '.join(argv)}: {done.stderr.strip()}")
        return done.stdout.strip()

    db = os.path.join(repo, DB)
    log(f"making a filter-mode repository with {os.path.getsize(source) / 1e6:.0f} MB of database ({rows:,} rows)")
    git("init", "-q", "-b", "main")
    shutil.copyfile(source, db)
    subprocess.run([git_hydrate, "install", "--filter"], cwd=repo, check=True, capture_output=True)
    git("add", "-A")
    git("commit", "-q", "-m", "The database")
    with sqlite.connect(db) as connection:
        users = connection.execute("SELECT count(*) FROM users").fetchone()[0]
    step = max(1, users // 10)
    git("switch", "-q", "-c", "other")
    with sqlite.connect(db) as connection:
        connection.execute(f"UPDATE users SET name = name || ' (on other)' WHERE id % {step} = 7 AND id <= {step * 10}")
    expected = changed_rows(db)
    git("commit", "-q", "-a", "-m", "10 rows")
    git("switch", "-q", "main")  # builds main's database once: the kept copy every later switch starts from
    git("switch", "-q", "other")
    git("switch", "-q", "main")
    archive = os.path.join(work, "archive.json")
    with open(archive, "wb") as out:
        subprocess.run(["git", "show", f"HEAD:{DB}"], cwd=repo, stdout=out, check=True)
    archive_mb = os.path.getsize(archive) / 1e6
    dump = os.path.join(work, "dump.sql")
    with open(dump, "wb") as out:
        subprocess.run([sqlite3, db, ".dump"], stdout=out, check=True)
    loaded = os.path.join(work, "loaded.db")

    def filter_rss():
        """The largest peak RSS the filter processes of the last command had (MB), and forgets them."""
        if not os.path.exists(rss_file):
            return 0.0
        with open(rss_file, encoding="ascii") as f:
            peaks = [int(line) for line in f.read().split() if line.isdigit()]
        os.remove(rss_file)
        return max(peaks, default=0) * 1024 / bench.MB

    def timed(argv, cwd=repo, **kwargs):
        if quiet_wait:
            wait_for_quiet(quiet_wait)
        return bench.measure(argv, cwd, **kwargs)

    # The floor: a second clone whose databases go through filters that only copy prepared bytes
    # (one-file commands, so no process either; .git/info/attributes overrides the committed driver).
    main_db = os.path.join(work, "main.db")
    shutil.copyfile(db, main_db)
    other_db = os.path.join(work, "other.db")
    git("switch", "-q", "other")
    shutil.copyfile(db, other_db)
    git("switch", "-q", "main")
    floor_repo = os.path.join(work, "floor")
    subprocess.run(["git", "clone", "-q", "--no-checkout", repo, floor_repo], check=True)
    with open(os.path.join(floor_repo, ".git", "info", "attributes"), "w", encoding="utf-8") as f:
        f.write("*.db filter=floor -text\n")
    subprocess.run(["git", "branch", "-q", "other", "origin/other"], cwd=floor_repo, check=True)

    def copy_of(path):
        """A one-file filter command that reads its input, as a filter must, then writes `path`."""
        return f"sh -c 'cat >/dev/null; exec cat \"$0\"' {shlex.quote(path)}"

    def floor(branch):
        return ["-c", f"filter.floor.clean={copy_of(archive)}",
                "-c", f"filter.floor.smudge={copy_of(main_db if branch == 'main' else other_db)}"]

    subprocess.run(["git", *floor("main"), "checkout", "-q", "main"], cwd=floor_repo, check=True)
    floor_db = os.path.join(floor_repo, DB)

    results = {name: [] for name in ("status", "status again", "switch", "dump", "hash-object", "load",
                                     "floor status", "floor switch")}
    peaks = []
    edit = 0
    for round_ in range(runs + 1):
        log("warm-up" if round_ == 0 else f"run {round_} of {runs}")
        ms = {}
        # A one-row change, then git status twice.
        edit += 1
        with sqlite.connect(db) as connection:
            connection.execute("UPDATE users SET name = ? WHERE id = 1", (f"edited {edit}",))
        ms["status"] = timed(["git", *measured, "status", "--porcelain"], stdout=os.path.join(work, "status.txt"))
        peaks.append(filter_rss())
        with open(os.path.join(work, "status.txt"), encoding="utf-8") as f:
            if f.read().strip() != f"M {DB}":
                fail("git status did not show the changed database")
        ms["status again"] = timed(["git", *measured, "status", "--porcelain"])
        peaks.append(filter_rss())
        os.utime(floor_db)  # Git reads (cleans) a file whose time changed
        ms["floor status"] = timed(["git", *floor("main"), "status", "--porcelain"], cwd=floor_repo)
        ms["hash-object"] = timed(["git", "hash-object", archive])
        ms["dump"] = timed([sqlite3, db, ".dump"], stdout=os.devnull)
        git("checkout", "--", DB)  # back to main's rows (untimed)
        # Both ways between the branches.
        switches = []
        for branch, want in (("other", expected), ("main", 0)):
            switches.append(timed(["git", *measured, "switch", "-q", branch]))
            peaks.append(filter_rss())
            if changed_rows(db) != want or git("status", "--porcelain"):
                fail(f"after git switch {branch} the database does not hold {branch}'s rows, or git status is not clean")
        # Forced: the floor's clean answers one fixed archive, so Git must not ask it whether the file changed.
        floors = [timed(["git", *floor(branch), "switch", "-q", "-f", branch], cwd=floor_repo)
                  for branch in ("other", "main")]
        bench.remove(loaded, loaded + "-journal")
        ms["load"] = timed([sqlite3, loaded], cwd=work, stdin=dump)
        for name, m in ms.items():
            log(f"  {name:<14} {m.wall:7.2f} s  cpu {m.cpu:6.2f} s")
        for m in switches:
            log(f"  {'switch':<14} {m.wall:7.2f} s  cpu {m.cpu:6.2f} s")
        for m in floors:
            log(f"  {'floor switch':<14} {m.wall:7.2f} s  cpu {m.cpu:6.2f} s")
        if round_:
            for name, m in ms.items():
                results[name].append(m)
            results["switch"].extend(switches)
            results["floor switch"].extend(floors)

    def med(name):
        return statistics.median(m.wall for m in results[name])

    def cpu(name):
        return statistics.median(m.cpu for m in results[name])

    peak = max(peaks[3:] if len(peaks) > 3 else peaks)
    print(f"git-hydrate filter mode on a {os.path.getsize(db) / 1e6:.0f} MB database of {rows:,} rows "
          f"({archive_mb:.0f} MB archive); medians of {runs} runs ({2 * runs} switches)")
    print(f"{'what':<46}{'median s':>10}{'cpu s':>8}   {'reference':<28}{'median s':>10}{'ratio':>9}{'goal':>10}")
    rows_out = [
        ("git status after a one-row change", "status", "sqlite3 .dump", "dump",
         med("status") / med("dump"), f"{med('status') / med('dump'):.2f}x", f"<= {GOAL_STATUS}x",
         med("status") / med("dump") <= GOAL_STATUS),
        ("git status again (nothing changed since)", "status again", "git hash-object (archive)", "hash-object",
         None, f"+{(med('status again') - med('hash-object')) * 1000:.0f} ms", f"<= +{GOAL_STATUS_AGAIN * 1000:.0f} ms",
         med("status again") - med("hash-object") <= GOAL_STATUS_AGAIN),
        (f"git switch, a branch with {expected} rows changed", "switch", "sqlite3 < dump.sql", "load",
         med("switch") / med("load"), f"{med('switch') / med('load'):.2f}x", f"<= {GOAL_SWITCH}x",
         med("switch") / med("load") <= GOAL_SWITCH),
    ]
    verdicts = []
    for label, name, ref_label, ref, _, ratio, goal, met in rows_out:
        print(f"{label:<46}{med(name):>10.2f}{cpu(name):>8.2f}   {ref_label:<28}{med(ref):>10.2f}{ratio:>9}{goal:>10}")
        verdicts.append((label, met))
    print(f"{'filter process peak RSS':<46}{peak:>9.0f} MB{'':>39}{'<= ' + str(GOAL_RSS_MB) + ' MB':>10}")
    verdicts.append(("filter process peak RSS", peak <= GOAL_RSS_MB))
    print(f"Git's floor, with filters that only copy prepared bytes: git status {med('floor status'):.2f} s, "
          f"git switch {med('floor switch'):.2f} s; git-hydrate adds {med('status again') - med('floor status'):+.2f} s "
          f"to the second status and {med('switch') - med('floor switch'):+.2f} s to a switch")
    for label, met in verdicts:
        print(f"goal {'met' if met else 'NOT met'}: {label}")
    setup.done()


if __name__ == "__main__":
    main()
