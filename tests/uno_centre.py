"""Edit grantsheet's follow-up forms in LibreOffice itself, as a centre does, through its UNO API.

Run with Debian's own ``/usr/bin/python3`` (python3-uno gives it the ``uno`` module; a
virtual environment made from another Python has none):

    /usr/bin/python3 tests/uno_centre.py SPEC.json

SPEC is ``{"soffice": path, "profile": dir, "port": n, "files": [...]}``; each file is
``{"open": path, "ops": [...], "save": [[path, filter], ...]}`` with ops

- ``["set", centre_id, field, value]``: a number, a text, or ``{"date": "2023-01-20"}``
  (a serial number, in the cell's date format);
- ``["clear", centre_id, field]``;
- ``["unprotect"]``: the form's sheet, which has no password;
- ``["insert_rows_above_form", n]``, ``["insert_rows_above", field, n]`` (inside a centre's
  form, above that field's cell) and ``["insert_columns", index, n]``: on the form's sheet.

Cells are found as a person finds them: the centre's row by its id in the form's id
column, the field's column by the field's name in the file (``gs_fu_...``); a name over one
cell (a centre's own form) is that cell.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue

FORM_NAME_PREFIX = "gs_fu_"  # grantsheet.layout's names; this script runs outside the venv


def field_name(field: str) -> str:
    return FORM_NAME_PREFIX + field.replace("amount:", "amount_")


def prop(name: str, value: object) -> PropertyValue:
    found = PropertyValue()
    found.Name, found.Value = name, value
    return found


def connect(port: int, process: subprocess.Popen):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        try:
            context = resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except Exception:
            if time.monotonic() > deadline or process.poll() is not None:
                raise
            time.sleep(0.5)


def area(doc, name: str):
    return doc.NamedRanges.getByName(name).getReferredCells().getRangeAddress()


def form_sheet(doc):
    return doc.Sheets.getByIndex(area(doc, field_name("id")).Sheet)


def cell(doc, centre_id: str, field: str):
    ids = area(doc, field_name("id"))
    sheet = doc.Sheets.getByIndex(ids.Sheet)
    row = next(
        r
        for r in range(ids.StartRow, ids.EndRow + 1)
        if sheet.getCellByPosition(ids.StartColumn, r).getString() == centre_id
    )
    target = area(doc, field_name(field))
    if (target.StartRow, target.StartColumn) == (target.EndRow, target.EndColumn):
        return sheet.getCellByPosition(target.StartColumn, target.StartRow)  # a centre's form: one centre
    return sheet.getCellByPosition(target.StartColumn, row)


def apply(doc, op: list) -> None:
    kind = op[0]
    if kind == "set":
        target, value = cell(doc, op[1], op[2]), op[3]
        if isinstance(value, dict):
            target.setValue((dt.date.fromisoformat(value["date"]) - dt.date(1899, 12, 30)).days)
        elif isinstance(value, str):
            target.setString(value)
        else:
            target.setValue(value)
    elif kind == "clear":
        cell(doc, op[1], op[2]).setString("")
    elif kind == "unprotect":
        form_sheet(doc).unprotect("")
    elif kind == "insert_rows_above_form":
        sheet = form_sheet(doc)
        sheet.getRows().insertByIndex(area(doc, field_name("id")).StartRow - 1, op[1])
    elif kind == "insert_rows_above":  # inside a form read top to bottom: above a field's cell
        form_sheet(doc).getRows().insertByIndex(area(doc, field_name(op[1])).StartRow, op[2])
    elif kind == "insert_columns":
        form_sheet(doc).getColumns().insertByIndex(op[1], op[2])
    else:
        raise ValueError(f"unknown op {op!r}")


def main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    profile = Path(spec["profile"]).resolve().as_uri()
    process = subprocess.Popen(
        [
            spec["soffice"],
            f"-env:UserInstallation={profile}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            f"--accept=socket,host=127.0.0.1,port={spec['port']};urp;",
        ]
    )
    try:
        desktop = connect(spec["port"], process)
        for item in spec["files"]:
            doc = desktop.loadComponentFromURL(
                Path(item["open"]).resolve().as_uri(), "_blank", 0, (prop("Hidden", True),)
            )
            for op in item["ops"]:
                apply(doc, op)
            for target, filter_name in item["save"]:
                doc.storeToURL(
                    Path(target).resolve().as_uri(), (prop("FilterName", filter_name), prop("Overwrite", True))
                )
            doc.close(True)
        desktop.terminate()
    finally:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if __name__ == "__main__":
    main(sys.argv[1])
