#!/usr/bin/env python3
"""demo-history.py: writes the demo office's year of history, config/demo/history/*.csv.

Not needed to run the demo (the files are committed; scripts/demo replays them with
scripts/demo-replay). Run it after changing the demo's rules or directory: it starts a scratch
inspectd (.build/debug, `swift build` first) on config/ at the demo's day (DEMO_NOW), replays the
inspectors, leave, conflicts and sample draws it writes, asks that daemon for 2026's obligations
and the draws' entities and inspectors, and writes the inspections and lifecycle events of a
plausible year: most obligations met on time, some late, a few left overdue; rectifications (one
met, one late, one running, one never reported, which escalates a 小额贷款公司 to V(1) by G01), a
case extended, a supervision report left without comments (lapsed). Same input, same files
(a fixed random seed). Finally it replays everything into the scratch daemon and prints the
year's figures.

Usage: scripts/demo-history.py [--out DIR]   (default config/demo/history)
"""
import csv
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMO_NOW = "2026-12-07T08:20"  # keep in step with scripts/demo
TODAY = dt.date(2026, 12, 7)
YEAR = 2026
rng = random.Random(20261207)

# ---- the office's working days (config/calendar) ----
holidays, makeup = set(), set()
for year in (2025, 2026):
    text = open(os.path.join(ROOT, f"config/calendar/{year}.yaml"), encoding="utf-8").read()
    for first, last in re.findall(r"first: (\d{4}-\d\d-\d\d)\s+last: (\d{4}-\d\d-\d\d)", text):
        d, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        while d <= end:
            holidays.add(d)
            d += dt.timedelta(days=1)
    makeup.update(dt.date.fromisoformat(m) for m in re.findall(r"^  - (\d{4}-\d\d-\d\d)", text, re.M))


def workday(d):
    return d in makeup or (d.weekday() < 5 and d not in holidays)


def workdays(lo, hi):
    out, d = [], lo
    while d <= hi:
        if workday(d):
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def add_workdays(d, n):
    while n > 0:
        d += dt.timedelta(days=1)
        if workday(d):
            n -= 1
    return d


# ---- the inspector pool (none ships with the directory) ----
FIN = "private-financing-service;private-financing-registration;microloan;financing-guarantee;statistical-survey-unit"
HR = ("employer;special-hours-employer;social-insurance-fund-unit;state-owned-enterprise;hr-service-agency;"
      "private-training-school;labor-dispatch;title-review-committee")
INSPECTORS = [
    # id, name, office, jurisdictions, kinds, visits a day. A supervisor's id is that person's.
    ("S01", "张伟", "兰山区金融办", "兰山区", FIN, ""),
    ("S02", "王芳", "兰山区金融办", "兰山区", FIN, ""),
    ("S03", "李娜", "兰山区金融办", "兰山区", FIN, ""),
    ("S04", "刘洋", "兰山区金融办", "兰山区", FIN, "2"),
    ("JR01", "马超", "兰山区金融办", "兰山区", FIN, ""),
    ("JR02", "黄丽", "兰山区金融办", "兰山区", FIN, ""),
    ("S05", "陈静", "罗庄区金融办", "罗庄区", FIN, ""),
    ("LZ01", "林峰", "罗庄区金融办", "罗庄区", FIN, ""),
    ("S06", "赵磊", "河东区金融办", "河东区", FIN, ""),
    ("HD01", "郭敏", "河东区金融办", "河东区", FIN, ""),
    ("S07", "孙丽", "兰山区人力资源和社会保障局", "兰山区;罗庄区;河东区", HR, ""),
    ("S08", "周强", "兰山区人力资源和社会保障局", "兰山区;罗庄区;河东区", HR, ""),
    ("RS01", "杨帆", "兰山区人力资源和社会保障局", "兰山区;罗庄区;河东区", HR, ""),
    ("RS02", "何静", "兰山区人力资源和社会保障局", "兰山区;罗庄区;河东区", HR, ""),
    ("S09", "吴敏", "兰山区司法局", "兰山区", "department", ""),
    ("SF01", "徐亮", "兰山区司法局", "兰山区", "department", ""),
]
NAME = {i[0]: i[1] for i in INSPECTORS}
LEAVE = [
    # recorded, inspector, from, to, reason
    ("2026-02-02", "S02", "2026-02-09", "2026-02-13", "年休假"),
    ("2026-06-22", "S07", "2026-07-06", "2026-07-17", "年休假"),
    ("2026-08-24", "JR01", "2026-09-07", "2026-09-11", "培训：全省地方金融监管业务培训班"),
    ("2026-11-23", "S03", "2026-12-14", "2026-12-18", "培训：市局执法人员资格培训"),
    ("2026-11-30", "JR02", "2027-01-11", "2027-01-22", "婚假"),
    ("2026-12-01", "S01", "2027-01-25", "2027-01-29", "年休假"),
]
CONFLICTS = [
    # recorded, inspector, entity, reason
    ("2026-01-12", "S02", "LS-PFS-006", "配偶在该公司任职"),
    ("2026-03-09", "RS01", "LS-EMP-003", "曾在该单位工作，离职未满三年"),
]
DRAWS = [
    # recorded, rule, period, seed (双随机: the seed is recorded, anyone can re-run the draw)
    ("2026-03-02", "S01", "2026", "20260302"),
    ("2026-03-16", "S05", "2026", "20260316"),
    ("2026-04-01", "S02", "2026", "20260401"),
    ("2026-05-06", "S04", "2026", "20260506"),
    ("2026-06-01", "S07", "2026", "20260601"),
]
CITY = "钱宏;韩雪"  # the city office's inspectors (市金融办), not in this office's pool


