#!/usr/bin/env python3
"""Makes the test PDFs in tests/fixtures/pdf/ from the corpus texts (issue 12).

The corpus documents (tests/fixtures/corpus/*.txt) are text taken from published PDFs: one line
per table row, cells separated by TABs, lines without a TAB are titles and notes outside the
tables. This script lays each document out again as a PDF, so that reading the PDF back cell by
cell gives the same rows of cells:

  word-NNN.pdf    a .docx made with python-docx (A4 portrait, a Ming/Song CJK font at 9 pt, every
                  cell ruled, labels merged over the empty cells after them, 一级/二级指标 labels
                  merged down over the empty cells below them, each form on a new page), printed
                  by LibreOffice (soffice --headless --convert-to pdf).
  chrome-NNN.pdf  the same tables as HTML (collapsed single rulings, `border-collapse: separate`
                  and `double` borders by turns), printed to A4 by Chromium's page.pdf through
                  scripts/make-pdf-fixtures-chrome.mjs (playwright-core), rows free to break
                  across pages.
  edge cases made from corpus 002 (the smallest document):
    notounicode.pdf   word-002.pdf with every /ToUnicode removed (pypdf)
    scan.pdf          page images of word-002.pdf only (pdftoppm -r 100, grey JPEG), no text
    rotate90.pdf      word-002.pdf with /Rotate 90 on every page (pypdf)
    cm-rotated.pdf    word-002.pdf's content turned 90° by a `cm` matrix, landscape MediaBox
    owner-rc4.pdf     word-002.pdf, empty user password, owner password "owner", print only, RC4-128
                      (/P signed, -1852)
    owner-aes256.pdf  the same with AES-256 (/P unsigned, as pypdf writes it)
    stsong.pdf        reportlab, the non-embedded CID font STSong-Light (UniGB-UCS2-H), every
                      cell border drawn (platypus Table GRID)
    gbk.pdf           stsong.pdf with its strings re-encoded as GBK bytes and the font's encoding
                      GBK-EUC-H (two-byte GB codes; ASCII one byte)
    borderless.pdf    the tables without any ruling (HTML printed by Chromium)

Needs (generation only; the PDFs are committed, so CI needs none of this):
  apt-get install -y libreoffice-writer-nogui poppler-utils fonts-arphic-uming chromium
  pip install python-docx "pypdf[crypto]" reportlab
  npm ci   (playwright-core, for the Chromium prints)

Run from the repository root:  python3 scripts/make-pdf-fixtures.py [--keep-work DIR] [--out DIR]
It prints each file made with its size and what the checks found (pdffonts, tables continued
across pages, rows split by a page break). Dates, /IDs and LibreOffice's /DocChecksum are pinned,
and pypdf's random draws seeded, so that reruns with the same tools give the same bytes.
"""

import argparse
import hashlib
import html
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
OUT = ROOT / "tests" / "fixtures" / "pdf"
DOCS = [
    ("000", "000_61cdf90257007e71.txt"),
    ("001", "001_8db70a21b77abcfc.txt"),
    ("002", "002_cb685a1f859d7a80.txt"),
    ("003", "003_dc4befe519062102.txt"),
]
EDGE_DOC = "002"

# The Song/Ming-style CJK font (宋体 itself is not free; AR PL UMing is Debian's fonts-arphic-uming).
FONT = "AR PL UMing CN"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PINNED_DATE = b"20240101000000"  # the creation and modification dates written into every PDF

TITLE = re.compile(r"^财政.*绩效自")


# ---------------------------------------------------------------------------------------------
# The corpus text as forms of blocks
# ---------------------------------------------------------------------------------------------


