#!/usr/bin/env python3
"""The visit planner against an exact model, for BENCHMARKS.md: on small generated offices (20–44
entities in 1–3 jurisdictions, 3–8 inspectors, May 2026, today 2026-05-04), the greedy proposal of
`VisitPlanner.propose` beside the lexicographic optimum of a MILP over the same visits, solved by
CBC (PuLP's bundled one).

    python3 scripts/bench-visits-exact.py [--bench PATH] [--instances N] [--first K] [--time-limit S] [--coverage-only] [--jobs N] [--json OUT]

`inspectd-bench visits-instances --repeats N` writes the instances: the working days of the
window, the visits the needs combine into as the planner clusters them (`VisitPlanner.visitDemands`),
who may make each (active, covering the entity's jurisdiction and kind, no declared conflict), each
inspector's leave and visits a day, and the planner's own proposal. The model, per instance:

    x[d,t,i] ∈ {0,1}   inspector i on visit d on working day t (only if i may make d, is not on
                       leave on t, and lo(d) ≤ t ≤ hi(d));
    y[d,t]   ∈ {0,1}   visit d made on day t;
    Σ_t y[d,t] ≤ 1;  Σ_i x[d,t,i] = team(d) · y[d,t];  Σ_d x[d,t,i] ≤ visits_per_day(i);
    Σ_{d of entity e} y[d,t] ≤ 1  (an entity at most one visit a day).

Solved lexicographically: (1) coverage, max Σ needs(d)·y; (2) with coverage at its optimum, balance,
min max_i load(i) − min_i load(i) over the inspectors who may make at least one visit; (3) with both
fixed, route, min the inspector-days in two jurisdictions or more. Each stage has a time limit; a
stage stopped by it is reported as not proven optimal. Prepares what it needs: PuLP (pip, if not
importable); the bench binary must exist (build it with
`swift build -c release --product inspectd-bench --scratch-path .build-bench`).
"""
import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def sh(cmd, **kw):
    print("+ " + " ".join(cmd), file=sys.stderr)
    return subprocess.run(cmd, check=True, **kw)


def ensure_pulp():
    try:
        import pulp  # noqa: F401
    except ImportError:
        sh([sys.executable, "-m", "pip", "install", "--quiet", "pulp"])


def check_heuristic(inst):
    """The planner's proposal must be a solution of the model (else the model is not the planner's rules)."""
    problems = []
    days = set(inst["days"])
    insp = {i["id"]: i for i in inst["inspectors"]}
    per_day, entity_day = {}, set()
    for p in inst["heuristic"]["placed"]:
        d = inst["demands"][p["demand"]]
        t = p["day"]
        if t not in days or not (d["lo"] <= t <= d["hi"]):
            problems.append(f"demand {d['index']} on {t}: outside its window or not a working day")
        if len(p["inspectors"]) != d["team"]:
            problems.append(f"demand {d['index']} on {t}: team of {len(p['inspectors'])}, {d['team']} needed")
        if (d["entity"], t) in entity_day:
            problems.append(f"{d['entity']} twice on {t}")
        entity_day.add((d["entity"], t))
        for i in p["inspectors"]:
            if i not in d["eligible"]:
                problems.append(f"demand {d['index']}: {i} not eligible")
            if t in insp[i]["leave"]:
                problems.append(f"demand {d['index']}: {i} on leave {t}")
            per_day[(i, t)] = per_day.get((i, t), 0) + 1
            if per_day[(i, t)] > insp[i]["visitsPerDay"]:
                problems.append(f"{i} over capacity on {t}")
    return problems


