#!/usr/bin/env python3
"""Side-by-side timing for BENCHMARKS.md: the next due date of one entity under a monthly cadence,
through inspectd (`inspectd-bench next-due`), libical's recurrence iterator (C) and python-dateutil's
rrule, in the same run, each pinned to the same core, on the same inputs (one SplitMix64 stream).

    python3 scripts/bench-next-due.py [--swift PATH] [--ops N] [--libical-ops N] [--rrule-ops N]

Prepares what it needs: python-dateutil (pip, if not importable), libical-dev (apt-get, if
pkg-config does not know libical), compiles scripts/bench/next_due_libical.c with gcc into
.build-bench/bench/, and builds inspectd-bench in release mode into .build-bench unless --swift
names a binary. libical and rrule know no holidays: they compute the last *day* of the month,
inspectd the last *working day* under the shipped calendar (a table load more).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SCRATCH = os.path.join(REPO, ".build-bench")


def sh(cmd, **kw):
    print("+ " + " ".join(cmd), file=sys.stderr)
    return subprocess.run(cmd, check=True, **kw)


def ensure_dateutil():
    try:
        import dateutil  # noqa: F401
    except ImportError:
        sh([sys.executable, "-m", "pip", "install", "--quiet", "python-dateutil"])


def ensure_libical():
    if subprocess.run(["pkg-config", "--exists", "libical"]).returncode == 0:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    sh(sudo + ["apt-get", "install", "-y", "libical-dev"], env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))


def build_libical():
    out_dir = os.path.join(SCRATCH, "bench")
    os.makedirs(out_dir, exist_ok=True)
    exe = os.path.join(out_dir, "next_due_libical")
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "libical"], check=True, capture_output=True,
                           text=True).stdout.split()
    sh(["gcc", "-O2", "-Wall", "-o", exe, os.path.join(HERE, "bench", "next_due_libical.c")] + flags)
    return exe


def build_swift():
    sh(["swift", "build", "-c", "release", "--scratch-path", SCRATCH, "--product", "inspectd-bench"], cwd=REPO)
    return os.path.join(SCRATCH, "release", "inspectd-bench")


def pinned(cmd):
    core = str(sorted(os.sched_getaffinity(0))[-1]) if hasattr(os, "sched_getaffinity") else "1"
    pre = ["taskset", "-c", core] if shutil.which("taskset") else []
    out = subprocess.run(pre + cmd, check=True, capture_output=True, text=True).stdout
    print(out, end="")
    return out


def best(out, label):
    m = re.search(re.escape(label) + r"\s+([0-9.,]+) ns/op best", out)
    return float(m.group(1).replace(",", "")) if m else None


def checksum(out, label):
    m = re.search(re.escape(label) + r".*checksum (-?[0-9]+)", out)
    return m.group(1) if m else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--swift", help="a release build of inspectd-bench (default: build into .build-bench)")
    ap.add_argument("--ops", type=int, default=10_000_000, help="inspectd calls per measurement")
    ap.add_argument("--libical-ops", type=int, default=200_000, help="libical calls (stepping from DTSTART: 1/50)")
    ap.add_argument("--rrule-ops", type=int, default=20_000, help="rrule calls (dtstart = approval: 1/20)")
    args = ap.parse_args()
    ensure_dateutil()
    ensure_libical()
    libical = build_libical()
    swift = args.swift or build_swift()

    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    s = pinned([swift, "next-due", "--ops", str(args.ops)])
    c = pinned([libical, str(args.libical_ops), "3"])
    p = pinned([sys.executable, os.path.join(HERE, "bench", "next_due_rrule.py"), str(args.rrule_ops), "3"])
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())

    ours = best(s, "nextDue, monthly quota (C01 cadence)")
    rows = [("libical, set_start(target)", best(c, "libical iterator + set_start(target)")),
            ("libical, stepped from DTSTART", best(c, "libical iterator stepped from DTSTART")),
            ("dateutil rrule, dtstart = month start", best(p, "dateutil rrule, dtstart = month start")),
            ("dateutil rrule, dtstart = approval", best(p, "dateutil rrule, dtstart = approval"))]
    print(f"\n{'next due date, monthly cadence':40s} {'ns/op':>14s}  inspectd is")
    print(f"{'inspectd CadenceRule.nextDue':40s} {ours:>14,.2f}")
    for name, ns in rows:
        if ns and ours:
            print(f"{name:40s} {ns:>14,.0f}  {ns / ours:,.0f}x faster")
    a, b = checksum(c, "libical iterator + set_start(target)"), checksum(p, "dateutil rrule, dtstart = month start")
    if args.libical_ops == args.rrule_ops:
        print(f"libical and rrule agree on every result: {'yes' if a == b else 'NO'} (checksums {a}, {b})")


if __name__ == "__main__":
    main()
