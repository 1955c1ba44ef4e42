#!/bin/sh
# Times `git hydrate log` on a generated history: a database of ROWS rows (20,000) committed as its
# archive, then COMMITS commits (500) that each change one row, as a team's history grows. The
# repository is made once and kept in BENCH_DIR (target/bench); what is timed is the jar `mvn
# package` builds, run by the system java (GIT_HYDRATE='command' times another one), each run a
# fresh process, start-up included. Needs sqlite3 and python3.
#
#   bench/log.sh                        # 500 commits, 20,000 rows
#   ROWS=200000 COMMITS=100 bench/log.sh
set -eu
ROWS=${ROWS:-20000}
COMMITS=${COMMITS:-500}
RUNS=${RUNS:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_DIR:-$here/target/bench}/log-$ROWS-$COMMITS
hydrate=${GIT_HYDRATE:-"java -jar $here/target/git-hydrate.jar"}

if [ ! -d "$work/.git" ]; then
  rm -rf "$work"
  mkdir -p "$work"
  cd "$work"
  git init -q .
  git config user.name Bench
  git config user.email bench@example.com
  sqlite3 app.db "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ROWS)
    INSERT INTO items SELECT i, 'item ' || i, i % 97 FROM n;"
  $hydrate dehydrate app.db >/dev/null
  rm app.db
  git add app.db.json
  git commit -qm "Items"
  # One row's name changed per commit, in the archive's own layout (what dehydrate writes for it).
  python3 - "$COMMITS" "$ROWS" <<'PY'
import subprocess, sys
commits, rows = int(sys.argv[1]), int(sys.argv[2])
lines = open("app.db.json", encoding="utf-8").read().split("\n")
first = next(i for i, line in enumerate(lines) if line.startswith("   [1, "))
for k in range(1, commits + 1):
    row = k * 7919 % rows + 1
    at = first + row - 1
    end = "," if lines[at].endswith(",") else ""
    lines[at] = '   [%d, "item %d v%d", %d]%s' % (row, row, k, row % 97, end)
    open("app.db.json", "w", encoding="utf-8").write("\n".join(lines))
    subprocess.run(["git", "commit", "-qam", "Rename item %d" % row], check=True)
PY
fi
cd "$work"
echo "$(git rev-list --count HEAD) commits, $(wc -c < app.db.json) bytes of archive, $ROWS rows"
for what in "log" "log --json" "log -n 20"; do
  for run in $(seq "$RUNS"); do
    /usr/bin/time -f "git hydrate $what: %e s wall, %U s user, %M KB peak RSS" $hydrate $what >/dev/null
  done
done
/usr/bin/time -f "git log -p (text diff of the same commits, for scale): %e s wall, %M KB peak RSS" \
  git log -p -- app.db.json >/dev/null
