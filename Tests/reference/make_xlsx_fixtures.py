# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""Writes the Excel baseline fixtures under Tests/GremlinKitTests/Fixtures/xlsx/ with openpyxl.

    pip install openpyxl
    python3 Tests/reference/make_xlsx_fixtures.py

Every workbook is written by openpyxl, then a few are post-processed by rewriting the zip, because
openpyxl cannot write what Excel writes there:

- openpyxl never stores a formula's computed (cached) value: it writes `<f>…</f><v></v>`. The
  "formula with a cached value" fixture gets `<v>0.69</v>` added, as Excel would after a save;
  the "formula without a cached value" fixture is left as openpyxl writes it.
- openpyxl (3.1) writes every string as an inline string (`t="inlineStr"`); Excel writes shared
  strings. `metrics.xlsx` is rewritten to Excel's form: one `xl/sharedStrings.xml` for both
  sheets (with `hazard_ratio` as two rich-text runs), its relationship and content type, and
  `t="s"` cells pointing into it.
- openpyxl writes floats with 16 significant digits (0.69 becomes 0.6899999999999999); Excel keeps
  15, and the reader rounds to 15, so the fixtures hold what openpyxl writes.
- `bomb.xlsx` is not written by openpyxl at all: a sheet part of 70 MiB of spaces, deflated to
  about 70 KiB, to show a zip bomb is refused before it is inflated. `bomb-lying.xlsx` is the same
  part with its declared sizes (local header and central directory) patched to 1,000 bytes, so
  only the cap on inflated bytes can stop it.
- `broken-xml.xlsx` has a sheet part that is not well-formed XML.
- `duplicate-entry.xlsx` holds the sheet part twice under one name, with different values (zip
  readers disagree on which one counts).

