#!/usr/bin/env bash
# Times git-hydrate's Git hooks, in one run, on a fresh repository with 3 databases of ROWS rows:
#   - post-checkout with nothing to do (HEAD HEAD 1),
#   - pre-commit with nothing to do (nothing staged, nothing changed),
#   - post-checkout that must rebuild one database (a few rows differ between two branches),
#   - `git status` in the same repository,
#   - and the peer to beat: git-lfs's own post-checkout hook (`git lfs post-checkout HEAD HEAD 1`
#     in a repository set up with `git lfs install --local`, holding the same three files in LFS).
# Hooks are run the way the installed hook scripts run them (`git-hydrate hook NAME ARGS...`, in
# the work tree's root), directly rather than through git, so only git-hydrate's own cost is timed.
# Prints medians, min-max and ratios to git-lfs's hook on stdout, and whether the goals are met;
# progress on stderr.
#
# Usage: bench/hooks.sh [[NAME=]COMMAND ...]
#   Each argument is one variant of git-hydrate to time, as a command line (split like a shell
#   would), e.g. 'jar=java -XX:+UseSerialGC -jar target/git-hydrate.jar' 'dist=build/bin/git-hydrate'.
#   Variants take turns, run by run, so that the machine's noise spreads over all of them.
#   Without arguments, one variant: $GIT_HYDRATE if set, else `git-hydrate` on PATH, else
#   target/git-hydrate.jar (built when missing) run as install.sh's launcher runs it.
#
# Environment (all optional):
#   GIT_HYDRATE  the git-hydrate command to time when no argument is given
#   JAVA         the java for the default jar variant (default: java on PATH)
#   ROWS         rows in each database (default 20000)
#   RUNS         timed runs of each command, the median is reported (default 15)
#   WARMUPS      untimed runs first (default 2)
#   QUIET_WAIT   seconds to wait, before each round, for other processes to leave the CPUs idle
#                (default 60; 0: no waiting); a disturbed run is taken again, up to 3 times
#   INSTALL_LFS  0: never install git-lfs (default: when it is missing and this runs as root
#                with apt-get, the Debian package git-lfs is installed)
#   KEEP         1: keep the scratch folder (repositories) and say where it is
#
# Example: RUNS=5 bench/hooks.sh
#          bench/hooks.sh 'old=java -XX:+UseSerialGC -Xshare:auto -jar target/git-hydrate.jar' \
#                         'new=path/to/dist/bin/git-hydrate'
set -euo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench")

for tool in git python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "hooks: $tool is needed" >&2; exit 1; }
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/git-hydrate-hooks.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then
  trap 'echo "hooks: kept $scratch" >&2' EXIT
else
  trap 'rm -rf "$scratch"' EXIT
fi

variants=("$@")
if (( ${#variants[@]} == 0 )); then
  if [[ -n ${GIT_HYDRATE:-} ]]; then
    variants=("$GIT_HYDRATE")
  elif command -v git-hydrate >/dev/null 2>&1; then
    variants=("$(command -v git-hydrate)")
  else
    jar=$root/target/git-hydrate.jar
    if [[ ! -f $jar ]]; then
      echo "hooks: building target/git-hydrate.jar" >&2
      (cd "$root" && mvn -q -B package -DskipTests)
    fi
    # A copy, so that a rebuild during the run does not change what is timed; the flags are the
    # ones install.sh's launcher passes.
    cp "$jar" "$scratch/git-hydrate.jar"
    echo "hooks: timing target/git-hydrate.jar, repository at" \
      "$(git -C "$root" describe --always --dirty 2>/dev/null || echo '?')" >&2
    variants=("jar=${JAVA:-java} -XX:+UseSerialGC -Xshare:auto -jar $scratch/git-hydrate.jar")
  fi
fi

# The peer. Installing it needs root; without it the other figures are still printed.
if ! git lfs version >/dev/null 2>&1 && [[ ${INSTALL_LFS:-1} != 0 && $(id -u) == 0 ]] \
    && command -v apt-get >/dev/null 2>&1; then
  echo "hooks: git-lfs not found; installing the Debian package git-lfs" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git-lfs; } >&2 \
    || echo "hooks: installing git-lfs failed" >&2
fi

python3 "$bench/hooks.py" --dir "$scratch" -- "${variants[@]}"
