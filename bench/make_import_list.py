#!/usr/bin/env python3
"""Writes a synthetic list of N rows for the import benchmark (deterministic).

Columns mimic a family-report spreadsheet: quoted names with commas, accents,
dates in DD/MM/YYYY, cédulas, phones, free-text notes. Synthetic people only.
Usage: make_import_list.py N OUT.csv
"""
import random
import sys

GIVEN = ["José", "Luis", "María", "Ángel", "Yorbis", "Jhonny", "Wuilmer", "Yusmary",
         "Carmen", "Andrés", "Deivis", "Keiner", "Rosa", "Juan", "Pedro", "Ana"]
SURNAMES = ["González", "Rodríguez", "Pérez", "Hernández", "García", "Martínez",
            "Uzcátegui", "De La Cruz", "Del Valle", "Núñez", "Peña", "Rojas"]

def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20250315)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("record_id,nombres,apellidos,fecha_nacimiento,cedula,telefono,estado,nota\r\n")
        for i in range(1, n + 1):
            given = " ".join(rng.sample(GIVEN, rng.choice((1, 2))))
            surnames = f"{rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"
            dob = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1960, 2010)}"
            note = rng.choice(["", "visto en \"El Valle\", Texas", "sin noticias desde marzo"])
            f.write(f'{i},"{given}","{surnames}",{dob},V-{rng.randint(5000000, 30000000)},'
                    f'+58 412 {rng.randint(1000000, 9999999)},Zulia,"{note.replace(chr(34), chr(34) * 2)}"\r\n')

if __name__ == "__main__":
    main()
