#!/bin/sh
# Builds the self-contained distribution target/git-hydrate/ from the shaded jar (run by `mvn package`):
#   bin/git-hydrate, bin/git-hydrate.cmd   launchers
#   runtime/                               a Java runtime trimmed by jlink to the modules the jar needs
#   lib/git-hydrate.jar                    the shaded jar
#   lib/<sqlite-jdbc native library>       extracted once, so sqlite-jdbc does not copy it to /tmp at each start
#   lib/git-hydrate.aot or .jsa            class cache trained on a hook, status, dehydrate and hydrate
#   lib/hook.aot, lib/update.aot (.jsa)    small class caches for the hooks' QuickHook and UpdateHook
#   lib/filter.aot (.jsa)                  a class cache for Git's filter process (FilterTraining)
#   lib/quick-hook.sh                      the hooks' first answer, in the shell (sourced by bin/git-hydrate)
#
# Usage: build.sh TARGET_DIR [MAVEN_JAVA_HOME]
# Uses the newest JDK (with jlink) among $GIT_HYDRATE_DIST_JDK alone if set, else Maven's, $JAVA_HOME and
# the usual install folders. Without one it warns and builds nothing: install.sh then installs the jar.
# A failed cache training only warns: the distribution works without the cache, just starts slower.
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
# need nothing beyond java.base, java.management, java.security.jgss and java.sql.
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

# sqlite-jdbc's native library for this platform, as sqlite-jdbc itself names its folder (e.g. Linux/x86_64).
native=org/sqlite/native/$("$java" -cp "$jar" org.sqlite.util.OSInfo 2>>"$log") ||
  fail "could not tell sqlite-jdbc's platform folder (see $log)"
library=$("$jdk/bin/jar" tf "$jar" | sed -n "s|^$native/\([^/][^/]*\)\$|\1|p" | head -n 1)
[ -n "$library" ] || fail "the jar has no sqlite-jdbc native library under $native/"
(cd "$work/lib" && "$jdk/bin/jar" xf "$work/lib/git-hydrate.jar" "$native/$library" &&
  mv "$native/$library" . && rm -rf org) || fail "could not extract $native/$library from the jar"

# Flags: the serial collector (least memory and set-up), sqlite-jdbc's library from lib/, and JVM log
# lines on stderr, never stdout (stdout carries Git's filter protocol). The launcher adds C1 alone
# (-XX:TieredStopAtLevel=1) except for large files (README: Packaging). -XX:PerMethodTrapLimit=0 keeps C2
# from compiling away the branches a table has not taken yet: each new table's mix of value types
# would otherwise undo the compiled export loop and have it compiled again, five times on the
# benchmark (compiling took 40% of dehydrate's CPU time on two cores; this saves 0.3-0.5 s of it).
flags='-XX:+UseSerialGC -XX:PerMethodTrapLimit=0 -Xlog:disable -Xlog:all=warning:stderr'
if [ "$version" -ge 22 ]; then
  flags="$flags --enable-native-access=ALL-UNNAMED"
fi
library_flags='-Dorg.sqlite.lib.path=@LIB@ -Dorg.sqlite.lib.name='"$library"

