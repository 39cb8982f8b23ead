"""The floor: write the very same cells as a grantsheet master with XlsxWriter alone.

    python benchmarks/floor.py CELLS.json OUT.xlsx

CELLS.json is made by ``run.py`` from a built master (read back with openpyxl before
any timing). This process imports nothing but XlsxWriter and the standard library's
json: its wall time is what writing those values, formulas and cached values costs at
the least, so a grantsheet build can be judged against it.
"""

import json
import sys
from datetime import datetime

import xlsxwriter


def main(cells_path: str, out_path: str) -> None:
    with open(cells_path, encoding="utf-8") as stream:
        dump = json.load(stream)
    book = xlsxwriter.Workbook(
        out_path, {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    # One format per distinct (number format, bold): created once, like grantsheet does.
    formats = [book.add_format({"num_format": num_format, "bold": bold}) for num_format, bold in dump["formats"]]
    for sheet_dump in dump["sheets"]:
        sheet = book.add_worksheet(sheet_dump["name"])
        write_string, write_number = sheet.write_string, sheet.write_number
        write_formula, write_blank = sheet.write_formula, sheet.write_blank
        for row, col, kind, value, formula, fmt in sheet_dump["cells"]:
            style = formats[fmt]
            if kind == "f":
                write_formula(row, col, formula, style, value)
            elif kind == "s":
                write_string(row, col, value, style)
            elif kind == "n":
                write_number(row, col, value, style)
            elif kind == "d":
                sheet.write_datetime(row, col, datetime.fromisoformat(value), style)
            else:
                write_blank(row, col, None, style)
    book.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
