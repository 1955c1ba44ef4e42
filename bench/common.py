"""What the benchmark scripts share: messages, settings from the environment, and waiting for the
machine to go quiet before a timed run."""

import os
import sys
import time

# The scripts' name in their messages on stderr (set by each script).
name = "bench"


def log(message):
    print(f"{name}: {message}", file=sys.stderr, flush=True)


def fail(message):
    log(message)
    sys.exit(1)


def env_int(variable, default, minimum=1):
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        fail(f"{variable} must be a whole number, got {text!r}")
    if value < minimum:
        fail(f"{variable} must be at least {minimum}, got {value}")
    return value


def busy_seconds():
    """CPU seconds all processes of the machine have used so far, from /proc/stat (0 elsewhere)."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
    except OSError:
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_for_quiet(limit):
    """Waits, up to `limit` seconds, until other processes leave the CPUs nearly idle for a second.

    The machine may be shared (builds, tests); a run next to them measures them too.
    """
    deadline = time.monotonic() + limit
    told = False
    while True:
        before = busy_seconds()
        time.sleep(1.0)
        busy = busy_seconds() - before
        if busy < 0.1:
            return
        if time.monotonic() >= deadline:
            log(f"  the machine is still busy ({busy:.1f} CPU-s/s); measuring anyway")
            return
        if not told:
            log(f"  waiting for other processes to go quiet ({busy:.1f} CPU-s/s busy)")
            told = True