# Training. Three class caches: one for the commands, recorded from one JVM that runs the commands a
# user runs most on a small repository; a small one for the launcher's first try at a hook
# (QuickHook), which must start fast and needs few classes (a cache's classes are all mapped at
# start-up, so the full cache would cost a no-op hook more than its whole answer); and one for its
# second try at a post-checkout with work to do (UpdateHook: rebuilding databases without JGit).
# The training repository has two databases: app.db, whose trigger has it rebuilt in full after a
# checkout, and plain.db, the same without the trigger (and exactly as dehydrate writes it), whose
# changed rows are rewritten in place.
cache= hook_cache= update_cache= filter_cache=
# Runs the bundled java with the launcher's flags and then $@, in the training repository, into the log.
in_training() {
  # shellcheck disable=SC2086 # $flags and $lib_flags are lists of words
  (cd "$repo" && "$java" $flags $lib_flags "$@" >>"$log" 2>&1)
}
train() {
  command -v git >/dev/null 2>&1 || { warn "git not found: no class cache"; return 0; }
  repo="$work/training"
  mkdir -p "$repo"
  # app.db.json, plain.db.json, and edited.json: a content change for hydrate --force to bring in,
  # which pre-commit then exports (see TrainingRepository; an edit that no longer fits stops the build).
  "$java" -cp "$work/lib/git-hydrate.jar" io.githydrate.dist.TrainingRepository write "$src/training.db.json" "$repo" ||
    fail "could not derive the training repository from $src/training.db.json"
  if ! git -C "$repo" init -q >>"$log" 2>&1 || ! git -C "$repo" add app.db.json plain.db.json >>"$log" 2>&1 ||
      ! git -C "$repo" -c user.name=Build -c user.email=build@example.com commit -q -m "Training data" >>"$log" 2>&1; then
    warn "could not make the training repository: no class cache (see $log)"
    return 0
  fi
  head=$(git -C "$repo" rev-parse HEAD)
  lib_flags=$(echo "$library_flags" | sed "s|@LIB@|$work/lib|")
  if [ "$version" -ge 25 ]; then
    cache=git-hydrate.aot hook_cache=hook.aot update_cache=update.aot filter_cache=filter.aot
    use=-XX:AOTCache check=-XX:AOTMode=on off=aot record=-XX:AOTCacheOutput
  else
    cache=git-hydrate.jsa hook_cache=hook.jsa update_cache=update.jsa filter_cache=filter.jsa
    use=-XX:SharedArchiveFile check=-Xshare:on off=cds record=-XX:ArchiveClassesAtExit
  fi
  if in_training "$record=$work/lib/$cache" -cp "$work/lib/git-hydrate.jar" io.githydrate.dist.Training \
        install \; hook post-checkout "$head" "$head" 1 \; hydrate edited.json -o app.db --force \; \
        hook pre-commit \; status \; \
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
# A cache that no longer matches (another JDK flag given, say) is ignored quietly.
cache_flag= hook_cache_flag= update_cache_flag= filter_cache_flag=
if [ -n "$cache" ]; then
  cache_flag="$use=@LIB@/$cache -Xlog:$off*=off:stderr"
fi
if [ -n "$hook_cache" ]; then
  hook_cache_flag="$use=@LIB@/$hook_cache -Xlog:$off*=off:stderr"
fi
if [ -n "$update_cache" ]; then
  update_cache_flag="$use=@LIB@/$update_cache -Xlog:$off*=off:stderr"
fi
if [ -n "$filter_cache" ]; then
  filter_cache_flag="$use=@LIB@/$filter_cache -Xlog:$off*=off:stderr"
fi

# The launchers. They find their own folder (through symlinks), so the folder can move.
cat > "$work/bin/git-hydrate" <<EOF
#!/bin/sh
# git-hydrate: runs the jar on the Java runtime beside it (see README: Packaging).
# GIT_HYDRATE_JAVA_OPTS adds JVM options (e.g. -Xmx1g).
self=\$0
while [ -L "\$self" ]; do
  link=\$(readlink "\$self")
  case \$link in /*) self=\$link ;; *) self=\${self%/*}/\$link ;; esac
done
case \$self in */*) ;; *) self=./\$self ;; esac
home=\${self%/*}/..
java=\$home/runtime/bin/java
jar=\$home/lib/git-hydrate.jar
# Hooks run on every checkout and commit and mostly have nothing to do: the shell answers that when
# it can (lib/quick-hook.sh), else a small JVM (QuickHook: C1 only, its own class cache). After a
# checkout, merge, rebase, commit or move of HEAD with work to do, a second small JVM (UpdateHook) rebuilds the databases
# whose archives changed, from the list either of them made, with C1 only unless an archive is large;
# when not sure, the full command runs. Commands run C1 only too, unless a file they are given is
# larger than 512 MiB: C2's compiling (about 0.5 s of CPU time) pays off only on that much work.
jit=-XX:TieredStopAtLevel=1
cache=main
if [ "\${1-}" = hook ]; then
  . "\$home/lib/quick-hook.sh"
  hydrate_quick "\$@" && exit 0
  changed=\$hydrate_changed
  if hydrate_large; then
    jit=
  fi
  case \${2-} in
    post-checkout|post-commit|post-merge|post-rewrite|reference-transaction)
      if [ -z "\$changed" ]; then
        changed=\$("\$java" $flags \$jit $(echo "$library_flags $hook_cache_flag" | sed 's|@LIB@|"$home/lib"|g') \\
          \${GIT_HYDRATE_JAVA_OPTS:-} -cp "\$jar" io.githydrate.hook.QuickHook --print-changed "\$@") && exit 0
      fi
      GIT_HYDRATE_CHANGED_ARCHIVES=\$changed "\$java" $flags \$jit $(echo "$library_flags $update_cache_flag" | sed 's|@LIB@|"$home/lib"|g') \\
        \${GIT_HYDRATE_JAVA_OPTS:-} -cp "\$jar" io.githydrate.hook.UpdateHook "\$@" && exit 0 ;;
    *)
      "\$java" $flags \$jit $(echo "$library_flags $hook_cache_flag" | sed 's|@LIB@|"$home/lib"|g') \\
        \${GIT_HYDRATE_JAVA_OPTS:-} -cp "\$jar" io.githydrate.hook.QuickHook "\$@" && exit 0 ;;
  esac
  GIT_HYDRATE_FAST_PATH=0 # asked already: the full command need not ask again
  export GIT_HYDRATE_FAST_PATH
else
  # Git's filter moves whole databases and hashes them (SHA-256, which only C2 compiles to the
  # processor's SHA instructions): the filter runs with both compilers.
  case \${1-} in filter-process|clean|smudge) jit= cache=filter ;; esac
  # The merge driver streams three archives past a few rows at a time: a small young generation
  # keeps its garbage in the caches and its memory low (measured: bench/README.md, merge driver).
  case \${1-} in merge-driver) young=-Xmn32m ;; esac
  for arg do
    case \$arg in /*) ;; *) arg=./\$arg ;; esac # so that find takes no name for an option
    if [ -f "\$arg" ] && [ -n "\$(find "\$arg" -prune -size +524288k -print 2>/dev/null)" ]; then
      jit=
      break
    fi
  done
fi
if [ "\$cache" = filter ]; then
  exec "\$java" $flags $(echo "$library_flags $filter_cache_flag" | sed 's|@LIB@|"$home/lib"|g') \\
    \${GIT_HYDRATE_JAVA_OPTS:-} -cp "\$jar" io.githydrate.cli.Main "\$@"
fi
exec "\$java" $flags \$jit \${young:-} $(echo "$library_flags $cache_flag" | sed 's|@LIB@|"$home/lib"|g') \\
  \${GIT_HYDRATE_JAVA_OPTS:-} -cp "\$jar" io.githydrate.cli.Main "\$@"
EOF
chmod +x "$work/bin/git-hydrate"
cmd_flags=$(echo "$library_flags $cache_flag" | sed 's|@LIB@|"%HOME_DIR%\\lib"|g')
cmd_hook_flags=$(echo "$library_flags $hook_cache_flag" | sed 's|@LIB@|"%HOME_DIR%\\lib"|g')
cmd_update_flags=$(echo "$library_flags $update_cache_flag" | sed 's|@LIB@|"%HOME_DIR%\\lib"|g')
cmd_filter_flags=$(echo "$library_flags $filter_cache_flag" | sed 's|@LIB@|"%HOME_DIR%\\lib"|g')
cmd_update="\"%HOME_DIR%\\runtime\\bin\\java.exe\" $flags -XX:TieredStopAtLevel=1 $cmd_update_flags %GIT_HYDRATE_JAVA_OPTS% -cp \"%HOME_DIR%\\lib\\git-hydrate.jar\" io.githydrate.hook.UpdateHook %* && exit /b 0"
while IFS= read -r line; do printf '%s\r\n' "$line"; done > "$work/bin/git-hydrate.cmd" <<EOF
@echo off
rem git-hydrate: runs the jar on the Java runtime beside it (see README: Packaging).
setlocal
set "HOME_DIR=%~dp0.."
rem C1 only, as the sh launcher runs it, which keeps C2 for files over 512 MiB: here add
rem -XX:TieredStopAtLevel=4 to GIT_HYDRATE_JAVA_OPTS for those.
set "JIT=-XX:TieredStopAtLevel=1"
set "YOUNG="
if "%~1"=="merge-driver" set "YOUNG=-Xmn32m"
if "%~1"=="filter-process" goto filter
if "%~1"=="clean" goto filter
if "%~1"=="smudge" goto filter
if "%~1"=="hook" (
  "%HOME_DIR%\runtime\bin\java.exe" $flags -XX:TieredStopAtLevel=1 $cmd_hook_flags %GIT_HYDRATE_JAVA_OPTS% -cp "%HOME_DIR%\lib\git-hydrate.jar" io.githydrate.hook.QuickHook %* && exit /b 0
  if "%~2"=="post-checkout" $cmd_update
  if "%~2"=="post-merge" $cmd_update
  if "%~2"=="post-rewrite" $cmd_update
  if "%~2"=="post-commit" $cmd_update
  if "%~2"=="reference-transaction" $cmd_update
  set "GIT_HYDRATE_FAST_PATH=0"
)
"%HOME_DIR%\runtime\bin\java.exe" $flags %JIT% %YOUNG% $cmd_flags %GIT_HYDRATE_JAVA_OPTS% -cp "%HOME_DIR%\lib\git-hydrate.jar" io.githydrate.cli.Main %*
exit /b %ERRORLEVEL%
rem Git's filter: both compilers (it hashes whole archives), its own class cache.
:filter
"%HOME_DIR%\runtime\bin\java.exe" $flags $cmd_filter_flags %GIT_HYDRATE_JAVA_OPTS% -cp "%HOME_DIR%\lib\git-hydrate.jar" io.githydrate.cli.Main %*
exit /b %ERRORLEVEL%
EOF

"$work/bin/git-hydrate" --version >>"$log" 2>&1 || fail "the built launcher does not run (see $log)"
mv "$work" "$dist"
echo "[INFO] git-hydrate distribution: runtime $(du -sk "$dist/runtime" | cut -f1) KB, modules $modules, class caches ${cache:-none}, ${hook_cache:-none}, ${update_cache:-none} and ${filter_cache:-none}"
