# git-hydrate's first answer to a hook, in the shell, before any JVM starts: sourced by
# bin/git-hydrate. Most checkouts and commits touch no database, and this answers them in a few
# milliseconds from the list the last sync left when every database and archive was in step and
# settled (.git/git-hydrate/settled, written by SettledFiles) and one or two git commands.
#
# hydrate_quick hook NAME ARGS...   exit status 0: certainly nothing to do; 1: not sure (the JVM
# decides). After a checkout, merge, rebase, commit or move of HEAD it also sets hydrate_changed,
# when it knows them, to the archives the commits differ in, as QuickHook --print-changed prints
# them for UpdateHook.
hydrate_quick() {
  hydrate_changed= hydrate_paths= hydrate_started=
  [ -r /proc/uptime ] && read -r hydrate_started _ 2>/dev/null </proc/uptime
  [ "${1-}" = hook ] && [ $# -ge 2 ] && [ "${GIT_HYDRATE_FAST_PATH-}" != 0 ] || return 1
  # Settings that change what a path or pathspec means: the JVM copes.
  [ -z "${GIT_WORK_TREE+set}${GIT_LITERAL_PATHSPECS+set}${GIT_GLOB_PATHSPECS+set}" ] || return 1
  [ -z "${GIT_NOGLOB_PATHSPECS+set}${GIT_ICASE_PATHSPECS+set}" ] || return 1
  hydrate_hook=$2
  shift 2
  # Git runs hooks at the top of the work tree; the prefix is empty there.
  hydrate_where=$(git rev-parse --show-prefix --git-dir 2>/dev/null) || return 1
  case $hydrate_where in
    ?*) case $hydrate_where in "
"*) ;; *) return 1 ;; esac ;;
  esac
  hydrate_settled=${hydrate_where#?}/git-hydrate/settled

  case $hydrate_hook in
    post-checkout)
      [ $# -ge 2 ] && [ "$1" != 0000000000000000000000000000000000000000 ] || return 1
      if [ "$1" = "$2" ]; then
        hydrate_changed_between "" "" || return 1
      else
        hydrate_changed_between "$1" "$2" || return 1
      fi ;;
    post-merge)
      hydrate_changed_between ORIG_HEAD HEAD || return 1 ;;
    post-rewrite)
      # An amend changes no files: only a rebase has archives to look at.
      if [ "${1-}" = rebase ]; then
        hydrate_changed_between ORIG_HEAD HEAD || return 1
      fi ;;
    post-commit)
      # Git wrote the files of a cherry-pick, revert or rebase step before committing: they show.
      hydrate_moved HEAD~1 HEAD
      return ;;
    reference-transaction)
      # committed OLD NEW REF, as the installed script passes them; OLD of zeros: not sure.
      [ "${1-}" = committed ] && [ $# -ge 3 ] || return 1
      case $2$3 in *[!0-9a-f]*) return 1 ;; esac
      case $2 in *[!0]*) ;; *) return 1 ;; esac
      hydrate_moved "$2" "$3"
      return ;;
    pre-commit)
      if hydrate_filter_mode; then
        hydrate_nothing_raw_staged
        return
      fi
      [ -f "$hydrate_settled" ] && hydrate_nothing_to_commit || return 1 ;;
    *) return 1 ;;
  esac
  hydrate_settled_still
}

# Sets hydrate_changed to the archives that differ between two commits ("" "": none), with their
# digests unless a third argument says nosums; fails when Git cannot say, when .hydrateconfig
# differs too, or when any differ (there is work to do).
hydrate_changed_between() {
  hydrate_paths=
  if [ -n "$1" ]; then
    hydrate_paths=$(git diff --name-only --no-renames --no-ext-diff --no-textconv "$1" "$2" -- \
      '*.json' .hydrateconfig 2>/dev/null) || return 1
  fi
  # Git quotes unusual paths in double quotes: those go the JVM's way, which reads them exactly.
  case "
$hydrate_paths
" in
    *'
.hydrateconfig
'* | *'
"'*) return 1 ;;
  esac
  hydrate_changed="git-hydrate changed archives
$hydrate_paths"
  [ -z "$hydrate_paths" ] && return 0
  [ "${3-}" = nosums ] || hydrate_add_sums
  return 1
}

