# A workbook in the 1904 date system (workbook.xml: date1904) with two sheets; the
# import names the second with --sheet.
from xlsx_parts import write_xlsx

first = {1: ["otra", "cosa"], 2: ["x", "y"]}
second = {1: ["id", "nombre", "nacimiento"],
          2: [("n", "7"), "Rosa Díaz", ("n", "31777", 1)],
          3: [("n", "8"), "Juan Soto", ("n", "0", 1)]}
write_xlsx("input.xlsx", [("Primera", first, []), ("Segunda", second, [])],
           cell_formats=[0, 14], date1904=True)
