#!/bin/sh
# git-hydrate: runs the jar on the Java runtime beside it (see docs/PACKAGING.md).
# GIT_HYDRATE_JAVA_OPTS adds JVM options (e.g. -Xmx1g).
#
# Written from src/dist/launcher.sh by io.githydrate.dist.Launchers, which put in the values below:
# build.sh for the distribution, install.sh for a jar installed without one (no runtime/, no class
# caches, no library in lib/).
# The JVM options of every start (src/dist/jvm-options).
options=@JVM_OPTIONS@
# The java to run where there is no runtime/ beside the jar (empty: java on PATH); GIT_HYDRATE_JAVA
# names another.
other_java=@JAVA@
# sqlite-jdbc's native library, in lib/ (empty: sqlite-jdbc copies its own to a temporary folder).
library=@SQLITE_LIBRARY@
# The class caches in lib/ (empty: none), the option that loads one, and the JVM log tag that would
# report one that no longer matches (another JDK option given, say), which is then ignored quietly.
main_cache=@MAIN_CACHE@ hook_cache=@HOOK_CACHE@ update_cache=@UPDATE_CACHE@ filter_cache=@FILTER_CACHE@
cache_option=@CACHE_OPTION@ cache_log=@CACHE_LOG@

# The folder this launcher is in, found through symlinks, so that the folder can move.
self=$0
while [ -L "$self" ]; do
  link=$(readlink "$self")
  case $link in /*) self=$link ;; *) self=${self%/*}/$link ;; esac
done
case $self in */*) ;; *) self=./$self ;; esac
home=${self%/*}/..
java=$home/runtime/bin/java
if [ ! -x "$java" ]; then
  java=${GIT_HYDRATE_JAVA:-${other_java:-java}}
fi
jar=$home/lib/git-hydrate.jar

# Becomes the JVM that runs class $2 from the jar with class cache $1 (none when empty): the options,
# $jit, $young, the library, the cache, GIT_HYDRATE_JAVA_OPTS, then the other arguments. To carry
# on after it, run it in a subshell.
jvm() {
  jvm_cache=$1 jvm_class=$2
  shift 2
  # shellcheck disable=SC2086 # $options, $jit, $young and GIT_HYDRATE_JAVA_OPTS are lists of words
  exec "$java" $options $jit $young \
    ${library:+"-Dorg.sqlite.lib.path=$home/lib"} ${library:+"-Dorg.sqlite.lib.name=$library"} \
    ${jvm_cache:+"$cache_option=$home/lib/$jvm_cache"} ${jvm_cache:+"-Xlog:$cache_log*=off:stderr"} \
    ${GIT_HYDRATE_JAVA_OPTS:-} -cp "$jar" "$jvm_class" "$@"
}

# Hooks run on every checkout and commit and mostly have nothing to do: the shell answers that when
# it can (lib/quick-hook.sh), else a small JVM (QuickHook: C1 only, its own class cache). After a
# checkout, merge, rebase, commit or move of HEAD with work to do, a second small JVM (UpdateHook)
# rebuilds the databases whose archives changed, from the list either of them made, with C1 only
# unless an archive is large; when not sure, the full command runs. Commands run C1 only too, unless
# a file they are given is larger than 512 MiB: C2's compiling (about 0.5 s of CPU time) pays off
# only on that much work.
jit=-XX:TieredStopAtLevel=1
young=
cache=$main_cache
if [ "${1-}" = hook ]; then
  # shellcheck source=src/dist/quick-hook.sh
  . "$home/lib/quick-hook.sh"
  if hydrate_quick "$@"; then
    hydrate_audit_nothing_to_do
    exit 0
  fi
  changed=$hydrate_changed
  if hydrate_large; then
    jit=
  fi
  case ${2-} in
    post-checkout|post-commit|post-merge|post-rewrite|reference-transaction)
      if [ -z "$changed" ]; then
        changed=$(jvm "$hook_cache" io.githydrate.hook.QuickHook --print-changed "$@") && exit 0
      fi
      (
        GIT_HYDRATE_CHANGED_ARCHIVES=$changed
        export GIT_HYDRATE_CHANGED_ARCHIVES
        jvm "$update_cache" io.githydrate.hook.UpdateHook "$@"
      ) && exit 0 ;;
    *)
      (jvm "$hook_cache" io.githydrate.hook.QuickHook "$@") && exit 0 ;;
  esac
  GIT_HYDRATE_FAST_PATH=0 # asked already: the full command need not ask again
  export GIT_HYDRATE_FAST_PATH
else
  # Git's filter moves whole databases and hashes them (SHA-256, which only C2 compiles to the
  # processor's SHA instructions): the filter runs with both compilers.
  case ${1-} in filter-process|clean|smudge) jit='' cache=$filter_cache ;; esac
  # The merge driver streams three archives past a few rows at a time: a small young generation
  # keeps its garbage in the caches and its memory low (measured: bench/README.md, merge driver).
  case ${1-} in merge-driver) young=-Xmn32m ;; esac
  for arg do
    case $arg in /*) ;; *) arg=./$arg ;; esac # so that find takes no name for an option
    if [ -f "$arg" ] && [ -n "$(find "$arg" -prune -size +524288k -print 2>/dev/null)" ]; then
      jit=
      break
    fi
  done
fi
jvm "$cache" io.githydrate.cli.Main "$@"
