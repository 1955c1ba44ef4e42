#!/bin/sh
# Builds the self-contained distribution target/git-hydrate/ from the shaded jar (run by `mvn package`):
#   bin/git-hydrate, bin/git-hydrate.cmd   launchers, from launcher.sh and launcher.cmd (see Launchers)
#   runtime/                               a Java runtime trimmed by jlink to the modules the jar needs
#   lib/git-hydrate.jar                    the shaded jar
#   lib/<sqlite-jdbc native library>       extracted once, so sqlite-jdbc does not copy it to /tmp at each start
#   lib/git-hydrate.aot or .jsa            class cache trained on a hook, status, dehydrate and hydrate
#   lib/hook.aot, lib/update.aot (.jsa)    small class caches for the hooks' QuickHook and UpdateHook
#   lib/filter.aot (.jsa)                  a class cache for Git's filter process (FilterTraining)
#   lib/quick-hook.sh                      the hooks' first answer, in the shell (sourced by bin/git-hydrate)
#   share/man/man1/git-hydrate.1           the manual page (git hydrate --help shows it), also written to
#                                          TARGET_DIR/git-hydrate.1 for a jar-only install
#
# Usage: build.sh TARGET_DIR [MAVEN_JAVA_HOME]
# Uses the newest JDK (with jlink) among $GIT_HYDRATE_DIST_JDK alone if set, else Maven's, $JAVA_HOME and
# the usual install folders. Without one it warns and builds nothing: install.sh then installs the jar
# with the same launchers. The JVM options of every start are in jvm-options.
# A failed cache training only warns: the distribution works without the cache, just starts slower.
# Training data that no longer fits its derivation (TrainingRepository) stops the build.
set -eu

target=$(cd "${1:?usage: build.sh TARGET_DIR [MAVEN_JAVA_HOME]}" && pwd)
src=$(cd "$(dirname "$0")" && pwd)
maven_java_home=${2:-}
jar="$target/git-hydrate.jar"
dist="$target/git-hydrate"
work="$target/dist-work"
log="$target/dist-build.log"

warn() { echo "[WARNING] git-hydrate distribution: $*" >&2; }
fail() { echo "[ERROR] git-hydrate distribution: $*" >&2; exit 1; }

# The feature version (17, 25, ...) of the JDK in $1, or nothing if it is not a JDK that can link: jlink
# needs the jmods/ folder (a separate package on some Linux distributions) or, from JDK 24, may do without.
jdk_version() {
  [ -x "$1/bin/jlink" ] && [ -x "$1/bin/jdeps" ] && [ -x "$1/bin/jar" ] && [ -f "$1/release" ] || return 0
  v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release")
  if [ -n "$v" ] && { [ -f "$1/jmods/java.base.jmod" ] || [ "$v" -ge 24 ]; }; then
    echo "$v"
  fi
}

