"""Writes .xlsx workbooks part by part with Python's standard zipfile: the tests
(tests/import/xlsx_*/make_input.py) and the benchmark (bench/make_import_xlsx.py)
build exactly the workbook they need, as Excel lays it out.

Cells of a row (a list, column A first; None leaves a cell out):
  "text"                    a shared string
  ("inline", "text")        an inline string (<is><t>)
  ("rich", ["Ana ", "Mar"]) a shared string in rich-text runs
  ("n", "33239", style)     a number with a cell style (index into cell_formats)
  ("b", True)               a boolean
  ("e", "#N/A")             an error
  ("f", "B2*2", "68")       a formula with its cached number (("f", f, v, "str") for text)
"""
import zipfile
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def column_letters(i):
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


class SharedStrings:
    def __init__(self):
        self.items, self.index = [], {}

    def add(self, xml):
        if xml not in self.index:
            self.index[xml] = len(self.items)
            self.items.append(xml)
        return self.index[xml]


def cell_xml(ref, cell, strings):
    if isinstance(cell, str):
        return f'<c r="{ref}" t="s"><v>{strings.add("<t>" + escape(cell) + "</t>")}</v></c>'
    kind = cell[0]
    if kind == "inline":
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(cell[1])}</t></is></c>'
    if kind == "rich":
        runs = "".join(f"<r><rPr><b/></rPr><t xml:space=\"preserve\">{escape(t)}</t></r>"
                       for t in cell[1])
        return f'<c r="{ref}" t="s"><v>{strings.add(runs)}</v></c>'
    if kind == "n":
        style = f' s="{cell[2]}"' if len(cell) > 2 else ""
        return f'<c r="{ref}"{style}><v>{cell[1]}</v></c>'
    if kind == "b":
        return f'<c r="{ref}" t="b"><v>{1 if cell[1] else 0}</v></c>'
    if kind == "e":
        return f'<c r="{ref}" t="e"><v>{escape(cell[1])}</v></c>'
    if kind == "f":
        t = ' t="str"' if len(cell) > 3 and cell[3] == "str" else ""
        return f'<c r="{ref}"{t}><f>{escape(cell[1])}</f><v>{escape(cell[2])}</v></c>'
    raise ValueError(cell)


def sheet_xml(rows, merges, strings):
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" '
           f'xmlns:r="{REL}"><sheetData>']
    for number in sorted(rows):
        cells = "".join(cell_xml(f"{column_letters(i)}{number}", c, strings)
                        for i, c in enumerate(rows[number]) if c is not None)
        out.append(f'<row r="{number}">{cells}</row>')
    out.append("</sheetData>")
    if merges:
        out.append(f'<mergeCells count="{len(merges)}">')
        out.extend(f'<mergeCell ref="{m}"/>' for m in merges)
        out.append("</mergeCells>")
    out.append("</worksheet>")
    return "".join(out)


def write_xlsx(path, sheets, num_fmts=None, cell_formats=(0,), date1904=False, replace=None):
    """sheets: [(name, {row number: [cells]}, [merged ranges such as "B1:C1"])];
    num_fmts: {id: format code}; cell_formats: numFmtId of each cell style;
    replace: {part name: bytes or None} to damage or drop parts."""
    strings = SharedStrings()
    parts = {}
    book = [f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">']
    if date1904:
        book.append('<workbookPr date1904="1"/>')
    book.append("<sheets>")
    rels = [f'<?xml version="1.0"?><Relationships xmlns="{PKG}">']
    for i, (name, rows, merges) in enumerate(sheets, start=1):
        book.append(f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i + 2}"/>')
        rels.append(f'<Relationship Id="rId{i + 2}" Type="{REL}/worksheet" '
                    f'Target="worksheets/sheet{i}.xml"/>')
        parts[f"xl/worksheets/sheet{i}.xml"] = sheet_xml(rows, merges, strings)
    book.append("</sheets></workbook>")
    rels.append(f'<Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/>'
                f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
                "</Relationships>")
    fmts = "".join(f'<numFmt numFmtId="{k}" formatCode={quoteattr(v)}/>'
                   for k, v in (num_fmts or {}).items())
    xfs = "".join(f'<xf numFmtId="{n}" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                  for n in cell_formats)
    parts["xl/styles.xml"] = (f'<?xml version="1.0"?><styleSheet xmlns="{MAIN}"><numFmts '
                              f'count="{len(num_fmts or {})}">{fmts}</numFmts><cellXfs '
                              f'count="{len(cell_formats)}">{xfs}</cellXfs></styleSheet>')
    parts["xl/sharedStrings.xml"] = (
        f'<?xml version="1.0"?><sst xmlns="{MAIN}" uniqueCount="{len(strings.items)}">' +
        "".join(f"<si>{s}</si>" for s in strings.items) + "</sst>")
    parts["xl/workbook.xml"] = "".join(book)
    parts["xl/_rels/workbook.xml.rels"] = "".join(rels)
    parts["_rels/.rels"] = (f'<?xml version="1.0"?><Relationships xmlns="{PKG}"><Relationship '
                            f'Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
                            "</Relationships>")
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
    for name, content in (replace or {}).items():
        if content is None:
            parts.pop(name, None)
        else:
            parts[name] = content
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ["[Content_Types].xml", "_rels/.rels"] + sorted(
                p for p in parts if p not in ("[Content_Types].xml", "_rels/.rels")):
            if name in parts:
                z.writestr(name, parts[name])