def on_leave(inspector, day):
    return any(l[1] == inspector and l[2] <= day.isoformat() <= l[3] for l in LEAVE)


def team(entity, day, size=2):
    """Two of the pool who cover the entity, neither on leave that day nor in conflict; its supervisor first."""
    fit = [i for i in INSPECTORS if entity["jurisdiction"] in i[3].split(";") and entity["kind"] in i[4].split(";")
           and not on_leave(i[0], day) and not any(c[1] == i[0] and c[2] == entity["id"] for c in CONFLICTS)]
    first = [i for i in fit if i[0] == entity["supervisor"]]
    rest = [i for i in fit if i[0] != entity["supervisor"]]
    rng.shuffle(rest)
    chosen = (first + rest)[:size]
    return ";".join(i[1] for i in chosen)


# What each cadence rule counts, and who acts: (kind, authority or "" for the office's own, who records).
RULES = {
    "C01": ("onsite", "", "team"), "C02": ("onsite", "city", "city"), "C03": ("onsite", "city", "city"),
    "C04": ("audit", "", "team"), "C05": ("rating", "city", "city"), "C05-county": ("rating", "", "team"),
    "C06": ("onsite", "", "team"), "C07": ("review", "", "team"), "C08": ("annual-review", "", "team"),
    "C09": ("onsite", "", "team"), "C09-report": ("filing", "", "clerk"), "C10": ("filing", "", "clerk"),
    "C11": ("filing", "", "clerk"), "C12": ("filing", "", "clerk"), "C13": ("offsite", "", "justice"),
    "C14": ("assessment", "", "clerk"), "C15": ("meeting", "", "clerk"), "C15-coordination": ("meeting", "", "clerk"),
    "C16": ("filing", "", "clerk"), "C17": ("publication", "", "clerk"), "G01": ("onsite", "", "team"),
}
NOTES = {
    "C04": "年度审计报告已收悉", "C05": "市金融办年度分类评级", "C05-county": "县区初评", "C07": "书面审查",
    "C08": "年度检验", "C09-report": "年度办学情况报告", "C10": "年度经营情况总结", "C11": "月度统计数据报送",
    "C12": "小额贷款公司监管报告", "C13": "行政执法公示信息网上巡查", "C14": "执法人员考核评议",
    "C15": "联席会议", "C15-coordination": "行政执法协调监督联席会议", "C16": "行政执法指导案例", "C17": "行政执法信息公开",
}
FINDINGS = ["未发现问题", "未发现问题", "未发现问题", "台账登记不及时，已当场指出", "个别合同要素不全，已要求补正"]


def ctl(sock, *args):
    r = subprocess.run([os.path.join(ROOT, ".build/debug/inspectctl"), "--socket", sock, *args],
                       capture_output=True, text=True, env={**os.environ, "LC_ALL": "C.UTF-8"})
    if r.returncode != 0:
        sys.exit(f"demo-history: inspectctl {' '.join(args)}: {r.stderr}")
    return r.stdout


def write(out, name, header, rows):
    with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            assert not any("," in str(x) or '"' in str(x) for x in row), row
            w.writerow(row)


