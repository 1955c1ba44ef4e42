#!/usr/bin/env python3
"""Large values: what keeping them out of line, or compressing them in line, costs and saves.

Two measurements, in one run, on databases this script generates (Python's sqlite3 module):

1. Repository size. A database of JSON documents (2-50 KB), PNG-like random BLOBs (20-200 KB) and
   text logs (10-100 KB) gets COMMITS commits, each changing a few documents by a field, appending
   to a few logs and replacing one image, as an application does. Its archive is committed three
   ways, each in a repository of its own, and `git gc --aggressive` packs each (Git's zlib and
   delta compression):
     inline      the archive as git-hydrate writes it without large-values
     compressed  the same archive with every TEXT or BLOB value over LIMIT bytes replaced by
                 {"brotli": "<base64 of its Brotli-compressed bytes>"} (what in-line compression
                 would write; Brotli from the Debian package python3-brotli, else zlib level 9 from
                 the standard library as a stand-in, which the report names)
     files       git-hydrate with `large-values = LIMIT`: the values in files beside the archive
   The report gives each pack's size, its ratio to inline, and the archive's last version's size.

2. Time. A database of IMAGES rows of 5 MB random BLOBs (and a small table) is exported and
   built again by git-hydrate with the values in line and out of line, next to sqlite3's `.dump`
   and loading that dump, in the same run; medians of RUNS runs, each in a fresh process.

Environment: COMMITS (default 20), ROWS (documents, images and logs in all; default 300),
LIMIT (bytes; default 1024), IMAGES (default 4), RUNS (default 3), JAR (default
target/git-hydrate.jar), JAVA (default java), SQLITE3 (default sqlite3), BENCH_DIR (default
target/bench/values). Run from the repository's root: python3 bench/values.py
"""

import base64
import json
import os
import random
import shutil
import sqlite3 as sqlite
import statistics
import subprocess
import sys
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

common.name = "values"

try:
    import brotli

    COMPRESSOR = "Brotli (python3-brotli, quality 11)"

    def compress(data):
        return brotli.compress(data, quality=11)
except ImportError:
    COMPRESSOR = "zlib level 9 (stand-in: python3-brotli is not installed)"

    def compress(data):
        return zlib.compress(data, 9)


COMMITS = common.env_int("COMMITS", 20)
ROWS = common.env_int("ROWS", 300, minimum=3)
LIMIT = common.env_int("LIMIT", 1024)
IMAGES = common.env_int("IMAGES", 4)
RUNS = common.env_int("RUNS", 3)
JAR = os.path.abspath(os.environ.get("JAR", "target/git-hydrate.jar"))
JAVA = os.environ.get("JAVA", "java")
SQLITE3 = os.environ.get("SQLITE3", "sqlite3")
WORK = os.path.abspath(os.environ.get("BENCH_DIR", "target/bench/values"))
GIT_ENV = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com",
               GIT_CONFIG_NOSYSTEM="1", GIT_HYDRATE_CACHE="0")


def run(args, cwd, **kwargs):
    result = subprocess.run(args, cwd=cwd, env=GIT_ENV, capture_output=True, **kwargs)
    if result.returncode != 0:
        common.fail(f"{' '.join(args)} failed in {cwd}: {result.stderr.decode(errors='replace')}")
    return result


def hydrate_tool(*args, cwd):
    return run([JAVA, "-jar", JAR, *args], cwd)


# --- the history of a database with large values --------------------------------------------

def document(rng, n):
    items = [{"sku": f"SKU-{rng.randrange(10**6):06d}", "name": rng.choice(WORDS) + " " + rng.choice(WORDS),
              "qty": rng.randrange(1, 9), "price": round(rng.uniform(1, 500), 2),
              "note": " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 20)))}
             for _ in range(n)]
    return json.dumps({"id": rng.randrange(10**9), "status": "open", "items": items}, indent=1)


def log_text(rng, lines):
    return "".join(f"2026-12-{rng.randrange(1, 29):02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z "
                   f"{rng.choice(['INFO', 'WARN', 'DEBUG'])} {rng.choice(WORDS)}: "
                   f"{' '.join(rng.choice(WORDS) for _ in range(8))}\n" for _ in range(lines))


WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar "
         "papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu order invoice shipped "
         "returned widget gadget sprocket").split()


def create_history_database(db, rng):
    connection = sqlite.connect(db)
    connection.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, body)")
    for i in range(1, ROWS + 1):
        kind = ("document", "image", "log")[i % 3]
        if kind == "document":
            body = document(rng, rng.randrange(8, 200))       # about 2-50 KB
        elif kind == "image":
            body = rng.randbytes(rng.randrange(20_000, 200_000))  # incompressible, as a PNG is
        else:
            body = log_text(rng, rng.randrange(80, 800))       # about 10-100 KB
        connection.execute("INSERT INTO docs VALUES (?, ?, ?)", (i, kind, body))
    connection.commit()
    connection.close()