# Adds the digests of the archives in hydrate_paths to hydrate_changed, when sha256sum is there: a
# JVM just started hashes them far slower. Not when one is over 8 MiB: the JVM then runs with its
# optimizing compiler, whose SHA-256 (on the processor's SHA instructions) is three times faster.
hydrate_add_sums() {
  [ -n "$hydrate_paths" ] || return 0
  hydrate_large && return 0
  if hydrate_sums=$(set -f; IFS='
'; sha256sum -- $hydrate_paths 2>/dev/null); then
    hydrate_changed="$hydrate_changed

$hydrate_sums"
  fi
}

# After a commit or another move of HEAD, for which Git may have written no file: nothing to do when
# every archive the two commits differ in is on the settled list and the list still holds (a plain
# commit of what pre-commit or 'git hydrate add' exported earlier). Else fails, with hydrate_changed
# set as hydrate_changed_between sets it, when Git could say.
hydrate_moved() {
  hydrate_changed_between "$1" "$2" nosums && hydrate_settled_still && return 0
  [ -n "$hydrate_changed" ] || return 1
  hydrate_settled_knows && hydrate_settled_still && return 0
  hydrate_add_sums
  return 1
}

# After hydrate_changed_between found archives that differ: whether the settled list holds each of
# them (so each was in step with its database, and hydrate_settled_still then tells it still is).
hydrate_settled_knows() {
  [ -n "$hydrate_changed" ] && [ -f "$hydrate_settled" ] || return 1
  printf '%s\n' "$hydrate_paths" | awk '
    FNR == NR { if (sub(/^present /, "")) known[$0] = 1; next }
    $0 != "" && !($0 in known) { found = 1 }
    END { exit found }' "$hydrate_settled" -
}

# Whether every file on the settled list is unchanged since it was written: none modified or
# changed after the list's own time, none missing, none that was absent appeared.
hydrate_settled_still() {
  [ -f "$hydrate_settled" ] || return 1
  {
    IFS= read -r hydrate_line && [ "$hydrate_line" = "git-hydrate settled 1" ] || return 1
    set --
    while IFS= read -r hydrate_line; do
      case $hydrate_line in
        "present "*) set -- "$@" "./${hydrate_line#present }" ;;
        "absent "*) [ ! -e "${hydrate_line#absent }" ] && [ ! -L "${hydrate_line#absent }" ] || return 1 ;;
        "database "* | "pathspec "*) ;;
        *) return 1 ;;
      esac
    done
  } < "$hydrate_settled"
  [ $# -eq 0 ] || [ -z "$(find "$@" \( -newer "$hydrate_settled" -o -cnewer "$hydrate_settled" \) -print 2>&1)" ]
}

