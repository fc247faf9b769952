#!/usr/bin/env python3
"""Measures how report.pdf sets its Japanese text against jlreq, from the characters' positions
alone: an independent check of what `tests/typesetting_jlreq.rs` measures on the display list.
Not run by `cargo test`.

    pip install pdfplumber
    cargo run -- demo --out /tmp/x
    python3 tests/tools/measure_jlreq.py [-v] /tmp/x/report.pdf [/tmp/x/report.json]

Prints three shares over the body pages (from the first page with the pillar heading on):

  justified   full lines of multi-line blocks that end at the right edge of their measure
  punctuation closing mark + closing/opening mark, and opening + opening, set in 1.5 em or less
  latin gap   boundaries between Japanese and half-width Latin letters or digits with at
              least 1/8 em between them

With -v, also lists the full lines that fall short.

How lines are counted: characters on one baseline in one cell (the smallest rectangle
around them; none for text outside boxes) form a line, split where more than 0.95 em of
space separates them (a schedule's period and its text; justification never spreads
characters that far). Consecutive lines of one cell and size, one below the other,
starting within half an em of each other, form a block. A line is full unless it is the
last of its block, the next line starts with the full-width indent, or it ends one of the
report's paragraphs: of any string of report.json (the second argument, else the one
beside the PDF) or of the wording (templates/wording.toml, its placeholders standing for up
to 40 characters), split at line breaks. The measure is the cell's right edge less its
5 pt padding, or the body's right edge. A line ends there when its last character's box
does, or for a closing mark, the half of the box with the ink. The same counting as
tests/typesetting_jlreq.rs, which measures the display list.
"""

import json
import os
import re
import sys
from collections import defaultdict

import pdfplumber

OPEN = set("（「『【〔〈《［｛〘〖〝｟")
CLOSE = set("）」』】〕〉》］｝〙〗〟｠、。，．")
RUNNING_SIZE = 8.0
BODY_RIGHT = 595.276 - 50.0
CELL_PAD = 5.0
TOL = 0.1


def is_japanese(c):
    o = ord(c)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3041 <= o <= 0x3096
        or 0x309D <= o <= 0x309F
        or 0x30A1 <= o <= 0x30FA
        or 0x30FC <= o <= 0x30FF
        or 0x3005 <= o <= 0x3007
        or 0xFF10 <= o <= 0xFF19
        or 0xFF21 <= o <= 0xFF3A
        or 0xFF41 <= o <= 0xFF5A
        or 0x3400 <= o <= 0x4DBF
    )


def is_latin(c):
    return c.isascii() and c.isalnum()


WORDING = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "templates", "wording.toml")
HOLE = None


def template(piece):
    """A paragraph as characters and placeholders (HOLE), which stand for up to 40 chars."""
    out = []
    for i, part in enumerate(re.split(r"\{\{?[^{}]*\}\}?", piece)):
        if i:
            out.append(HOLE)
        out.extend(part)
    return out


def paragraphs(report_json):
    """Every paragraph of the report's text (the strings of report.json) and of its wording
    (templates/wording.toml, placeholders as holes), reversed, by their last character. A
    paragraph that ends in a placeholder says nothing about where it ends and is left out."""
    out = defaultdict(list)

    def add(v, holes):
        for piece in v.replace("\r", "").split("\n"):
            t = template(piece.strip(" ")) if holes else list(piece.strip(" "))
            if t and t[-1] is not HOLE:
                out[t[-1]].append(t[::-1])

    def walk(v):
        if isinstance(v, str):
            add(v, False)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    with open(report_json, encoding="utf-8") as f:
        walk(json.load(f))
    if os.path.exists(WORDING):
        with open(WORDING, encoding="utf-8") as f:
            for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', f.read()):
                add(m.group(1).replace("\\n", "\n"), True)
    return out


def ends(line, t):
    """Whether `line` (reversed) can be the end of template `t` (reversed)."""
    if not line:
        return True
    if not t:
        return False
    if t[0] is HOLE:
        return any(ends(line[k:], t[1:]) for k in range(min(40, len(line)) + 1))
    return line[0] == t[0] and ends(line[1:], t[1:])


def ends_paragraph(text, paras):
    rev = text.rstrip(" ")[::-1]
    if not rev:
        return True
    return any(ends(rev, t) for t in paras.get(rev[0], ()))


