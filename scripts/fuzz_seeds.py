#!/usr/bin/env python3
"""Writes starting inputs for the fuzz targets into fuzz/corpus/TARGET/ (git-ignored), from the
public central documents in ../shared/corpus (congbao, seed, html) and small docx/pdf files built
here. Provincial originals are never used."""
import io, json, os, sys, zipfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shared = os.path.join(root, "..", "shared", "corpus")
out = os.path.join(root, "fuzz", "corpus")


def put(target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def docx(text):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        paras = "".join(f"<w:p><w:r><w:t>{l}</w:t></w:r></w:p>" for l in text.splitlines() if l)
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                   + paras + "</w:body></w:document>")
    return b.getvalue()


def pdf(text):
    stream = "BT /F1 12 Tf 72 720 Td (" + text.replace("(", "").replace(")", "") + ") Tj ET"
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    o = b"%PDF-1.4\n"
    offs = []
    for i, body in enumerate(objs):
        offs.append(len(o))
        o += f"{i+1} 0 obj\n{body}\nendobj\n".encode()
    x = len(o)
    o += f"xref\n0 {len(objs)+1}\n0000000000 65535 f \n".encode()
    for off in offs:
        o += f"{off:010} 00000 n \n".encode()
    o += f"trailer\n<< /Size {len(objs)+1} /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n".encode()
    return o


if not os.path.isdir(shared):
    sys.exit(f"note: {shared} missing; fuzzing starts from empty corpora")
seed_txt = open(os.path.join(shared, "seed", "176-KH-UBND-2020-lang-son.txt"), "rb").read()
put("read_txt", "seed.txt", seed_txt)
put("extract", "seed.txt", seed_txt)
lines = open(os.path.join(shared, "congbao", "phapdien_nghidinh.jsonl"), "rb").read().splitlines()[:5]
put("read_jsonl", "five.jsonl", b"\n".join(l[:4000] for l in lines))
put("read_json", "one.json", lines[0][:4000])
csv_head = open(os.path.join(shared, "phapdien", "phapdien_dieu.csv"), "rb").read(6000)
put("read_csv", "head.csv", csv_head)
htmls = sorted(os.listdir(os.path.join(shared, "html")))
for h in htmls[:2]:
    put("read_html", h, open(os.path.join(shared, "html", h), "rb").read()[:30000])
# Issue 23's memory bomb: 3,000 distinct unclosed <b id> closed by </div>, then 3,000 paragraphs
# (62 KB; 1.56 GB in the parser before the element bound). With FUZZ_RSS_MB=512 libFuzzer stops
# on it at once if the bound is ever lost.
N = 3000
put("read_html", "formatting-bomb.html",
    "<html><body><div>" + "".join(f'<b id="{i}">' for i in range(N)) + "</div>"
    + "<p>x</p>" * N + "</body></html>")
text = seed_txt.decode("utf-8", "replace")
put("read_docx", "seed.docx", docx(text[:3000]))
put("read_pdf", "hello.pdf", pdf("Ke hoach so 176/KH-UBND ngay 27/10/2020"))
bodies = [json.loads(l).get("noi_dung") or "" for l in lines]
for i, para in enumerate([p for b in bodies for p in b.split("\n") if len(p) > 40][:60]):
    for t in ("number", "period", "citations", "text"):
        put(t, f"p{i}", para[:1500])
for i, l in enumerate(text.splitlines()):
    if len(l) > 20:
        for t in ("number", "period", "citations", "text"):
            put(t, f"s{i}", l)
queries = open(os.path.join(root, "..", "shared", "queries", "citizen_questions.txt"), encoding="utf-8").read().splitlines()
for i, q in enumerate(queries[:80]):
    put("query", f"q{i}", q)
put("query", "ops", '"kế hoạch" -dự OR thảo 176/KH-UBND')
print("seeds written to", out)
