"""Times what a pull that changes a few rows costs the post-merge hook on the benchmark's large
database (run.sh's generator for SHAPE, ROWS rows), as installed (only the changed rows rewritten)
and rebuilt in full (GIT_HYDRATE_ROW_UPDATES=0 GIT_HYDRATE_CACHE=0), next to the sqlite3 shell
loading a dump of the same database. Standard library only; run through `bench/run.sh pull`.

A repository holds the database; a second commit changes a few rows (PULLS says which, for each
shape: in the mixed shape, tables without triggers, unless TRIGGER=1 adds an audit trigger on the
changed users rows first; in the wide shape, a table whose triggers write audit rows). Each timed run starts with the other commit checked out with hooks off while
the database holds the first one's rows, as after `git pull` has moved the branch; the hook is
then run as the installed post-checkout hook runs it, and the rows are checked. KEEP=1 keeps the
repository.
"""

import os
import shutil
import sqlite3 as sqlite
import statistics
import subprocess

import bench
import common
from common import fail, log, wait_for_quiet

common.name = "pull"

DB = "data/big.db"


class Pull:
    """What the pulled commit changes in one shape's database: `change(counts)` is the SQL script
    (counts: rows per table), `state` a query whose one row differs between the two commits' rows
    and is checked after every hook run, `what` the change in words ({0}: state's first value)."""

    def __init__(self, change, state, what):
        self.change = change
        self.state = state
        self.what = what


PULLS = {
    "mixed": Pull(
        lambda counts: """
UPDATE users SET name = name || ' (changed)' WHERE id % 20000 = 7;
DELETE FROM log WHERE id = (SELECT max(id) FROM log);
INSERT INTO log (ts, level, message, value) VALUES (1, 'info', 'pulled', 42);
""",
        "SELECT (SELECT count(*) FROM users WHERE name LIKE '% (changed)'), (SELECT max(id) FROM log)",
        "{0} rows of users changed, one row of log deleted and one added (no triggers)"),
    # Five articles spread over the table, whatever ROWS is. Each change to articles writes a row
    # of article_audit through a trigger, in the commit; the hook must not write them again.
    "wide": Pull(
        lambda counts: f"""
UPDATE articles SET title = title || ' (changed)', score = 1.5
 WHERE id % {max(8, counts["articles"] // 5)} = 7;
INSERT INTO articles (slug, lang, status, title, updated_at)
VALUES ('pulled', 'fr', 'draft', 'Un article «tiré»', '2025-06-01T00:00:00Z');
DELETE FROM terms WHERE (lang, term) =
  (SELECT lang, term FROM terms ORDER BY lang, term LIMIT 1 OFFSET {counts["terms"] // 2});
INSERT INTO terms VALUES ('fr', 'tiré', 'pulled', 0.5, 1);
""",
        "SELECT (SELECT count(*) FROM articles WHERE title LIKE '% (changed)'),"
        " (SELECT count(*) FROM article_audit), (SELECT count(*) FROM terms WHERE term = 'tiré')",
        "{0} rows of articles changed and one added, each writing a row of article_audit through a"
        " trigger; one row of terms deleted and one added"),
}


# TRIGGER=1 on the mixed shape: an ordinary audit trigger on the rows the pull changes. The commit
# fires it; the hook must write the audit rows as committed, without firing it again.
AUDIT = """
CREATE TABLE users_audit (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, old_name TEXT, new_name TEXT);
CREATE TRIGGER users_renamed AFTER UPDATE OF name ON users BEGIN
  INSERT INTO users_audit (user_id, old_name, new_name) VALUES (old.id, old.name, new.name);
END;
"""


def state(db, pull):
    with sqlite.connect(db) as connection:
        return connection.execute(pull.state).fetchone()


