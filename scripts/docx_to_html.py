#!/usr/bin/env python3
"""Writes a .docx as an HTML page: paragraphs as <p>, tables as <table> with Word's merged
cells as colspan (gridSpan) and rowspan (vMerge), the first row as a <thead>.

Used to measure how vanban reads assignment tables in HTML and in PDF (the shared corpus has
none in those formats):

    python3 scripts/docx_to_html.py ../shared/corpus/provincial/originals/5a984d5c_Ke_hoach_CCHC_giai_doan_2026_2030.docx /tmp/tt/cchc.html
    chromium --headless --no-sandbox --no-pdf-header-footer --print-to-pdf=/tmp/tt/cchc.pdf file:///tmp/tt/cchc.html
    TASKS_GOLD_CONVERTED=/tmp/tt cargo test --test tasks_gold appendix -- --ignored --nocapture

Another print of the same table: add `@page{size:A5}` (or `@page{size:A4 landscape}`) after
`<style>` in cchc.html, print it to DIR/cchc.pdf and run the test with TASKS_GOLD_CONVERTED=DIR.

Word's automatic numbering labels are not rendered (plain text of the runs only).
"""
import html
import sys
import zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def ptext(p):
    out = []
    for t in p.iter():
        if t.tag == W + "t":
            out.append(t.text or "")
        elif t.tag == W + "tab":
            out.append(" ")
    return "".join(out)


def table(tbl):
    rows = []
    for tr in tbl.findall(W + "tr"):
        cells = []
        for tc in tr.findall(W + "tc"):
            pr = tc.find(W + "tcPr")
            span, merge = 1, None
            if pr is not None:
                g = pr.find(W + "gridSpan")
                if g is not None:
                    span = int(g.get(W + "val"))
                v = pr.find(W + "vMerge")
                if v is not None:
                    merge = v.get(W + "val") or "continue"
            # [paragraphs, colspan, vMerge, rowspan]
            cells.append([[ptext(p) for p in tc.findall(W + "p")], span, merge, 1])
        rows.append(cells)
    owner = {}
    for r in rows:
        col = 0
        for c in r:
            if c[2] == "restart":
                owner[col] = c
            elif c[2] == "continue" and col in owner:
                owner[col][3] += 1
            else:
                owner.pop(col, None)
            col += c[1]
    out = ["<table>"]
    for i, r in enumerate(rows):
        tag = "th" if i == 0 else "td"
        s = "<tr>"
        for c in r:
            if c[2] == "continue":
                continue
            a = (f' colspan="{c[1]}"' if c[1] > 1 else "") + (f' rowspan="{c[3]}"' if c[3] > 1 else "")
            s += f"<{tag}{a}>" + "".join("<p>" + html.escape(x) + "</p>" for x in c[0]) + f"</{tag}>"
        s += "</tr>"
        out.append(f"<thead>{s}</thead><tbody>" if i == 0 else s)
    out.append("</tbody></table>")
    return out


def main(src, dst):
    root = ET.fromstring(zipfile.ZipFile(src).read("word/document.xml"))
    out = [
        '<html><head><meta charset="utf-8"><title>doc</title><style>'
        "table{border-collapse:collapse;font-size:10pt} td,th{border:1px solid #000;"
        "vertical-align:top;padding:2px}</style></head><body>"
    ]
    for el in root.find(W + "body"):
        if el.tag == W + "p":
            out.append("<p>" + html.escape(ptext(el)) + "</p>")
        elif el.tag == W + "tbl":
            out.extend(table(el))
    out.append("</body></html>")
    with open(dst, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
