#!/usr/bin/env python3
"""Prints a page written by scripts/docx_to_html.py to PDF with ReportLab: the same tables laid
out by another engine than Chromium (cell padding 6 pt by 3 pt, cells top-aligned, a 7-column
table's header repeated on each page), to measure how vanban reads PDF tables:

    pip install reportlab
    python3 scripts/html_to_pdf_reportlab.py [--centre] [--no-padding] /tmp/tt/cchc.html /tmp/rl/cchc.pdf
    TASKS_GOLD_CONVERTED=/tmp/rl cargo test --test tasks_gold appendix -- --ignored --nocapture

Needs the DejaVu Serif fonts (Debian's fonts-dejavu-core) for Vietnamese text.
"""
import sys
from html.parser import HTMLParser
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate, Paragraph, Table, TableStyle, Spacer
from xml.sax.saxutils import escape

pdfmetrics.registerFont(TTFont("Serif", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"))
pdfmetrics.registerFont(TTFont("SerifB", "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"))

class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.items = []  # ("p", text) or ("table", rows)
        self.table = None; self.row = None; self.cell = None; self.text = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table": self.table = []
        elif tag == "tr" and self.table is not None: self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = {"paras": [], "rs": int(a.get("rowspan", 1)), "cs": int(a.get("colspan", 1)), "th": tag == "th"}
        elif tag == "p": self.text = ""
    def handle_endtag(self, tag):
        if tag == "p" and self.text is not None:
            if self.cell is not None: self.cell["paras"].append(self.text)
            elif self.table is None: self.items.append(("p", self.text))
            self.text = None
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell); self.cell = None
        elif tag == "tr" and self.row is not None:
            self.table.append(self.row); self.row = None
        elif tag == "table" and self.table is not None:
            self.items.append(("table", self.table)); self.table = None
    def handle_data(self, d):
        if self.text is not None: self.text += d
        elif self.cell is not None: self.cell["paras"].append(d)

# `--centre`: the number, deadline and agency cells centred, as many plans print them.
# `--no-padding`: no padding above and below cell text, as Word's default cell margins.
CENTRE = "--centre" in sys.argv
FLAT = "--no-padding" in sys.argv
sys.argv = [a for a in sys.argv if a not in ("--centre", "--no-padding")]
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
body = ParagraphStyle("b", fontName="Serif", fontSize=10, leading=12.5)
cell = ParagraphStyle("c", fontName="Serif", fontSize=9, leading=11)
head = ParagraphStyle("h", fontName="SerifB", fontSize=9, leading=11, alignment=1)
centred = ParagraphStyle("cc", fontName="Serif", fontSize=9, leading=11, alignment=1)
story = []
width = A4[0] - 90
for kind, x in p.items:
    if kind == "p":
        story.append(Paragraph(escape(x) or "&nbsp;", body))
        continue
    ncols = max(sum(c["cs"] for c in r) for r in x)
    grid = [[None] * ncols for _ in x]
    spans = []
    for i, r in enumerate(x):
        j = 0
        for c in r:
            while j < ncols and grid[i][j] is not None: j += 1
            if j >= ncols: break
            st = head if c["th"] else (centred if CENTRE and (j == 0 or j >= 3) else cell)
            grid[i][j] = [Paragraph(escape(t), st) for t in c["paras"] if t.strip()] or ""
            for di in range(c["rs"]):
                for dj in range(c["cs"]):
                    if (di or dj) and i + di < len(x) and j + dj < ncols: grid[i + di][j + dj] = ""
            if c["rs"] > 1 or c["cs"] > 1:
                spans.append(("SPAN", (j, i), (min(j + c["cs"], ncols) - 1, min(i + c["rs"], len(x)) - 1)))
            j += c["cs"]
    grid = [[g if g is not None else "" for g in r] for r in grid]
    if ncols == 7:
        w = [34, 131, 93, 72, 58, 68, 49]
    else:
        w = [width / ncols] * ncols
    t = Table(grid, colWidths=w, repeatRows=1 if ncols == 7 else 0)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")] + spans
                     + ([("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)] if FLAT else [])))
    story.append(t); story.append(Spacer(1, 6))
SimpleDocTemplate(sys.argv[2], pagesize=A4, leftMargin=45, rightMargin=45, topMargin=40, bottomMargin=40).build(story)