The numbers of `metrics.xlsx` equal Tests/GremlinKitTests/Fixtures/contract/metrics-with-ci.json,
so a baseline from either file must give the same evaluation. The output is deterministic (fixed
document properties and zip timestamps).
"""

import datetime
import io
import os
import re
import zipfile

import openpyxl

OUT = os.path.join(os.path.dirname(__file__), "..", "GremlinKitTests", "Fixtures", "xlsx")
FIXED = datetime.datetime(2026, 1, 1)


def workbook():
    book = openpyxl.Workbook()
    book.properties.created = FIXED
    book.properties.modified = FIXED
    book.properties.creator = "gremlin fixtures"
    return book


def save(book, name, rewrite=None):
    """Saves `book` as `name`, passing each part through `rewrite(path, text)` when given."""
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"<dcterms:modified[^>]*>[^<]*<", b'<dcterms:modified xsi:type="dcterms:W3CDTF">'
                              b"2026-01-01T00:00:00Z<", data)
            if rewrite:
                data = rewrite(info.filename, data.decode("utf-8")).encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)


def shared_strings(name):
    """Rewrites every inline string of workbook `name` into one shared string table."""
    path = os.path.join(OUT, name)
    source = zipfile.ZipFile(io.BytesIO(open(path, "rb").read()))
    table = []

    def share(match):
        text = match.group(2)
        if text not in table:
            table.append(text)
        return f'<c r="{match.group(1)}" t="s"><v>{table.index(text)}</v></c>'

    parts = {}
    for info in source.infolist():
        data = source.read(info.filename).decode("utf-8")
        if info.filename.startswith("xl/worksheets/"):
            data = re.sub(r'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>([^<]*)</t></is></c>', share, data)
            assert "inlineStr" not in data
        parts[info.filename] = data
    items = "".join(
        "<si><r><t>hazard_</t></r><r><t>ratio</t></r></si>" if text == "hazard_ratio" else f"<si><t>{text}</t></si>"
        for text in table)
    parts["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(table)}" uniqueCount="{len(table)}">{items}</sst>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        "</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        "</Relationships>", '<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for filename, data in parts.items():
            entry = zipfile.ZipInfo(filename, date_time=(2026, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data.encode("utf-8"))


def long_sheet(sheet):
    sheet.append(["metric", "value", "ci_low", "ci_high"])
    sheet.append(["c_index", 0.69, 0.66, 0.72])
    sheet.append(["hazard_ratio", 1.41, 1.12, 1.77])


def main():
    os.makedirs(OUT, exist_ok=True)

    # Long layout first, a wide layout on a second sheet; an empty cell (no interval) in both.
    book = workbook()
    sheet = book.active
    sheet.title = "Long"
    long_sheet(sheet)
    sheet.append(["auroc", 0.74, None, None])
    wide = book.create_sheet("Wide")
    wide.append(["model", "c_index", "c_index_ci_low", "c_index_ci_high", "hazard_ratio", "auroc"])
    wide.append(["cand_v2", 0.71, 0.68, 0.74, 1.52, 0.75])
    wide.append(["prod_v1", 0.69, 0.66, 0.72, 1.41, None])
    save(book, "metrics.xlsx")
    shared_strings("metrics.xlsx")

    # The same numbers as contract/metrics-with-ci.json, for the end-to-end comparison.
    book = workbook()
    long_sheet(book.active)
    save(book, "base.xlsx")

    # A wide sheet with a single model row.
    book = workbook()
    book.active.append(["model", "c_index", "hazard_ratio"])
    book.active.append(["prod_v1", 0.69, 1.41])
    save(book, "single-row.xlsx")

    # 'n/a' in Sheet1!C4.
    book = workbook()
    long_sheet(book.active)
    book.active.append(["auroc", 0.74, "n/a", 0.8])
    save(book, "not-a-number.xlsx")

    # A date where a metric's value belongs.
    book = workbook()
    long_sheet(book.active)
    book.active.append(["auroc", datetime.date(2026, 3, 1)])
    save(book, "date.xlsx")

    # A boolean and an Excel error value.
    book = workbook()
    long_sheet(book.active)
    book.active.append(["auroc", True])
    save(book, "boolean.xlsx")
    book = workbook()
    long_sheet(book.active)
    book.active.append(["auroc", "#DIV/0!"])
    save(book, "error.xlsx")

    # A merged header: c_index spans B1:C1, so C2's value has no column name.
    book = workbook()
    book.active.append(["model", "c_index", None, "hazard_ratio"])
    book.active.append(["prod_v1", 0.69, 0.70, 1.41])
    book.active.merge_cells("B1:C1")
    save(book, "merged-header.xlsx")

    # Formulas, with and without a cached value.
    def formula_book():
        book = workbook()
        book.active.append(["metric", "value"])
        book.active.append(["c_index", "=0.6+0.09"])
        return book

    def add_cached(path, text):
        if path != "xl/worksheets/sheet1.xml":
            return text
        patched, count = re.subn(r"<f>0\.6\+0\.09</f><v\s*/?>(</v>)?", "<f>0.6+0.09</f><v>0.69</v>", text)
        assert count == 1, text
        return patched

    save(formula_book(), "formula-cached.xlsx", add_cached)
    save(formula_book(), "formula-uncached.xlsx")

    # A zip bomb: a sheet part that inflates to 70 MiB.
    with zipfile.ZipFile(os.path.join(OUT, "bomb.xlsx"), "w", zipfile.ZIP_DEFLATED) as target:
        source = zipfile.ZipFile(os.path.join(OUT, "base.xlsx"))
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (70 << 20))
            target.writestr(entry, data, compresslevel=9)

    lying("bomb.xlsx", "bomb-lying.xlsx")

    def broken(path, text):
        return text.replace("</sheetData>", "</sheetData") if path == "xl/worksheets/sheet1.xml" else text

    book = workbook()
    long_sheet(book.active)
    save(book, "broken-xml.xlsx", broken)

    import warnings

    source = zipfile.ZipFile(os.path.join(OUT, "base.xlsx"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name, which is the point
        with zipfile.ZipFile(os.path.join(OUT, "duplicate-entry.xlsx"), "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                entry = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
                entry.compress_type = zipfile.ZIP_DEFLATED
                data = source.read(info.filename)
                target.writestr(entry, data)
                if info.filename == "xl/worksheets/sheet1.xml":
                    target.writestr(entry, data.replace(b"<v>1.41</v>", b"<v>0.41</v>"))


def lying(source_name, target_name):
    """Copies `source_name` with the sheet part's declared uncompressed size set to 1,000 bytes."""
    data = bytearray(open(os.path.join(OUT, source_name), "rb").read())
    name = b"xl/worksheets/sheet1.xml"
    # Local file header: signature, then the uncompressed size at offset 22.
    start = 0
    while True:
        at = data.find(b"PK\x03\x04", start)
        if at < 0:
            break
        length = int.from_bytes(data[at + 26:at + 28], "little")
        if data[at + 30:at + 30 + length] == name:
            data[at + 22:at + 26] = (1000).to_bytes(4, "little")
        start = at + 4
    # Central directory entry: the uncompressed size at offset 24.
    start = 0
    while True:
        at = data.find(b"PK\x01\x02", start)
        if at < 0:
            break
        length = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + length] == name:
            data[at + 24:at + 28] = (1000).to_bytes(4, "little")
        start = at + 4
    open(os.path.join(OUT, target_name), "wb").write(bytes(data))


if __name__ == "__main__":
    main()
