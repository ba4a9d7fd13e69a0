#!/usr/bin/python3
"""manual-unicode.py PAGE DUMP.json: puts back into PAGE (man/inspectctl.1, as swift-argument-parser's
generate-manual writes it) the characters outside ASCII that the generator leaves out of every text
(the Chinese terms of the English help, 主监管员 or 辖区, and a dash or an ellipsis). It knows each
text from DUMP.json, the `--experimental-dump-help` the page was made from: a line of the page that
is a text without those characters, escaped as the generator escapes it, becomes that text escaped
the same way with them. Two texts that would read the same without them are refused (exit 1), so
that no line gets another text's words. scripts/man runs it; ManualPageTests checks the result."""
import json
import sys


def text_line(s, keep):
    """mdoc escaping of a text input line, as generate-manual's `escapedTextLine` does it."""
    out, at_beginning = "", True
    for c in s:
        if not keep and ord(c) > 127:
            continue
        if c == "\\":
            out += r"\e"
            at_beginning = False
        elif c in ".'" and at_beginning:
            out += r"\&" + c
            at_beginning = False
        elif c == " " and at_beginning:
            out += r"\& "
        else:
            out += c
            at_beginning = False
    return out


def macro_argument(s, keep):
    """mdoc escaping of a macro argument, as generate-manual's `escapedMacroArgument` does it."""
    out, blank = "", False
    for c in s:
        if not keep and ord(c) > 127:
            continue
        if c == " ":
            out += c
            blank = True
        elif c == "\\":
            out += r"\e"
        elif c == '"':
            out += r"\(dq"
        elif c in "\n\r":
            out += " "
            blank = True
        else:
            out += c
    return f'"{out}"' if not out or blank else out


def texts(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from texts(v)
    elif isinstance(node, list):
        for v in node:
            yield from texts(v)
    elif isinstance(node, str):
        yield node


def main():
    page_path, dump_path = sys.argv[1], sys.argv[2]
    with open(dump_path, encoding="utf-8") as f:
        dump = json.load(f)
    lines, arguments = {}, {}  # what the generator wrote → the set of what it should have written
    for s in set(texts(dump)):
        for piece in s.split("\n"):
            lines.setdefault(text_line(piece, False), set()).add(text_line(piece, True))
        arguments.setdefault(macro_argument(s, False), set()).add(macro_argument(s, True))
    with open(page_path, encoding="utf-8") as f:
        page = f.read().split("\n")
    ambiguous, restored = set(), 0
    for i, line in enumerate(page):
        if not line.startswith("."):
            choices = lines.get(line, {line})
            if len(choices) > 1:
                ambiguous.add(line)
            elif choices != {line}:
                page[i] = next(iter(choices))
                restored += 1
            continue
        # A macro line: each argument that is a text of the dump (`.Nd "…"`, `.Ar city|county|`).
        for written, choices in arguments.items():
            if any(ord(c) > 127 for c in "".join(choices)) and (" " + written) in line:
                if len(choices) > 1:
                    ambiguous.add(written)
                    continue
                original = next(iter(choices))
                head, sep, tail = line.partition(" " + written)
                if tail == "" or tail.startswith(" "):
                    line = head + " " + original + tail
                    restored += 1
        page[i] = line
    if ambiguous:
        sys.exit("manual-unicode.py: texts that read the same without their non-ASCII characters: " + "; ".join(sorted(ambiguous)))
    with open(page_path, "w", encoding="utf-8") as f:
        f.write("\n".join(page))
    print(f"{page_path}: {restored} texts with their non-ASCII characters", file=sys.stderr)


if __name__ == "__main__":
    main()
