#!/bin/sh
# Builds git-hydrate and installs it for the current user (no root needed):
#   ./install.sh            build and install to ~/.local (or $GIT_HYDRATE_PREFIX)
#   ./install.sh --demo     the same, then show it working on a sample database
# Needs a JDK 17+ and Maven to build; the installed command needs only the same Java.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prefix=${GIT_HYDRATE_PREFIX:-"$HOME/.local"}
bin_dir="$prefix/bin"
share_dir="$prefix/share/git-hydrate"
demo=false

for arg in "$@"; do
  case "$arg" in
    --demo) demo=true ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

say() { printf '\n== %s\n' "$*"; }

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "install.sh: $1 is needed: $2" >&2; exit 1; }
}

build() {
  need java "install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless)"
  need mvn "install Maven (Debian: apt-get install maven)"
  say "Building git-hydrate"
  (cd "$here" && mvn -q -B package -DskipTests)
}

install_binary() {
  say "Installing git-hydrate into $bin_dir"
  mkdir -p "$bin_dir" "$share_dir"
  cp "$here/target/git-hydrate.jar" "$share_dir/git-hydrate.jar.new"
  mv -f "$share_dir/git-hydrate.jar.new" "$share_dir/git-hydrate.jar"
  java_bin=$(command -v java)
  launcher="$bin_dir/git-hydrate"
  cat > "$launcher.new" <<LAUNCHER
#!/bin/sh
# git-hydrate launcher (also run by Git as "git hydrate"). Installed by install.sh.
exec "\${GIT_HYDRATE_JAVA:-$java_bin}" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto \\
  \${GIT_HYDRATE_JAVA_OPTS:-} -jar "$share_dir/git-hydrate.jar" "\$@"
LAUNCHER
  chmod +x "$launcher.new"
  mv -f "$launcher.new" "$launcher"
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

run_demo() {
  gh="$bin_dir/git-hydrate"
  work=$(mktemp -d "${TMPDIR:-/tmp}/git-hydrate-demo.XXXXXX")
  say "Demo in $work"
  mkdir -p "$work/app/data"
  cd "$work/app"
  sql data/shop.db "CREATE TABLE customers (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, avatar BLOB);
    CREATE TABLE orders (customer_id INTEGER REFERENCES customers(id), total REAL, note);
    CREATE INDEX orders_by_customer ON orders(customer_id);
    INSERT INTO customers(name, avatar) VALUES ('Ada', x'89504e47'), ('Grace', NULL);
    INSERT INTO orders VALUES (1, 12.5, NULL), (1, 250.0, 'rush'), (2, 9.99, 42);"

  say "git-hydrate dehydrate: the database becomes a line-per-row JSON archive"
  "$gh" dehydrate
  sed -n '1,40p' data/shop.db.json

  say "Change one row, dehydrate again: exactly one line of the archive changes"
  cp data/shop.db.json "$work/before.json"
  sql data/shop.db "UPDATE customers SET name = 'Grace Hopper' WHERE id = 2;"
  "$gh" dehydrate
  diff "$work/before.json" data/shop.db.json || true

  say "Dehydrating an unchanged database leaves the archive untouched"
  "$gh" dehydrate

  say "Delete the database, hydrate it back from the archive"
  rm data/shop.db
  "$gh" hydrate
  sql data/shop.db "SELECT id, name, hex(avatar) FROM customers;"

  say "Status, statistics and a round-trip check (what CI would run)"
  "$gh" status
  "$gh" stats
  "$gh" verify

  say "A local change is never overwritten silently: hydrate refuses without --force, keeps a backup with it"
  sql data/shop.db "INSERT INTO customers(name) VALUES ('Linus');"
  "$gh" hydrate || true
  "$gh" hydrate --force
  ls data

  say "Done. The demo files are in $work"
}

build
install_binary
if [ "$demo" = true ]; then
  run_demo
fi
