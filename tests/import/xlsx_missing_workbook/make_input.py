from xlsx_parts import write_xlsx

write_xlsx("input.xlsx", [("Datos", {1: ["id", "nombre"]}, [])],
           replace={"xl/workbook.xml": None})
