#!/usr/bin/python3
"""Reads what `inspectctl report` wrote, independently of inspectd, for ReportTests.

    read_report.py xlsx FILE   -> JSON: per sheet, the frozen cell, the title row, the header (with bold), rows
                                  (values as openpyxl reads them) and each cell's number format
    read_report.py dom FILE    -> JSON: every element with data-figure: [path, text]
"""
import json, sys
from html.parser import HTMLParser


def xlsx(path):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    out = {"sheets": wb.sheetnames, "title": wb.properties.title}
    for ws in wb.worksheets:
        rows = list(ws.iter_rows())
        # Row 1: the sheet's title (merged across the header); row 2: the header.
        out[ws.title] = {
            "freeze": ws.freeze_panes,
            "title_row": rows[0][0].value if rows else None,
            "header": [c.value for c in rows[1]] if len(rows) > 1 else [],
            "header_bold": all(c.font.b for c in rows[1]) if len(rows) > 1 else False,
            "rows": [[c.value for c in r] for r in rows[2:]],
            "formats": [[c.number_format for c in r] for r in rows[2:]],
        }
    return out


class Figures(HTMLParser):
    def __init__(self):
        super().__init__()
        self.figures, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append([a.get("data-figure"), ""])

    def handle_endtag(self, tag):
        if self.stack:
            path, text = self.stack.pop()
            if path is not None:
                self.figures.append([path, text.strip()])
            elif self.stack:
                self.stack[-1][1] += text

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][1] += data


if sys.argv[1] == "xlsx":
    print(json.dumps(xlsx(sys.argv[2]), ensure_ascii=False, default=str))
else:
    p = Figures()
    p.feed(open(sys.argv[2], encoding="utf-8").read())
    print(json.dumps(p.figures, ensure_ascii=False))
