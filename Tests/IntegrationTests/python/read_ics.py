#!/usr/bin/python3
"""Reads an iCalendar file with the `icalendar` package (Debian's python3-icalendar) and prints
its to-dos (and its events: uid, start, end, summary, description) as JSON: uid, due (YYYY-MM-DD or YYYY-MM-DDTHH:MM), summary, description, and each
alarm's trigger in minutes relative to the due date (negative: before). Also checks every line is
at most 75 octets and ends with CRLF (RFC 5545 §3.1). Exits 1 on a problem.

Usage: read_ics.py FILE.ics
"""
import json
import sys

import icalendar

raw = open(sys.argv[1], "rb").read()
lines = raw.split(b"\r\n")
if lines[-1] != b"":
    sys.exit("the file does not end with CRLF")
for n, line in enumerate(lines[:-1], 1):
    if b"\n" in line or b"\r" in line:
        sys.exit(f"line {n}: a bare line break")
    if len(line) > 75:
        sys.exit(f"line {n}: {len(line)} octets")
calendar = icalendar.Calendar.from_ical(raw)
todos = []
for todo in calendar.walk("VTODO"):
    due = todo.decoded("DUE")
    alarms = []
    for alarm in todo.walk("VALARM"):
        trigger = alarm.decoded("TRIGGER")
        alarms.append(int(trigger.total_seconds() // 60))
    todos.append({
        "uid": str(todo["UID"]),
        "due": due.strftime("%Y-%m-%dT%H:%M") if hasattr(due, "hour") else due.isoformat(),
        "summary": str(todo["SUMMARY"]),
        "description": str(todo["DESCRIPTION"]),
        "alarms": sorted(alarms),
    })
events = []
for event in calendar.walk("VEVENT"):
    events.append({
        "uid": str(event["UID"]),
        "start": event.decoded("DTSTART").isoformat(),
        "end": event.decoded("DTEND").isoformat(),
        "summary": str(event["SUMMARY"]),
        "description": str(event["DESCRIPTION"]),
    })
json.dump({"name": str(calendar.get("X-WR-CALNAME", "")), "todos": todos, "events": events}, sys.stdout, ensure_ascii=False)
