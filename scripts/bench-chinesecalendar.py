#!/usr/bin/env python3
"""Reference timing for BENCHMARKS.md: the inspectd-bench `calendar` workload through Python's
`chinesecalendar` package (PyPI), scaled down because each call takes about a millisecond.

    python3 scripts/bench-chinesecalendar.py [--ops N] [--swift PATH_TO_inspectd-bench]

Installs `chinesecalendar` into a private virtualenv (.state/bench-venv, git-ignored) when it is
not importable, then times, on one core:
  * add(d, Nwd): the N-th working day after d, as chinese_calendar.find_workday(N - 1, d + 1 day)
    (find_workday(k, x) returns the k-th working day after the first working day on or after x);
  * is_workday(d).
Inputs follow inspectd-bench: triggers uniform in 2020-01-01 .. 2025-12-31, N uniform in 1 .. 250,
probe dates uniform in 2020 .. 2026 (chinesecalendar refuses years it has no data for).
With --swift, also runs `inspectd-bench calendar` in the same run and prints the speed-up.
"""
import argparse
import datetime as dt
import os
import random
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
VENV = os.path.join(REPO, ".state", "bench-venv")


def ensure_chinesecalendar():
    try:
        import chinese_calendar  # noqa: F401
        return
    except ImportError:
        pass
    py = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        sys.exit("chinesecalendar is not importable even in the private virtualenv " + VENV)
    if not os.path.exists(py):
        print(f"installing chinesecalendar from PyPI into {VENV} ...", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([py, "-m", "pip", "install", "--quiet", "chinesecalendar"])
    os.execv(py, [py] + sys.argv)


def pin_one_core():
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})


def timed(name, ops, fn, repeats=3):
    best = None
    for _ in range(repeats):
        t0 = time.perf_counter_ns()
        fn()
        ns = (time.perf_counter_ns() - t0) / ops
        best = ns if best is None else min(best, ns)
    print(f"{name:44s}  {best:,.0f} ns/op best  ({ops} ops x {repeats})")
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ops", type=int, default=2000, help="add(d, Nwd) calls (is_workday: 100x as many)")
    ap.add_argument("--swift", help="path to a release build of inspectd-bench, run in the same session")
    args = ap.parse_args()
    ensure_chinesecalendar()
    import chinese_calendar as cc

    pin_one_core()
    rng = random.Random(20240101)
    lo, hi = dt.date(2020, 1, 1).toordinal(), dt.date(2025, 12, 31).toordinal()
    pairs = [(dt.date.fromordinal(rng.randint(lo, hi)), rng.randint(1, 250)) for _ in range(args.ops)]
    plo, phi = dt.date(2020, 1, 1).toordinal(), dt.date(2026, 12, 31).toordinal()
    probes = [dt.date.fromordinal(rng.randint(plo, phi)) for _ in range(args.ops * 100)]
    one = dt.timedelta(days=1)

    print(f"chinesecalendar {getattr(cc, '__version__', '?')}, Python {sys.version.split()[0]}")
    add_ns = timed("find_workday(N-1, d+1)  [= add(d, Nwd)]", len(pairs),
                   lambda: [cc.find_workday(n - 1, d + one) for d, n in pairs])
    wd_ns = timed("is_workday(d)", len(probes), lambda: [cc.is_workday(d) for d in probes])

    if args.swift:
        out = subprocess.run(["taskset", "-c", "1", args.swift, "calendar"], check=True,
                             capture_output=True, text=True).stdout
        print(out, end="")
        def best(label):
            m = re.search(re.escape(label) + r"\s+([0-9.]+) ns/op best", out)
            return float(m.group(1)) if m else None
        s_add, s_wd = best("add(.workingDays(N), to: d) -> Deadline"), best("isWorkingDay(d), d in 2020…2025")
        if s_add:
            print(f"speed-up add(d, Nwd): {add_ns / s_add:,.0f}x  (Python {add_ns:,.0f} ns, Swift {s_add} ns)")
        if s_wd:
            print(f"speed-up isWorkingDay: {wd_ns / s_wd:,.0f}x  (Python {wd_ns:,.0f} ns, Swift {s_wd} ns)")


if __name__ == "__main__":
    main()
