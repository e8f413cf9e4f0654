# Serial dates (1900 system: built-in format 14 and a custom dd/mm/yyyy; serial 60 is
# Lotus's 1900-02-29), identifiers whose formats show leading zeros, a General number
# written 1.0E7, blank leading rows before the header (row 3) and a missing row 6.
from xlsx_parts import write_xlsx

rows = {
    3: ["id", "nombre", "fecha_nac", "fecha_registro", "cedula", "a_number", "otro"],
    4: [("n", "1"), "Ana Pérez", ("n", "33239", 1), ("n", "45658", 2), ("n", "1234567", 3),
        ("n", "12345678", 4), ("n", "1.0E7")],
    5: [("n", "2"), "Luis Gómez", ("n", "60", 1), ("n", "45659.5", 2), ("n", "87654321", 3),
        ("n", "98765432", 4), ("n", "123")],
    7: [("n", "3"), ("inline", "Marta Ruiz"), ("n", "61", 1), None, "01234567"],
}
write_xlsx("input.xlsx", [("Datos", rows, [])],
           num_fmts={164: "dd/mm/yyyy", 165: "00000000", 166: "000000000"},
           cell_formats=[0, 14, 164, 165, 166])
