#!/usr/bin/env python3
"""Cuts the text fixtures into one fuzz seed per form, for runs with a small -max_len.

Usage: scripts/cut-seeds.py [MAX_BYTES] [OUT_DIR]
       scripts/cut-seeds.py --reports MAX_BYTES OUT_PREFIX < REPORTS.jsonl
       scripts/cut-seeds.py --tables MAX_BYTES
  MAX_BYTES: the most a seed may hold (default 4096); a longer form is cut at a line boundary
  OUT_DIR:   where the seeds go (default fuzz/seeds/text-forms/, emptied of *.txt first)
  --reports: the `report` target's seeds instead: each JSON report read (the CLI's
             `check --format json` output, one a line) is written once per form as a report of
             that form alone, to OUT_PREFIX + a number. Nothing is recomputed (reading a report
             back recomputes its summary and checks each form again); a report still over
             MAX_BYTES loses its unplaced lines, then indicators from the last one up, with the
             findings and corrections that name them, until it fits.
  --tables:  the `office` and `html` targets' seeds: forms 0 and 1 of each corpus document (as
             cut above, whole) written as a small .xlsx (shared strings, numbers as numbers with
             a 0.00 format), a small .docx and an HTML table (one table each, a line of one cell
             spanning the columns), each kept only if it fits in MAX_BYTES, as
             fuzz/seeds/office/form-SOURCE-N.xlsx, .docx and fuzz/seeds/html/form-SOURCE-N.html.

Inputs: every corpus document (tests/fixtures/corpus/*.txt) and every region fixture
(tests/fixtures/regions/*.txt and *.tsv, without their `// ` header block, which the checker
never sees). A form begins
  - at a title line (a short line whose first cell says 绩效自评, 绩效自我评价, 绩效目标自评 or
    项目自评表) once the piece so far holds a 项目名称 line, or
  - at a 项目名称 line when the piece so far holds a 项目名称 line and an end of a form after it
    (a 总分 / 自评总分 / 评分等级 / 自评等级 / 评价结论 row), for forms printed without a title.
Lines before the first form go with the first form, lines after a form's end (a page number,
附件2) with that form. A seed is named SOURCE-N.txt (SOURCE-tsv-N.txt from a .tsv), N counting
the forms from 0.
Python 3 standard library only; the same inputs always give the same seeds.
"""

import io
import json
import re
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
TITLE = re.compile(r"绩效自评|绩效自我评价|绩效目标自评|项目自评表")
PROJECT = re.compile(r"^\s*项目名称")
END = re.compile(r"^\s*(总分|自评总分|评分等级|自评等级|评价结论)")


def first_cell(line):
    return line.split("\t", 1)[0]


def is_title(line):
    cells = [c for c in line.rstrip("\r\n").split("\t") if c.strip()]
    # One cell (a PDF copy may join the title with the year) and not a sentence about scores.
    return len(cells) == 1 and len(cells[0]) <= 40 and bool(TITLE.search(first_cell(line)))


def lines_of(text):
    """The lines with their endings, split where the checker splits: LF (CRLF keeps its CR)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def strip_header(lines):
    """A region fixture's `// ` block at the top, which tests/regions.rs reads and drops."""
    i = 0
    while i < len(lines) and lines[i].startswith("//"):
        i += 1
    return lines[i:]


def forms(lines):
    pieces, cur = [], []
    has_project = ended = False
    for line in lines:
        starts = (is_title(line) and has_project) or (
            PROJECT.match(line) and has_project and ended
        )
        if starts:
            pieces.append(cur)
            cur, has_project, ended = [], False, False
        cur.append(line)
        if PROJECT.match(line):
            has_project, ended = True, False
        elif has_project and END.match(line):
            ended = True
    if cur:
        pieces.append(cur)
    return pieces


def truncate(lines, limit):
    """The lines that fit in `limit` bytes whole; a first line longer than that (a form pasted
    flat on one line) is cut at the last character boundary that fits."""
    out, size = [], 0
    for line in lines:
        n = len(line.encode("utf-8"))
        if size + n > limit:
            if not out:
                out.append(line.encode("utf-8")[:limit].decode("utf-8", "ignore"))
            break
        out.append(line)
        size += n
    return "".join(out)


def compact(report):
    return json.dumps(report, ensure_ascii=False, separators=(",", ":")) + "\n"


def indicator_of(field):
    """The indicator a finding's or correction's field names (`indicators[3].score` → 3)."""
    m = re.match(r"indicators\[(\d+)\]", field or "")
    return int(m.group(1)) if m else None


def drop_indicators(form, keep):
    form["indicators"] = form["indicators"][:keep]

    def kept(item):
        fix = item.get("fix") or {}
        return all(
            i is None or i < keep
            for i in (indicator_of(item.get("field")), indicator_of(fix.get("field")))
        )

    form["findings"] = [f for f in form["findings"] if kept(f)]
    form["corrections"] = [c for c in form["corrections"] if kept(c)]


def single_form_reports(limit, prefix):
    written = trimmed = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        report = json.loads(line)
        for form in report["forms"]:
            one = dict(report, forms=[json.loads(json.dumps(form))])
            if len(compact(one).encode()) > limit:
                one["unplaced"] = []
            keep = len(form["indicators"])
            while len(compact(one).encode()) > limit and keep > 0:
                keep -= 1
                drop_indicators(one["forms"][0], keep)
            if len(compact(one).encode()) > limit:
                continue
            trimmed += keep < len(form["indicators"])
            Path(f"{prefix}{written:03}").write_text(compact(one), encoding="utf-8")
            written += 1
    print(f"{written} report seeds at {prefix}*, {trimmed} of them with indicators left out")