class Table:
    """Rows of cells (padded to one width), the horizontal spans and (Word only) vertical spans."""

    def __init__(self, rows):
        self.ncols = max(len(r) for r in rows)
        self.rows = [r + [""] * (self.ncols - len(r)) for r in rows]
        # hspan[r][c]: number of grid columns the cell starting at (r, c) covers; 0 = covered.
        self.hspan = [row_spans(r) for r in self.rows]
        self.vspan = self.vertical_spans()

    def vertical_spans(self):
        """vspan[r][c]: rows a level label at (r, c) covers downwards; 0 = covered from above.

        Only in the label columns (0 and 1), only for a label that is not merged sideways
        (…指标, …目标 but not the 一级/二级/三级指标 headings), over the rows below whose cell
        in that column is empty and on its own; a level-2 label stops where column 0 has text.
        """
        n = len(self.rows)
        vspan = [[1 if s else 0 for s in self.hspan[r]] for r in range(n)]
        for c in (0, 1):
            if c >= self.ncols:
                continue
            r = 0
            while r < n:
                text = self.rows[r][c]
                label = re.sub(r"\s", "", text)
                if (self.hspan[r][c] == 1 and re.search(r"(指标|目标)$", label)
                        and not re.match(r"^[一二三]级指标$", label)):
                    end = r + 1
                    while (end < n and self.rows[end][c] == "" and self.hspan[end][c] == 1
                           and (c == 0 or self.rows[end][0] == "")
                           and not is_total_row(self.rows[end])):
                        end += 1
                    if end - r > 1:
                        vspan[r][c] = end - r
                        for k in range(r + 1, end):
                            vspan[k][c] = 0
                    r = end
                else:
                    r += 1
        return vspan


def is_total_row(cells):
    first = next((x for x in cells if x.strip()), "")
    return re.sub(r"\s", "", first) in ("总分", "合计", "评分等级") or all(
        not x.strip() or re.fullmatch(r"[\d.]+", x.strip()) for x in cells)


def has_cjk(text):
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


def row_spans(cells):
    """A cell with Chinese text covers the empty cells after it (a merged label); others 1."""
    spans = [1] * len(cells)
    c = 0
    while c < len(cells):
        if cells[c] and has_cjk(cells[c]):
            end = c + 1
            while end < len(cells) and cells[end] == "":
                end += 1
            spans[c] = end - c
            for k in range(c + 1, end):
                spans[k] = 0
            c = end
        else:
            c += 1
    return spans


def parse(path):
    """Forms, each a list of blocks: ("title", text), ("para", text) or ("table", Table).

    A form begins at a title (a line, or a table row whose only text is the title). Blank lines
    are dropped (they mark the published PDF's page breaks; the tables around them within a form
    are one table again); markdown heading marks (`## `) are dropped from titles.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    forms = [[]]
    rows = None  # the rows of the table being read

    def flush():
        nonlocal rows
        if rows:
            forms[-1].append(("table", rows))
        rows = None

    for line in lines:
        if "\t" in line:
            cells = line.split("\t")
            texts = [x for x in cells if x.strip()]
            if len(texts) == 1 and cells[0] == texts[0] and TITLE.match(texts[0]):
                flush()
                if any(forms[-1]):
                    forms.append([])
            if rows is None:
                rows = []
            rows.append(cells)
        elif line.strip() == "":
            continue  # a blank line: the table (if any) goes on
        else:
            flush()
            text = re.sub(r"^#+\s*", "", line)
            if TITLE.match(text):
                if any(forms[-1]):
                    forms.append([])
                forms[-1].append(("title", text))
            else:
                forms[-1].append(("para", text))
    flush()
    return [[(k, Table(v) if k == "table" else v) for k, v in f] for f in forms if f]


def text_em(text):
    """Width of a text in em: CJK and full-width 1, others 0.55."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


def column_weights(table, cap=8.0, floor=2.6):
    """Relative column widths: the widest unmerged cell of each column, capped (long text wraps)."""
    need = [floor] * table.ncols
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row):
            span = table.hspan[r][c]
            if text and span in (1, 2):
                # a text in a few words wraps at its spaces: the longest piece counts
                longest = max(text_em(p) for p in text.split(" ")) if " " in text else text_em(text)
                want = (min(max(longest, text_em(text) / 3), cap) + 1.0) / span
                for k in range(c, c + span):
                    need[k] = max(need[k], want)
    return need