def solve(args):
    inst, limit, coverage_only = args
    import pulp

    days = inst["days"]
    dem = inst["demands"]
    insp = {i["id"]: i for i in inst["inspectors"]}
    balanced = inst["balanced"]
    x, y = {}, {}
    for d in dem:
        for t in days:
            if not (d["lo"] <= t <= d["hi"]):
                continue
            free = [i for i in d["eligible"] if t not in insp[i]["leave"]]
            if len(free) < d["team"]:
                continue
            y[d["index"], t] = pulp.LpVariable(f"y_{d['index']}_{t}", cat="Binary")
            for i in free:
                x[d["index"], t, i] = pulp.LpVariable(f"x_{d['index']}_{t}_{i}", cat="Binary")

    x_by_dt = {}
    for (di, t, i), v in x.items():
        x_by_dt.setdefault((di, t), []).append(v)

    def model(name, sense):
        m = pulp.LpProblem(name, sense)
        for d in dem:
            ys = [y[d["index"], t] for t in days if (d["index"], t) in y]
            if ys:
                m += pulp.lpSum(ys) <= 1
            for t in days:
                if (d["index"], t) in y:
                    m += pulp.lpSum(x_by_dt[d["index"], t]) == d["team"] * y[d["index"], t]
        by_cell = {}
        for (di, t, i), v in x.items():
            by_cell.setdefault((i, t), []).append(v)
        for (i, t), vs in by_cell.items():
            if len(vs) > insp[i]["visitsPerDay"]:
                m += pulp.lpSum(vs) <= insp[i]["visitsPerDay"]
        by_entity = {}
        for (di, t), v in y.items():
            by_entity.setdefault((dem[di]["entity"], t), []).append(v)
        for vs in by_entity.values():
            if len(vs) > 1:
                m += pulp.lpSum(vs) <= 1
        return m

    coverage = pulp.lpSum(dem[di]["needs"] * v for (di, t), v in y.items())
    load = {i: pulp.lpSum(v for (di, t, j), v in x.items() if j == i) for i in balanced}
    hi_load = pulp.LpVariable("maxload", lowBound=0, cat="Integer")
    lo_load = pulp.LpVariable("minload", lowBound=0, cat="Integer")

    # Route: r[i,t,j] — inspector i works in jurisdiction j on day t; multi[i,t] ≥ Σ_j r − 1.
    jur_of = {d["index"]: d["jurisdiction"] for d in dem}
    r, multi = {}, {}
    cells = {}
    for (di, t, i), v in x.items():
        cells.setdefault((i, t), {}).setdefault(jur_of[di], []).append(v)
    for (i, t), js in cells.items():
        if len(js) < 2:
            continue
        for j, vs in js.items():
            r[i, t, j] = pulp.LpVariable(f"r_{i}_{t}_{j}", cat="Binary")
        multi[i, t] = pulp.LpVariable(f"m_{i}_{t}", lowBound=0)
    route = pulp.lpSum(multi.values())

    def add_route(m):
        for (i, t), js in cells.items():
            if (i, t) not in multi:
                continue
            for j, vs in js.items():
                for v in vs:
                    m += v <= r[i, t, j]
            m += multi[i, t] >= pulp.lpSum(r[i, t, j] for j in js) - 1

    # The planner's proposal as a starting solution (valid for a stage once its coverage is the optimum).
    def set_loads():
        loads = [sum(int(round(v.value() or 0)) for (di, t, j), v in x.items() if j == i) for i in balanced]
        if loads:
            hi_load.setInitialValue(max(loads))
            lo_load.setInitialValue(min(loads))

    def set_route():
        for (i, t), js in cells.items():
            if (i, t) not in multi:
                continue
            n = 0
            for j, vs in js.items():
                on = any(round(v.value() or 0) for v in vs)
                r[i, t, j].setInitialValue(1 if on else 0)
                n += 1 if on else 0
            multi[i, t].setInitialValue(max(0, n - 1))

    # The planner's proposal as a starting solution (valid for a stage once its coverage is the optimum).
    def warm_heuristic():
        for v in list(x.values()) + list(y.values()):
            v.setInitialValue(0)
        for p in inst["heuristic"]["placed"]:
            y[p["demand"], p["day"]].setInitialValue(1)
            for i in p["inspectors"]:
                x[p["demand"], p["day"], i].setInitialValue(1)
        set_loads()

    def run(m, warm_start):
        solver = pulp.PULP_CBC_CMD(msg=0, timeLimit=limit, threads=1, warmStart=warm_start)
        t0 = time.time()
        m.solve(solver)
        took = time.time() - t0
        found = m.sol_status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible)
        proven = m.sol_status == pulp.LpSolutionOptimal and took < limit * 0.98
        value = (pulp.value(m.objective) or 0) if found else None
        return (int(round(value)) if value is not None else None), proven, took

    h = inst["heuristic"]
    out = {"instance": inst["instance"], "demands": len(dem), "needs": sum(d["needs"] for d in dem),
           "inspectors": len(inst["inspectors"]), "jurisdictions": len(inst["jurisdictions"]), "entities": inst["entities"],
           "vars": len(x) + len(y) + len(r),
           "heuristic": {"coverage": h["coverage"], "balance": h["balance"], "route": h["route"], "milliseconds": h["milliseconds"]},
           "model_check": check_heuristic(inst)}

    # Stage 1: coverage.
    m1 = model("coverage", pulp.LpMaximize)
    m1 += coverage
    cov, p1, t1 = run(m1, False)
    if coverage_only:
        out["optimum"] = {"coverage": cov, "proven": [p1], "seconds": [round(t1, 2)]}
        return out
    # Stage 2: balance at that coverage, from the planner's proposal if it has that coverage, else from stage 1's.
    m2 = model("balance", pulp.LpMinimize)
    m2 += hi_load - lo_load
    m2 += coverage >= cov
    for i in balanced:
        m2 += hi_load >= load[i]
        m2 += lo_load <= load[i]
    if h["coverage"] == cov:
        warm_heuristic()
    else:
        set_loads()
    bal, p2, t2 = run(m2, True)
    # Stage 3: route at that coverage and balance, from stage 2's solution.
    m3 = model("route", pulp.LpMinimize)
    m3 += route
    m3 += coverage >= cov
    for i in balanced:
        m3 += hi_load >= load[i]
        m3 += lo_load <= load[i]
    m3 += hi_load - lo_load <= bal
    add_route(m3)
    set_route()
    rt, p3, t3 = run(m3, True)
    # The route with coverage alone fixed (balance let go), from stage 3's solution.
    m4 = model("route-free", pulp.LpMinimize)
    m4 += route
    m4 += coverage >= cov
    add_route(m4)
    rt4, p4, t4 = run(m4, True)
    out["optimum"] = {"coverage": cov, "balance": bal, "route": rt, "route_coverage_only": rt4,
                      "proven": [p1, p2, p3, p4], "seconds": [round(t1, 2), round(t2, 2), round(t3, 2), round(t4, 2)]}
    return out


