# Bad single rows are rejected rows, as in CSV: an empty record id, a value right of
# the header's last column, a repeated id.
from xlsx_parts import write_xlsx

rows = {1: ["id", "nombre"],
        2: [("n", "1"), "Ana Pérez"],
        3: [None, "Sin Id"],
        4: [("n", "3"), "Luis Gómez", "sobra"],
        5: [("n", "1"), "Otra Ana"]}
write_xlsx("input.xlsx", [("Hoja1", rows, [])])
