# A header cell merged over two columns (B1:C1 "Apellidos"): the second column is
# named "Apellidos (2)".
from xlsx_parts import write_xlsx

rows = {1: ["id", "Apellidos", None, "nombres"],
        2: [("n", "1"), "Pérez", "Gómez", "Ana"],
        3: [("n", "2"), "Ruiz", None, "Luis"]}
write_xlsx("input.xlsx", [("Hoja1", rows, ["B1:C1"])])