def report_coverage(results, a, wall):
    print(f"{len(results)} instances from #{a.first}, coverage alone, CBC (PuLP {__import__('pulp').__version__}), {a.time_limit:.0f} s an instance, {wall:.0f} s in all")
    short = [(r["instance"], r["heuristic"]["coverage"], r["optimum"]["coverage"]) for r in results if r["heuristic"]["coverage"] < r["optimum"]["coverage"]]
    above = [r["instance"] for r in results if r["heuristic"]["coverage"] > r["optimum"]["coverage"]]
    unproven = [r["instance"] for r in results if not r["optimum"]["proven"][0]]
    print(f"coverage: equal to the optimum on {len(results) - len(short) - len(above)} of {len(results)}, above it (CBC stopped short) on {len(above)};"
          f" short (instance, planner, optimum): {short};"
          f" needs placed {sum(r['heuristic']['coverage'] for r in results)}, optimum {sum(r['optimum']['coverage'] for r in results)}")
    print(f"planner above an unproven optimum: {above}; coverage not proven optimal within {a.time_limit:.0f} s: {unproven}")
    finish(results, a)


def finish(results, a):
    """What both reports end with: proposals breaking the model, the planner's time, the JSON."""
    checks = [r["instance"] for r in results if r["model_check"]]
    print(f"planner's proposals that break the model: {len(checks)} {checks}")
    ms = sorted(r["heuristic"]["milliseconds"] for r in results)
    if ms:
        worst = max(results, key=lambda r: r["heuristic"]["milliseconds"])["instance"]
        print(f"planner's time: median {ms[len(ms) // 2]:.1f} ms, mean {sum(ms) / len(ms):.1f} ms, max {ms[-1]:.1f} ms (#{worst})")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", default=os.path.join(REPO, ".build-bench", "release", "inspectd-bench"))
    ap.add_argument("--instances", type=int, default=60)
    ap.add_argument("--first", type=int, default=0, help="number of the first instance (instance k has seed 20260504 + 7919·k)")
    ap.add_argument("--time-limit", type=float, default=30.0, help="seconds per stage and instance")
    ap.add_argument("--jobs", type=int, default=max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2))
    ap.add_argument("--coverage-only", action="store_true", help="stage 1 alone: the planner's coverage against the optimum's, on many instances")
    ap.add_argument("--json", help="write the per-instance results here")
    a = ap.parse_args()
    ensure_pulp()
    if not os.path.exists(a.bench):
        sys.exit(f"{a.bench}: not built (swift build -c release --product inspectd-bench --scratch-path .build-bench)")
    raw = subprocess.run([a.bench, "visits-instances", "--repeats", str(a.instances), "--first", str(a.first), "--config", os.path.join(REPO, "config")],
                         check=True, capture_output=True, text=True).stdout
    instances = json.loads(raw)
    t0 = time.time()
    with ProcessPoolExecutor(max_workers=a.jobs) as pool:
        results = list(pool.map(solve, [(i, a.time_limit, a.coverage_only) for i in instances]))
    wall = time.time() - t0
    if a.coverage_only:
        report_coverage(results, a, wall)
        return

    print(f"{len(results)} instances, CBC (PuLP {__import__('pulp').__version__}), {a.time_limit:.0f} s a stage, {a.jobs} at a time, {wall:.0f} s in all\n")
    print("  #  J  ent insp  dem needs |  coverage H/O | balance H/O | route H/O (O cov-only) | proven | s")
    def f(v, w):
        return ("-" if v is None else str(v)).rjust(w)

    for r in results:
        h, o = r["heuristic"], r["optimum"]
        flag = "" if all(o["proven"]) else " *"
        bad = " MODEL-CHECK: " + "; ".join(r["model_check"][:3]) if r["model_check"] else ""
        print(f"{r['instance']:3d} {r['jurisdictions']:2d} {r['entities']:4d} {r['inspectors']:4d} {r['demands']:4d} {r['needs']:5d} |"
              f" {h['coverage']:5d} / {f(o['coverage'], 4)} | {h['balance']:4d} / {f(o['balance'], 3)} |"
              f" {h['route']:3d} / {f(o['route'], 2)} ({f(o['route_coverage_only'], 2)}) | {''.join('y' if p else 'n' for p in o['proven'])}{flag} |"
              f" {sum(o['seconds']):.1f}{bad}")

    n = len(results)
    eq = [r for r in results if r["heuristic"]["coverage"] == r["optimum"]["coverage"]]
    short = [r for r in results if r["optimum"]["coverage"] < r["needs"]]
    cov_gap = [r["optimum"]["coverage"] - r["heuristic"]["coverage"] for r in results]
    db = [r["heuristic"]["balance"] - r["optimum"]["balance"] for r in results]
    dr = [r["heuristic"]["route"] - r["optimum"]["route"] for r in results]
    unproven = [r["instance"] for r in results if not all(r["optimum"]["proven"][:3])]
    mean = lambda v: sum(v) / len(v) if v else 0.0
    print()
    print(f"coverage: equal to the optimum on {len(eq)} of {n} ({len(short)} instances where even the optimum cannot place every need);"
          f" gap where not: {sorted(g for g in cov_gap if g)} needs"
          f" (total {sum(cov_gap)} of {sum(r['optimum']['coverage'] for r in results)})")
    print(f"balance (max−min visits): heuristic mean {mean([r['heuristic']['balance'] for r in results]):.2f}, optimum mean"
          f" {mean([r['optimum']['balance'] for r in results]):.2f}; heuristic − optimum mean {mean(db):.2f}, max {max(db)},"
          f" equal on {sum(1 for v in db if v == 0)} of {n}")
    db_eq = [r["heuristic"]["balance"] - r["optimum"]["balance"] for r in eq]
    print(f"  on the {len(eq)} with equal coverage: heuristic − optimum mean {mean(db_eq):.2f}, max {max(db_eq) if db_eq else 0},"
          f" equal on {sum(1 for v in db_eq if v == 0)}")
    print(f"route (inspector-days in ≥2 jurisdictions): heuristic total {sum(r['heuristic']['route'] for r in results)},"
          f" optimum total {sum(r['optimum']['route'] for r in results)} (at the optimum's balance),"
          f" {sum(r['optimum']['route_coverage_only'] for r in results)} (coverage alone fixed); heuristic − optimum mean {mean(dr):.2f}, max {max(dr)}")
    print(f"stages not proven optimal within {a.time_limit:.0f} s: {len(unproven)} instance(s) {unproven}")
    finish(results, a)


if __name__ == "__main__":
    main()
