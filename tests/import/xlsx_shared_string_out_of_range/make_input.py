# A cell refers to shared string 99 of a table of two: the file is damaged.
from xlsx_parts import write_xlsx

write_xlsx("input.xlsx", [("Datos", {1: ["id", "nombre"], 2: [("n", "1"), "Ana"]}, [])],
           replace={"xl/worksheets/sheet1.xml":
                    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v>'
                    '</c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>99</v></c>'
                    '</row></sheetData></worksheet>'})
