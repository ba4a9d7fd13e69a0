#!/usr/bin/python3
"""config/README.md → markdown for inspectd.yaml(5): the tables become definition lists, so
that the manual page fits any terminal width (groff -ww warns about tables wider than the line).
Used by scripts/man; prints to standard output."""
import re, sys

text = open(sys.argv[1], encoding="utf-8").read()
text = text.replace("# config/ — inspectd configuration",
                    "# NAME\n\ninspectd.yaml, rules/\\*.yaml, calendar/\\*.yaml, grades.yaml — the configuration of inspectd(8)\n\n# DESCRIPTION", 1)
out, header = [], None
for line in text.split("\n"):
    cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else None
    if cells is None:
        header = None
        out.append(line)
        continue
    if header is None:
        header = cells
        continue
    if all(re.fullmatch(r":?-+:?", c) for c in cells):
        continue
    term, rest = cells[0], cells[1:]
    details = "; ".join(f"{h}: {c}" if i > 0 else c for i, (h, c) in enumerate(zip(header[1:], rest)) if c)
    out += [term, f":   {details}", ""]
print("\n".join(out))