pick_jdk() {
  if [ -n "${GIT_HYDRATE_DIST_JDK:-}" ]; then
    version=$(jdk_version "$GIT_HYDRATE_DIST_JDK")
    [ -n "$version" ] && [ "$version" -ge 17 ] ||
      fail "GIT_HYDRATE_DIST_JDK=$GIT_HYDRATE_DIST_JDK is not a JDK 17+ with jlink"
    echo "$GIT_HYDRATE_DIST_JDK"
    return
  fi
  best='' best_version=0
  for candidate in "$maven_java_home" "${JAVA_HOME:-}" /usr/lib/jvm/* /usr/java/* /opt/java/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    version=$(jdk_version "$candidate")
    if [ -n "$version" ] && [ "$version" -gt "$best_version" ]; then
      best=$candidate best_version=$version
    fi
  done
  [ "$best_version" -ge 17 ] && echo "$best"
  return 0
}

rm -rf "$dist" "$work"
[ -f "$jar" ] || fail "$jar is missing (run it from mvn package, after the shade step)"
# The manual page, from the command line's own model (cli.ManPage), with Maven's java: before the
# runtime is linked, so that a jar-only install has it too.
"${maven_java_home:+$maven_java_home/bin/}java" -cp "$jar" io.githydrate.cli.Main man-page > "$target/git-hydrate.1" ||
  fail "could not write the manual page $target/git-hydrate.1"
jdk=$(pick_jdk)
if [ -z "$jdk" ]; then
  warn "no JDK 17+ that can link a runtime found (jlink, and before JDK 24 the jmods/ folder: Debian's openjdk-17-jmods; or set GIT_HYDRATE_DIST_JDK); only $jar is built, and install.sh installs that"
  exit 0
fi
version=$(jdk_version "$jdk")
echo "[INFO] git-hydrate distribution: $dist with the JDK $version in $jdk"
mkdir -p "$work/bin" "$work/lib"
: > "$log"

# Modules: what jdeps finds in the jar. It finds all this jar needs at run time (checked by running
# hooks, status, dehydrate, hydrate and doctor on the trimmed runtime): JGit's SHA-1 and sqlite-jdbc
# need nothing beyond java.base, java.management, java.security.jgss and java.sql; Guava (under the
# diagrams' layout) adds jdk.unsupported.
modules=$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release "$version" "$jar" 2>>"$log") ||
  fail "jdeps failed on $jar (see $log)"
if ! "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --generate-cds-archive --output "$work/runtime" >>"$log" 2>&1; then
  warn "jlink of $jdk failed ($(tail -n 1 "$log")); only $jar is built, and install.sh installs that"
  rm -rf "$work"
  exit 0
fi
# The default class archive for heaps over 32 GB: never used by a short-lived process, and 14 MB.
rm -f "$work/runtime/lib/server/classes_nocoops.jsa"
java="$work/runtime/bin/java"
# cp -p: a class cache is valid only for the jar with the modification time it was trained on.
cp -p "$jar" "$work/lib/git-hydrate.jar"
cp "$src/quick-hook.sh" "$work/lib/quick-hook.sh"
mkdir -p "$work/share/man/man1"
cp "$target/git-hydrate.1" "$work/share/man/man1/git-hydrate.1"

# sqlite-jdbc's native library for this platform, as sqlite-jdbc itself names its folder (e.g. Linux/x86_64).
native=org/sqlite/native/$("$java" -cp "$jar" org.sqlite.util.OSInfo 2>>"$log") ||
  fail "could not tell sqlite-jdbc's platform folder (see $log)"
library=$("$jdk/bin/jar" tf "$jar" | sed -n "s|^$native/\([^/][^/]*\)\$|\1|p" | head -n 1)
[ -n "$library" ] || fail "the jar has no sqlite-jdbc native library under $native/"
(cd "$work/lib" && "$jdk/bin/jar" xf "$work/lib/git-hydrate.jar" "$native/$library" &&
  mv "$native/$library" . && rm -rf org) || fail "could not extract $native/$library from the jar"

# The JVM options of every start for this runtime (src/dist/jvm-options, read by Launchers), which
# the class caches are trained with too: a cache holds only for the options it was made with.
options=$("$java" -cp "$work/lib/git-hydrate.jar" io.githydrate.dist.Launchers options "$src") ||
  fail "could not read the JVM options in $src/jvm-options"
library_options="-Dorg.sqlite.lib.path=$work/lib -Dorg.sqlite.lib.name=$library"
# The class caches: the JDK's AOT cache from JDK 25, its CDS archive before.
if [ "$version" -ge 25 ]; then
  cache=git-hydrate.aot hook_cache=hook.aot update_cache=update.aot filter_cache=filter.aot
  use=-XX:AOTCache check=-XX:AOTMode=on off=aot record=-XX:AOTCacheOutput
else
  cache=git-hydrate.jsa hook_cache=hook.jsa update_cache=update.jsa filter_cache=filter.jsa
  use=-XX:SharedArchiveFile check=-Xshare:on off=cds record=-XX:ArchiveClassesAtExit
fi

# Training. Three class caches: one for the commands, recorded from one JVM that runs the commands a
# user runs most on a small repository; a small one for the launcher's first try at a hook
# (QuickHook), which must start fast and needs few classes (a cache's classes are all mapped at
# start-up, so the full cache would cost a no-op hook more than its whole answer); and one for its
# second try at a post-checkout with work to do (UpdateHook: rebuilding databases without JGit).
# The training repository has two databases: app.db, whose settings the training commit changes too,
# so a checkout rebuilds it in full, and plain.db, the same without its trigger (and exactly as
# dehydrate writes it), whose changed rows are rewritten in place.
# Runs the bundled java with the launcher's options and then $@, in the training repository, into the log.
in_training() {
  # shellcheck disable=SC2086 # $options and $library_options are lists of words
  (cd "$repo" && "$java" $options $library_options "$@" >>"$log" 2>&1)
}
# Trains the caches; empties the name of each that could not be trained.
train() {
  command -v git >/dev/null 2>&1 || {
    warn "git not found: no class cache"
    cache='' hook_cache='' update_cache='' filter_cache=''
    return 0
  }
  repo="$work/training"
  mkdir -p "$repo"
  # app.db.json, plain.db.json, and edited.json: a content change for hydrate --force to bring in,
  # which pre-commit then exports (see TrainingRepository; an edit that no longer fits stops the build).
  "$java" -cp "$work/lib/git-hydrate.jar" io.githydrate.dist.TrainingRepository write "$src/training.db.json" "$repo" ||
    fail "could not derive the training repository from $src/training.db.json"
  if ! git -C "$repo" init -q >>"$log" 2>&1 || ! git -C "$repo" add app.db.json plain.db.json >>"$log" 2>&1 ||
      ! git -C "$repo" -c user.name=Build -c user.email=build@example.com commit -q -m "Training data" >>"$log" 2>&1; then
    warn "could not make the training repository: no class cache (see $log)"
    cache='' hook_cache='' update_cache='' filter_cache=''
    return 0
  fi
  head=$(git -C "$repo" rev-parse HEAD)
  if in_training "$record=$work/lib/$cache" -cp "$work/lib/git-hydrate.jar" io.githydrate.dist.Training \
        install \; hook post-checkout "$head" "$head" 1 \; hydrate edited.json -o app.db --force \; \
        hook pre-commit \; status \; hydrate --if-needed \; \
        dehydrate app.db -o copy.db.json \; hydrate copy.db.json -o copy.db &&
      [ -s "$work/lib/$cache" ] &&
      in_training "$check" "$use=$work/lib/$cache" -cp "$work/lib/git-hydrate.jar" io.githydrate.cli.Main \
        hook post-checkout "$head" "$head" 1; then
    :
  else
    warn "the class cache could not be trained or does not load; shipping without it (see $log)"
    rm -f "$work/lib/$cache"
    cache=
  fi
  # The quick hook answers only for files settled for a while (see HookFastPath): age them, sync,
  # then record what answering "nothing to do" takes.
  rm -f "$repo/copy.db" "$repo/copy.db.json" "$repo/edited.json" "$repo"/app.db.*.bak
  # pre-commit above staged the edited archive; a staged archive is the full hook's to check, so it
  # is committed first, leaving the quick hook the everyday case: nothing to do.
  no_hooks="git -C $repo -c core.hooksPath=/dev/null -c user.name=Build -c user.email=build@example.com"
  $no_hooks commit -q -m "Edited note" >>"$log" 2>&1
  touch -t 202001010000 "$repo/app.db" "$repo/app.db.json" "$repo/plain.db" "$repo/plain.db.json"
  if in_training -cp "$work/lib/git-hydrate.jar" io.githydrate.cli.Main sync &&
      in_training "$record=$work/lib/$hook_cache" -XX:TieredStopAtLevel=1 -cp "$work/lib/git-hydrate.jar" \
        io.githydrate.hook.QuickHook hook pre-commit &&
      [ -s "$work/lib/$hook_cache" ] &&
      in_training "$check" -XX:TieredStopAtLevel=1 "$use=$work/lib/$hook_cache" \
        -cp "$work/lib/git-hydrate.jar" io.githydrate.hook.QuickHook hook pre-commit; then
    :
  else
    warn "the hooks' class cache could not be trained or does not load; shipping without it (see $log)"
    rm -f "$work/lib/$hook_cache"
    hook_cache=
  fi
  # A post-checkout that must rebuild the database: a commit with one row of the archive changed,
  # checked out without hooks, then recorded while UpdateHook rebuilds it; checked on the way back.
  "$java" -cp "$work/lib/git-hydrate.jar" io.githydrate.dist.TrainingRepository change "$repo" ||
    fail "could not change a row of the training repository's archives"
  if $no_hooks commit -q -a -m "One row changed" >>"$log" 2>&1 && changed=$(git -C "$repo" rev-parse HEAD) &&
      in_training "$record=$work/lib/$update_cache" -XX:TieredStopAtLevel=1 -cp "$work/lib/git-hydrate.jar" \
        io.githydrate.hook.UpdateHook hook post-checkout "$head" "$changed" 1 &&
      [ -s "$work/lib/$update_cache" ] && $no_hooks checkout -q "$head" >>"$log" 2>&1 &&
      in_training "$check" -XX:TieredStopAtLevel=1 "$use=$work/lib/$update_cache" \
        -cp "$work/lib/git-hydrate.jar" io.githydrate.hook.UpdateHook hook post-checkout "$changed" "$head" 1; then
    :
  else
    warn "the update hook's class cache could not be trained or does not load; shipping without it (see $log)"
    rm -f "$work/lib/$update_cache"
    update_cache=
  fi
  # Git's filter process, with both compilers as the launcher runs it: clean of plain.db twice (the
  # second from the kept archive), smudge of its archive twice (the second from the kept database).
  if in_training "$record=$work/lib/$filter_cache" -cp "$work/lib/git-hydrate.jar" \
        io.githydrate.dist.FilterTraining plain.db && [ -s "$work/lib/$filter_cache" ] &&
      in_training "$check" "$use=$work/lib/$filter_cache" -cp "$work/lib/git-hydrate.jar" \
        io.githydrate.dist.FilterTraining plain.db; then
    return 0
  fi
  warn "the filter's class cache could not be trained or does not load; shipping without it (see $log)"
  rm -f "$work/lib/$filter_cache"
  filter_cache=
}
train
rm -rf "$work/training"
# The launchers, from the templates launcher.sh and launcher.cmd beside this script (see Launchers).
"$java" -cp "$work/lib/git-hydrate.jar" io.githydrate.dist.Launchers write "$src" "$work" \
    "SQLITE_LIBRARY=$library" "CACHE_OPTION=$use" "CACHE_LOG=$off" "MAIN_CACHE=$cache" \
    "HOOK_CACHE=$hook_cache" "UPDATE_CACHE=$update_cache" "FILTER_CACHE=$filter_cache" ||
  fail "could not write the launchers from $src/launcher.sh and launcher.cmd"
"$work/bin/git-hydrate" --version >>"$log" 2>&1 || fail "the built launcher does not run (see $log)"
mv "$work" "$dist"
echo "[INFO] git-hydrate distribution: runtime $(du -sk "$dist/runtime" | cut -f1) KB, modules $modules, class caches ${cache:-none}, ${hook_cache:-none}, ${update_cache:-none} and ${filter_cache:-none}"