def change(db, rng):
    """One commit's worth: a field of a few documents, a few logs appended to, one image replaced."""
    connection = sqlite.connect(db)
    rows = connection.execute("SELECT id, kind, body FROM docs").fetchall()
    by_kind = {k: [r for r in rows if r[1] == k] for k in ("document", "image", "log")}
    for i, _, body in rng.sample(by_kind["document"], 3):
        doc = json.loads(body)
        doc["status"] = rng.choice(["open", "paid", "shipped", "returned"])
        doc["items"][rng.randrange(len(doc["items"]))]["qty"] = rng.randrange(1, 9)
        connection.execute("UPDATE docs SET body = ? WHERE id = ?", (json.dumps(doc, indent=1), i))
    for i, _, body in rng.sample(by_kind["log"], 3):
        connection.execute("UPDATE docs SET body = ? WHERE id = ?", (body + log_text(rng, 20), i))
    i, _, body = rng.choice(by_kind["image"])
    connection.execute("UPDATE docs SET body = ? WHERE id = ?", (rng.randbytes(len(body)), i))
    connection.commit()
    connection.close()


def compressed_in_line(archive_text):
    """The archive with each TEXT or BLOB value over LIMIT bytes as {"brotli": base64}."""
    out = []
    for line in archive_text.splitlines(keepends=True):
        stripped = line.strip()
        if not (stripped.startswith("[") and stripped.rstrip(",").endswith("]")):
            out.append(line)
            continue
        comma = stripped.endswith(",")
        row = json.loads(stripped.rstrip(","))
        for k, value in enumerate(row):
            raw = None
            if isinstance(value, str):
                raw = value.encode("utf-8")
            elif isinstance(value, dict) and "blob" in value:
                raw = base64.b64decode(value["blob"])
            if raw is not None and len(raw) > LIMIT:
                row[k] = {"brotli": base64.b64encode(compress(raw)).decode("ascii")}
        indent = line[:len(line) - len(line.lstrip())]
        out.append(indent + json.dumps(row, ensure_ascii=False, separators=(", ", ": "))
                   + ("," if comma else "") + "\n")
    return "".join(out)


def pack_bytes(repo):
    run(["git", "gc", "--aggressive", "--prune=now", "-q"], repo)
    total = 0
    for directory, _, files in os.walk(os.path.join(repo, ".git", "objects")):
        total += sum(os.path.getsize(os.path.join(directory, f)) for f in files)
    return total


def repository_sizes():
    root = os.path.join(WORK, "history")
    shutil.rmtree(root, ignore_errors=True)
    repos = {name: os.path.join(root, name) for name in ("inline", "compressed", "files")}
    for repo in repos.values():
        os.makedirs(repo)
        run(["git", "init", "-q"], repo)
    with open(os.path.join(repos["files"], ".hydrateconfig"), "w", encoding="utf-8") as f:
        f.write(f'[database "app.db"]\n\tlarge-values = {LIMIT}\n')
    db = os.path.join(root, "app.db")
    rng = random.Random(23)
    create_history_database(db, rng)
    common.log(f"database: {os.path.getsize(db) / 1e6:.1f} MB, {ROWS} rows; {COMMITS} commits")
    for commit in range(COMMITS):
        if commit:
            change(db, rng)
        for name in ("inline", "files"):
            shutil.copy(db, os.path.join(repos[name], "app.db"))
            hydrate_tool("dehydrate", "app.db", cwd=repos[name])
            os.remove(os.path.join(repos[name], "app.db"))
        with open(os.path.join(repos["inline"], "app.db.json"), encoding="utf-8") as f:
            text = f.read()
        with open(os.path.join(repos["compressed"], "app.db.json"), "w", encoding="utf-8") as f:
            f.write(compressed_in_line(text))
        for repo in repos.values():
            run(["git", "add", "-A", "."], repo)
            run(["git", "commit", "-q", "-m", f"commit {commit}"], repo)
        common.log(f"  commit {commit + 1} of {COMMITS}")
    sizes = {}
    for name, repo in repos.items():
        archive = os.path.getsize(os.path.join(repo, "app.db.json"))
        values = 0
        folder = os.path.join(repo, "app.db.values")
        for directory, _, files in os.walk(folder):
            values += sum(os.path.getsize(os.path.join(directory, f)) for f in files)
        sizes[name] = (pack_bytes(repo), archive, values)
    return os.path.getsize(db), sizes


# --- time: a few 5 MB BLOBs -------------------------------------------------------------------