def containing(rects, c):
    cx = (c["x0"] + c["x1"]) / 2
    cy = (c["top"] + c["bottom"]) / 2
    best = None
    for r in rects:
        if r["x0"] - 0.01 <= cx <= r["x1"] + 0.01 and r["top"] - 0.01 <= cy <= r["bottom"] + 0.01:
            if best is None or r["width"] * r["height"] < best["width"] * best["height"]:
                best = r
    return best


def lines_of(page):
    rects = [r for r in page.rects if r["width"] > 20 and r["height"] > 8]
    chars = [c for c in page.chars if abs(c["size"] - RUNNING_SIZE) > 0.01]
    groups = defaultdict(list)
    for c in chars:
        r = containing(rects, c)
        key = (round(c["top"], 1), round(c["size"], 2), None if r is None else id(r))
        groups[key].append((c, r))
    lines = []
    for (top, size, _), cs in groups.items():
        cs.sort(key=lambda cr: cr[0]["x0"])
        run = [cs[0]]
        for cr in cs[1:]:
            if cr[0]["x0"] - run[-1][0]["x1"] > 0.95 * size:
                lines.append((top, size, run))
                run = []
            run.append(cr)
        lines.append((top, size, run))
    return lines


def start_of(run, size):
    c = run[0][0]
    return c["x0"] + (0.5 * size if c["text"] in OPEN else 0.0)


def measure(pdf_path, json_path):
    paras = paragraphs(json_path)
    full = at_edge = 0
    pairs = tight = 0
    bounds = spaced = 0
    misses = []
    with pdfplumber.open(pdf_path) as pdf:
        first = next(
            i
            for i, p in enumerate(pdf.pages)
            if i > 0
            and any(abs(c["size"] - 14.0) < 0.01 and "Bold" in c["fontname"] for c in p.chars)
        )
        for pi, page in enumerate(pdf.pages[first:], start=first + 1):
            lines = lines_of(page)
            for _, size, run in lines:
                cs = [c for c, _ in run]
                for a, b in zip(cs, cs[1:]):
                    if (a["text"] in CLOSE and b["text"] in CLOSE | OPEN) or (
                        a["text"] in OPEN and b["text"] in OPEN
                    ):
                        pairs += 1
                        tight += b["x1"] - a["x0"] <= 1.5 * size + TOL
                    if (is_japanese(a["text"]) and is_latin(b["text"])) or (
                        is_latin(a["text"]) and is_japanese(b["text"])
                    ):
                        bounds += 1
                        spaced += b["x0"] - a["x1"] >= size / 8 - TOL
            # The next line of a line's block: the first below it, one leading down at most,
            # in the same cell, of the same size, starting within half an em.
            lines.sort(key=lambda t: (t[0], t[2][0][0]["x0"]))
            for i, (top, size, run) in enumerate(lines):
                rect = run[0][1]
                start = start_of(run, size)
                nxt = next(
                    (
                        r
                        for t, s, r in lines[i + 1 :]
                        if s == size
                        and r[0][1] is rect
                        and 0 < t - top <= 2.2 * size
                        and abs(start_of(r, size) - start) <= 0.6 * size
                    ),
                    None,
                )
                text = "".join(c["text"] for c, _ in run)
                if nxt is None or nxt[0][0]["text"] == "\u3000" or ends_paragraph(text, paras):
                    continue
                # One character a line is a label set vertically (the box's 所/管/局).
                if len(run) == 1 and len(nxt) == 1:
                    continue
                right = rect["x1"] - CELL_PAD if rect else BODY_RIGHT
                last = run[-1][0]
                edges = [last["x1"]]
                if last["text"] in CLOSE:
                    edges.append(last["x0"] + 0.5 * size)
                full += 1
                if any(abs(e - right) <= TOL for e in edges):
                    at_edge += 1
                else:
                    misses.append((pi, round(right - last["x1"], 2), text))
    return (at_edge, full), (tight, pairs), (spaced, bounds), misses


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    if not args:
        sys.exit(__doc__)
    pdf_path = args[0]
    json_path = args[1] if len(args) > 1 else os.path.join(os.path.dirname(pdf_path), "report.json")
    results = measure(pdf_path, json_path)
    names = ["justified  ", "punctuation", "latin gap  "]
    for name, (good, total) in zip(names, results[:3]):
        share = 100.0 * good / total if total else 100.0
        print(f"{name} {good:5d} / {total:5d} = {share:5.1f} %")
    if "-v" in sys.argv:
        for m in results[3][:40]:
            print("  short", m)


if __name__ == "__main__":
    main()
