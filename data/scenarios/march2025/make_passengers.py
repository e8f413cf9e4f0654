#!/usr/bin/env python3
"""Writes the synthetic people of the March 2025 scenario: names drawn with a fixed seed
from common Venezuelan given names and surnames (generated, never real detainees),
synthetic A-numbers and cedulas. The public timeline (orders, flights, times) is from
DOMAIN notes. Run once; the files it writes are committed. See README.md."""
import csv, random
random.seed(20250315)
GIVEN = ["José Luis", "Carlos", "Luis Alberto", "Jhonny", "Yorbis", "Wuilmer", "Yonaiker",
         "Miguel Ángel", "Jesús", "Francisco", "Andrés", "Kelvin", "Eduardo", "Ronald",
         "Daniel", "Frank", "Jefferson", "Anderson", "Leonardo", "Oscar", "Alexander", "Deivis"]
SUR = ["Pérez", "González", "Rodríguez", "Hernández", "García", "Martínez", "Ramírez",
       "Torres", "Rojas", "Mendoza", "Castillo", "Salazar", "Guerrero", "Medina", "Bravo",
       "Quintero", "Carrillo", "Parra", "Villegas", "Briceño", "Montilla", "Urdaneta"]
used = set()
def name():
    while True:
        g = random.choice(GIVEN); a, b = random.sample(SUR, 2)
        if (g, a, b) not in used:
            used.add((g, a, b)); return g, f"{a} {b}"
def birth():
    return f"{random.randint(1985, 2003)}-{random.randint(1,12):02d}-{random.randint(1,28):02d}"

# manifest id, flight, authority as the manifest writes it, birth date override
P = [("M01","GlobalX 6143","AEA",None),("M02","GXA6143","AEA",None),("M03","GlobalX 6143","Alien Enemies Act",None),
     ("M04","6143","AEA",None),("M05","GlobalX 6143","AEA",None),
     ("M06","GlobalX 6143","AEA","2011-06-01"),   # 13 at the orders: outside the class
     ("M07","GlobalX 6143","AEA","2011"),         # 13 or 14: possible
     ("M10","GlobalX 6145","AEA",None),           # named plaintiff on a plane
     ("M11","GlobalX 6145","AEA",None),("M12","N837VA","AEA",None),("M13","GlobalX 6145","AEA",None),
     ("M14","GlobalX 6145","AEA",None),
     ("M20","GlobalX 6122","Title 8",None),("M21","GlobalX 6122","Title 8",None),
     ("M22","GlobalX 6122","Title 8",None),       # contested by the lawyers' list
     ("M23","GlobalX 6122","Title 8",None),("M24","GlobalX 6122","Title 8",None)]
rows = []
for i, (mid, flight, auth, b) in enumerate(P):
    g, s = name()
    rows.append(dict(manifest_id=mid, nombres=g, apellidos=s, fecha_nac=b or birth(),
                     nacionalidad="VENEZUELA", a_number=f"2{i:02d}{random.randint(100000,999999)}",
                     vuelo=flight, autoridad=auth))
with open("manifest.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0])); w.writeheader(); w.writerows(rows)

by = {r["manifest_id"]: r for r in rows}
# Named plaintiffs: M10 (removed) and four not on any plane.
plaintiffs = [by["M10"]]
for k in range(4):
    g, s = name()
    plaintiffs.append(dict(nombres=g, apellidos=s, fecha_nac=birth(), nacionalidad="VENEZUELA",
                           a_number=f"3{k:02d}{random.randint(100000,999999)}", vuelo="", autoridad=""))
with open("complaint.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f); w.writerow(["plaintiff", "name", "a_number", "birth_date"])
    for k, p in enumerate(plaintiffs):
        w.writerow([f"{k+1}", f"{p['apellidos'].upper()}, {p['nombres']}", p["a_number"], p["fecha_nac"]])

# ICE detention: every passenger booked in before the orders.
with open("ice_detention.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f); w.writerow(["manifest_ref", "event", "facility", "date"])
    for r in rows:
        fac = "EL VALLE DETENTION FACILITY" if r["vuelo"] != "GlobalX 6122" else "Bluebonnet"
        w.writerow([r["manifest_id"], "book_in", fac, f"2025-03-{random.randint(8,13):02d}"])

# Lawyers' list: says M20-M22 were removed under the Act (the government says Title 8).
with open("lawyers_list.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f); w.writerow(["manifest_ref", "flight", "basis", "note"])
    for mid in ["M20", "M21", "M22"]:
        w.writerow([mid, "6122", "Alien Enemies Act", "client told counsel he was designated"])

# DHS validation: designations with evidence items; family and media counter-evidence.
with open("validation.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f); w.writerow(["manifest_ref", "kind", "item", "date", "source_note"])
    for r in rows[:12]:
        w.writerow([r["manifest_id"], "designation", "", "2025-03-14", "validation guide"])
    plans = {"M01": ["tattoo", "clothing"], "M02": ["tattoo", "social_media", "gang_communications"],
             "M03": ["tattoo"], "M04": ["clothing", "tattoo"], "M05": ["law_enforcement_report", "tattoo"],
             "M10": ["tattoo", "clothing"], "M11": ["social_media", "tattoo", "clothing"],
             "M12": ["law_enforcement_report", "gang_communications"], "M13": ["tattoo", "clothing"],
             "M14": ["tattoo", "clothing"], "M06": ["tattoo", "clothing"], "M07": ["tattoo", "clothing"]}
    for mid, items in plans.items():
        for it in items:
            w.writerow([mid, "evidence", it, "2025-03-14", "validation guide"])
with open("family_reports.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f); w.writerow(["report_id", "nombre_completo", "cedula", "fecha_nac", "nacionalidad",
                                   "lugar", "fecha_evento", "evento", "autoridad"])
    g, s = name()
    # F1: a man his family says was removed on 15 March (day only, no flight).
    w.writerow(["F1", f"{g} {s}", f"V-{random.randint(10,30)}.{random.randint(100,999)}.{random.randint(100,999)}",
                birth(), "venezolano", "", "15/03/2025", "removal", "AEA"])
    m13 = by["M13"]
    w.writerow(["F2", f"{m13['nombres']} {m13['apellidos']}", "", m13["fecha_nac"], "venezolano",
                "Centro de Confinamiento del Terrorismo", "16/03/2025", "book_in", ""])
with open("counter_evidence.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f); w.writerow(["manifest_ref", "kind", "item", "value", "date"])
    for mid in ["M01", "M03", "M10", "M13"]:
        w.writerow([mid, "counter_evidence", "no_us_conviction", "", "2025-05-30"])
    w.writerow(["M04", "counter_evidence", "no_gang_tattoo", "", "2025-04-02"])
    w.writerow(["M14", "attribute", "status", "lpr", "2025-04-02"])
    w.writerow(["M05", "conviction", "theft", "", "2022-08-01"])
    w.writerow(["M05", "counter_evidence", "no_us_conviction", "", "2025-05-30"])
# NGO registry: men registered at CECOT (some as "CECOT, Tecoluca").
with open("cecot_registry.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f); w.writerow(["reg", "nombre", "a_number", "fecha_registro", "centro"])
    for k, mid in enumerate(["M01", "M02", "M10", "M11", "M12"]):
        r = by[mid]
        w.writerow([f"C{k+1}", f"{r['nombres']} {r['apellidos']}", r["a_number"], "2025-03-16",
                    ["CECOT, Tecoluca", "Cecot", "CECOT"][k % 3]])
print("ok")
