#!/usr/bin/env bash
# Times git-hydrate's dehydrate and hydrate against the sqlite3 shell doing the same job
# (".dump", and loading that dump), on a generated database of ROWS rows, and checks that the
# hydrated database dehydrates to the same bytes. Prints one table on stdout; progress on stderr.
#
# Environment (all optional):
#   SHAPE      the database generated: mixed (default; generate.sql, about 260 MB at a million rows)
#              or wide (generate-wide.sql: wide escaped and non-ASCII TEXT, an audit trigger; 540 MB)
#   ROWS       rows in the generated database (default 1000000)
#   RUNS       timed runs of each command, the median is reported (default 3)
#   BENCH_DIR  scratch folder; the database is cached there between runs, one per shape and ROWS
#              (default target/bench)
#   JAVA       the java to run the jar with (default: java on PATH)
#   JAVA_OPTS  JVM flags, e.g. '-Xmx256m -XX:+UseSerialGC' (default: none)
#   SQLITE3    the sqlite3 shell (default: sqlite3 on PATH)
#   TRIGGER    1: for pull on the mixed shape, an audit trigger on the rows the pull changes
#   JAR        the git-hydrate jar to time (default target/git-hydrate.jar, built when missing);
#              it is copied first, so a rebuild during the run does not change what is timed
#   QUIET_WAIT seconds to wait, before each timed run, for other processes to leave the CPUs
#              idle (default 120; 0 for no waiting); a disturbed run is taken again, up to 3 times
#
# With an argument, runs a helper on the same database instead (same environment):
#   bench/run.sh all       the run above and pull (below) on both shapes, one after the other: each
#                          shape's ratios, the pull (on the mixed shape also with TRIGGER=1), the
#                          rebuild in full
#   bench/run.sh profile   one dehydrate and one hydrate under Java Flight Recorder, and their
#                          hot spots (TOP=15 methods); recordings stay in BENCH_DIR/profile/
#   bench/run.sh flags     dehydrate and hydrate under several sets of JVM flags (flags.py)
#   bench/run.sh pull      the post-checkout hook after a pull that changed a few rows, row by row
#                          and rebuilt in full, against sqlite3 loading a dump (pull.py; the
#                          distribution, DIST or target/git-hydrate, built when missing)
#   bench/run.sh filter    filter mode: git status after a one-row change and again, git switch to
#                          a branch that changed 10 rows, the filter's peak RSS, against sqlite3
#                          and git hash-object (filter.py; the distribution, as for pull; the mixed
#                          shape only)
#   bench/run.sh merge     git-hydrate merge-driver on three archives of the database, a few rows
#                          changed on each side, against git merge-file -p on the same files and
#                          sqlite3 .dump (merge.py; the distribution, as for pull; the mixed shape
#                          only)
#   bench/run.sh migration git hydrate migration between two commits (a few rows and a column
#                          changed) and sqlite3 applying it, against sqlite3 .dump of the new
#                          database and loading that dump (migration.py; the distribution, as for
#                          pull; the mixed shape only)
#
# Example: ROWS=50000 RUNS=3 JAVA_OPTS='-XX:+UseSerialGC' bench/run.sh
set -euo pipefail

usage="usage: bench/run.sh [all|profile|flags|pull|filter|merge|migration]"
if (( $# > 1 )); then
  echo "$usage" >&2
  exit 2
fi
case ${1:-} in
  all) helper= ;;
  '') helper=bench.py ;;
  profile) helper=profile.py ;;
  flags) helper=flags.py ;;
  pull) helper=pull.py ;;
  filter) helper=filter.py ;;
  merge) helper=merge.py ;;
  migration) helper=migration.py ;;
  *) echo "$usage" >&2; exit 2 ;;
esac

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench")

# Every table is printed, and a failed check fails the whole, once the rest has run.
if [[ -z $helper ]]; then
  status=0
  for shape in mixed wide; do
    for what in '' pull; do
      SHAPE=$shape "$bench/run.sh" ${what:+"$what"} || status=1
      echo
    done
    if [[ $shape == mixed ]]; then
      SHAPE=$shape TRIGGER=1 "$bench/run.sh" pull || status=1
      echo
    fi
  done
  exit $status
fi

shape=${SHAPE:-mixed}
case $shape in
  mixed) generator=generate.sql ;;
  wide) generator=generate-wide.sql ;;
  *) echo "bench: SHAPE must be mixed or wide, got '$shape'" >&2; exit 2 ;;
esac
if [[ $shape != mixed && ($helper == filter.py || $helper == merge.py || $helper == migration.py) ]]; then
  echo "bench: $1 runs on the mixed shape only (the changes it makes are to its tables)" >&2
  exit 2
fi

jar=${JAR:-$root/target/git-hydrate.jar}

if [[ -z ${JAR:-} && ! -f $jar ]]; then
  echo "bench: building target/git-hydrate.jar" >&2
  (cd "$root" && mvn -q -B package -DskipTests)
fi
if [[ ! -f $jar ]]; then
  echo "bench: no jar at $jar" >&2
  exit 1
fi

# The repository's commit says what was timed only when what is timed was built from it.
repo=()
if [[ -z ${JAR:-} && -z ${DIST:-} && $helper == bench.py ]]; then
  repo=(--repo "$root")
fi

# bench.py times the distribution when there is one (unless a jar was asked for); the profile and
# flag helpers vary JVM options, so they always run the jar.
subject=(--jar "$jar")
dist=${DIST:-$root/target/git-hydrate}
if [[ $helper == bench.py && -z ${JAR:-} && -x $dist/bin/git-hydrate ]]; then
  subject=(--dist "$dist")
elif [[ -n ${DIST:-} && $helper != pull.py && $helper != filter.py && $helper != merge.py
        && $helper != migration.py ]]; then
  echo "bench: no distribution at $DIST (or DIST with $1)" >&2
  exit 1
fi

if [[ $helper == pull.py || $helper == filter.py || $helper == merge.py || $helper == migration.py ]]; then
  if [[ ! -x $dist/bin/git-hydrate ]]; then
    echo "bench: building the distribution" >&2
    (cd "$root" && mvn -q -B package -DskipTests)
  fi
  exec python3 "$bench/$helper" --dist "$dist" --generator "$bench/$generator" --dir "${BENCH_DIR:-$root/target/bench}"
fi

exec python3 "$bench/$helper" \
  "${subject[@]}" \
  --generator "$bench/$generator" \
  --dir "${BENCH_DIR:-$root/target/bench}" \
  "${repo[@]}"
