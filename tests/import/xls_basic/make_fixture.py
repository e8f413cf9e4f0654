# Writes input.xls, the committed fixture of this case (synthetic data only), with
# python3-xlwt (Debian 12: apt-get install python3-xlwt). Not run by the test: xlwt is
# not a build dependency. Regenerate with: cd tests/import/xls_basic && /usr/bin/python3 make_fixture.py
# (Debian's python3, where python3-xlwt installs)
import datetime

import xlwt

book = xlwt.Workbook(encoding="utf-8")
first = book.add_sheet("Lista")
dates = xlwt.easyxf(num_format_str="DD/MM/YYYY")
for col, name in enumerate(["id", "nombre", "nacimiento", "cedula", "edad"]):
    first.write(0, col, name)
first.write(1, 0, 1)
first.write(1, 1, "Ana Pérez")
first.write(1, 2, datetime.date(1991, 1, 1), dates)
first.write(1, 3, "01234567")
first.write(1, 4, 34)
first.write(2, 0, 2)
first.write(2, 1, "Luis Gómez")
first.write(2, 2, datetime.date(1985, 6, 15), dates)
first.write(2, 3, 12345678)
first.write(2, 4, 40.5)
# Row 4 left blank; row 5 holds a record again.
first.write(4, 0, 3)
first.write(4, 1, "Marta Ruiz")
other = book.add_sheet("Otra")
other.write(0, 0, "x")
book.save("input.xls")
