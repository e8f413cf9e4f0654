from xlsx_parts import write_xlsx

write_xlsx("input.xlsx", [("Hoja1", {1: ["id", "nombre"], 2: [("n", "1"), "Ana"]}, []),
                          ("Hoja2", {1: ["id", "nombre"]}, [])])
