"""Profiles one dehydrate and one hydrate of the benchmark database with Java Flight Recorder and
prints where the time goes: the hottest methods at the top of the stack (self time) and the
hottest of the project's own methods anywhere on the stack (total time), for Java code and for
code in native calls (SQLite) separately, plus GC pauses.

Standard library only; needs the JDK's `jfr` tool beside `java`.
"""

import argparse
import collections
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import bench  # noqa: E402  (the sibling module)

OWN_PACKAGE = "io.githydrate."


SAMPLE_PERIOD = "2 ms"


def frame_name(frame):
    method = frame["method"]
    return f"{method['type']['name'].replace('/', '.')}.{method['name']}"


def recorder_settings(java_path, work):
    """The JDK's "profile" settings with Java and native code both sampled every SAMPLE_PERIOD, so
    that their sample counts compare; the stock file samples every 10 and 20 ms."""
    stock = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(java_path))),
                         "lib", "jfr", "profile.jfc")
    if not os.path.isfile(stock):
        return "profile"
    with open(stock, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r'(control="method-sampling-(?:java|native)-interval">)[^<]*', r"\g<1>" + SAMPLE_PERIOD, text)
    custom = os.path.join(work, "sampling.jfc")
    with open(custom, "w", encoding="utf-8") as f:
        f.write(text)
    return custom


def samples(jfr, recording, event):
    """Stacks (top frame first) of every `event` sample in the recording."""
    text = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events", event, recording],
                          capture_output=True, text=True, check=True).stdout
    stacks = []
    for e in json.loads(text)["recording"]["events"]:
        trace = e["values"].get("stackTrace")
        if trace:
            stacks.append([frame_name(f) for f in trace["frames"]])
    return stacks


def gc_pauses(jfr, recording):
    text = subprocess.run([jfr, "print", "--json", "--events", "jdk.GarbageCollection", recording],
                          capture_output=True, text=True, check=True).stdout
    events = json.loads(text)["recording"]["events"]
    total = 0.0
    for e in events:
        total += parse_duration(e["values"].get("sumOfPauses") or e["values"].get("duration"))
    return len(events), total


def parse_duration(text):
    """JFR's JSON durations look like 'PT0.0123S'."""
    if not text or not text.startswith("PT"):
        return 0.0
    seconds = 0.0
    number = ""
    for c in text[2:]:
        if c.isdigit() or c == ".":
            number += c
        else:
            value = float(number or 0)
            seconds += value * {"H": 3600, "M": 60, "S": 1}.get(c, 0)
            number = ""
    return seconds


def show(title, stacks, top, own=False):
    """The hottest methods at the top of the stack; with `own`, also the project's method nearest
    the top of each stack, which is the call in the project's code that the time is spent under."""
    print(f"  {title}: {len(stacks)} samples")
    if not stacks:
        return
    print("    top of stack (self):")
    for name, count in collections.Counter(stack[0] for stack in stacks).most_common(top):
        print(f"      {100 * count / len(stacks):5.1f}%  {name}")
    if own:
        nearest = collections.Counter(
            next((name for name in stack if name.startswith(OWN_PACKAGE)), "(outside " + OWN_PACKAGE + "*)")
            for stack in stacks)
        print(f"    nearest {OWN_PACKAGE}* frame (the project's code the time is spent under):")
        for name, count in nearest.most_common(top):
            print(f"      {100 * count / len(stacks):5.1f}%  {name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jar", required=True)
    parser.add_argument("--generator", required=True)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()

    rows = bench.env_int("ROWS", 1_000_000)
    top = bench.env_int("TOP", 15)
    java = os.environ.get("JAVA") or "java"
    java_opts = shlex.split(os.environ.get("JAVA_OPTS", ""))
    sqlite3 = os.environ.get("SQLITE3") or "sqlite3"
    java_path = shutil.which(java)
    if java_path is None:
        bench.fail(f"{java} not found")
    jfr = os.path.join(os.path.dirname(os.path.realpath(java_path)), "jfr")
    if not os.access(jfr, os.X_OK):
        jfr = shutil.which("jfr") or bench.fail("jfr (the JDK's Flight Recorder tool) not found")

    base = os.path.abspath(args.dir)
    source, _ = bench.cached_database(os.path.join(base, "cache"), args.generator, sqlite3, rows)
    work = os.path.join(base, "profile")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    jar = os.path.join(work, "git-hydrate.jar")
    shutil.copyfile(args.jar, jar)
    try:
        os.link(source, os.path.join(work, "bench.db"))
    except OSError:
        shutil.copyfile(source, os.path.join(work, "bench.db"))

    settings = recorder_settings(java_path, work)
    print(f"profile of {rows:,} rows; JAVA_OPTS: {shlex.join(java_opts) or '(none)'}; "
          f"samples every {SAMPLE_PERIOD if settings != 'profile' else '10 ms (Java) and 20 ms (native)'}")
    for name, command in (("dehydrate", ["dehydrate", "bench.db", "-o", "bench.db.json"]),
                          ("hydrate", ["hydrate", "bench.db.json", "-o", "hydrated.db"])):
        recording = os.path.join(work, f"{name}.jfr")
        flight = f"-XX:StartFlightRecording=settings={settings},filename={recording}"
        bench.log(f"recording {name}")
        m = bench.measure([java, *java_opts, flight, "-jar", jar, *command], work)
        print(f"\n{name}: {m.wall:.2f} s wall, {m.cpu:.2f} s cpu, {m.rss_mb:.0f} MB peak RSS "
              f"(with the recorder on); recording in {os.path.relpath(recording)}")
        count, pauses = gc_pauses(jfr, recording)
        print(f"  GC: {count} collections, {pauses:.2f} s paused")
        java_stacks = samples(jfr, recording, "jdk.ExecutionSample")
        native_stacks = samples(jfr, recording, "jdk.NativeMethodSample")
        show("running Java code (jdk.ExecutionSample)", java_stacks, top)
        show("in native calls, SQLite and I/O (jdk.NativeMethodSample)", native_stacks, top)
        show("both together", java_stacks + native_stacks, top, own=True)


if __name__ == "__main__":
    sys.exit(main())
