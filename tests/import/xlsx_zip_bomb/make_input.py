# 32 MiB of spaces in a sheet compress about 1000:1: refused before inflating.
from xlsx_parts import write_xlsx

write_xlsx("input.xlsx", [("Datos", {1: ["id", "nombre"]}, [])],
           replace={"xl/worksheets/sheet1.xml": "<worksheet>" + " " * (32 << 20) + "</worksheet>"})