def align(text, span_weight):
    return "left" if text_em(text) > 10 and text_em(text) > span_weight * 0.6 else "center"


# ---------------------------------------------------------------------------------------------
# Word-style: python-docx, printed by LibreOffice
# ---------------------------------------------------------------------------------------------


def make_docx(forms, path):
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt
    import datetime

    doc = Document()
    core = doc.core_properties
    core.created = core.modified = datetime.datetime(2024, 1, 1)
    core.author = core.last_modified_by = "jixiao"
    core.revision = 1
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = Mm(15)
    sec.top_margin = sec.bottom_margin = Mm(15)
    width_mm = 180

    # One font for everything: ASCII, Chinese and the rest, 9 pt, single spacing, zh-CN.
    normal = doc.styles["Normal"]
    normal.font.size = Pt(9)
    normal.font.name = FONT
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)
    pf = normal.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing = 1.0
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:  # the template's theme fonts would win over the style's otherwise
        for f in defaults.iter(qn("w:rFonts")):
            for attr in list(f.attrib):
                del f.attrib[attr]
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                f.set(qn(attr), FONT)

    def page_break_paragraph():
        p = doc.add_paragraph()
        p.paragraph_format.page_break_before = True
        p.paragraph_format.line_spacing = Pt(2)
        return p

    first_block = True
    for f, form in enumerate(forms):
        for b, (kind, value) in enumerate(form):
            new_page = f > 0 and b == 0
            if kind in ("title", "para"):
                p = doc.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = p.add_run(value)
                if kind == "title":
                    run.font.size = Pt(15)
                    run.bold = True
                    p.paragraph_format.space_after = Pt(6)
                else:
                    p.paragraph_format.space_after = Pt(4)
                if new_page:
                    p.paragraph_format.page_break_before = True
            else:
                if new_page:
                    page_break_paragraph()
                elif not first_block and form[b - 1][0] == "table":
                    doc.add_paragraph()  # two tables in a row would be one table in Word
                add_docx_table(doc, value, width_mm)
            first_block = False
    doc.save(path)


