#!/usr/bin/env python3
"""The `inspectd-bench next-due` monthly workload through python-dateutil's rrule, for BENCHMARKS.md.
Run by scripts/bench-next-due.py; alone:  python3 scripts/bench/next_due_rrule.py [OPS] [REPEATS]

Inputs: the same SplitMix64 stream as Benchmarks/inspectd-bench/BenchNextDue.swift and
next_due_libical.c (seed 20260401; per call today, approved, last). The target day is today, or
the first day of next month when the last fact lies in today's month (the month is met); it is
computed before timing. Per call, timed:
    rrule(MONTHLY, bymonthday=-1, dtstart=D).after(target, inc=True)
i.e. the last day of the month of the earliest unmet month (no holidays: rrule knows none), with
  * D = the first day of the target's month (the best case: one month to step, all OPS calls), and
  * D = approved (the rule as stored, stepped from the approval date up to ten years back; one
    call takes milliseconds, so OPS / 20 calls).
Prints ns/op (best of REPEATS) and a checksum of the results' day numbers (days since 1970-01-01).
"""
import datetime as dt
import sys
import time

from dateutil import __version__ as dateutil_version
from dateutil.rrule import MONTHLY, rrule

M64 = (1 << 64) - 1
EPOCH = dt.date(1970, 1, 1).toordinal()


def splitmix(seed):
    state = seed
    while True:
        state = (state + 0x9E3779B97F4A7C15) & M64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        yield z ^ (z >> 31)


def inputs(n):
    rng = splitmix(20260401)
    lo = dt.date(2020, 1, 1).toordinal()
    span = dt.date(2026, 12, 31).toordinal() - lo + 1
    out = []
    for _ in range(n):
        today = lo + next(rng) % span
        approved = today - 1 - next(rng) % 3650
        r3 = next(rng)
        target = dt.date.fromordinal(today)
        if r3 % 5 != 0:
            last = dt.date.fromordinal(today - (r3 >> 8) % 400)
            if (last.year, last.month) == (target.year, target.month):
                target = dt.date(target.year + 1, 1, 1) if target.month == 12 else dt.date(target.year, target.month + 1, 1)
        out.append((dt.datetime.fromordinal(approved), dt.datetime(target.year, target.month, 1),
                    dt.datetime.combine(target, dt.time())))
    return out


def main():
    ops = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    cases = inputs(ops)
    for label, n, pick in [("dateutil rrule, dtstart = month start", ops, lambda c: c[1]),
                           ("dateutil rrule, dtstart = approval", max(1, ops // 20), lambda c: c[0])]:
        best, check = None, 0
        for _ in range(repeats):
            t0 = time.perf_counter_ns()
            results = [rrule(MONTHLY, bymonthday=-1, dtstart=pick(c)).after(c[2], inc=True) for c in cases[:n]]
            ns = (time.perf_counter_ns() - t0) / n
            best = ns if best is None else min(best, ns)
            check = sum(r.toordinal() - EPOCH for r in results)
        print(f"{label:44s}  {best:.0f} ns/op best  ({n} ops x {repeats}, checksum {check})")
    print(f"python-dateutil {dateutil_version}, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
