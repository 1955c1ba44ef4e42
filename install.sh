#!/bin/sh
# Builds git-hydrate and installs it for the current user (no root needed):
#   ./install.sh [REPO]     build, install to ~/.local (or $GIT_HYDRATE_PREFIX), and set up the Git
#                           repository REPO (default: the current directory, if it is another repository)
#   ./install.sh --demo     build, install, then show the daily flow on sample repositories, in
#                           hooks mode and then in filter mode (your ~/.gitconfig is not touched)
# Needs a JDK 17+ and Maven to build. What it installs is the distribution `mvn package` builds,
# with its own Java runtime (see docs/PACKAGING.md); where that could not be built (no JDK with
# jlink), the jar, with the same launcher running it on the java found on PATH.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prefix=${GIT_HYDRATE_PREFIX:-"$HOME/.local"}
case $prefix in /*) ;; *) prefix=$(pwd)/$prefix ;; esac  # the installed link must not depend on the cwd
bin_dir="$prefix/bin"
share_dir="$prefix/share/git-hydrate"
demo=false
repo=

for arg in "$@"; do
  case "$arg" in
    --demo) demo=true ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "install.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
    *) repo=$arg ;;
  esac
done

say() { printf '\n== %s\n' "$*"; }

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "install.sh: $1 is needed: $2" >&2; exit 1; }
}

build() {
  need java "install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless openjdk-17-jmods)"
  jar="$here/target/git-hydrate.jar"
  if [ -f "$jar" ] && [ -z "$(cd "$here" && find pom.xml src/main src/dist hooks -newer "$jar" -print 2>/dev/null | head -n 1)" ] &&
      cmp -s "$jar" "$here/target/git-hydrate/lib/git-hydrate.jar"; then
    say "git-hydrate is already built from these sources"
    return
  fi
  need mvn "install Maven (Debian: apt-get install maven)"
  say "Building git-hydrate"
  (cd "$here" && mvn -q -B package -DskipTests)
}

# Copies the folder $1 to $share_dir beside the one installed, then swaps them with two renames, so
# a hook never runs a half-copied version (one starting in the instant between the renames fails
# to start, and Git carries on; the next hook or 'git hydrate sync' catches up). cp -p: the class
# cache is valid only for the jar's modification time.
replace_share_dir() {
  rm -rf "$share_dir.new" "$share_dir.old"
  mkdir -p "$(dirname "$share_dir")"
  cp -pR "$1" "$share_dir.new"
  if [ -e "$share_dir" ]; then
    mv "$share_dir" "$share_dir.old"
  fi
  mv "$share_dir.new" "$share_dir"
  rm -rf "$share_dir.old"
}

install_binary() {
  say "Installing git-hydrate into $bin_dir"
  mkdir -p "$bin_dir"
  dist="$here/target/git-hydrate"
  launcher="$bin_dir/git-hydrate"
  rm -f "$launcher.new"
  if [ -x "$dist/bin/git-hydrate" ] && cmp -s "$dist/lib/git-hydrate.jar" "$here/target/git-hydrate.jar"; then
    replace_share_dir "$dist"
  else
    # The jar with the distribution's launchers and JVM options, which run it on this java when there
    # is no runtime/ beside it ($GIT_HYDRATE_JAVA names another).
    java_bin=$(command -v java)
    echo "install.sh: no distribution was built (see the build's warning); installing the jar, run by $java_bin" >&2
    staging=$(mktemp -d "${TMPDIR:-/tmp}/git-hydrate-install.XXXXXX")
    mkdir "$staging/lib"
    cp "$here/target/git-hydrate.jar" "$here/src/dist/quick-hook.sh" "$staging/lib/"
    if [ -f "$here/target/git-hydrate.1" ]; then
      mkdir -p "$staging/share/man/man1"
      cp "$here/target/git-hydrate.1" "$staging/share/man/man1/"
    fi
    if ! "$java_bin" -cp "$staging/lib/git-hydrate.jar" io.githydrate.dist.Launchers write "$here/src/dist" \
        "$staging" "JAVA=$java_bin"; then
      rm -rf "$staging"
      exit 1
    fi
    replace_share_dir "$staging"
    rm -rf "$staging"
  fi
  ln -s "$share_dir/bin/git-hydrate" "$launcher.new"
  mv -f "$launcher.new" "$launcher"
  # The manual page where man looks for a program on PATH in $bin_dir (../share/man), for
  # git hydrate --help (git runs: man git-hydrate).
  page="$share_dir/share/man/man1/git-hydrate.1"
  if [ -f "$page" ]; then
    mkdir -p "$prefix/share/man/man1"
    rm -f "$prefix/share/man/man1/git-hydrate.1.new"
    ln -s "$page" "$prefix/share/man/man1/git-hydrate.1.new"
    mv -f "$prefix/share/man/man1/git-hydrate.1.new" "$prefix/share/man/man1/git-hydrate.1"
  fi
  "$launcher" --version
  case ":$PATH:" in
    *":$bin_dir:"*) ;;
    *) echo "Add $bin_dir to your PATH (e.g. in ~/.profile: export PATH=\"$bin_dir:\$PATH\")" ;;
  esac
}

# Runs SQL on a database with the sqlite3 CLI, or Python's sqlite3 module where the CLI is missing.
sql() {
  if command -v sqlite3 >/dev/null 2>&1; then
    sqlite3 "$1" "$2"
  else
    need python3 "the demo needs the sqlite3 CLI or python3 to edit its sample database"
    python3 -c 'import sqlite3,sys
c=sqlite3.connect(sys.argv[1]); c.isolation_level=None
cur=c.executescript(sys.argv[2]) if ";" in sys.argv[2].strip().rstrip(";") else c.execute(sys.argv[2])
for r in cur.fetchall(): print("|".join("" if v is None else str(v) for v in r))' "$1" "$2"
  fi
}

# Runs a file of SQL on a database, stopping at the first error (as sqlite3 -bail does).
sql_file() {
  if command -v sqlite3 >/dev/null 2>&1; then
    sqlite3 -bail "$1" < "$2"
  else
    python3 -c 'import sqlite3,sys
c=sqlite3.connect(sys.argv[1]); c.isolation_level=None
c.executescript(open(sys.argv[2], encoding="utf-8").read())' "$1" "$2"
  fi
}

# Runs git quietly with a fixed identity, so the demo works on a machine with no Git config.
g() {
  git -c user.name=Demo -c user.email=demo@example.com -c init.defaultBranch=main -c advice.detachedHead=false "$@"
}

run_demo() {
  gh="$bin_dir/git-hydrate"
  export PATH="$bin_dir:$PATH"
  need git "the demo needs git"
  work=$(mktemp -d "${TMPDIR:-/tmp}/git-hydrate-demo.XXXXXX")
  say "Demo in $work: a shared remote and two clones, alice and bob"
  g init -q --bare "$work/remote.git"
  g clone -q "$work/remote.git" "$work/alice" 2>/dev/null
  cd "$work/alice"
  "$gh" install >/dev/null
  sql shop.db "CREATE TABLE customers (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, avatar BLOB);
    CREATE TABLE orders (customer_id INTEGER REFERENCES customers(id), total REAL, note);
    CREATE INDEX orders_by_customer ON orders(customer_id);
    INSERT INTO customers(name, avatar) VALUES ('Ada', x'89504e47'), ('Grace', NULL);
    INSERT INTO orders VALUES (1, 12.5, NULL), (1, 250.0, 'rush'), (2, 9.99, 42);"

  say "alice: git add . && git commit (the pre-commit hook exports shop.db; the .db itself stays out)"
  g add .
  g commit -q -m "Add the shop database"
  g ls-files
  sed -n '1,30p' shop.db.json
  g push -q origin main

  say "bob: git clone, git hydrate install: shop.db is rebuilt from its archive"
  g clone -q "$work/remote.git" "$work/bob"
  cd "$work/bob"
  "$gh" install
  sql shop.db "SELECT id, name FROM customers;"

  say "alice: change one row; git hydrate add stages the archive; commit and push"
  cd "$work/alice"
  sql shop.db "UPDATE customers SET name = 'Grace Hopper' WHERE id = 2;"
  "$gh" status
  "$gh" add
  g commit -q -m "Grace's full name"
  g show --stat --format='commit: %s' HEAD
  g show --format= HEAD -- shop.db.json | sed -n '/^@@/,$p'
  g push -q origin main

  say "bob: git pull (post-merge hook): the database follows"
  cd "$work/bob"
  g pull -q
  sql shop.db "SELECT id, name FROM customers;"

  say "bob: a branch with a new customer, then switch back and forth (post-checkout hook)"
  g switch -q -c vip
  sql shop.db "INSERT INTO customers(name) VALUES ('Linus');"
  "$gh" add >/dev/null
  g commit -q -m "Add Linus"
  g switch -q main
  printf 'on main: '; sql shop.db "SELECT count(*) FROM customers;"
  g switch -q vip
  printf 'on vip:  '; sql shop.db "SELECT count(*) FROM customers;"

  say "bob: git status stays clean; git hydrate status and doctor"
  g status --short
  "$gh" status
  "$gh" doctor

  say "alice: move the repository to filter mode (git hydrate install --filter), commit, push"
  cd "$work/alice"
  g pull -q
  "$gh" install --filter | grep -v '^git-hydrate: set '
  g status --short
  g commit -q -m "Keep the databases in filter mode"
  g push -q origin main

  say "bob: git pull, then git hydrate install sets his clone up for filter mode"
  cd "$work/bob"
  g switch -q main
  g pull -q 2>&1
  "$gh" install | grep -v '^git-hydrate: set '
  sql shop.db "SELECT id, name FROM customers;"

  say "bob: now Git itself sees the database: git status, git diff, git commit -a"
  sql shop.db "UPDATE customers SET name = 'Ada Lovelace' WHERE id = 1;"
  g status --short
  g diff | sed -n '/^@@/,$p'
  g commit -q -a -m "Ada's full name"
  g push -q origin main

  say "alice: git pull, git stash and git stash pop, all plain Git"
  cd "$work/alice"
  g pull -q
  sql shop.db "SELECT id, name FROM customers;"
  sql shop.db "DELETE FROM customers WHERE id = 2;"
  g stash -q
  printf 'stashed:  '; sql shop.db "SELECT count(*) FROM customers;"
  g stash pop -q
  printf 'popped:   '; sql shop.db "SELECT count(*) FROM customers;"
  g status --short
  g show HEAD:shop.db | sed -n '1,4p'

  say "alice: the history of shop.db, commit by commit (git hydrate log)"
  "$gh" log -- shop.db | sed 's/^/  /'

  say "alice: the SQL that takes HEAD's shop.db back to the first commit's (git hydrate migration --reverse)"
  first=$(g rev-list --max-parents=0 HEAD)
  scratch="$work/migration"
  mkdir -p "$scratch"
  "$gh" migration --reverse "$first" HEAD shop.db -o "$scratch/down.sql" 2>/dev/null
  grep -v '^--' "$scratch/down.sql" | sed 's/^/  /'
  g show HEAD:shop.db > "$scratch/head.json"  # filter mode: the blob of shop.db is its archive
  "$gh" hydrate "$scratch/head.json" -o "$scratch/copy.db" >/dev/null
  printf "HEAD's customers:           "; sql "$scratch/copy.db" "SELECT group_concat(name, ', ') FROM customers;"
  sql_file "$scratch/copy.db" "$scratch/down.sql"
  printf 'the same after down.sql:    '; sql "$scratch/copy.db" "SELECT group_concat(name, ', ') FROM customers;"
  g show "$first:shop.db.json" > "$scratch/first.json"
  "$gh" hydrate "$scratch/first.json" -o "$scratch/first.db" >/dev/null
  printf "the first commit's:         "; sql "$scratch/first.db" "SELECT group_concat(name, ', ') FROM customers;"

  say "alice: an entity-relationship diagram (git hydrate diagram) and a page per database (git hydrate docs)"
  "$gh" diagram shop.db -o "$work/shop.svg"
  "$gh" docs -o "$work/database-docs"
  sed -n '/^| column/,/^$/p' "$work/database-docs/shop.db.md" | sed -n '1,6p'
  echo "open $work/shop.svg in a browser to see the diagram"

  say "CI: git hydrate check in a fresh clone (no hooks, no databases needed)"
  g clone -q "$work/remote.git" "$work/ci"
  (cd "$work/ci" && "$gh" check)

  say "app: a second repository whose .hydrateconfig keeps a token, the sessions and a 5 MB image out of the archive's lines"
  g init -q --bare "$work/app-remote.git"
  g clone -q "$work/app-remote.git" "$work/app" 2>/dev/null
  cd "$work/app"
  "$gh" install >/dev/null
  printf '[database "app.db"]\n\tredact = api_keys.token ${PAYMENTS_TOKEN}\n\texclude-rows = sessions\n\tlarge-values = 1m\n' > .hydrateconfig
  sed 's/^/  /' .hydrateconfig
  token=sk_live_demo_7f3a9c1e5b
  sql app.db "CREATE TABLE api_keys (service TEXT PRIMARY KEY, token TEXT);
    CREATE TABLE sessions (id TEXT PRIMARY KEY, user TEXT, expires INTEGER);
    CREATE TABLE images (id INTEGER PRIMARY KEY, name TEXT, data BLOB);
    INSERT INTO api_keys VALUES ('payments', '$token');
    INSERT INTO sessions VALUES ('c0ffee', 'ada', 1767225600), ('decaf', 'grace', 1767229200);
    INSERT INTO images(name, data) VALUES ('banner.png', randomblob(5 * 1024 * 1024));"
  g add .
  g commit -q -m "Add the app database"
  g push -q origin main
  echo "what was committed:"
  g ls-files | sed 's/^/  /'
  echo "the archive's lines for them:"
  grep -E '"payments"|"sessions"|"rows": \[\]|"file"' app.db.json | cut -c1-110 | sed 's/^/  /'
  printf 'Git objects holding the token: '; g cat-file --batch-all-objects --batch | grep -c "$token" || true
  printf 'Git objects holding a session: '; g cat-file --batch-all-objects --batch | grep -c "c0ffee" || true

  say "app: a clone with PAYMENTS_TOKEN set gets the token; one without gets the placeholder and a warning"
  g clone -q "$work/app-remote.git" "$work/app-ci"
  (cd "$work/app-ci" && PAYMENTS_TOKEN=$token "$gh" install >/dev/null &&
    printf 'with the variable:    ' && sql app.db "SELECT token FROM api_keys;" &&
    printf 'the image:            ' && sql app.db "SELECT length(data) FROM images;" &&
    printf 'sessions:             ' && sql app.db "SELECT count(*) FROM sessions;")
  g clone -q "$work/app-remote.git" "$work/app-dev"
  (cd "$work/app-dev" && env -u PAYMENTS_TOKEN "$gh" install 2>&1 >/dev/null | sed 's/^/  /' &&
    printf 'without the variable: ' && sql app.db "SELECT token FROM api_keys;")

  say "app: what git-hydrate did, with durations (git hydrate audit)"
  "$gh" audit -n 6 | sed 's/^/  /'

  say "Done. The demo repositories are in $work"
}

# The repository to set up: the one named, or the current directory when it is a repository
# other than git-hydrate's own checkout.
set_up_repository() {
  target=$repo
  if [ -z "$target" ] && git rev-parse --show-toplevel >/dev/null 2>&1; then
    top=$(git rev-parse --show-toplevel)
    [ "$(cd "$top" && pwd)" != "$here" ] && target=$top
  fi
  if [ -n "$target" ]; then
    say "Setting up the repository in $target"
    (cd "$target" && PATH="$bin_dir:$PATH" "$bin_dir/git-hydrate" install)
  fi
}

build
install_binary
set_up_repository
if [ "$demo" = true ]; then
  run_demo
fi