def add_docx_table(doc, table, width_mm):
    """One ruled table, fixed column widths, the merges of `table`, text in each merge's first cell."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    weights = column_weights(table)
    total = sum(weights)
    widths = [Mm(width_mm * w / total) for w in weights]
    t = doc.add_table(rows=len(table.rows), cols=table.ncols)
    t.style = doc.styles["Table Grid"]  # single rulings on every cell edge
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    tblpr = t._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side, val in (("left", 45), ("right", 45), ("top", 15), ("bottom", 15)):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(val))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    tblpr.append(margins)
    for c, col in enumerate(t.columns):
        col.width = widths[c]
    for row in t.rows:
        for c, cell in enumerate(row.cells):
            cell.width = widths[c]
    # merges first (python-docx moves text around when merging), then the text
    for r in range(len(table.rows)):
        for c in range(table.ncols):
            hs, vs = table.hspan[r][c], table.vspan[r][c]
            if hs > 1 and vs <= 1:
                t.cell(r, c).merge(t.cell(r, c + hs - 1))
            elif vs > 1:
                t.cell(r, c).merge(t.cell(r + vs - 1, c))
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row):
            if not table.hspan[r][c] or not table.vspan[r][c] or not text:
                continue
            cell = t.cell(r, c)
            span_weight = sum(weights[c:c + table.hspan[r][c]])
            p = cell.paragraphs[0]
            p.alignment = (WD_ALIGN_PARAGRAPH.LEFT if align(text, span_weight) == "left"
                           else WD_ALIGN_PARAGRAPH.CENTER)
            p.add_run(text)


def soffice_pdf(docx, outdir, profile):
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    return outdir / (docx.stem + ".pdf")


# ---------------------------------------------------------------------------------------------
# Chromium-style: HTML printed by Chromium
# ---------------------------------------------------------------------------------------------

CSS = f"""
@page {{ size: A4; margin: 15mm; }}
html {{ font-family: "{FONT}"; font-size: 10pt; color: #000; }}
body {{ margin: 0; }}
.form + .form {{ break-before: page; }}
h1 {{ font-size: 16pt; text-align: center; margin: 0 0 4pt; font-weight: normal; }}
p.note {{ text-align: center; margin: 0 0 6pt; }}
table {{ width: 100%; table-layout: fixed; margin: 0 0 8pt; }}
td {{ padding: 2pt 3pt; vertical-align: middle; word-break: break-all; overflow-wrap: anywhere; line-height: 1.35; }}
td.l {{ text-align: left; }}
td.c {{ text-align: center; }}
table.single {{ border-collapse: collapse; }}
table.single td {{ border: 0.75pt solid #000; }}
table.separate {{ border-collapse: separate; border-spacing: 1.5pt; border: 0.75pt solid #000; }}
table.separate td {{ border: 0.75pt solid #000; }}
table.double {{ border-collapse: collapse; border: 2.25pt double #000; }}
table.double td {{ border: 0.75pt solid #000; }}
table.double tr:first-child td {{ border-bottom: 2.25pt double #000; }}
table.none {{ border-collapse: collapse; }}
table.none td {{ border: none; }}
"""


def make_html(forms, path, styles):
    """One HTML document; table i of the document gets styles[i % len(styles)]."""
    out = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
           f"<style>{CSS}</style></head><body>"]
    n = 0
    for f, form in enumerate(forms):
        out.append('<div class="form">')
        for kind, value in form:
            if kind == "title":
                out.append(f"<h1>{html.escape(value)}</h1>")
            elif kind == "para":
                out.append(f'<p class="note">{html.escape(value)}</p>')
            else:
                out.append(html_table(value, styles[n % len(styles)]))
                n += 1
        out.append("</div>")
    out.append("</body></html>")
    path.write_text("\n".join(out), encoding="utf-8")


def html_table(table, style):
    weights = column_weights(table)
    total = sum(weights)
    out = [f'<table class="{style}"><colgroup>']
    out += [f'<col style="width:{100 * w / total:.3f}%">' for w in weights]
    out.append("</colgroup>")
    for r, row in enumerate(table.rows):
        out.append("<tr>")
        for c, text in enumerate(row):
            span = table.hspan[r][c]
            if not span:
                continue
            cls = "l" if align(text, sum(weights[c:c + span])) == "left" else "c"
            colspan = f' colspan="{span}"' if span > 1 else ""
            out.append(f'<td class="{cls}"{colspan}>{html.escape(text)}</td>')
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def chrome_pdfs(jobs):
    """jobs: [(html path, pdf path)], printed in one Chromium by the Node helper."""
    helper = ROOT / "scripts" / "make-pdf-fixtures-chrome.mjs"
    args = ["node", str(helper)]
    for src, dst in jobs:
        args += [str(src), str(dst)]
    subprocess.run(args, check=True, cwd=ROOT, env={**os.environ, "CHROMIUM": CHROMIUM}, timeout=600)


# ---------------------------------------------------------------------------------------------
# reportlab: the non-embedded STSong-Light, and the page images of the scan
# ---------------------------------------------------------------------------------------------


def make_stsong(forms, path, grid=True):
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    rl_config.invariant = 1  # fixed dates and /ID
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # encoding UniGB-UCS2-H, not embedded
    font = "STSong-Light"
    cell_l = ParagraphStyle("cl", fontName=font, fontSize=8.5, leading=10.5, wordWrap="CJK",
                            alignment=TA_LEFT)
    cell_c = ParagraphStyle("cc", parent=cell_l, alignment=TA_CENTER)
    title = ParagraphStyle("t", fontName=font, fontSize=15, leading=20, alignment=TA_CENTER,
                           spaceAfter=4)
    note = ParagraphStyle("n", fontName=font, fontSize=10, leading=14, alignment=TA_CENTER,
                          spaceAfter=4)
    width = A4[0] - 30 * mm
    story = []
    for f, form in enumerate(forms):
        if f:
            story.append(PageBreak())
        for kind, value in form:
            if kind == "title":
                story.append(Paragraph(html.escape(value), title))
            elif kind == "para":
                story.append(Paragraph(html.escape(value), note))
            else:
                t = value
                weights = column_weights(t)
                total = sum(weights)
                data, style = [], [("FONTNAME", (0, 0), (-1, -1), font),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 2),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                                   ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
                if grid:
                    style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
                for r, row in enumerate(t.rows):
                    cells = []
                    for c, text in enumerate(row):
                        span = t.hspan[r][c]
                        if span > 1:
                            style.append(("SPAN", (c, r), (c + span - 1, r)))
                        st = cell_l if align(text, sum(weights[c:c + max(span, 1)])) == "left" else cell_c
                        cells.append(Paragraph(html.escape(text), st) if text and span else "")
                    data.append(cells)
                story.append(RLTable(data, colWidths=[width * w / total for w in weights],
                                     style=TableStyle(style), repeatRows=0))
                story.append(Spacer(1, 6))
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title="", author="",
                            creator="jixiao make-pdf-fixtures", initialFontName=font)
    doc.build(story)


def make_scan(pdf, path, work):
    """Page images only: pdftoppm -r 100 (grey) → JPEG, one image filling each A4 page.

    Written by hand (a few objects) so that the file holds no font and no text operator at all."""
    from PIL import Image

    prefix = work / "scan"
    subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", str(pdf), str(prefix)], check=True)
    objects = [None, None]  # 1: catalog, 2: pages
    kids = []
    for png in sorted(work.glob("scan-*.png")):
        im = Image.open(png).convert("L")
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=30, optimize=True)
        jpeg = buf.getvalue()
        img = len(objects) + 1
        objects.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                       b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n%s\nendstream"
                       % (im.width, im.height, len(jpeg), jpeg))
        draw = b"q 595.28 0 0 841.89 0 0 cm /Im0 Do Q"
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(draw), draw))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] "
                       b"/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>" % (img, img + 1))
        kids.append(img + 2)
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


# ---------------------------------------------------------------------------------------------
# pypdf: the variants of word-002.pdf
# ---------------------------------------------------------------------------------------------


def pypdf_writer(src):
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(src))
    writer = PdfWriter(clone_from=reader)
    return writer


def pinned_info(writer):
    from pypdf.generic import NameObject, TextStringObject

    info = {NameObject("/Producer"): TextStringObject("pypdf (jixiao make-pdf-fixtures)"),
            NameObject("/CreationDate"): TextStringObject("D:" + PINNED_DATE.decode() + "Z")}
    writer.add_metadata(info)


def write_pinned(writer, path):
    from pypdf.generic import ArrayObject, ByteStringObject

    pinned_info(writer)
    # a fixed /ID instead of none or a random one
    writer._ID = ArrayObject([ByteStringObject(b"jixiao-fixture00"), ByteStringObject(b"jixiao-fixture00")])
    with open(path, "wb") as fh:
        writer.write(fh)


def make_volume(parts, path):
    """Several PDFs one after another, as a compiled 决算 volume is."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    write_pinned(writer, path)


def make_notounicode(src, path):
    from pypdf.generic import NameObject

    writer = pypdf_writer(src)
    removed = 0
    for obj in list(writer._objects):
        if obj is None:
            continue
        o = obj.get_object() if hasattr(obj, "get_object") else obj
        if isinstance(o, dict) and o.get("/Type") == "/Font" and "/ToUnicode" in o:
            del o[NameObject("/ToUnicode")]
            removed += 1
    write_pinned(writer, path)
    return removed


def make_rotate90(src, path):
    writer = pypdf_writer(src)
    for page in writer.pages:
        page.rotate(90)
    write_pinned(writer, path)


def make_cm_rotated(src, path):
    from pypdf import Transformation
    from pypdf.generic import RectangleObject

    writer = pypdf_writer(src)
    for page in writer.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        # (x, y) -> (h - y, x): the page turned 90° counter-clockwise into a landscape box
        page.add_transformation(Transformation((0, 1, -1, 0, h, 0)))
        box = RectangleObject([0, 0, h, w])
        page.mediabox = box
        page.cropbox = box
        for name in ("/BleedBox", "/TrimBox", "/ArtBox"):
            if name in page:
                del page[name]
        page.compress_content_streams()
    write_pinned(writer, path)


PRINT_ONLY = 0xFFFFF8C4  # /P -1852: bits 3 (print) and 12 (high-quality print), reserved 7-8 and 13-32


def make_encrypted(src, path, algorithm, signed_p, user_password=""):
    """Empty user password (unless given), owner password "owner", print only (no copy, change,
    notes, forms, assembly). pypdf writes /P unsigned (4294965444); with signed_p it is patched in place to the
    usual signed form (-1852, padded with spaces so that no offset moves)."""
    writer = pypdf_writer(src)
    pinned_info(writer)
    perms = PRINT_ONLY
    # pypdf draws the /ID, the file key and the AES IVs from `secrets`: seeded here, so that the
    # fixture is the same on every run (a test file's keys need not be secret)
    import random
    import secrets

    rng = random.Random(f"jixiao {algorithm}")
    drawn = secrets.token_bytes
    secrets.token_bytes = lambda n=32: rng.randbytes(n)
    try:
        writer.encrypt(user_password=user_password, owner_password="owner", permissions_flag=perms,
                       algorithm=algorithm)
        with open(path, "wb") as fh:
            writer.write(fh)
    finally:
        secrets.token_bytes = drawn
    if signed_p:
        data = path.read_bytes()
        unsigned = b"/P %d" % PRINT_ONLY
        signed = b"/P %d" % (PRINT_ONLY - (1 << 32))
        assert data.count(unsigned) == 1
        path.write_bytes(data.replace(unsigned, signed.ljust(len(unsigned))))


def make_gbk(src, path):
    """stsong.pdf with its UTF-16 strings re-encoded in GBK and the font's encoding GBK-EUC-H."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ContentStream, NameObject, NumberObject

    reader = PdfReader(str(src))
    writer = PdfWriter(clone_from=reader)
    fonts = set()
    for page in writer.pages:
        res = page["/Resources"].get_object()
        for name, ref in res["/Font"].get_object().items():
            font = ref.get_object()
            if font.get("/Encoding") == "/UniGB-UCS2-H":
                fonts.add(name)
                font[NameObject("/Encoding")] = NameObject("/GBK-EUC-H")
                font[NameObject("/BaseFont")] = NameObject("/STSong-Light-GBK-EUC-H")
                desc = font["/DescendantFonts"][0].get_object()
                w = desc.get("/W", ArrayObject())
                # GBK-EUC-H maps ASCII bytes to the half-width CIDs 814..939 (0.5 em)
                desc[NameObject("/W")] = ArrayObject(
                    list(w) + [NumberObject(814), NumberObject(939), NumberObject(500)])
        content = ContentStream(page.get_contents(), writer)
        current = None
        for operands, op in content.operations:
            if op == b"Tf":
                current = operands[0]
            elif current in fonts and op in (b"Tj", b"'", b'"', b"TJ"):
                for i, x in enumerate(operands):
                    if isinstance(x, ArrayObject):
                        for j, y in enumerate(x):
                            if isinstance(y, (str, bytes)):
                                x[j] = gbk_bytes(y)
                    elif isinstance(x, (str, bytes)):
                        operands[i] = gbk_bytes(x)
        page.replace_contents(content)
        page.compress_content_streams()
    write_pinned(writer, path)


def gbk_bytes(s):
    from pypdf.generic import ByteStringObject

    raw = s.original_bytes if hasattr(s, "original_bytes") else bytes(s)
    return ByteStringObject(raw.decode("utf-16-be").encode("gbk"))


# ---------------------------------------------------------------------------------------------
# Pinning dates and IDs in place (same length, so the xref offsets stay right)
# ---------------------------------------------------------------------------------------------


def pin_in_place(path):
    data = path.read_bytes()
    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)\d{14}", lambda m: m.group(1) + PINNED_DATE, data)
    data = re.sub(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d",
                  lambda m: m.group(1) + b"2024-01-01T00:00:00", data)
    data = re.sub(rb"(/DocChecksum\s*/)[0-9A-Fa-f]{32}", lambda m: m.group(1) + b"0" * 32, data)
    digest = hashlib.md5(re.sub(rb"/ID\s*\[[^\]]*\]", b"", data)).hexdigest().encode()
    data = re.sub(rb"(/DocChecksum\s*/)0{32}", lambda m: m.group(1) + digest.upper(), data)

    def fix_id(m):
        def hexes(h):
            inner = h.group(1)
            return b"<" + (digest * 4)[: len(inner)] + b">"
        return re.sub(rb"<([0-9A-Fa-f]+)>", hexes, m.group(0))

    data = re.sub(rb"/ID\s*\[[^\]]*\]", fix_id, data)
    path.write_bytes(data)


# ---------------------------------------------------------------------------------------------
# Checks: pdffonts, pdftotext, and which tables go on across a page break
# ---------------------------------------------------------------------------------------------


def run(args):
    return subprocess.run(args, capture_output=True, text=True).stdout


def fonts_summary(path):
    """pdffonts, one line per kind of font: count×name (type, encoding, embedded, ToUnicode)."""
    out = run(["pdffonts", str(path)]).splitlines()[2:]
    kinds = {}
    for line in out:
        # name, type (one or two words), encoding, emb, sub, uni, object id
        m = re.match(r"^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)", line)
        if not m:
            continue
        name = re.sub(r"^[A-Z]{6}\+", "", m.group(1))
        key = (name, m.group(2).strip(), m.group(3), m.group(4), m.group(6))
        kinds[key] = kinds.get(key, 0) + 1
    return [f"{n}×{k[0]} ({k[1]}, {k[2]}, emb {k[3]}, uni {k[4]})" for k, n in kinds.items()]


def page_texts(path):
    text = run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"])
    return [re.sub(r"\s", "", p) for p in text.split("\f")[:-1]]


def continued_tables(forms, path):
    """(tables continued across a page break, rows split by one) as readable notes.

    Each form begins a page, so a form on more than one page has its table continued; a row is
    split when one of its cells is not whole on any of the form's pages (pdftotext)."""
    pages = page_texts(path)
    starts = []
    for key in form_keys(forms):
        starts.append(next(p for p, s in enumerate(pages) if key in s and p >= (starts[-1] if starts else 0)))
    continued, split = [], []
    for f, form in enumerate(forms):
        first = starts[f]
        last = (starts[f + 1] if f + 1 < len(forms) else len(pages)) - 1
        if last > first:
            continued.append(f"form {f + 1} on pages {first + 1}–{last + 1}")
        for kind, t in form:
            if kind != "table":
                continue
            for r, row in enumerate(t.rows):
                for x in row:
                    x = re.sub(r"\s", "", x)
                    if len(x) >= 2 and not any(x in pages[p] for p in range(first, last + 1)):
                        p = split_page(x, pages, first, last)
                        where = f"pages {p + 1}–{p + 2}" if p is not None else "(not found whole)"
                        split.append(f"form {f + 1} row {r + 1} ({row_label(row)}…) {where}")
                        break
    return continued, split


def form_keys(forms):
    """For each form, the first cell text (4 characters or more) that no other form has."""
    texts = [[re.sub(r"\s", "", x) for kind, t in form if kind == "table" for row in t.rows for x in row]
             for form in forms]
    keys = []
    for f, cells in enumerate(texts):
        others = {x for g, o in enumerate(texts) if g != f for x in o}
        keys.append(next(x for x in cells if len(x) >= 4 and x not in others))
    return keys


def split_page(text, pages, first, last):
    """The page p where text begins when it is cut between pages p and p + 1, or None."""
    for p in range(first, last):
        for n in range(1, len(text)):
            if text[:n] in pages[p] and text[n:] in pages[p + 1]:
                return p
    return None


def row_label(row):
    text = next((x for x in row if x.strip() and has_cjk(x)), "")
    return re.sub(r"\s", "", text)[:10]


# ---------------------------------------------------------------------------------------------


def human(n):
    return f"{n / 1024:.0f} KiB"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keep-work", help="keep the intermediate .docx/.html files in this folder")
    ap.add_argument("--out", default=str(OUT))
    opts = ap.parse_args()
    out = Path(opts.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(opts.keep_work) if opts.keep_work else Path(tempfile.mkdtemp(prefix="jixiao-pdf-"))
    work.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="jixiao-soffice-"))
    notes = {}

    docs = {key: parse(CORPUS / name) for key, name in DOCS}
    for key, forms in docs.items():
        print(f"corpus {key}: {len(forms)} forms, {sum(1 for f in forms for b in f if b[0] == 'table')} tables",
              file=sys.stderr)

    # (a) Word-style
    for key, forms in docs.items():
        docx = work / f"word-{key}.docx"
        make_docx(forms, docx)
        pdf = soffice_pdf(docx, work, profile)
        shutil.copy(pdf, out / f"word-{key}.pdf")
        pin_in_place(out / f"word-{key}.pdf")

    # (b) Chromium-style, and the borderless tables
    jobs = []
    styles = {"000": ["single", "separate"], "001": ["separate", "double"],
              "002": ["double", "single"], "003": ["single", "double", "separate"]}
    for key, forms in docs.items():
        src = work / f"chrome-{key}.html"
        make_html(forms, src, styles[key])
        jobs.append((src, out / f"chrome-{key}.pdf"))
    src = work / "borderless.html"
    make_html(docs[EDGE_DOC], src, ["none"])
    jobs.append((src, out / "borderless.pdf"))
    chrome_pdfs(jobs)
    for _, dst in jobs:
        pin_in_place(dst)

    # (c) edge cases from word-002.pdf
    base = out / f"word-{EDGE_DOC}.pdf"
    removed = make_notounicode(base, out / "notounicode.pdf")
    notes["notounicode.pdf"] = f"{removed} /ToUnicode removed"
    make_scan(base, out / "scan.pdf", work)
    make_rotate90(base, out / "rotate90.pdf")
    make_cm_rotated(base, out / "cm-rotated.pdf")
    make_encrypted(base, out / "owner-rc4.pdf", "RC4-128", signed_p=True)
    make_encrypted(base, out / "owner-aes256.pdf", "AES-256", signed_p=False)
    make_encrypted(base, out / "password.pdf", "AES-128", signed_p=False, user_password="1234")
    make_stsong(docs[EDGE_DOC], out / "stsong.pdf")
    make_gbk(out / "stsong.pdf", out / "gbk.pdf")

    # (d) a 39-page volume for the page's benchmark: chrome-000 + chrome-001 + word-002
    make_volume([out / "chrome-000.pdf", out / "chrome-001.pdf", base], out / "volume-39.pdf")

    # report
    total = 0
    for pdf in sorted(out.glob("*.pdf")):
        size = pdf.stat().st_size
        total += size
        pages = re.search(r"Pages:\s+(\d+)", run(["pdfinfo", str(pdf)]))
        line = f"{pdf.name:18} {human(size):>8} {pages.group(1) if pages else '?':>3} pages"
        print(line)
        for f in fonts_summary(pdf):
            print(f"    font {f}")
        if pdf.name in notes:
            print(f"    {notes[pdf.name]}")
        m = re.match(r"(word|chrome)-(\d+)\.pdf", pdf.name)
        if m or pdf.name == "borderless.pdf":
            forms = docs[m.group(2)] if m else docs[EDGE_DOC]
            continued, split = continued_tables(forms, pdf)
            if continued:
                print(f"    tables across pages: {'; '.join(continued)}")
            if split:
                print(f"    rows split by a page break: {'; '.join(split)}")
    print(f"total {human(total)}")
    if not opts.keep_work:
        shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