# pre-commit: a whole-index commit, no staged file Git takes for binary (every SQLite file is one)
# or that is a known database, and no database file the list does not know.
hydrate_nothing_to_commit() {
  case ${GIT_INDEX_FILE##*/} in next-index*) return 1 ;; esac
  hydrate_staged=$(git diff --cached --numstat --no-renames --diff-filter=d 2>/dev/null) || return 1
  printf '%s\n' "$hydrate_staged" | awk -F '\t' '
    FNR == NR { if (sub(/^database /, "")) known[$0] = 1; next }
    $0 == "" { next }
    $1 == "-" || NF < 3 || substr($3, 1, 1) == "\"" || ($3 in known) { found = 1 }
    # A staged archive is answered here only when it belongs to a settled database (then
    # hydrate_settled_still vouches for the copy in the work tree); the full hook checks the rest.
    $3 ~ /\.json$/ && !(substr($3, 1, length($3) - 5) in known) { found = 1 }
    END { exit found }' "$hydrate_settled" - || return 1
  # ... and only when what is staged is the work tree's copy.
  set --
  while IFS='	' read -r hydrate_added hydrate_deleted hydrate_path; do
    case $hydrate_path in *.json) set -- "$@" "$hydrate_path" ;; esac
  done <<EOF_STAGED
$hydrate_staged
EOF_STAGED
  [ $# -eq 0 ] || git diff --quiet -- "$@" 2>/dev/null || return 1
  set --
  while IFS= read -r hydrate_line; do
    case $hydrate_line in "pathspec "*) set -- "$@" "${hydrate_line#pathspec }" ;; esac
  done < "$hydrate_settled"
  [ $# -gt 0 ] || return 1
  hydrate_files=$(git ls-files --cached --others -- "$@" 2>/dev/null) || return 1
  printf '%s\n' "$hydrate_files" | awk '
    FNR == NR { if (sub(/^database /, "")) known[$0] = 1; next }
    $0 != "" && !($0 in known) { found = 1 }
    END { exit found }' "$hydrate_settled" - || return 1
}

# Whether the repository is in filter mode: the block 'git hydrate install' wrote in .gitattributes
# gives the databases filter=hydrate (Git then stores each as its archive through the filter).
hydrate_filter_mode() {
  # One grep answers most repositories (hooks mode): the block is read only when the word is there.
  [ -f .gitattributes ] && grep -q ' filter=hydrate' .gitattributes &&
    sed -n '/^# >>> git-hydrate/,/^# <<< git-hydrate/p' .gitattributes | grep -q ' filter=hydrate'
}

# pre-commit in filter mode: no raw SQLite file staged. Nothing staged outside the databases that Git
# takes for binary (every SQLite file is), and no staged database that starts with SQLite's header
# (a client without the filter set up stores the raw file). Each staged database must be the work
# tree's copy (Git's index stat matches the file) and the file a database: then Git's clean filter
# made the staged archive from it. Anything else was staged by hand, a merge or a reset, and the full
# hook checks that it hydrates. Unusual paths go the JVM's way.
hydrate_nothing_raw_staged() {
  hydrate_staged=$(git diff --cached --numstat --no-renames --diff-filter=d -- . \
    ':(exclude,attr:filter=hydrate)' 2>/dev/null) || return 1
  printf '%s\n' "$hydrate_staged" | awk -F '\t' '$1 == "-" { found = 1 } END { exit found }' || return 1
  hydrate_paths=$(git diff --cached --name-only --no-renames --diff-filter=d -- ':(attr:filter=hydrate)' \
    2>/dev/null) || return 1
  (
    set -f
    IFS='
'
    set --
    for hydrate_path in $hydrate_paths; do
      case $hydrate_path in '"'*) exit 1 ;; esac
      [ "$(git cat-file blob ":$hydrate_path" 2>/dev/null | head -c 15)" = "SQLite format 3" ] && exit 1
      # (The header's last byte, a NUL, cannot be held in a variable: a file that only starts like a
      # database, staged through the filter unchanged, was refused on the line above.)
      [ "$(head -c 15 2>/dev/null < "$hydrate_path")" = "SQLite format 3" ] || exit 1
      set -- "$@" ":(literal)$hydrate_path"
    done
    # diff-files lists the files whose stat data is not the index's; it does not refresh the index, so
    # an entry Git is unsure of is listed too. The inode change time is left out: the clean filter
    # links a database it exports (to keep it should Git replace it), after Git took its stat data.
    [ $# -eq 0 ] || {
      hydrate_unlike=$(git -c core.trustctime=false diff-files --name-only -- "$@" 2>/dev/null) &&
        [ -z "$hydrate_unlike" ]
    }
  )
}

# Whether an archive the commits differ in is larger than 8 MiB: work that pays for the optimizing
# compiler (C2). On a 300 MB archive a C1-only JVM took 8 s to bring its database along, mostly
# hashing, which C1 does without the processor's SHA instructions.
hydrate_large() {
  [ -n "$hydrate_paths" ] || return 1
  # Asked twice for the same archives (the digests, then the compiler): answered once.
  [ "${hydrate_large_asked-}" = "x$hydrate_paths" ] && return "$hydrate_large_answer"
  hydrate_large_asked=x$hydrate_paths
  hydrate_large_answer=1
  (
    set -f
    IFS='
'
    set --
    for hydrate_path in $hydrate_paths; do
      set -- "$@" "./$hydrate_path"
    done
    [ -n "$(find "$@" -prune -type f -size +8192k -print 2>/dev/null)" ]
  ) || return 1
  hydrate_large_answer=0
}

