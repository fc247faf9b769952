#!/usr/bin/env python3
"""Whether two .xlsx files hold the same workbook, whatever the storage: shared or inline
strings, the order of the shared strings and of the cell formats, row spans. Used to check
that a change in how report.xlsx is written (rust_xlsxwriter's low-memory worksheets) left
every sheet as it was:

    python3 tests/tools/xlsx_same.py before.xlsx after.xlsx

Compares, sheet by sheet: every cell (value, type and its format spelled out), every row's
height and format, the merged ranges, and the rest of the sheet's XML (columns, views, page
set-up, header and footer, page breaks, filters, conditional formats with their formats
spelled out); and every other part of the package byte for byte. A row written twice or out
of order is a difference; an empty row with nothing of its own is nothing, and a different
used range (`dimension`) is only noted. Prints the differences and exits 1 when there are
any.
"""

import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def strip(tag):
    return tag.split("}", 1)[-1]


def canon(el):
    """An element as a comparable tree: tag, sorted attributes, text, children."""
    return (
        strip(el.tag),
        tuple(sorted((strip(k), v) for k, v in el.attrib.items())),
        (el.text or "").strip(),
        tuple(canon(c) for c in el),
    )


def text_of(si):
    """The text of a shared or inline string (<t>, or the runs of a rich string)."""
    return "".join(t.text or "" for t in si.iter(NS + "t"))


class Book:
    def __init__(self, path):
        self.zip = zipfile.ZipFile(path)
        self.names = self.zip.namelist()
        self.strings = []
        if "xl/sharedStrings.xml" in self.names:
            root = ET.fromstring(self.zip.read("xl/sharedStrings.xml"))
            self.strings = [text_of(si) for si in root.findall(NS + "si")]
        styles = ET.fromstring(self.zip.read("xl/styles.xml"))

        def children(name):
            el = styles.find(NS + name)
            return [] if el is None else list(el)

        fonts = [canon(f) for f in children("fonts")]
        fills = [canon(f) for f in children("fills")]
        borders = [canon(b) for b in children("borders")]
        numfmts = {n.get("numFmtId"): n.get("formatCode") for n in children("numFmts")}
        self.xfs = []
        for xf in children("cellXfs"):
            a = dict(xf.attrib)
            num = a.pop("numFmtId", "0")
            self.xfs.append(
                (
                    fonts[int(a.pop("fontId", "0"))],
                    fills[int(a.pop("fillId", "0"))],
                    borders[int(a.pop("borderId", "0"))],
                    numfmts.get(num, "builtin " + num),
                    tuple(sorted(a.items())),
                    tuple(canon(c) for c in xf),
                )
            )
        self.dxfs = [canon(d) for d in children("dxfs")]
        wb = ET.fromstring(self.zip.read("xl/workbook.xml"))
        rels = ET.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels}
        rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        self.sheets = [
            (s.get("name"), "xl/" + target[s.get(rid)])
            for s in wb.find(NS + "sheets")
        ]

    def style(self, s):
        return self.xfs[int(s or 0)]

    def sheet(self, part):
        """Cells, rows, the dimension, the rest of a worksheet with indices resolved, and
        what is wrong with the order of its rows (each must come once, in order)."""
        root = ET.fromstring(self.zip.read(part))
        cells, rows, rest, dimension, order = {}, {}, [], None, []
        last = 0
        for el in root:
            tag = strip(el.tag)
            if tag == "sheetData":
                for row in el:
                    a = dict(row.attrib)
                    r = a.pop("r")
                    if int(r) <= last:
                        order.append(f"row {r} after row {last}")
                    last = int(r)
                    a.pop("spans", None)
                    if "s" in a:
                        a["s"] = self.style(a["s"])
                    # A row with nothing of its own and no cells holds nothing.
                    if a or len(row):
                        rows[r] = tuple(sorted(a.items()))
                    for c in row:
                        cells[c.get("r")] = self.cell(c)
            elif tag == "dimension":
                dimension = el.get("ref")
            elif tag == "conditionalFormatting":
                rest.append(self.resolve_dxf(canon(el)))
            else:
                rest.append(canon(el))
        return cells, rows, rest, dimension, order

    def cell(self, c):
        t = c.get("t", "n")
        v = c.find(NS + "v")
        if t == "s":
            value = ("str", self.strings[int(v.text)])
        elif t == "inlineStr":
            value = ("str", text_of(c.find(NS + "is")))
        elif v is None:
            value = ("blank", "")
        else:
            value = (t, v.text)
        f = c.find(NS + "f")
        formula = None if f is None else canon(f)
        return value, formula, self.style(c.get("s"))

    def resolve_dxf(self, tree):
        def walk(node):
            tag, attrs, text, kids = node
            attrs = tuple(
                (k, self.dxfs[int(v)] if k == "dxfId" else v) for k, v in attrs
            )
            return tag, attrs, text, tuple(walk(k) for k in kids)

        return walk(tree)


def main():
    a, b = Book(sys.argv[1]), Book(sys.argv[2])
    problems, notes = [], []
    if [n for n, _ in a.sheets] != [n for n, _ in b.sheets]:
        problems.append(f"sheets: {a.sheets} / {b.sheets}")
    cells_seen = 0
    for (name, pa), (_, pb) in zip(a.sheets, b.sheets):
        ca, ra, xa, da, oa = a.sheet(pa)
        cb, rb, xb, db, ob = b.sheet(pb)
        cells_seen += len(ca)
        problems += [f"{sys.argv[1]} {name}: {o}" for o in oa]
        problems += [f"{sys.argv[2]} {name}: {o}" for o in ob]
        # The used range is Excel's hint, recomputed from the cells: told, not counted.
        if da != db:
            notes.append(f"{name}: dimension {da} / {db}")
        for ref in sorted(set(ca) | set(cb)):
            if ca.get(ref) != cb.get(ref):
                problems.append(f"{name}!{ref}: {ca.get(ref)} / {cb.get(ref)}")
        for r in sorted(set(ra) | set(rb), key=int):
            if ra.get(r) != rb.get(r):
                problems.append(f"{name} row {r}: {ra.get(r)} / {rb.get(r)}")
        if xa != xb:
            problems.append(f"{name}: the rest of the sheet differs")
            for ea, eb in zip(xa, xb):
                if ea != eb:
                    problems.append(f"  {ea[0]}: {str(ea)[:300]} / {str(eb)[:300]}")
            if len(xa) != len(xb):
                problems.append(f"  {[e[0] for e in xa]} / {[e[0] for e in xb]}")
    skip = re.compile(r"xl/(worksheets/sheet\d+\.xml|sharedStrings\.xml|styles\.xml)$")
    for part in sorted(set(a.names) | set(b.names)):
        if skip.match(part):
            continue
        if part not in a.names or part not in b.names:
            problems.append(f"part {part} only in one file")
        elif a.zip.read(part) != b.zip.read(part):
            problems.append(f"part {part} differs")
    for n in notes:
        print("note:", n)
    for p in problems[:60]:
        print(p)
    if problems:
        print(f"{len(problems)} differences")
        sys.exit(1)
    print(f"same workbook: {len(a.sheets)} sheets, {cells_seen} cells")


if __name__ == "__main__":
    main()