def main():
    out = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else os.path.join(ROOT, "config/demo/history")
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        if name.endswith(".csv"):
            os.remove(os.path.join(out, name))
    write(out, "inspectors.csv", ["id", "name", "office", "jurisdictions", "kinds", "visits_per_day"], INSPECTORS)
    write(out, "leave.csv", ["recorded", "inspector", "from", "to", "reason"], LEAVE)
    write(out, "conflicts.csv", ["recorded", "inspector", "entity", "reason"], CONFLICTS)
    write(out, "draws.csv", ["recorded", "rule", "period", "seed"], DRAWS)

    work = tempfile.mkdtemp(prefix="demo-history-")
    shutil.copytree(os.path.join(ROOT, "config"), os.path.join(work, "config"))
    sock = os.path.join(work, "control.sock")
    daemon = subprocess.Popen([os.path.join(ROOT, ".build/debug/inspectd"), "--config", os.path.join(work, "config"),
                               "--state-dir", os.path.join(work, "state"), "--socket", sock, "--now", DEMO_NOW],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            if os.path.exists(sock):
                break
            time.sleep(0.1)
        replay = [os.path.join(ROOT, "scripts/demo-replay"), "--socket", sock, "--history", out]
        subprocess.run(replay + ["--until", "draws.csv"], check=True, stdout=subprocess.DEVNULL)
        entities = {e["id"]: e for e in csv.DictReader(open(os.path.join(ROOT, "config/demo/entities.csv"), encoding="utf-8"))}
        obligations = json.loads(ctl(sock, "plan", str(YEAR), "--json"))["obligations"]
        drawn = []
        for d in json.loads(ctl(sock, "plan", "draws", "--json")):
            recorded = next(r[0] for r in DRAWS if r[1] == d["rule"])
            for e in json.loads(ctl(sock, "plan", "show", d["id"], "--json"))["entities"]:
                drawn.append((d["rule"], recorded, e))
        inspections = year_of_inspections(entities, obligations, drawn)
        events = lifecycle_events()
        write(out, "inspections.csv", ["date", "entity", "kind", "authority", "inspectors", "notified", "findings", "note"], inspections)
        write(out, "events.csv", ["date", "entity", "kind", "subject", "attributes", "note"], events)
        subprocess.run(replay + ["--from", "inspections.csv"], check=True)
        report = json.loads(ctl(sock, "report", "--year", str(YEAR), "--all-offices", "--json"))
        print(json.dumps(report.get("totals", report.get("total", {})), ensure_ascii=False))
    finally:
        daemon.terminate()
        daemon.wait()
        shutil.rmtree(work, ignore_errors=True)


def year_of_inspections(entities, obligations, drawn):
    rows = []
    past = [o for o in obligations if dt.date.fromisoformat(o["due"]) < TODAY]
    # A few left undone (overdue today), and some met late: filed or published on the rest day after
    # the due date, still in the period (a period ending on a weekend is due the working day before).
    overdue = set(o["key"] for o in rng.sample([o for o in past if o["rule"] in ("C01", "C11", "C13", "C17")], 6))
    can_be_late = [o for o in past if o["key"] not in overdue and o["window_end"] > o["due"] and o["rule"] in ("C01", "C11", "C17")]
    late = set(o["key"] for o in rng.sample(can_be_late, min(14, len(can_be_late))))
    for o in obligations:
        rule, entity = o["rule"], entities[o["entity"]]
        if rule not in RULES or o["key"] in overdue:
            continue
        start, due, end = (dt.date.fromisoformat(o[k]) for k in ("window_start", "due", "window_end"))
        if start >= TODAY:
            continue
        if due >= TODAY:
            # Still open: the long periods mostly done by now, the current month partly.
            share = 0.35 if o["period"].count("-") == 1 and len(o["period"]) == 7 else 0.6
            if rng.random() > share:
                continue
            days = workdays(max(start, due - dt.timedelta(days=200)), TODAY - dt.timedelta(days=1))
        else:
            days = workdays(max(start, due - dt.timedelta(days=45)), due)
        kind, authority, who = RULES[rule]
        for n in range(o["required"]):
            day = rng.choice(days) if days else due
            if o["key"] in late and n == o["required"] - 1:
                day = due + dt.timedelta(days=1)
            rows.append(inspection(entity, day, kind, authority, who, rule))
    # G01 escalated LS-ML-002 to V(1) from 1 October (R-2026-3 below): its monthly on-site visits since.
    ml2 = entities["LS-ML-002"]
    rows.append((dt.date(2026, 8, 19).isoformat(), "LS-ML-002", "onsite", "", team(ml2, dt.date(2026, 8, 19)), "",
                 "贷款集中度超标，责令限期整改", "现场检查"))
    for day in (dt.date(2026, 10, 28), dt.date(2026, 11, 19), dt.date(2026, 12, 3)):
        rows.append((day.isoformat(), "LS-ML-002", "onsite", "", team(ml2, day), "", "整改仍未完成", "重点监管现场检查"))
    # The sample draws' entities, inspected by the inspectors drawn with them; S02's last one not yet.
    last_s02 = [e["entity"] for rule, _, e in drawn if rule == "S02"][-1:]
    for rule, recorded, e in drawn:
        if rule == "S02" and e["entity"] in last_s02 and len([1 for r, _, _ in drawn if r == "S02"]) > 1:
            continue
        entity = entities[e["entity"]]
        days = [d for d in workdays(dt.date.fromisoformat(recorded) + dt.timedelta(days=14), dt.date(2026, 11, 30))
                if not any(on_leave(i, d) for i in e["inspectors"])]
        rows.append(inspection(entity, rng.choice(days), "onsite", "", None, rule, inspectors=";".join(e["inspector_names"])))
    rows.sort(key=lambda r: (r[0], r[1]))
    return rows


def inspection(entity, day, kind, authority, who, rule, inspectors=None):
    if inspectors is None:
        if who == "team":
            inspectors = team(entity, day)
        elif who == "city":
            inspectors = CITY
        elif who == "justice":
            inspectors = rng.choice(["吴敏", "徐亮"])
        else:  # a filing or a report received, recorded by the entity's supervisor
            inspectors = NAME.get(entity["supervisor"], "吴敏")
    notified = ""
    if entity["kind"] == "social-insurance-fund-unit" and kind in ("onsite", "audit"):
        day = max(day, dt.date(2026, 1, 12))
        notified = (day - dt.timedelta(days=7)).isoformat()  # P02: notified at least 3 days before
    findings = rng.choice(FINDINGS) if kind in ("onsite", "audit") else ""
    note = NOTES.get(rule, "现场检查" if kind == "onsite" else "")
    if rule.startswith("S"):
        note = f"{rule} 双随机抽查"
    return (day.isoformat(), entity["id"], kind, authority, inspectors, notified, findings, note)


def lifecycle_events():
    case_filed = dt.date(2026, 9, 7)
    case_due = add_workdays(case_filed, 60)
    return [
        # A statistics rectification (D01) reported in time, verified and followed up (D04).
        ("2026-03-18", "LS-SSU-002", "rectification.ordered", "R-2026-1", "rule=D01", "统计台账不完整，限2个月内整改"),
        ("2026-05-12", "LS-SSU-002", "rectification.report-received", "R-2026-1", "", ""),
        ("2026-05-15", "LS-SSU-002", "rectification.verified", "R-2026-1", "accepted=yes", "整改到位"),
        ("2026-06-05", "LS-SSU-002", "rectification.follow-up", "R-2026-1", "", "复查合格"),
        # A guarantee company's report (D02, 30 days) six days late.
        ("2026-06-15", "LS-FG-002", "rectification.ordered", "R-2026-2", "rule=D02", "代偿准备金计提不足"),
        ("2026-07-21", "LS-FG-002", "rectification.report-received", "R-2026-2", "", "逾期6日报送"),
        ("2026-07-28", "LS-FG-002", "rectification.verified", "R-2026-2", "accepted=yes", ""),
        ("2026-08-12", "LS-FG-002", "rectification.follow-up", "R-2026-2", "", "复查合格"),
        # A 小额贷款公司 that never reported: overdue from 1 October, escalated to V(1) by G01.
        ("2026-08-20", "LS-ML-002", "rectification.ordered", "R-2026-3", "rule=D03;deadline=2026-09-30", "贷款集中度超标，限9月30日前整改"),
        # Running: ordered in November, due before Christmas.
        ("2026-11-16", "LS-PFS-004", "rectification.ordered", "R-2026-4", "rule=D03;deadline=2026-12-18", "未按规定披露融资项目信息"),
        # Labour cases (E01, 60 working days): one closed in time, one extended with approval.
        ("2026-03-02", "LS-EMP-005", "case.filed", "CASE-2026-1", "", "拖欠工资投诉"),
        ("2026-05-19", "LS-EMP-005", "case.closed", "CASE-2026-1", "public_servant=no", "责令支付，已履行"),
        (case_filed.isoformat(), "LS-EMP-008", "case.filed", "CASE-2026-2", "", "未依法缴纳社会保险费"),
        ((case_due - dt.timedelta(days=16)).isoformat(), "LS-EMP-008", "case.extended", "CASE-2026-2",
         "rule=E01;approval=兰人社批〔2026〕41号", "案情复杂，经负责人批准延长30个工作日"),
        # Supervision reports to the fund units (P04: 10 days to comment, silence is no objection).
        ("2026-06-10", "LS-SIF-002", "report.delivered", "RPT-2026-1", "", "社会保险基金监督报告"),
        ("2026-06-16", "LS-SIF-002", "report.comments", "RPT-2026-1", "", "书面意见已收悉"),
        ("2026-10-12", "LS-SIF-001", "report.delivered", "RPT-2026-2", "", "社会保险基金监督报告"),
        # An audit without findings, its result sent in time (P05).
        ("2026-07-10", "LS-SOE-001", "audit.ended", "AUD-2026-1", "outcome=clean", "工资内外收入专项稽核"),
        ("2026-07-15", "LS-SOE-001", "audit.result-sent", "AUD-2026-1", "", ""),
    ]


if __name__ == "__main__":
    main()
