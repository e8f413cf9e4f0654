# Formulas (their cached values are read and noted), error cells (#N/A: empty and
# noted), rich text, a formula giving text, booleans.
from xlsx_parts import write_xlsx

rows = {1: ["id", "nombre", "edad", "fecha", "activo"],
        2: [("n", "1"), ("rich", ["Ana ", "María"]), ("f", "20+14", "34"), ("e", "#N/A"),
            ("b", True)],
        3: [("n", "2"), ("f", "\"Luis\"", "Luis", "str"), ("n", "40"), ("e", "#VALUE!"),
            ("b", False)]}
write_xlsx("input.xlsx", [("Hoja1", rows, [])])