def rows_of(text):
    return [line.rstrip("\r").split("\t") for line in text.split("\n") if line.strip()]


def column(i):
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def zipped(parts):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, body in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, body.encode("utf-8"), compresslevel=9)
    return buf.getvalue()


NUMBER = re.compile(r"-?\d+(\.\d+)?")


def xlsx(rows):
    strings, index, xml_rows = [], {}, []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, text in enumerate(row):
            text = text.strip()
            if not text:
                continue
            ref = f"{column(c)}{r}"
            if NUMBER.fullmatch(text):
                style = ' s="1"' if "." in text else ""
                cells.append(f'<c r="{ref}"{style}><v>{text}</v></c>')
            else:
                i = index.setdefault(text, len(strings))
                if i == len(strings):
                    strings.append(text)
                cells.append(f'<c r="{ref}" t="s"><v>{i}</v></c>')
        xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sst = "".join(f"<si><t>{escape(t)}</t></si>" for t in strings)
    return zipped(
        [
            (
                "[Content_Types].xml",
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
            ),
            (
                "xl/workbook.xml",
                f'<workbook {ns} xmlns:r="{rel}"><sheets>'
                '<sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>',
            ),
            (
                "xl/_rels/workbook.xml.rels",
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
                "</Relationships>",
            ),
            ("xl/sharedStrings.xml", f"<sst {ns}>{sst}</sst>"),
            (
                "xl/styles.xml",
                f'<styleSheet {ns}><numFmts count="1"><numFmt numFmtId="164" formatCode="0.00"/>'
                '</numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>'
                "</styleSheet>",
            ),
            ("xl/worksheets/sheet1.xml", f"<worksheet {ns}><sheetData>{''.join(xml_rows)}</sheetData></worksheet>"),
        ]
    )


def alone(row):
    """A title or a label alone on its line, drawn as one cell across the table."""
    return len([c for c in row if c.strip()]) == 1 and bool(row[0].strip())


def docx(rows):
    width = max(len(r) for r in rows)
    trs = []
    for row in rows:
        if alone(row):
            tcs = [f'<w:tc><w:tcPr><w:gridSpan w:val="{width}"/></w:tcPr>{para(row[0])}</w:tc>']
        else:
            tcs = [f"<w:tc>{para(c)}</w:tc>" for c in row + [""] * (width - len(row))]
        trs.append(f"<w:tr>{''.join(tcs)}</w:tr>")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    return zipped(
        [
            (
                "[Content_Types].xml",
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
            ),
            ("word/document.xml", f"<w:document {w}><w:body><w:tbl>{''.join(trs)}</w:tbl></w:body></w:document>"),
        ]
    )


def para(text):
    text = text.strip()
    return f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>" if text else "<w:p/>"


def html(rows):
    width = max(len(r) for r in rows)
    trs = []
    for row in rows:
        if alone(row):
            tds = f"<td colspan={width}>{escape(row[0].strip())}</td>"
        else:
            while row and not row[-1].strip():
                row = row[:-1]  # no trailing empty cells: they cost bytes and change nothing
            tds = "".join(f"<td>{escape(c.strip())}</td>" for c in row)
        trs.append(f"<tr>{tds}</tr>\n")
    return f"<table>\n{''.join(trs)}</table>\n".encode("utf-8")


def table_seeds(limit):
    written = skipped = 0
    for path in sorted((ROOT / "tests/fixtures/corpus").glob("*.txt")):
        pieces = forms(lines_of(path.read_bytes().decode("utf-8")))
        for n, piece in enumerate(pieces[:2]):
            rows = rows_of("".join(piece))
            for ext, make, target in (
                ("xlsx", xlsx, "office"),
                ("docx", docx, "office"),
                ("html", html, "html"),
            ):
                data = make(rows)
                if len(data) > limit:
                    skipped += 1
                    continue
                out = ROOT / "fuzz/seeds" / target / f"form-{path.stem[:3]}-{n}.{ext}"
                out.write_bytes(data)
                written += 1
    print(f"{written} seeds in fuzz/seeds/office and fuzz/seeds/html, {skipped} over {limit} bytes")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--reports":
        single_form_reports(int(sys.argv[2]), sys.argv[3])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--tables":
        table_seeds(int(sys.argv[2]))
        return
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
    out_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "fuzz/seeds/text-forms"
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.txt"):
        old.unlink()
    fixtures = ROOT / "tests/fixtures"
    sources = sorted((fixtures / "corpus").glob("*.txt"))
    regions = sorted((fixtures / "regions").glob("*.txt")) + sorted(
        (fixtures / "regions").glob("*.tsv")
    )
    written = cut = 0
    for path in sources + regions:
        text = path.read_bytes().decode("utf-8")  # as it is: no newline translation
        lines = lines_of(text)
        if path.parent.name == "regions":
            lines = strip_header(lines)
        for n, piece in enumerate(forms(lines)):
            body = truncate(piece, limit)
            if not body.strip():
                continue
            cut += len(body) < len("".join(piece))
            name = f"{path.stem}{'' if path.suffix == '.txt' else '-tsv'}-{n}.txt"
            (out_dir / name).write_text(body, encoding="utf-8", newline="")
            written += 1
    print(f"{written} seeds in {out_dir.relative_to(ROOT)}, {cut} of them cut to {limit} bytes")


if __name__ == "__main__":
    main()