def main():
    setup = bench.RepositoryBench(__doc__, "pull")
    rows, runs, quiet_wait, sqlite3 = setup.rows, setup.runs, setup.quiet_wait, setup.sqlite3
    source, work, repo, git_hydrate = setup.source, setup.work, setup.repo, setup.git_hydrate
    quiet_git = ["git", "-c", "core.hooksPath=/dev/null"]

    def git(*argv, hooks=True):
        done = subprocess.run([*(["git"] if hooks else quiet_git), *argv], cwd=repo,
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            fail(f"git {' '.join(argv)}: {done.stderr.strip()}")
        return done.stdout.strip()

    pull = PULLS.get(setup.shape.name) or fail(f"no pull is defined for the {setup.shape.name} shape")
    trigger = os.environ.get("TRIGGER") == "1"
    if trigger:
        if setup.shape.name != "mixed":
            fail("TRIGGER=1 is for the mixed shape (the wide one has its own trigger)")
        pull = Pull(pull.change, pull.state.replace("SELECT (", "SELECT (SELECT count(*) FROM users_audit), (", 1),
                    "{0} audit rows written by a trigger in the commit: " + pull.what)
    log(f"making a repository with {os.path.getsize(source) / 1e6:.0f} MB of database "
        f"({rows:,} rows, {setup.shape.name} shape)")
    git("init", "-q", "-b", "main")
    shutil.copyfile(source, os.path.join(repo, DB))
    if trigger:
        with sqlite.connect(os.path.join(repo, DB)) as connection:
            connection.executescript(AUDIT)
    subprocess.run([git_hydrate, "install"], cwd=repo, check=True, capture_output=True)
    git("add", "-A")
    git("commit", "-q", "-m", "The database")
    first = git("rev-parse", "HEAD")
    db = os.path.join(repo, DB)
    states = {first: state(db, pull)}
    with sqlite.connect(db) as connection:
        connection.executescript(pull.change(setup.counts))
    subprocess.run([git_hydrate, "add"], cwd=repo, check=True, capture_output=True)
    git("commit", "-q", "-m", "A few rows")
    second = git("rev-parse", "HEAD")
    states[second] = state(db, pull)
    if states[first] == states[second]:
        fail(f"the change left {pull.state!r} as it was: {states[first]}")
    archive_mb = os.path.getsize(os.path.join(repo, DB + ".json")) / 1e6

    dump = os.path.join(work, "dump.sql")
    with open(dump, "wb") as out:
        subprocess.run([sqlite3, db, ".dump"], stdout=out, check=True)
    loaded = os.path.join(work, "loaded.db")

    def hook(settings, to, back):
        """Moves from `back` to `to` with hooks off, then times the hook bringing the database along."""
        git("checkout", "-q", to, hooks=False)
        m = bench.measure(["env", *settings, git_hydrate, "hook", "post-checkout", back, to, "1"], repo)
        got = state(db, pull)
        if got != states[to]:
            fail(f"after the hook the database does not hold {to}'s rows: "
                 f"{pull.state!r} gave {got}, expected {states[to]}")
        return m

    def load():
        bench.remove(loaded, loaded + "-journal")
        return bench.measure([sqlite3, loaded], work, stdin=dump)

    ways = {
        "row by row": [],
        "rebuilt in full": ["GIT_HYDRATE_ROW_UPDATES=0", "GIT_HYDRATE_CACHE=0"],
    }
    results = {name: [] for name in [*ways, "sqlite3 load"]}
    for round_ in range(runs + 1):
        log("warm-up" if round_ == 0 else f"run {round_} of {runs}")
        for name, settings in ways.items():
            for to, back in ((first, second), (second, first)):
                if round_ and quiet_wait:
                    wait_for_quiet(quiet_wait)
                m = hook(settings, to, back)
                log(f"  {name:<16} {m.wall:7.2f} s  cpu {m.cpu:6.2f} s  rss {m.rss_mb:5.0f} MB")
                if round_:
                    results[name].append(m)
        if round_ and quiet_wait:
            wait_for_quiet(quiet_wait)
        m = load()
        log(f"  {'sqlite3 load':<16} {m.wall:7.2f} s  cpu {m.cpu:6.2f} s")
        if round_:
            results["sqlite3 load"].append(m)

    reference = statistics.median(m.wall for m in results["sqlite3 load"])
    print(f"git-hydrate post-checkout after a pull, {setup.shape.name} shape: "
          f"{pull.what.format(states[second][0])}; "
          f"on a {os.path.getsize(db) / 1e6:.0f} MB database of {rows:,} rows ({archive_mb:.0f} MB archive); "
          f"medians of {runs} runs each way ({2 * runs} hook runs per row)")
    print(f"{'what':<34}{'median s':>10}{'cpu s':>8}{'peak RSS MB':>13}{'x sqlite3 load':>16}")
    for name in [*ways, "sqlite3 load"]:
        ms = results[name]
        wall = statistics.median(m.wall for m in ms)
        label = name if name == "sqlite3 load" else "git-hydrate hook, " + name
        print(f"{label:<34}{wall:>10.2f}{statistics.median(m.cpu for m in ms):>8.2f}"
              f"{max(m.rss_mb for m in ms):>13.0f}{wall / reference:>15.2f}x")
    setup.done()


if __name__ == "__main__":
    main()
