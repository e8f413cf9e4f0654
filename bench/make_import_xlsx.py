#!/usr/bin/env python3
"""Writes a synthetic .xlsx list of N rows for the spreadsheet import benchmark
(deterministic; synthetic people only), laid out as Excel writes it: names and notes
as shared strings, birth dates as serial numbers with a dd/mm/yyyy format, cédulas as
numbers with an "00000000" format, phones as plain numbers. The sheet is streamed into
the zip, so any N fits in little memory.
Usage: make_import_xlsx.py N OUT.xlsx
"""
import datetime
import os
import random
import sys
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))
from xlsx_parts import MAIN, PKG, REL, column_letters  # noqa: E402

GIVEN = ["José", "Luis", "María", "Ángel", "Yorbis", "Jhonny", "Wuilmer", "Yusmary",
         "Carmen", "Andrés", "Deivis", "Keiner", "Rosa", "Juan", "Pedro", "Ana"]
SURNAMES = ["González", "Rodríguez", "Pérez", "Hernández", "García", "Martínez",
            "Uzcátegui", "De La Cruz", "Del Valle", "Núñez", "Peña", "Rojas"]
NOTES = ["visto en \"El Valle\", Texas", "sin noticias desde marzo"]
HEADER = ["record_id", "nombres", "apellidos", "fecha_nacimiento", "cedula", "telefono",
          "estado", "nota"]
EPOCH = datetime.date(1899, 12, 30)


class Strings:
    def __init__(self):
        self.items, self.index = [], {}

    def __call__(self, text):
        if text not in self.index:
            self.index[text] = len(self.items)
            self.items.append(text)
        return self.index[text]


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rows(n, strings):
    rng = random.Random(20250315)
    cells = "".join(f'<c r="{column_letters(i)}1" t="s"><v>{strings(h)}</v></c>'
                    for i, h in enumerate(HEADER))
    yield f'<row r="1">{cells}</row>'
    for i in range(1, n + 1):
        r = i + 1
        given = " ".join(rng.sample(GIVEN, rng.choice((1, 2))))
        surnames = f"{rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"
        dob = datetime.date(rng.randint(1960, 2010), rng.randint(1, 12), rng.randint(1, 28))
        note = rng.choice(["", NOTES[0], NOTES[1]])
        out = [f'<row r="{r}"><c r="A{r}"><v>{i}</v></c>',
               f'<c r="B{r}" t="s"><v>{strings(given)}</v></c>',
               f'<c r="C{r}" t="s"><v>{strings(surnames)}</v></c>',
               f'<c r="D{r}" s="1"><v>{(dob - EPOCH).days}</v></c>',
               f'<c r="E{r}" s="2"><v>{rng.randint(500000, 30000000)}</v></c>',
               f'<c r="F{r}"><v>58412{rng.randint(1000000, 9999999)}</v></c>',
               f'<c r="G{r}" t="s"><v>{strings("Zulia")}</v></c>']
        if note:
            out.append(f'<c r="H{r}" t="s"><v>{strings(note)}</v></c>')
        out.append("</row>")
        yield "".join(out)


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    strings = Strings()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{PKG}">'
                   f'<Relationship Id="rId1" Type="{REL}/officeDocument" '
                   'Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{MAIN}" '
                   f'xmlns:r="{REL}"><sheets><sheet name="Lista" sheetId="1" r:id="rId3"/>'
                   "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships '
                   f'xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/styles" '
                   f'Target="styles.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" '
                   f'Target="sharedStrings.xml"/><Relationship Id="rId3" Type="{REL}/worksheet" '
                   'Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/styles.xml", f'<?xml version="1.0"?><styleSheet xmlns="{MAIN}"><numFmts '
                   'count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt '
                   'numFmtId="165" formatCode="00000000"/></numFmts><cellXfs count="3"><xf '
                   'numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
                        "<sheetData>".encode())
            batch = []
            for row in rows(n, strings):
                batch.append(row)
                if len(batch) == 10000:
                    sheet.write("".join(batch).encode())
                    batch = []
            sheet.write(("".join(batch) + "</sheetData></worksheet>").encode())
        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst xmlns="{MAIN}">' +
                   "".join(f"<si><t>{esc(s)}</t></si>" for s in strings.items) + "</sst>")


if __name__ == "__main__":
    main()
