# The sheet's XML breaks off inside row 2 after a good row: nothing is imported.
from xlsx_parts import write_xlsx

write_xlsx("input.xlsx", [("Datos", {1: ["id", "nombre"]}, [])],
           replace={"xl/worksheets/sheet1.xml":
                    '<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>id</t></is></c>'
                    '<c t="inlineStr"><is><t>nombre</t></is></c></row><row r="2"><c><v>1</v></c><c t="inlineStr"><is><t>Ana</t>'})