def median_seconds(args, cwd, stdin=None, stdout=None, before=lambda: None):
    times = []
    for _ in range(RUNS):
        before()
        common.wait_for_quiet(int(os.environ.get("QUIET_WAIT", "30")))
        start = time.monotonic()
        with open(stdin, "rb") if stdin else open(os.devnull, "rb") as i, \
                open(stdout, "wb") if stdout else open(os.devnull, "wb") as o:
            result = subprocess.run(args, cwd=cwd, env=GIT_ENV, stdin=i, stdout=o, stderr=subprocess.PIPE)
        times.append(time.monotonic() - start)
        if result.returncode != 0:
            common.fail(f"{' '.join(args)} failed: {result.stderr.decode(errors='replace')}")
    return statistics.median(times)


def timings():
    root = os.path.join(WORK, "time")
    shutil.rmtree(root, ignore_errors=True)
    rng = random.Random(5)
    results = {}
    for name, config in (("in line", None), ("out of line (large-values = 1m)", "1m")):
        folder = os.path.join(root, "files" if config else "inline")
        os.makedirs(folder)
        run(["git", "init", "-q"], folder)
        if config:
            with open(os.path.join(folder, ".hydrateconfig"), "w", encoding="utf-8") as f:
                f.write(f'[database "app.db"]\n\tlarge-values = {config}\n')
        db = os.path.join(folder, "app.db")
        connection = sqlite.connect(db)
        connection.execute("CREATE TABLE images (id INTEGER PRIMARY KEY, name TEXT, png BLOB)")
        connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        rng.seed(5)
        for i in range(1, IMAGES + 1):
            connection.execute("INSERT INTO images VALUES (?, ?, ?)", (i, f"image {i}", rng.randbytes(5 << 20)))
        connection.executemany("INSERT INTO notes VALUES (?, ?)", ((i, f"note {i}") for i in range(1, 1001)))
        connection.commit()
        connection.close()
        dehydrate = median_seconds([JAVA, "-jar", JAR, "dehydrate", "app.db"], folder)
        rebuilt = os.path.join(folder, "rebuilt.db")
        hydrate = median_seconds([JAVA, "-jar", JAR, "hydrate", "app.db.json", "-o", "rebuilt.db"], folder,
                                 before=lambda: os.path.exists(rebuilt) and os.remove(rebuilt))
        check = sqlite.connect(rebuilt)
        same = check.execute("ATTACH ? AS original", (db,)).fetchall() is not None and check.execute(
            "SELECT count(*) FROM images i JOIN original.images o USING (id) WHERE i.png = o.png").fetchone()[0]
        check.close()
        if same != IMAGES:
            common.fail(f"{name}: the rebuilt database does not hold the same images")
        os.remove(rebuilt)
        results[name] = (dehydrate, hydrate, os.path.getsize(os.path.join(folder, "app.db.json")))
    folder = os.path.join(root, "inline")
    dump = median_seconds([SQLITE3, "app.db", ".dump"], folder, stdout=os.path.join(folder, "dump.sql"))

    loaded = os.path.join(folder, "loaded.db")
    load = median_seconds([SQLITE3, "loaded.db"], folder, stdin=os.path.join(folder, "dump.sql"),
                          before=lambda: os.path.exists(loaded) and os.remove(loaded))
    results["sqlite3 .dump / load the dump"] = (dump, load, os.path.getsize(os.path.join(folder, "dump.sql")))
    return results


def main():
    if not os.path.isfile(JAR):
        common.fail(f"no jar at {JAR}: build it with mvn -o package -DskipTests, or set JAR")
    db_bytes, sizes = repository_sizes()
    inline = sizes["inline"][0]
    print(f"Repository size after {COMMITS} commits, git gc --aggressive ({ROWS} rows, database "
          f"{db_bytes / 1e6:.1f} MB; values over {LIMIT} bytes; compressor: {COMPRESSOR})")
    print()
    print("| archive | .git objects | vs in line | last archive | value files |")
    print("|---|---:|---:|---:|---:|")
    for name, label in (("inline", "in line (as today)"), ("compressed", "compressed in line, base64"),
                        ("files", "out of line (large-values)")):
        pack, archive, values = sizes[name]
        print(f"| {label} | {pack / 1e6:.1f} MB | {pack / inline:.2f} | {archive / 1e6:.2f} MB | "
              f"{values / 1e6:.1f} MB |")
    print()
    results = timings()
    print(f"Time, {IMAGES} BLOBs of 5 MB and 1,000 small rows (median of {RUNS} runs, each a fresh process)")
    print()
    print("| | export | build | archive or dump |")
    print("|---|---:|---:|---:|")
    for name, (export, build, size) in results.items():
        print(f"| {name} | {export:.2f} s | {build:.2f} s | {size / 1e6:.1f} MB |")


if __name__ == "__main__":
    main()