# Appends the audit log's line for a hook answered here (git-hydrate audit reads it as the JVM's
# own), without starting a process, which would cost about as much as the answer: the time is the
# boot time plus the uptime from /proc (to the hundredth of a second), and the log's size is the
# position /proc gives for the descriptor it was appended through; past 1 MiB it is rotated, as
# audit/AuditLog rotates it. Where /proc is missing nothing is written. Never fails.
hydrate_audit_nothing_to_do() {
  {
    [ -n "$hydrate_started" ] && [ -r /proc/stat ] && [ -d "/proc/$$/fdinfo" ] || return 0
    hydrate_log=${hydrate_where#?}/git-hydrate/audit.log
    [ -d "${hydrate_log%/audit.log}" ] || return 0
    read -r hydrate_now _ </proc/uptime || return 0
    hydrate_boot=
    while read -r hydrate_key hydrate_value _; do
      [ "$hydrate_key" = btime ] && hydrate_boot=$hydrate_value && break
    done </proc/stat
    [ -n "$hydrate_boot" ] || return 0
    # uptime "12345.67": hundredths of a second since boot
    hydrate_t0=$(( ${hydrate_started%.*} * 100 + 1${hydrate_started#*.} - 100 ))
    hydrate_t1=$(( ${hydrate_now%.*} * 100 + 1${hydrate_now#*.} - 100 ))
    hydrate_cs=$(( hydrate_boot * 100 + hydrate_t0 ))
    hydrate_civil "$hydrate_cs"
    # "command": a redirection that fails (a log Git's user cannot write, after a sudo) must not end
    # the shell, as it would for the special builtin exec alone, and with it the hook.
    command exec 9>>"$hydrate_log" || return 0
    # One write, so that the line reaches the file whole beside other processes' lines.
    printf '{"time":"%04d-%02d-%02dT%02d:%02d:%02d.%02d0Z","operation":"hook %s","database":null,"archive_before":null,"archive_after":null,"rows":null,"duration_ms":%d,"result":"nothing to do","error":null,"pid":%d}\n' \
      "$hydrate_year" "$hydrate_month" "$hydrate_day" "$hydrate_hour" "$hydrate_minute" "$hydrate_second" \
      $(( hydrate_cs % 100 )) "$hydrate_hook" $(( (hydrate_t1 - hydrate_t0) * 10 )) "$$" >&9
    hydrate_size=
    while read -r hydrate_key hydrate_value; do
      [ "$hydrate_key" = pos: ] && hydrate_size=$hydrate_value && break
    done <"/proc/$$/fdinfo/9"
    exec 9>&-
    if [ -n "$hydrate_size" ] && [ "$hydrate_size" -gt 1048576 ]; then
      mv -f "$hydrate_log" "$hydrate_log.1"
    fi
  } 2>/dev/null
  return 0
}

# Sets hydrate_year, _month, _day, _hour, _minute and _second to the UTC time CENTISECONDS after
# 1970 began: the civil date of the day count by Howard Hinnant's algorithm, in the shell's own
# arithmetic (a command substitution would start a process).
hydrate_civil() {
  hydrate_s=$(( $1 / 100 ))
  hydrate_z=$(( hydrate_s / 86400 + 719468 ))
  hydrate_era=$(( hydrate_z / 146097 ))
  hydrate_doe=$(( hydrate_z - hydrate_era * 146097 ))
  hydrate_yoe=$(( (hydrate_doe - hydrate_doe / 1460 + hydrate_doe / 36524 - hydrate_doe / 146096) / 365 ))
  hydrate_doy=$(( hydrate_doe - (365 * hydrate_yoe + hydrate_yoe / 4 - hydrate_yoe / 100) ))
  hydrate_mp=$(( (5 * hydrate_doy + 2) / 153 ))
  hydrate_day=$(( hydrate_doy - (153 * hydrate_mp + 2) / 5 + 1 ))
  hydrate_month=$(( hydrate_mp < 10 ? hydrate_mp + 3 : hydrate_mp - 9 ))
  hydrate_year=$(( hydrate_yoe + hydrate_era * 400 + (hydrate_month <= 2) ))
  hydrate_hour=$(( hydrate_s % 86400 / 3600 ))
  hydrate_minute=$(( hydrate_s % 3600 / 60 ))
  hydrate_second=$(( hydrate_s % 60 ))
}
